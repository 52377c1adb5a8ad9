"""The fetcher against a real HTTP server on 127.0.0.1: retries, caps, redirects, conditional GET, pacing.

``FeedServer`` and ``article_page`` are shared with test_follow.py.
"""
from __future__ import annotations

import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from wirewatch.monitor.fetch import (
    FetchError,
    Fetcher,
    FetchSettings,
    MalformedFeed,
    Politeness,
    Stopped,
    read_feed_listing,
    refused_url,
)

FAST = FetchSettings(timeout=0.5, retries=2, backoff=0.02, per_host_delay=0.0, rate=0.0, max_bytes=100_000)

PORTS = [
    ("Valparaiso", "crane operators", "night-shift pay"),
    ("Mombasa", "dock workers", "overtime rules"),
    ("Gdansk", "ship pilots", "safety staffing"),
    ("Chittagong", "truck drivers", "gate fees"),
    ("Santos", "customs officers", "a new scanning system"),
    ("Durban", "tug crews", "pension terms"),
]


def article_page(i: int) -> str:
    """A small news page: navigation and footer around an article about a port stoppage."""
    city, workers, issue = PORTS[i % len(PORTS)]
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{workers.capitalize()} at {city} end stoppage {i} | Harbour Post</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a></nav>
<article><h1>{workers.capitalize()} at {city} end stoppage {i}</h1>
<p>The {workers} at the port of {city} returned to work on Tuesday after stoppage number {i}, which had
lasted three days over {issue}, the port authority said in a statement on Tuesday evening.</p>
<p>About {20 + i} container ships had waited at anchor outside {city}, and the authority expects the
backlog to clear within {2 + i % 5} days if the weather holds and no further action is called.</p>
<p>Union leaders in {city} said talks with the terminal operators on a new contract covering {issue}
would resume next month, and warned that members would walk out again if those talks stalled.</p>
<p>Shipping lines had diverted several vessels to other ports during the stoppage, adding costs that
importers said would be passed on to shops in the weeks ahead.</p></article>
<footer>Copyright Harbour Post. All rights reserved.</footer></body></html>"""


class FeedServer:
    """A threaded HTTP server on a free port of 127.0.0.1; ``routes`` maps a path to a handler
    ``f(request) -> (status, headers, body)`` or to such a tuple. Every request is recorded as
    (host, path, monotonic time, headers)."""

    def __init__(self):
        self.routes: dict[str, object] = {}
        self.requests: list[tuple[str, str, float, dict]] = []
        self.hits: dict[str, int] = {}
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                path = self.path
                outer.requests.append((self.headers.get("Host", "").split(":")[0], path, time.monotonic(),
                                       dict(self.headers)))
                outer.hits[path] = outer.hits.get(path, 0) + 1
                route = outer.routes.get(path)
                if route is None:
                    status, headers, body = 404, {}, b"not here"
                else:
                    status, headers, body = route(self) if callable(route) else route
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                chunks = body if isinstance(body, list) else [body]
                if not isinstance(body, list):
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    for chunk in chunks:
                        self.wfile.write(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading, as it should past its cap

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def times(self, host: str) -> list[float]:
        return [t for h, _, t, _ in self.requests if h == host]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    feed_server = FeedServer()
    yield feed_server
    feed_server.close()


@pytest.fixture
def fetcher():
    with Fetcher(FAST) as client:
        yield client


def html(body: str | bytes, **headers) -> tuple[int, dict, bytes]:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return 200, {"Content-Type": "text/html; charset=utf-8", **headers}, data


def failing_then_ok(failures: int, status: int = 500):
    count = {"n": 0}

    def route(request):
        count["n"] += 1
        return (status, {}, b"busy") if count["n"] <= failures else html(article_page(1))

    return route


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/feed.xml", "/etc/passwd",
                                 "javascript:alert(1)", "http:///no-host"])
def test_urls_other_than_http_or_https_are_refused_with_a_reason(url):
    assert refused_url(url).startswith("refused:")


def test_http_and_https_urls_are_allowed():
    assert refused_url("http://example.org/rss") is None and refused_url("HTTPS://example.org/a?b=1") is None


def test_a_refused_url_is_never_requested(fetcher):
    with pytest.raises(FetchError) as caught:
        fetcher.get("file:///etc/passwd")
    assert not caught.value.transient and "file://" in caught.value.reason


def test_a_500_is_retried_and_then_succeeds(server, fetcher):
    server.routes["/flaky.html"] = failing_then_ok(1)
    response = fetcher.get(server.url("/flaky.html"))
    assert response.status == 200 and b"Valparaiso" not in response.content and b"Mombasa" in response.content
    assert server.hits["/flaky.html"] == 2


def test_a_4xx_is_not_retried(server, fetcher):
    server.routes["/gone.html"] = (410, {}, b"gone")
    with pytest.raises(FetchError) as caught:
        fetcher.get(server.url("/gone.html"))
    assert server.hits["/gone.html"] == 1
    assert not caught.value.transient and "410" in caught.value.reason


def test_retries_wait_longer_each_time(server):
    server.routes["/down.html"] = (503, {}, b"down")
    with Fetcher(FetchSettings(retries=3, backoff=0.05, per_host_delay=0, rate=0)) as client:
        with pytest.raises(FetchError) as caught:
            client.get(server.url("/down.html"))
    assert caught.value.transient and "tried 4 times" in caught.value.reason
    times = server.times("127.0.0.1")
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert len(gaps) == 3 and gaps[0] >= 0.05 and gaps[1] >= 0.1 and gaps[2] >= 0.2


def test_a_slow_server_times_out_and_the_failure_is_transient(server, fetcher):
    def slow(request):
        time.sleep(1.5)
        return html(article_page(2))

    server.routes["/slow.html"] = slow
    with pytest.raises(FetchError) as caught:
        fetcher.get(server.url("/slow.html"))
    assert caught.value.transient and "timed out" in caught.value.reason
    assert server.hits["/slow.html"] == FAST.retries + 1


def test_an_oversized_page_is_abandoned_whether_or_not_it_declares_its_length(server, fetcher):
    server.routes["/declared.html"] = html(b"<p>" + b"x" * 200_000)
    server.routes["/streamed.html"] = (200, {"Content-Type": "text/html"}, [b"<p>" + b"x" * 10_000] * 1_000)
    for path in ("/declared.html", "/streamed.html"):
        with pytest.raises(FetchError) as caught:
            fetcher.get(server.url(path))
        assert not caught.value.transient and "too large" in caught.value.reason
        assert server.hits[path] == 1


def test_a_redirect_loop_stops_after_the_redirect_limit(server, fetcher):
    server.routes["/loop/a"] = (302, {"Location": "/loop/b"}, b"")
    server.routes["/loop/b"] = (302, {"Location": server.url("/loop/a")}, b"")
    with pytest.raises(FetchError) as caught:
        fetcher.get(server.url("/loop/a"))
    assert "more than 5 redirects" in caught.value.reason and not caught.value.transient
    assert server.hits["/loop/a"] + server.hits["/loop/b"] == FAST.max_redirects + 1


def test_a_redirect_is_followed_but_not_to_a_local_file(server, fetcher):
    server.routes["/moved.html"] = (301, {"Location": "/news/1.html"}, b"")
    server.routes["/news/1.html"] = html(article_page(1))
    server.routes["/trap.html"] = (302, {"Location": "file:///etc/passwd"}, b"")
    assert fetcher.get(server.url("/moved.html")).url == server.url("/news/1.html")
    with pytest.raises(FetchError) as caught:
        fetcher.get(server.url("/trap.html"))
    assert "refused" in caught.value.reason and "file://" in caught.value.reason


def test_conditional_get_with_etag_and_last_modified(server, fetcher):
    stamp = formatdate(1_692_000_000, usegmt=True)

    def tagged(request):
        if request.headers.get("If-None-Match") == '"v1"':
            return 304, {}, b""
        return 200, {"ETag": '"v1"', "Content-Type": "application/rss+xml"}, b"<rss/>"

    def dated(request):
        if request.headers.get("If-Modified-Since") == stamp:
            return 304, {}, b""
        return 200, {"Last-Modified": stamp}, b"<feed/>"

    server.routes.update({"/tagged.xml": tagged, "/dated.xml": dated})
    first = fetcher.get(server.url("/tagged.xml"))
    assert first.status == 200 and first.etag == '"v1"'
    assert fetcher.get(server.url("/tagged.xml"), etag=first.etag).not_modified
    first = fetcher.get(server.url("/dated.xml"))
    assert first.last_modified == stamp
    again = fetcher.get(server.url("/dated.xml"), last_modified=first.last_modified)
    assert again.not_modified and again.content == b""


def test_requests_to_one_host_are_spaced_but_other_hosts_need_not_wait(server):
    for i in range(3):
        server.routes[f"/news/{i}.html"] = html(article_page(i))
    with Fetcher(FetchSettings(per_host_delay=0.25, rate=0)) as client:
        for i in range(3):
            for host in ("127.0.0.1", "localhost"):
                client.get(server.url(f"/news/{i}.html", host))
    for host in ("127.0.0.1", "localhost"):
        times = server.times(host)
        assert len(times) == 3
        assert all(b - a >= 0.22 for a, b in zip(times, times[1:]))
    # The second host was asked right after the first each time, not a delay later.
    firsts = server.times("127.0.0.1"), server.times("localhost")
    assert all(b - a < 0.2 for a, b in zip(*firsts))


def test_the_global_rate_spaces_requests_across_hosts(server):
    server.routes["/a.html"] = html(article_page(0))
    with Fetcher(FetchSettings(per_host_delay=0, rate=10)) as client:
        for host in ("127.0.0.1", "localhost") * 3:
            client.get(server.url("/a.html", host))
    times = sorted(t for _, _, t, _ in server.requests)
    assert all(b - a >= 0.085 for a, b in zip(times, times[1:]))  # arrival jitter of a few ms


def test_a_stop_during_a_politeness_wait_stops_at_once():
    stop = threading.Event()
    pacing = Politeness(per_host_delay=30, rate=0, stop=stop)
    pacing.wait("example.org:")
    threading.Timer(0.1, stop.set).start()
    started = time.monotonic()
    with pytest.raises(Stopped):
        pacing.wait("example.org:")
    assert time.monotonic() - started < 5


RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Harbour Post - Ports</title><link>http://news.example/</link>
<language>en-gb</language>
<item><title>Crane operators at Valparaiso end stoppage</title><link>/news/0.html</link>
<guid>harbour-0</guid><pubDate>Tue, 15 Aug 2023 10:00:00 GMT</pubDate></item>
<item><title>Dock workers at Mombasa end stoppage</title><link>http://news.example/news/1.html</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Quayside Daily</title><id>urn:quayside</id>
<updated>2023-08-16T08:00:00Z</updated>
<entry><title>Ship pilots at Gdansk end stoppage</title><id>urn:quayside:2</id>
<link rel="alternate" href="https://quayside.example/2023/gdansk"/><updated>2023-08-16T08:00:00Z</updated>
<author><name>Ola Nowak</name></author></entry></feed>"""


def test_rss_and_atom_listings_give_absolute_links_and_stable_keys():
    rss = read_feed_listing(RSS, "http://news.example/feeds/ports.xml")
    assert rss.outlet == "Harbour Post" and rss.title == "Harbour Post - Ports"
    assert [(e.key, e.url) for e in rss.entries] == [
        ("harbour-0", "http://news.example/news/0.html"),
        ("http://news.example/news/1.html", "http://news.example/news/1.html"),
    ]
    assert str(rss.entries[0].published) == "2023-08-15" and rss.entries[0].language == "en"
    atom = read_feed_listing(ATOM, "https://quayside.example/atom.xml")
    [entry] = atom.entries
    assert (entry.key, entry.url, entry.author) == ("urn:quayside:2", "https://quayside.example/2023/gdansk", "Ola Nowak")


@pytest.mark.parametrize("data", [
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Cut</title><item><title>Half an it',
    b"<html><body><p>Not a feed at all.</p></body></html>",
    b"/etc/passwd",  # feedparser would open bytes naming a path; the listing must not
])
def test_a_malformed_or_foreign_document_is_not_a_feed(data):
    with pytest.raises(MalformedFeed):
        read_feed_listing(data, "http://news.example/rss")
