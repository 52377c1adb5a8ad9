"""Extraction: linguistic analysis, actors, coded events, dates, quotes and numbers."""
