"""Following feeds: poll them (conditionally), fetch each new entry's page, store it as it comes.

A round polls every feed that is due, then fetches the pages of the entries not yet stored;
the pages go through the pipeline (``ingest_documents``) a batch at a time, and the round's
last batch is stored before the follower waits for the next round. One broken feed or page
only costs itself: its reason is reported and it is tried again next round.
"""
from __future__ import annotations

import logging
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable, Iterator, Sequence

from wirewatch.clean.encoding import UndecodableInput, decode_bytes
from wirewatch.model import RawDocument, Skip
from wirewatch.monitor.feeds_config import FeedSpec, FollowSettings
from wirewatch.monitor.fetch import Fetcher, FetchError, MalformedFeed, Stopped, host_of, read_feed_listing, refused_url
from wirewatch.pipeline import IngestSummary, ingest_documents
from wirewatch.store import feeds as feed_store
from wirewatch.store.feeds import PendingPage

log = logging.getLogger("wirewatch.follow")

_PAGE_TYPES = ("html", "xml", "text/plain")


@dataclass(frozen=True)
class Problem:
    """A feed or page that failed; ``transient`` when it will be tried again next round."""

    source: str
    reason: str
    transient: bool


@dataclass
class FollowStatus:
    """What the follower has done so far; ``line()`` is the live status line."""

    feeds: int = 0
    rounds: int = 0
    polls: int = 0
    not_modified: int = 0
    feed_errors: int = 0
    new_entries: int = 0
    pages: int = 0
    page_errors: int = 0
    articles: int = 0
    duplicates: int = 0
    skipped: int = 0
    phase: str = "starting"
    next_round_in: float | None = None
    problems: list[Problem] = field(default_factory=list)

    def line(self) -> str:
        errors = self.feed_errors + self.page_errors
        text = (f"round {self.rounds}: {self.polls} polls ({self.not_modified} unchanged), {self.pages} pages, "
                f"{self.articles} new articles, {self.skipped} skipped, {errors} errors")
        if self.phase == "waiting" and self.next_round_in is not None:
            return f"{text}; next round in {self.next_round_in:.0f} s"
        return f"{text}; {self.phase}"

    def as_dict(self) -> dict:
        return {
            "feeds": self.feeds, "rounds": self.rounds, "polls": self.polls, "not_modified": self.not_modified,
            "feed_errors": self.feed_errors, "new_entries": self.new_entries, "pages": self.pages,
            "page_errors": self.page_errors, "articles": self.articles, "duplicates": self.duplicates,
            "skipped": self.skipped,
            "problems": [{"source": p.source, "reason": p.reason, "transient": p.transient} for p in self.problems],
        }


@dataclass
class FollowResult:
    status: FollowStatus
    ingest: IngestSummary
    interrupted: bool = False

    def as_dict(self) -> dict:
        return {**self.status.as_dict(), "interrupted": self.interrupted, "ingest": self.ingest.as_dict()}


def follow(
    conn,
    feeds: Sequence[FeedSpec],
    settings: FollowSettings = FollowSettings(),
    *,
    once: bool = False,
    stop: threading.Event | None = None,
    on_status: Callable[[FollowStatus], None] | None = None,
    on_problem: Callable[[Problem], None] | None = None,
    fetcher: Fetcher | None = None,
    embedder=None,
    handle_signals: bool = True,
) -> FollowResult:
    """Follow ``feeds`` until ``stop`` is set (or after one round with ``once``); store new articles.

    handle_signals: in the main thread, make Ctrl-C and SIGTERM set ``stop``, so that the pages
        already fetched are stored before returning (a second signal acts as usual).
    fetcher: one made from ``settings.fetch`` by default; one given must share ``stop``.
    """
    if fetcher is not None and stop is not None and fetcher.stop is not stop:
        raise ValueError("the fetcher given must have been made with the same stop event")
    stop = stop or (fetcher.stop if fetcher is not None else threading.Event())
    own_fetcher = fetcher is None
    fetcher = fetcher or Fetcher(settings.fetch, stop=stop)
    follower = _Follower(conn, feeds, settings, fetcher, stop, once, on_status, on_problem)
    try:
        with _stop_on_signals(stop, handle_signals):
            summary = ingest_documents(
                conn, follower.documents(), inputs=[f.url for f in feeds], batch_size=settings.batch_size,
                workers=settings.workers, stories=settings.stories, extract=settings.extract, embedder=embedder,
                on_batch=follower.stored,
            )
    finally:
        if own_fetcher:
            fetcher.close()
    follower.status.phase = "stopped"
    follower.report()
    return FollowResult(follower.status, summary, interrupted=follower.interrupted)


class _Follower:
    """The rounds of a follow, as a stream of documents for the pipeline."""

    def __init__(self, conn, feeds, settings, fetcher, stop, once, on_status, on_problem):
        self.conn, self.settings, self.fetcher, self.stop, self.once = conn, settings, fetcher, stop, once
        self.on_status, self.on_problem = on_status, on_problem
        self.feeds, refused, seen = [], [], set()
        for feed in feeds:
            if feed.url in seen:
                continue
            seen.add(feed.url)
            (refused if refused_url(feed.url) else self.feeds).append(feed)
        self.refused = refused
        self.status = FollowStatus(feeds=len(self.feeds))
        self.interrupted = False

    def documents(self) -> Iterator[RawDocument | Skip | None]:
        for feed in self.refused:
            self.problem(feed.url, refused_url(feed.url) or "refused", transient=False)
        due = {feed.url: 0.0 for feed in self.feeds}
        try:
            while not self.stop.is_set() and self.feeds:
                self.status.rounds += 1
                for feed in self.feeds:
                    if due[feed.url] <= time.monotonic() and not self.stop.is_set():
                        due[feed.url] = time.monotonic() + (feed.interval or self.settings.interval)
                        yield from self.poll(feed)
                yield from self.fetch_pages()
                yield None  # store the round's last batch now, not after the wait
                self.check_watches()  # the round's stories and events are stored by now
                if self.once:
                    return
                self.wait_until(min(due.values()))
        except KeyboardInterrupt:
            # Raised here only when no handler turned Ctrl-C into ``stop``: store what was fetched, then stop.
            self.interrupted = True
            self.stop.set()
            yield None

    def check_watches(self) -> None:
        """Evaluate the watch rules on the events stored so far (alerts go to the log and webhooks)."""
        if not self.settings.extract:
            return
        from wirewatch.monitor.watch import evaluate_rules

        try:
            evaluate_rules(self.conn)
        except Exception as exc:  # noqa: BLE001 - a failing rule must not stop following the feeds
            self.problem("watch rules", f"{type(exc).__name__}: {exc}", transient=True)

    def poll(self, feed: FeedSpec) -> Iterator[Skip]:
        self.set_phase(f"polling {feed.url}")
        state = feed_store.feed_state(self.conn, feed.url)
        try:
            response = self.fetcher.get(feed.url, etag=state.etag, last_modified=state.last_modified,
                                        max_bytes=self.settings.feed_max_bytes)
            self.status.polls += 1
            if response.not_modified:
                feed_store.record_not_modified(self.conn, feed.url)
                self.status.not_modified += 1
                return
            listing = read_feed_listing(response.content, response.url)
        except Stopped:
            return
        except (FetchError, MalformedFeed) as exc:
            reason = exc.reason if isinstance(exc, FetchError) else str(exc)
            feed_store.record_feed_error(self.conn, feed.url, reason)
            self.status.feed_errors += 1
            self.problem(feed.url, reason, transient=True)  # a feed is always tried again next round
            return
        new, refused = feed_store.record_poll(
            self.conn, feed.url, listing.entries, etag=response.etag, last_modified=response.last_modified,
            title=listing.title, outlet=feed.outlet or listing.outlet, refuse=refused_url,
        )
        self.status.new_entries += new
        for url, reason in refused:
            self.problem(url, reason, transient=False)
            yield Skip(url, reason)

    def fetch_pages(self) -> Iterator[RawDocument | Skip]:
        pages = feed_store.pending_pages(self.conn, [feed.url for feed in self.feeds])
        for page in _interleave_hosts(pages):
            if self.stop.is_set():
                return
            self.set_phase(f"fetching {page.url}")
            try:
                response = self.fetcher.get(page.url)
            except Stopped:
                return
            except FetchError as exc:
                self.status.page_errors += 1
                skip = self.page_failed(page, exc)
                if skip is not None:
                    yield skip
                continue
            self.status.pages += 1
            yield self.page_document(page, response)

    def page_failed(self, page: PendingPage, exc: FetchError) -> Skip | None:
        """Report a failed page; the skip to record if it is not to be tried again."""
        if not exc.transient:
            self.problem(page.url, exc.reason, transient=False)
            return Skip(page.url, exc.reason)
        attempts = feed_store.record_page_failure(self.conn, page.url, exc.reason)
        if attempts < self.settings.max_attempts:
            self.problem(page.url, f"{exc.reason}; will try again", transient=True)
            return None
        reason = f"{exc.reason}; gave up after {attempts} rounds"
        self.problem(page.url, reason, transient=False)
        return Skip(page.url, reason)

    def page_document(self, page: PendingPage, response) -> RawDocument | Skip:
        kind = (response.content_type or "").split(";")[0].strip().lower()
        if kind and not any(t in kind for t in _PAGE_TYPES):
            return Skip(page.url, f"not a web page ({kind})")
        try:
            content = decode_bytes(response.content, declared=response.charset)
        except UndecodableInput as exc:
            return Skip(page.url, str(exc))
        if not content.strip():
            return Skip(page.url, "empty page")
        return RawDocument(
            source=page.url, content=content, kind="text" if kind == "text/plain" else "html", title=page.title,
            url=response.url, outlet=page.outlet, published=page.published, language=page.language,
            author=page.author, fetched=datetime.now(timezone.utc),
        )

    def stored(self, documents: list[RawDocument], skips: list[Skip], summary: IngestSummary) -> None:
        """After each committed batch: its entries are done, and the counts move on."""
        feed_store.mark_stored(self.conn, (doc.source for doc in documents))
        feed_store.mark_skipped(self.conn, ((skip.source, skip.reason) for skip in skips))
        self.status.articles, self.status.duplicates = summary.ingested, summary.duplicates
        self.status.skipped = len(summary.skipped)
        self.report()

    def wait_until(self, when: float) -> None:
        self.status.phase = "waiting"
        while not self.stop.is_set():
            left = when - time.monotonic()
            if left <= 0:
                return
            self.status.next_round_in = left
            self.report()
            self.stop.wait(min(left, 1.0))

    def set_phase(self, phase: str) -> None:
        self.status.phase = phase
        self.report()

    def problem(self, source: str, reason: str, *, transient: bool) -> None:
        problem = Problem(source, reason, transient)
        self.status.problems.append(problem)
        del self.status.problems[:-100]  # the latest are enough; the store keeps each feed's last error
        log.info("%s: %s", source, reason)
        if self.on_problem is not None:
            self.on_problem(problem)

    def report(self) -> None:
        if self.on_status is not None:
            self.on_status(self.status)


def _interleave_hosts(pages: list[PendingPage]) -> list[PendingPage]:
    """Pages in turns across hosts, so that one host's politeness delay overlaps others' requests."""
    queues: dict[str, list[PendingPage]] = {}
    for page in pages:
        queues.setdefault(host_of(page.url), []).append(page)
    ordered, turn = [], 0
    while len(ordered) < len(pages):
        for queue in queues.values():
            if turn < len(queue):
                ordered.append(queue[turn])
        turn += 1
    return ordered


@contextmanager
def _stop_on_signals(stop: threading.Event, enabled: bool):
    """Turn the first SIGINT or SIGTERM into ``stop``; the handlers before are back for a second one."""
    if not enabled or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

    def handler(signum, frame):
        log.warning("stopping once the pages fetched are stored (signal %s again to stop at once)",
                    signal.Signals(signum).name)
        stop.set()
        for sig, old in previous.items():
            signal.signal(sig, old)

    for sig in previous:
        signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
