"""Build samples/news/warc/seoul-crossing-crawl-2023-08.warc.gz from samples/warc-src/*.html.

SYNTHETIC SAMPLE — invented outlets, people and quotes. The HTML pages in
samples/warc-src/ were written for Wirewatch; this script only packs them into a
WARC file as if a crawler had fetched them:

* one ``warcinfo`` record first (not an article; readers must skip it),
* for every page, a ``request`` record (not an article either) followed by the
  HTTP ``response`` record carrying the page.

WARC-Target-URI comes from the page's ``<link rel="canonical">`` and WARC-Date
from its ``article:published_time`` (plus a short crawl delay, converted to UTC,
so the crawl date is the article's date). Record ids are derived from the URI so
that re-running the script reproduces the same file byte for byte.

Usage (from the repository root, in the project venv):

    python samples/make_warc.py
"""
from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta, timezone
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
SRC = HERE / "warc-src"
OUT = HERE / "news" / "warc" / "seoul-crossing-crawl-2023-08.warc.gz"
CRAWL_DELAY = timedelta(minutes=38)
NS = uuid.UUID("6f1d2c1e-8a7b-4d8e-9a51-57a1e5c0ffee")
USER_AGENT = "wirewatch-sample-crawler/0.1 (+https://wirewatch.example/bot)"


def record_id(*parts: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(NS, '|'.join(parts))}>"


def warc_date(when: datetime) -> str:
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def http_date(when: datetime) -> str:
    return when.astimezone(timezone.utc).strftime("%a, %d %b %Y %H:%M:%S GMT")


def page_meta(page: str) -> tuple[str, datetime]:
    url = re.search(r'<link rel="canonical" href="([^"]+)"', page).group(1)
    published = re.search(r'<meta property="article:published_time" content="([^"]+)"', page).group(1)
    return url, datetime.fromisoformat(published)


def main() -> None:
    pages = []
    for path in sorted(SRC.glob("*.html")):
        body = path.read_bytes()
        url, published = page_meta(body.decode("utf-8"))
        pages.append((published + CRAWL_DELAY, url, body))
    pages.sort()

    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)

        first = pages[0][0]
        info = (
            "software: Wirewatch samples/make_warc.py (warcio 1.8.1)\r\n"
            "format: WARC File Format 1.1\r\n"
            "isPartOf: wirewatch-sample-archive\r\n"
            "description: SYNTHETIC SAMPLE — invented outlets, people and quotes. "
            "Pages written for the Wirewatch demo; not a real crawl.\r\n"
            f"robots: classic\r\nhttp-header-user-agent: {USER_AGENT}\r\n"
        ).encode("utf-8")
        writer.write_record(writer.create_warc_record(
            "", "warcinfo", payload=BytesIO(info), length=len(info),
            warc_content_type="application/warc-fields",
            warc_headers_dict={
                "WARC-Record-ID": record_id("warcinfo", OUT.name),
                "WARC-Date": warc_date(first - timedelta(minutes=1)),
                "WARC-Filename": OUT.name,
            },
        ))

        for fetched, url, body in pages:
            host = re.match(r"https?://([^/]+)", url).group(1)
            path = url[len("https://") + len(host):] or "/"
            req_headers = StatusAndHeaders(f"GET {path} HTTP/1.1", [
                ("Host", host),
                ("User-Agent", USER_AGENT),
                ("Accept", "text/html,application/xhtml+xml"),
                ("Accept-Language", "en-US,en;q=0.8"),
            ], is_http_request=True)
            request = writer.create_warc_record(
                url, "request", payload=BytesIO(b""), length=0, http_headers=req_headers,
                warc_headers_dict={
                    "WARC-Record-ID": record_id("request", url),
                    "WARC-Date": warc_date(fetched),
                },
            )
            resp_headers = StatusAndHeaders("200 OK", [
                ("Date", http_date(fetched)),
                ("Server", "nginx"),
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "max-age=60"),
            ], protocol="HTTP/1.1")
            response = writer.create_warc_record(
                url, "response", payload=BytesIO(body), length=len(body), http_headers=resp_headers,
                warc_headers_dict={
                    "WARC-Record-ID": record_id("response", url),
                    "WARC-Date": warc_date(fetched),
                    "WARC-Concurrent-To": record_id("request", url),
                },
            )
            writer.write_record(request)
            writer.write_record(response)
    print(f"wrote {OUT.relative_to(HERE.parent)}: 1 warcinfo, {len(pages)} request + {len(pages)} response records")


if __name__ == "__main__":
    main()
