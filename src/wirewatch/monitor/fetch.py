"""Fetching feeds and pages over HTTP politely (rate limits, retries, size caps, safe redirects),
and reading the entries of a fetched feed.

Only http and https URLs are fetched, the first one and every redirect alike: a feed that
links to ``file:///etc/passwd`` gets a refusal with its reason, never a local file.
"""
from __future__ import annotations

import io
import threading
import time
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urljoin, urlsplit

import feedparser
import httpx

from wirewatch import __version__
from wirewatch.ingest.fields import outlet_from_feed, parse_published
from wirewatch.store.feeds import FeedEntry

ALLOWED_SCHEMES = ("http", "https")
_REDIRECTS = {301, 302, 303, 307, 308}


@dataclass(frozen=True)
class FetchSettings:
    """How politely and how far to fetch.

    retries: further tries after a 5xx answer, a timeout or a failed connection (never after a 4xx).
    backoff: the wait before the first retry, doubled before each next one, at most ``max_backoff``.
    per_host_delay: the least time between the starts of two requests to one host.
    rate: requests a second over all hosts together (0 for no limit).
    """

    timeout: float = 20.0
    retries: int = 2
    backoff: float = 1.0
    max_backoff: float = 60.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    per_host_delay: float = 2.0
    rate: float = 10.0
    user_agent: str = f"wirewatch/{__version__} (news monitor)"


@dataclass(frozen=True)
class Response:
    """A fetched resource; ``url`` is where it was found after redirects. A 304 has no content."""

    url: str
    status: int
    content: bytes
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def charset(self) -> str | None:
        for part in (self.content_type or "").split(";")[1:]:
            name, _, value = part.strip().partition("=")
            if name.lower() == "charset" and value:
                return value.strip("\"' ")
        return None


class FetchError(Exception):
    """A fetch that failed; ``transient`` when trying again later may work (5xx, timeout, network)."""

    def __init__(self, reason: str, *, transient: bool):
        super().__init__(reason)
        self.reason, self.transient = reason, transient


class Stopped(Exception):
    """The follower was asked to stop before this request began."""


class _Retryable(Exception):
    def __init__(self, reason: str, retry_after: float | None = None):
        super().__init__(reason)
        self.reason, self.retry_after = reason, retry_after


def refused_url(url: str) -> str | None:
    """Why this URL must not be fetched (not http or https, no host), or None if it may be."""
    try:
        parts = urlsplit(url.strip())
    except ValueError as exc:
        return f"refused: not a valid URL ({exc})"
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = f"{scheme}://" if scheme else "a URL without a scheme"
        return f"refused: only http and https URLs are fetched, not {shown}"
    if not parts.hostname:
        return "refused: the URL names no host"
    return None


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{(parts.hostname or '').lower()}:{parts.port or ''}"


class Politeness:
    """Spaces requests: at least ``per_host_delay`` seconds between two to one host and at most ``rate``
    a second over all hosts; ``wait`` returns once the next request to a host may start."""

    def __init__(
        self,
        per_host_delay: float,
        rate: float,
        *,
        stop: threading.Event | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.per_host_delay, self.rate = per_host_delay, rate
        self._stop = stop or threading.Event()
        self._clock = clock
        self._last_by_host: dict[str, float] = {}
        self._last_any = float("-inf")

    def wait(self, host: str) -> None:
        """Sleep until a request to ``host`` may start; raises ``Stopped`` if asked to stop meanwhile."""
        gap = 1.0 / self.rate if self.rate > 0 else 0.0
        while True:
            ready = max(self._last_by_host.get(host, float("-inf")) + self.per_host_delay, self._last_any + gap)
            now = self._clock()
            if self._stop.is_set():
                raise Stopped()
            if ready <= now:
                break
            self._stop.wait(ready - now)
        self._last_by_host[host] = self._last_any = now


class Fetcher:
    """GETs one URL at a time with politeness, retries, a size cap and checked redirects.

    stop: an event that, once set, makes the next wait (politeness or backoff) raise ``Stopped``.
    transport: an httpx transport to use instead of the network (tests).
    """

    def __init__(
        self,
        settings: FetchSettings = FetchSettings(),
        *,
        stop: threading.Event | None = None,
        transport: httpx.BaseTransport | None = None,
    ):
        self.settings = settings
        self.stop = stop or threading.Event()
        self.politeness = Politeness(settings.per_host_delay, settings.rate, stop=self.stop)
        self._client = httpx.Client(
            timeout=settings.timeout,
            follow_redirects=False,  # followed by hand, so that every hop is checked and spaced
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
            transport=transport,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def get(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None, max_bytes: int | None = None
    ) -> Response:
        """Fetch ``url`` (conditionally, given an ETag or Last-Modified); raises ``FetchError`` or ``Stopped``."""
        reason = refused_url(url)
        if reason:
            raise FetchError(reason, transient=False)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        limit = max_bytes if max_bytes is not None else self.settings.max_bytes
        attempt = 0
        while True:
            try:
                return self._follow(url, headers, limit)
            except _Retryable as exc:
                if attempt >= self.settings.retries:
                    tries = f" (tried {attempt + 1} times)" if attempt else ""
                    raise FetchError(exc.reason + tries, transient=True) from None
                delay = min(self.settings.backoff * 2**attempt, self.settings.max_backoff)
                if exc.retry_after is not None:
                    delay = min(max(delay, exc.retry_after), self.settings.max_backoff)
                if self.stop.wait(delay):
                    raise Stopped() from None
                attempt += 1

    def _follow(self, url: str, headers: dict[str, str], limit: int) -> Response:
        current = url
        for _ in range(self.settings.max_redirects + 1):
            self.politeness.wait(host_of(current))
            result = self._request(current, headers, limit)
            if isinstance(result, Response):
                return result
            target = urljoin(current, result)
            reason = refused_url(target)
            if reason:
                raise FetchError(f"redirect to {target} {reason}", transient=False)
            current = target
        raise FetchError(f"more than {self.settings.max_redirects} redirects (stopped at {current})", transient=False)

    def _request(self, url: str, headers: dict[str, str], limit: int) -> Response | str:
        """One GET: a response, or the Location of a redirect."""
        started = time.monotonic()
        try:
            with self._client.stream("GET", url, headers=headers) as answer:
                status = answer.status_code
                if status in _REDIRECTS and answer.headers.get("location"):
                    return answer.headers["location"]
                if status >= 500:
                    raise _Retryable(f"HTTP {status} {answer.reason_phrase}".rstrip(), _retry_after(answer))
                if status >= 400:
                    # 408 and 429 are worth another try next round, not a hammering now.
                    transient = status in (408, 429)
                    raise FetchError(f"HTTP {status} {answer.reason_phrase}".rstrip(), transient=transient)
                declared = answer.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise FetchError(f"too large: {int(declared):,} bytes, over the {limit:,}-byte limit", transient=False)
                content = b"" if status == 304 else self._read_capped(answer, limit, started)
                return Response(
                    url=str(answer.url), status=status, content=content, etag=answer.headers.get("etag"),
                    last_modified=answer.headers.get("last-modified"), content_type=answer.headers.get("content-type"),
                )
        except httpx.TimeoutException:
            raise _Retryable(f"timed out after {self.settings.timeout:g} s") from None
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise FetchError(f"refused: {exc}", transient=False) from None
        except httpx.DecodingError as exc:
            raise FetchError(f"cannot decode the response ({exc})", transient=False) from None
        except httpx.TransportError as exc:
            raise _Retryable(f"network error: {exc or type(exc).__name__}") from None

    def _read_capped(self, answer: httpx.Response, limit: int, started: float) -> bytes:
        """The body, read in chunks and abandoned past ``limit`` bytes or past the timeout in all."""
        chunks, size = [], 0
        for chunk in answer.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(f"too large: over the {limit:,}-byte limit (stopped reading)", transient=False)
            # httpx times each read; a server trickling bytes must not hold a follower forever.
            if time.monotonic() - started > 3 * self.settings.timeout:
                raise _Retryable(f"too slow: not done after {3 * self.settings.timeout:g} s")
            chunks.append(chunk)
        return b"".join(chunks)


def _retry_after(answer: httpx.Response) -> float | None:
    value = answer.headers.get("retry-after", "")
    return float(value) if value.isdigit() else None


class MalformedFeed(Exception):
    pass


@dataclass(frozen=True)
class FeedListing:
    title: str | None
    outlet: str | None
    entries: list[FeedEntry]


def read_feed_listing(data: bytes, base_url: str) -> FeedListing:
    """The entries of an RSS or Atom document, links made absolute; raises ``MalformedFeed``."""
    # A stream, never bytes: feedparser opens bytes that name a path as a local file.
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False)
    entries = parsed.get("entries") or []
    feed = parsed.get("feed") or {}
    feed_language = feed.get("language")
    listing = []
    for entry in entries:
        link = (entry.get("link") or "").strip()
        url = urljoin(base_url, link) if link else None
        key = (entry.get("id") or "").strip() or url
        if not key:
            continue  # nothing to tell it by, nothing to fetch
        language = (entry.get("title_detail") or {}).get("language") or feed_language
        listing.append(FeedEntry(
            key=key, url=url, title=(entry.get("title") or "").strip() or None,
            author=(entry.get("author") or "").strip() or None,
            published=parse_published(entry.get("published_parsed") or entry.get("updated_parsed")),
            language=language.split("-")[0].lower() if language else None,
        ))
    # feedparser is lenient: a feed with a flaw but readable entries is taken as it is.
    if not listing and parsed.get("bozo"):
        raise MalformedFeed(f"malformed feed ({parsed.get('bozo_exception')})")
    if not listing and not parsed.get("version"):
        raise MalformedFeed("not an RSS or Atom feed")
    title = (feed.get("title") or "").strip() or None
    return FeedListing(title, outlet_from_feed(title, feed.get("link") or base_url), listing)
