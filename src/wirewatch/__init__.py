"""Wirewatch: from a stream of news articles to stories, events and alerts."""
__version__ = "0.1.0"
