"""A local news site for benchmarks: RSS feeds of real article pages, served on 127.0.0.1.

The pages are the Scrapinghub article-extraction pages of ../shared/eval/extraction (real news and
blog HTML, read at run time). Copy ``k`` of the site is its own feed, ``/feed-k.xml``, whose items
link to ``/c{k}/{page}.html``; the follower is told that feed ``k`` is outlet ``bench-k``, so every
copy is a distinct article for the store (ids hash the outlet with the text).

The site is static files under a folder, served by ``python -m http.server`` in a child process, so
serving costs the measuring process nothing.
"""
from __future__ import annotations

import gzip
import socket
import subprocess
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

AEB = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "extraction" / "scrapinghub_aeb"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_site(folder: Path, copies: int, base: str) -> list[str]:
    """Write ``copies`` feeds and their pages under ``folder``; returns the feed URLs."""
    if not AEB.is_dir():
        sys.exit(f"benchmark input missing: {AEB} (the shared evaluation data)")
    pages = {page.name[: -len(".html.gz")]: gzip.open(page).read() for page in sorted((AEB / "html").glob("*.html.gz"))}
    feeds = []
    for copy in range(copies):
        (folder / f"c{copy}").mkdir(parents=True, exist_ok=True)
        items = []
        for number, (name, html) in enumerate(pages.items()):
            (folder / f"c{copy}" / f"{name}.html").write_bytes(html)
            link = f"{base}/c{copy}/{name}.html"
            items.append(f"<item><title>Page {number}</title><link>{escape(link)}</link>"
                         f"<guid>{escape(link)}</guid></item>")
        (folder / f"feed-{copy}.xml").write_text(
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>bench-{copy}</title><link>{base}/</link>{''.join(items)}</channel></rss>", encoding="utf-8")
        feeds.append(f"{base}/feed-{copy}.xml")
    return feeds


def follow_config(path: Path, feeds: list[str]) -> Path:
    """A `wirewatch follow --config` file: one outlet per feed, no politeness delay (local server)."""
    lines = ["interval = 3600", "per_host_delay = 0", "rate = 0", ""]
    for copy, url in enumerate(feeds):
        lines += ["[[feed]]", f'url = "{url}"', f'outlet = "bench-{copy}"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def serve(folder: Path, port: int) -> subprocess.Popen:
    """``python -m http.server`` on 127.0.0.1:port over ``folder``; returns once it accepts."""
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    sys.exit("the local feed server did not start within 30 s")
