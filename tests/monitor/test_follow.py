"""Following feeds end to end against a local HTTP server: new pages stored once, nothing fetched
twice, broken feeds isolated, politeness kept, and a stop mid-round losing nothing fetched."""
from __future__ import annotations

import _thread
import os
import signal
import socket
import threading
from dataclasses import replace
from email.utils import formatdate

import pytest
from click.testing import CliRunner

from test_fetch import FAST, FeedServer, article_page, html
from wirewatch.cli import main
from wirewatch.errors import FeedConfigError
from wirewatch.monitor.feeds_config import FeedSpec, FollowSettings, load_config
from wirewatch.monitor.follow import follow
from wirewatch.store import feeds as feed_store
from wirewatch.store.articles import list_articles

SETTINGS = FollowSettings(fetch=FAST, stories=False, extract=False, batch_size=2, max_attempts=2)
STAMP = formatdate(1_692_100_000, usegmt=True)


def rss(title: str, links: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Report {i}</title><link>{link}</link><guid>{title}-{i}</guid>"
        "<pubDate>Tue, 15 Aug 2023 10:00:00 GMT</pubDate></item>"
        for i, link in enumerate(links)
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>http://127.0.0.1/</link>{items}</channel></rss>").encode()


def atom(title: str, links: list[str]) -> bytes:
    entries = "".join(
        f'<entry><title>Report {i}</title><id>urn:{title}:{i}</id><link href="{link}"/>'
        "<updated>2023-08-16T08:00:00Z</updated></entry>"
        for i, link in enumerate(links)
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{title}</title><id>urn:{title}</id>{entries}</feed>").encode()


def with_etag(body: bytes, etag: str = '"r1"'):
    def route(request):
        if request.headers.get("If-None-Match") == etag:
            return 304, {"ETag": etag}, b""
        return 200, {"ETag": etag, "Content-Type": "application/rss+xml"}, body
    return route


def with_last_modified(body: bytes):
    def route(request):
        if request.headers.get("If-Modified-Since") == STAMP:
            return 304, {}, b""
        return 200, {"Last-Modified": STAMP, "Content-Type": "application/atom+xml"}, body
    return route


@pytest.fixture
def server():
    feed_server = FeedServer()
    for i in range(8):
        feed_server.routes[f"/news/{i}.html"] = html(article_page(i))
    yield feed_server
    feed_server.close()


def page_hits(server: FeedServer) -> list[str]:
    return [path for _, path, _, _ in server.requests if path.startswith("/news/")]


def article_urls(conn) -> list[str]:
    return sorted(row["url"] for row in list_articles(conn, limit=None))


def test_new_pages_of_rss_and_atom_feeds_are_stored_once(conn, server):
    server.routes["/rss.xml"] = with_etag(rss("Harbour Post", ["/news/0.html", "/news/1.html", "/news/2.html"]))
    server.routes["/atom.xml"] = with_last_modified(atom("Quayside Daily", [server.url("/news/3.html"),
                                                                            server.url("/news/2.html")]))
    feeds = [FeedSpec(server.url("/rss.xml")), FeedSpec(server.url("/atom.xml"), outlet="Quayside")]
    result = follow(conn, feeds, SETTINGS, once=True)
    assert result.status.articles == 4 and result.status.feed_errors == 0
    assert article_urls(conn) == [server.url(f"/news/{i}.html") for i in range(4)]
    assert sorted(page_hits(server)) == [f"/news/{i}.html" for i in range(4)]  # /news/2 is in both feeds
    stored = {row["url"]: row for row in list_articles(conn, limit=None)}
    assert stored[server.url("/news/0.html")]["outlet"] == "Harbour Post"
    assert stored[server.url("/news/3.html")]["outlet"] == "Quayside"
    assert stored[server.url("/news/0.html")]["published"] == "2023-08-15"
    states = {f["url"]: (f["stored"], f["pending"], f["last_status"]) for f in feed_store.list_feeds(conn)}
    assert states == {server.url("/rss.xml"): (3, 0, "ok"), server.url("/atom.xml"): (2, 0, "ok")}


def test_a_second_poll_is_conditional_and_fetches_nothing_new(conn, server):
    server.routes["/rss.xml"] = with_etag(rss("Harbour Post", ["/news/0.html"]))
    server.routes["/atom.xml"] = with_last_modified(atom("Quayside Daily", [server.url("/news/1.html")]))
    server.routes["/plain.xml"] = (200, {}, rss("Plain Wire", ["/news/2.html"]))  # no validators at all
    feeds = [FeedSpec(server.url(p)) for p in ("/rss.xml", "/atom.xml", "/plain.xml")]
    follow(conn, feeds, SETTINGS, once=True)
    before = len(server.requests)
    again = follow(conn, feeds, SETTINGS, once=True)
    second = server.requests[before:]
    assert [path for _, path, _, _ in second] == ["/rss.xml", "/atom.xml", "/plain.xml"]
    assert second[0][3]["If-None-Match"] == '"r1"' and second[1][3]["If-Modified-Since"] == STAMP
    assert again.status.not_modified == 2 and again.status.pages == 0 and again.status.articles == 0
    assert len(article_urls(conn)) == 3


def test_a_broken_feed_does_not_stop_the_others_and_is_tried_again(conn, server, tmp_path):
    with socket.socket() as probe:  # a port nothing listens on: the connection is refused
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}/rss.xml"
    server.routes["/down.xml"] = (500, {}, b"oops")
    server.routes["/broken.xml"] = (200, {}, b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>Cut')
    server.routes["/good.xml"] = (200, {}, rss("Harbour Post", ["/news/0.html", "/news/1.html"]))
    feeds = [FeedSpec(u) for u in (dead, server.url("/down.xml"), "file:///etc/passwd", server.url("/broken.xml"),
                                   "ftp://127.0.0.1/feed.xml", server.url("/good.xml"))]
    problems = []
    result = follow(conn, feeds, SETTINGS, once=True, on_problem=problems.append)
    assert result.status.articles == 2 and result.status.feed_errors == 3
    reasons = {p.source: p.reason for p in problems}
    assert "network error" in reasons[dead] and "HTTP 500" in reasons[server.url("/down.xml")]
    assert "malformed feed" in reasons[server.url("/broken.xml")]
    assert reasons["file:///etc/passwd"].startswith("refused") and reasons["ftp://127.0.0.1/feed.xml"].startswith("refused")
    errors = {f["url"]: f["last_error"] for f in feed_store.list_feeds(conn) if f["last_status"] == "error"}
    assert set(errors) == {dead, server.url("/down.xml"), server.url("/broken.xml")}
    before = server.hits["/down.xml"]
    follow(conn, feeds, SETTINGS, once=True)
    assert server.hits["/down.xml"] > before and server.hits["/broken.xml"] == 2


def test_an_entry_linking_to_a_local_file_is_refused_and_never_read(conn, server):
    server.routes["/rss.xml"] = (200, {}, rss("Harbour Post", ["file:///etc/passwd", "/news/0.html"]))
    result = follow(conn, [FeedSpec(server.url("/rss.xml"))], SETTINGS, once=True)
    assert result.status.articles == 1
    [skip] = result.ingest.skipped
    assert skip.source.startswith("file:") and "refused" in skip.reason
    entries = {e["url"]: e for e in feed_store.feed_entries(conn, server.url("/rss.xml"))}
    assert entries[skip.source]["state"] == "skipped" and page_hits(server) == ["/news/0.html"]
    assert conn.execute("SELECT COUNT(*) FROM skips WHERE reason LIKE 'refused%'").fetchone()[0] == 1


def test_bad_pages_are_skipped_with_a_reason_and_passing_failures_retried(conn, server):
    server.routes["/news/flaky.html"] = _fail_first(1)
    server.routes["/news/huge.html"] = (200, {"Content-Type": "text/html"}, [b"<p>" + b"w" * 10_000] * 100)
    server.routes["/news/loop.html"] = (302, {"Location": "/news/loop.html"}, b"")
    server.routes["/news/slow.html"] = _slow
    server.routes["/news/pdf"] = (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4 ...")
    links = ["/news/flaky.html", "/news/huge.html", "/news/loop.html", "/news/slow.html", "/news/pdf", "/news/4.html"]
    server.routes["/rss.xml"] = (200, {}, rss("Harbour Post", links))
    feed = [FeedSpec(server.url("/rss.xml"))]
    first = follow(conn, feed, SETTINGS, once=True)
    assert first.status.articles == 2  # the page that failed once, then worked, and /news/4
    entries = {e["url"].rsplit("/", 1)[1]: e for e in feed_store.feed_entries(conn, server.url("/rss.xml"))}
    assert entries["flaky.html"]["state"] == "stored" and entries["4.html"]["state"] == "stored"
    assert entries["huge.html"]["state"] == "skipped" and "too large" in entries["huge.html"]["reason"]
    assert entries["loop.html"]["state"] == "skipped" and "redirects" in entries["loop.html"]["reason"]
    assert entries["pdf"]["state"] == "skipped" and "not a web page" in entries["pdf"]["reason"]
    assert entries["slow.html"]["state"] == "pending" and entries["slow.html"]["attempts"] == 1
    second = follow(conn, feed, SETTINGS, once=True)  # only the slow page is tried again, and given up
    assert [path for _, path, _, _ in server.requests[-3:]] == ["/news/slow.html"] * 3
    slow = next(e for e in feed_store.feed_entries(conn, server.url("/rss.xml")) if e["url"].endswith("slow.html"))
    assert slow["state"] == "skipped" and "gave up after 2 rounds" in slow["reason"]
    assert second.status.articles == 0 and len(article_urls(conn)) == 2


def test_requests_to_one_host_keep_the_politeness_delay(conn, server):
    for host in ("127.0.0.1", "localhost"):
        links = [server.url(f"/news/{i}.html", host) for i in range(3)]
        server.routes[f"/{host}.xml"] = (200, {}, rss(f"Wire {host}", links))
    polite = replace(SETTINGS, fetch=replace(FAST, per_host_delay=0.2))
    feeds = [FeedSpec(server.url(f"/{host}.xml", host)) for host in ("127.0.0.1", "localhost")]
    result = follow(conn, feeds, polite, once=True)
    assert result.status.pages == 6
    for host in ("127.0.0.1", "localhost"):
        times = server.times(host)
        assert len(times) == 4  # the feed and three pages
        assert all(b - a >= 0.18 for a, b in zip(times, times[1:]))


def test_rounds_repeat_at_the_interval_until_stopped(conn, server):
    server.routes["/rss.xml"] = with_etag(rss("Harbour Post", ["/news/0.html", "/news/1.html"]))
    stop = threading.Event()
    threading.Timer(0.7, stop.set).start()
    result = follow(conn, [FeedSpec(server.url("/rss.xml"), interval=0.2)], SETTINGS, stop=stop)
    assert result.status.rounds >= 3 and result.status.not_modified == result.status.polls - 1
    assert result.status.articles == 2 and sorted(page_hits(server)) == ["/news/0.html", "/news/1.html"]


@pytest.mark.parametrize("how", ["sigterm", "ctrl-c", "keyboard-interrupt"])
def test_a_stop_during_a_round_stores_what_was_fetched(conn, server, how):
    calls = []

    def stop_here(request):
        calls.append(1)
        if len(calls) > 1:
            pass  # stopped once is enough
        elif how == "sigterm":
            os.kill(os.getpid(), signal.SIGTERM)
        else:  # Ctrl-C: caught by follow's handler, or raised as KeyboardInterrupt without one
            _thread.interrupt_main(signal.SIGINT)
        return html(article_page(2))

    server.routes["/news/2.html"] = stop_here
    server.routes["/rss.xml"] = (200, {}, rss("Harbour Post", [f"/news/{i}.html" for i in range(6)]))
    previous = signal.getsignal(signal.SIGTERM)
    settings = replace(SETTINGS, batch_size=10)  # nothing stored before the stop, unless the stop stores it
    result = follow(conn, [FeedSpec(server.url("/rss.xml"))], settings, handle_signals=how != "keyboard-interrupt")
    assert signal.getsignal(signal.SIGTERM) == previous
    fetched = page_hits(server)
    assert fetched[:3] == ["/news/0.html", "/news/1.html", "/news/2.html"] and len(fetched) == 3
    kept = 3 if how != "keyboard-interrupt" else 2  # an interrupted request is not a fetched page
    assert len(article_urls(conn)) == kept and result.interrupted == (how == "keyboard-interrupt")
    pending = [e for e in feed_store.feed_entries(conn, server.url("/rss.xml")) if e["state"] == "pending"]
    assert len(pending) == 6 - kept
    follow(conn, [FeedSpec(server.url("/rss.xml"))], SETTINGS, once=True, handle_signals=False)
    assert len(article_urls(conn)) == 6 and page_hits(server).count("/news/0.html") == 1


def test_the_follow_command_reads_a_config_file_and_refuses_local_files(server, tmp_path):
    server.routes["/rss.xml"] = (200, {}, rss("Harbour Post", ["/news/0.html", "/news/1.html"]))
    config = tmp_path / "feeds.toml"
    config.write_text(f'per_host_delay = 0\nrate = 0\ntimeout = 1\nbatch_size = 5\n\n'
                      f'[[feed]]\nurl = "{server.url("/rss.xml")}"\noutlet = "Harbour Post"\ninterval = 60\n\n'
                      '[[feed]]\nurl = "file:///etc/passwd"\n', encoding="utf-8")
    db = tmp_path / "store.db"
    result = CliRunner().invoke(main, ["--db", str(db), "follow", "--config", str(config), "--once", "--no-stories",
                                       "--no-extract", "--json"])
    assert result.exit_code == 0, result.output
    assert "file:///etc/passwd: refused" in result.stderr
    assert '"articles": 2' in result.stdout and '"feed_errors": 0' in result.stdout


def test_a_config_with_an_unknown_setting_is_an_error(tmp_path):
    config = tmp_path / "feeds.toml"
    config.write_text('intervall = 60\n[[feed]]\nurl = "https://news.example/rss"\n', encoding="utf-8")
    with pytest.raises(FeedConfigError, match="unknown setting 'intervall'"):
        load_config(config)
    config.write_text('interval = 60\nrate = 2\n[[feed]]\nurl = "https://news.example/rss"\ninterval = 900\n',
                      encoding="utf-8")
    settings, feeds = load_config(config)
    assert settings.interval == 60 and settings.fetch.rate == 2 and feeds == [FeedSpec("https://news.example/rss", None, 900)]


def _fail_first(failures: int):
    count = {"n": 0}

    def route(request):
        count["n"] += 1
        return (502, {}, b"bad gateway") if count["n"] <= failures else html(article_page(5))
    return route


def _slow(request):
    import time

    time.sleep(1.2)
    return html(article_page(6))


def test_each_round_evaluates_the_watch_rules_on_the_events_it_stored(conn, server):
    from wirewatch.store import watch as watch_store

    watch_store.add_rule(conn, "pair", "RUS", "UKR")
    server.routes["/clash.html"] = html(
        "<!DOCTYPE html><html lang='en'><head><title>Border clash</title></head><body><article>"
        "<h1>Border clash</h1><p>Russian forces attacked Ukrainian troops near the border on Tuesday and "
        "shelled Ukrainian positions through the night.</p>"
        "<p>The fighting continued into the morning, according to residents of two villages nearby.</p>"
        "</article></body></html>")
    server.routes["/rss.xml"] = with_etag(rss("Harbour Post", ["/clash.html"]))
    follow(conn, [FeedSpec(server.url("/rss.xml"))], replace(SETTINGS, extract=True), once=True)
    alerts = watch_store.list_alerts(conn)
    assert alerts and "RUS" in str(alerts[0])
