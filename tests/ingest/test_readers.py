import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conftest import write
from wirewatch.clean.article import clean_document
from wirewatch.ingest.readers import read_documents
from wirewatch.model import RawDocument, Skip

STORY = (
    "Harbour pilots end strike at Valparaiso port\n"
    "Pilots at the Chilean port of Valparaiso returned to work on Tuesday after a four-day strike "
    "over night-shift pay, the port authority said.\n"
    "About 40 container ships had waited at anchor during the stoppage.\n"
)
PAGE = (
    "<!DOCTYPE html><html lang='en'><head><title>Pilots end strike</title>"
    "<meta property='article:published_time' content='2023-08-08T09:00:00Z'></head><body>"
    "<nav><a href='/'>Home</a><a href='/world'>World</a></nav><article><h1>Pilots end strike</h1>"
    "<p>Pilots at the Chilean port of Valparaiso returned to work on Tuesday after a four-day strike.</p>"
    "<p>About 40 container ships had waited at anchor during the stoppage, the authority said.</p>"
    "</article><footer>Copyright Example Media</footer></body></html>"
)


def read(*paths, **kwargs):
    return list(read_documents([str(p) for p in paths], **kwargs))


def docs(items):
    return [i for i in items if isinstance(i, RawDocument)]


def skips(items):
    return [i for i in items if isinstance(i, Skip)]


def test_plain_text_file_is_one_text_document(tmp_path):
    [doc] = read(write(tmp_path / "a.txt", STORY))
    assert doc.kind == "text" and doc.content.startswith("Harbour pilots") and doc.fetched is not None


def test_html_file_is_one_html_document(tmp_path):
    [doc] = read(write(tmp_path / "page.html", PAGE))
    assert doc.kind == "html" and "<article>" in doc.content


def test_jsonl_broken_line_is_skipped_with_its_number_and_the_rest_kept(tmp_path):
    lines = [
        json.dumps({"text": STORY, "outlet": "Port Wire", "published": "2023-08-08", "url": "https://portwire.example/a"}),
        '{"text": "unterminated',
        json.dumps({"html": PAGE, "title": "Pilots end strike", "language": "en"}),
        json.dumps({"title": "no body at all"}),
    ]
    items = read(write(tmp_path / "dump.jsonl", "\n".join(lines) + "\n"))
    first, second = docs(items)
    assert first.outlet == "Port Wire" and first.published.isoformat() == "2023-08-08" and first.kind == "text"
    assert second.kind == "html" and second.title == "Pilots end strike" and second.language == "en"
    reasons = {s.source.rsplit(":", 1)[1]: s.reason for s in skips(items)}
    assert set(reasons) == {"2", "4"}
    assert "broken JSON" in reasons["2"] and "no 'text' or 'html'" in reasons["4"]


def rss(items: str) -> str:
    return (
        "<?xml version='1.0'?><rss version='2.0' xmlns:content='http://purl.org/rss/1.0/modules/content/'>"
        f"<channel><title>Port Wire</title><link>https://portwire.example/</link>{items}</channel></rss>"
    )


def test_rss_entries_become_documents_with_their_metadata(tmp_path):
    entry = (
        "<item><title>Pilots end strike</title><link>https://portwire.example/2023/08/08/pilots</link>"
        "<pubDate>Tue, 08 Aug 2023 09:00:00 GMT</pubDate><author>desk@portwire.example (Ana Ruiz)</author>"
        "<content:encoded><![CDATA[<p>Pilots returned to work on Tuesday.</p><p>About 40 ships waited.</p>]]>"
        "</content:encoded></item>"
    )
    [doc] = read(write(tmp_path / "feed.rss", rss(entry * 1)))
    assert doc.title == "Pilots end strike" and doc.url.endswith("/pilots") and doc.outlet == "Port Wire"
    assert doc.published.isoformat() == "2023-08-08"
    assert doc.content.splitlines() == ["Pilots returned to work on Tuesday.", "About 40 ships waited."]


def rss_titled(title: str, link: str = "https://northerngazette.example") -> str:
    entry = "<item><title>Pilots end strike</title><link>https://northerngazette.example/p</link>" \
            "<description>Pilots returned to work on Tuesday.</description></item>"
    return rss(entry).replace("<title>Port Wire</title><link>https://portwire.example/</link>",
                              f"<title>{title}</title><link>{link}</link>", 1)


@pytest.mark.parametrize(
    "title, outlet",
    [
        ("The Northern Gazette – World &amp; Business", "The Northern Gazette"),
        ("The Northern Gazette | Politics", "The Northern Gazette"),
        ("The Northern Gazette: Latest news", "The Northern Gazette"),
        ("World news | The Northern Gazette", "The Northern Gazette"),  # the part that names the host
        ("The Northern Gazette", "The Northern Gazette"),
        ("Gazette-Herald", "Gazette-Herald"),  # a hyphen inside a name is no separator
        ("Latest News – World", "northerngazette.example"),  # no part is a name: the host
        ("RSS", "northerngazette.example"),
    ],
)
def test_feed_outlet_is_the_feed_title_without_its_section(tmp_path, title, outlet):
    [doc] = read(write(tmp_path / "feed.rss", rss_titled(title)))
    assert doc.outlet == outlet


def test_feed_without_a_title_takes_its_link_host(tmp_path):
    feed = rss_titled("x").replace("<title>x</title>", "")
    [doc] = read(write(tmp_path / "feed.rss", feed))
    assert doc.outlet == "northerngazette.example"


def test_atom_entries_become_documents(tmp_path):
    feed = (
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'><title>Desk</title>"
        "<entry><title>Second entry</title><link href='https://desk.example/2'/><updated>2023-08-09T10:00:00Z</updated>"
        "<content type='html'>&lt;p&gt;The second report, in full.&lt;/p&gt;</content></entry></feed>"
    )
    [doc] = read(write(tmp_path / "desk.atom", feed))
    assert doc.title == "Second entry" and doc.published.isoformat() == "2023-08-09"
    assert doc.content == "The second report, in full."


def test_malformed_feed_is_skipped_with_a_reason(tmp_path):
    [skip] = read(write(tmp_path / "bad.xml", "<?xml version='1.0'?><rss><channel><item><title>x</ti"))
    assert isinstance(skip, Skip) and "feed" in skip.reason


def make_warc(path: Path, pages: list[tuple[str, str, str]]) -> Path:
    """A WARC.gz with a warcinfo record and one response record per (url, content type, body)."""
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        writer.write_record(writer.create_warcinfo_record("test.warc.gz", {"software": "tests"}))
        for url, content_type, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body.encode("utf-8")), http_headers=headers,
                warc_headers_dict={"WARC-Date": "2023-08-08T10:00:00Z"},
            )
            writer.write_record(record)
    return path


def test_warc_html_responses_are_pages_and_other_records_are_passed_over(tmp_path):
    archive = make_warc(tmp_path / "crawl.warc.gz", [
        ("https://portwire.example/a", "text/html; charset=utf-8", PAGE),
        ("https://portwire.example/logo.png", "image/png", "PNG"),
    ])
    items = read(archive)
    [page] = docs(items)
    assert page.kind == "html" and page.url == "https://portwire.example/a"
    assert page.fetched.date().isoformat() == "2023-08-08"
    [skip] = skips(items)
    assert "image/png" in skip.reason


def test_crawl_records_that_name_no_outlet_get_their_url_host(tmp_path):
    archive = make_warc(tmp_path / "crawl.warc.gz", [("https://www.portwire.example/a", "text/html", PAGE)])
    dump = write(tmp_path / "crawl.jsonl", json.dumps({"text": STORY, "url": "https://portwire.example/b"}) + "\n")
    warc_page, jsonl_text = docs(read(archive, dump))
    assert warc_page.outlet is None and jsonl_text.outlet is None
    assert clean_document(warc_page).outlet == "portwire.example"
    assert clean_document(jsonl_text).outlet == "portwire.example"


def test_truncated_warc_keeps_the_records_before_the_break(tmp_path):
    archive = make_warc(tmp_path / "crawl.warc.gz", [("https://portwire.example/a", "text/html", PAGE)] * 2)
    data = archive.read_bytes()
    cut = write(tmp_path / "cut.warc.gz", data[: len(data) * 3 // 4])
    items = read(cut)
    assert len(docs(items)) == 1 and len(skips(items)) == 1
    assert "not a readable WARC record" in skips(items)[0].reason


def test_warc_record_cut_off_mid_page_is_reported_not_half_kept(tmp_path):
    archive = make_warc(tmp_path / "crawl.warc.gz", [("https://portwire.example/a", "text/html", PAGE)] * 2)
    data = archive.read_bytes()
    items = read(write(tmp_path / "cut.warc.gz", data[:-40]))
    assert len(docs(items)) == 1 and "truncated" in skips(items)[0].reason


def test_gzip_of_a_text_file_is_read_through(tmp_path):
    path = write(tmp_path / "a.txt.gz", gzip.compress(STORY.encode("utf-8")))
    [doc] = read(path)
    assert doc.kind == "text" and doc.content.startswith("Harbour pilots")


def test_folders_are_read_recursively_in_a_stable_order_skipping_hidden_files(tmp_path):
    write(tmp_path / "b" / "two.txt", STORY.replace("Tuesday", "Wednesday"))
    write(tmp_path / "a" / "one.txt", STORY)
    write(tmp_path / ".cache" / "x.txt", STORY)
    write(tmp_path / "a" / ".hidden.txt", STORY)
    sources = [d.source for d in read(tmp_path)]
    assert [Path(s).name for s in sources] == ["one.txt", "two.txt"]


def test_standard_input_is_read_when_the_path_is_a_dash():
    [doc] = list(read_documents(["-"], stdin=io.BytesIO(STORY.encode("utf-8"))))
    assert doc.source == "<stdin>" and doc.kind == "text"


def test_cp1252_text_is_detected_and_decoded(tmp_path):
    text = "Caf\u00e9 owners in S\u00e3o Paulo protest \u2014 \u201cenough\u201d, they said on Monday about the new tax rules.\n" * 3
    [doc] = read(write(tmp_path / "latin.txt", text.encode("cp1252", errors="replace")))
    assert "Café" in doc.content and "“enough”" in doc.content


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n ", "empty"),
        ("image.txt", bytes(range(256)) * 20, "binary"),
        ("fake.gz", b"\x1f\x8b\x08\x00garbage", "gzip"),
        ("data.xml", b"<?xml version='1.0'?><catalog><book/></catalog>", "neither a feed nor"),
    ],
)
def test_bad_files_are_skipped_with_a_one_line_reason(tmp_path, name, content, reason):
    [skip] = read(write(tmp_path / name, content))
    assert isinstance(skip, Skip) and reason in skip.reason and "\n" not in skip.reason


def test_file_over_the_size_limit_is_skipped(tmp_path):
    [skip] = read(write(tmp_path / "big.txt", STORY * 100), max_bytes=1000)
    assert "limit" in skip.reason


def test_missing_path_and_broken_link_are_skipped_not_raised(tmp_path):
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    items = read(tmp_path / "missing.txt", tmp_path / "dir")
    assert [type(i) for i in items] == [Skip, Skip]
    assert "no such file" in items[0].reason and "cannot read" in items[1].reason


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    write(tmp_path / "1.txt", b"\x00\x01\x02" * 100)
    write(tmp_path / "2.txt", STORY)
    items = read(tmp_path)
    assert len(docs(items)) == 1 and len(skips(items)) == 1


def test_a_date_in_the_file_name_is_the_reference_for_dates_in_the_text(tmp_path):
    [doc] = read(write(tmp_path / "2023-08-10-pilots.txt", STORY))
    assert doc.fetched.date().isoformat() == "2023-08-10"
    [plain] = read(write(tmp_path / "pilots-1234.txt", STORY))
    assert plain.fetched.year >= 2024  # no date in the name: the file's own time
