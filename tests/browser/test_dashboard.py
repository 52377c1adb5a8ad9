"""The dashboard in a real browser (Debian's chromium through Playwright) over a real server.

One store per module, built by ingesting the seed story (two outlets' reports of Kim Jong Un's
missile-production order) with stories and extraction on, plus one hostile article whose title,
outlet, URL and body carry script payloads. One uvicorn server on 127.0.0.1 serves it to one browser.
Screenshots land in ``$WIREWATCH_ARTIFACTS`` (default ``out/test-artifacts/screenshots``).
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from conftest import REPO, seed_dir, write

CHROMIUM = os.environ.get("WIREWATCH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("WIREWATCH_ARTIFACTS") or REPO / "out" / "test-artifacts") / "screenshots"
PAYLOAD_SCRIPT = "<script>window.__xss=1</script>"
PAYLOAD_IMG = '<img src=x onerror="window.__xss=1">'
PAYLOAD_LINK = '<a href="javascript:window.__xss=1">the harbour notice</a>'
HOSTILE = {
    "title": f"Harbour pilots strike {PAYLOAD_SCRIPT} at Valparaiso {PAYLOAD_IMG}",
    "text": (
        "Harbour pilots at Valparaiso stopped work on Tuesday over a new rota, the pilots' union said.\n\n"
        f"The union posted {PAYLOAD_SCRIPT} and {PAYLOAD_IMG} on its site, next to {PAYLOAD_LINK}.\n\n"
        "The port authority said talks with the union would resume on Friday."
    ),
    "url": "javascript:window.__xss=1",
    "outlet": "Valparaiso <b>Port</b> Bulletin",
    "published": "2023-08-15",
}
# Collects CSP violations and anything that set the flag, before any page script runs.
WATCHER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
  (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
"""
# The view of the current URL has finished loading (not the one before a navigation).
READY = ("() => { const v = document.querySelector('#view > .view');"
         " return !!v && v.dataset.ready === 'true' && v.dataset.hash === window.location.hash; }")

playwright_sync = pytest.importorskip("playwright.sync_api", reason="playwright (the test extra) is not installed")
if not Path(CHROMIUM).exists():
    pytest.skip(f"no chromium at {CHROMIUM}: install Debian's chromium (.ci/run does) to run the browser tests",
                allow_module_level=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The seed story and the hostile article, ingested with stories and extraction; ids by role."""
    seeds = seed_dir()
    from wirewatch.pipeline import ingest
    from wirewatch.store.db import connect
    from wirewatch.store.stories import get_story, list_stories

    root = tmp_path_factory.mktemp("dashboard")
    write(root / "hostile" / "hostile.jsonl", json.dumps(HOSTILE) + "\n")
    db = root / "store.db"
    conn = connect(db)
    try:
        ingest(conn, [str(seeds), str(root / "hostile")], stories=True, extract=True, workers=1)
        stories = {s["id"]: get_story(conn, s["id"]) for s in list_stories(conn)}
        seed = next(s for s in stories.values() if len(s["articles"]) == 2)
        hostile = next(s for s in stories.values() if "Valparaiso" in (s["title"] or ""))
        hostile_article = hostile["articles"][0]["id"]
        body = conn.execute("SELECT body FROM articles WHERE id = ?", (hostile_article,)).fetchone()[0]
    finally:
        conn.close()
    assert PAYLOAD_SCRIPT in body and PAYLOAD_IMG in body, "the hostile body must keep its payloads as text"
    return {"db": db, "seed": seed, "hostile": hostile, "hostile_article": hostile_article}


def run_server(app):
    """Run an app with uvicorn in a thread on 127.0.0.1 and a free port; yields its base URL."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    runner = uvicorn.Server(config)
    thread = threading.Thread(target=runner.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not runner.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the dashboard server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    runner.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(store):
    """``wirewatch serve``'s app on 127.0.0.1 and a free port, run by uvicorn in a thread."""
    from wirewatch.api import create_app
    from wirewatch.api.security import loopback_host_names

    yield from run_server(create_app(store["db"], allowed_hosts=loopback_host_names("127.0.0.1")))


@pytest.fixture(scope="module")
def browser():
    with playwright_sync.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser, server, request):
    context = browser.new_context(base_url=server, viewport={"width": 1400, "height": 900})
    context.set_default_timeout(15_000)
    context.add_init_script(WATCHER)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.errors = errors
    yield tab
    shoot(tab, request.node.name)
    context.close()
    assert not errors, f"the page raised: {errors}"


def shoot(page, name: str) -> None:
    """A screenshot of the page as it is now, beside the one taken when each test ends."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def open_view(page, hash_: str, *, timeout: float = 15_000):
    page.goto("/#" + hash_)
    page.wait_for_function(READY, timeout=timeout)


def test_story_page_shows_both_seed_articles_side_by_side_with_claim_marks(page, store):
    seed = store["seed"]
    # The first comparison loads the sentence model: the page says so while it waits.
    page.goto(f"/#/story/{seed['id']}")
    page.wait_for_selector(".columns.compared", timeout=90_000)
    columns = page.locator(".article-column")
    assert columns.count() == 2
    ids = {a["id"] for a in seed["articles"]}
    assert {columns.nth(i).get_attribute("data-article-id") for i in range(2)} == ids
    boxes = [columns.nth(i).bounding_box() for i in range(2)]
    assert abs(boxes[0]["y"] - boxes[1]["y"]) < 5 and boxes[0]["x"] + boxes[0]["width"] <= boxes[1]["x"] + 1
    for article in seed["articles"]:
        column = page.locator(f'.article-column[data-article-id="{article["id"]}"]')
        assert article["title"] in column.locator(".article-title").inner_text()
        assert article["id"] in column.inner_text()
        assert column.locator(".claim").count() >= 3
        assert column.locator(".claim-corroborated").count() >= 1
    badge = page.locator(".article-column .badge-corroborated").first.inner_text()
    assert badge.startswith("corroborated [") and "]" in badge
    assert page.locator(".article-column .claim-single-source").count() >= 1
    assert "corroborated:" in page.locator(".legend").inner_text()
    # Clicking a claim lights up the claims aligned with it, in both columns.
    page.locator(".article-column .claim-corroborated").first.click()
    assert {page.locator(".claim.active").nth(i).evaluate("n => n.closest('.article-column').dataset.articleId")
            for i in range(page.locator(".claim.active").count())} == ids


def test_story_list_shows_outlets_first_seen_and_intensity(page, store):
    open_view(page, "/")
    row = page.locator("#stories-table tbody tr", has_text=store["seed"]["title"])
    cells = row.locator("td")
    assert cells.nth(2).inner_text() == store["seed"]["first_published"]
    page.wait_for_function("() => ![...document.querySelectorAll('.intensity span')].some(s => s.textContent === '…')")
    assert "events" in cells.nth(5).inner_text() and float(cells.nth(5).inner_text().split()[0]) > 0
    hostile = page.locator("#stories-table tbody tr", has_text="Valparaiso")
    assert "Valparaiso <b>Port</b> Bulletin" in hostile.locator("td").nth(1).inner_text()
    assert hostile.locator("td").nth(5).inner_text() == "—"  # no events, no intensity
    assert "null" not in page.locator("#view").inner_text()


def test_tension_chart_draws_a_line_for_prk_and_usa(page):
    open_view(page, "/tension/PRK/USA")
    assert page.locator("#pair-picker option[value='PRK/USA']").count() == 1
    path = page.locator("#tension-chart path.series")
    assert int(path.get_attribute("data-points")) > 1
    d = path.get_attribute("d")
    assert d.startswith("M") and d.count("L") >= 1
    assert page.locator("#tension-chart circle.dot.conflict").count() >= 1
    assert page.locator("#tension-events tbody tr").count() >= 1
    shoot(page, "tension-PRK-USA")
    # Picking another pair redraws the chart for it.
    other = page.locator("#pair-picker option").nth(1).get_attribute("value")
    page.select_option("#pair-picker", other)
    page.wait_for_url(f"**#/tension/{other}*")
    page.wait_for_function(READY)
    assert other.replace("/", " – ") in page.locator("h2").inner_text()


def test_event_table_lists_events_and_filters_by_actor(page):
    open_view(page, "/events")
    everything = page.locator("#events-table tbody tr").count()
    assert everything >= 5
    page.fill("#filter-actor", "RUS")
    page.click("#event-filters button[type=submit]")
    page.wait_for_url("**#/events?actor=RUS*")
    page.wait_for_function(READY)
    rows = page.locator("#events-table tbody tr")
    assert 0 < rows.count() < everything
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        assert "RUS" in cells.nth(1).inner_text() + cells.nth(2).inner_text()


def test_search_finds_missile_production(page, store):
    open_view(page, "/search")
    page.fill("#search-box", "missile production")
    page.click("#search-form button")
    page.wait_for_url("**#/search?q=*")
    page.wait_for_function(READY)
    hits = page.locator("#search-results li")
    titles = {a["title"] for a in store["seed"]["articles"]}
    assert {hits.nth(i).locator("a").inner_text() for i in range(hits.count())} == titles
    assert page.locator("#search-results mark", has_text="missile").count() >= 1


def test_hostile_article_renders_its_payloads_as_text_and_runs_nothing(page, store):
    page.goto(f"/#/story/{store['hostile']['id']}")
    page.wait_for_selector(".columns.compared", timeout=90_000)
    column = page.locator(".article-column")
    shown = column.inner_text()
    for payload in (PAYLOAD_SCRIPT, PAYLOAD_IMG, PAYLOAD_LINK):
        assert payload in shown
    assert PAYLOAD_SCRIPT in page.locator("#story-title").inner_text()
    assert "Valparaiso <b>Port</b> Bulletin" in column.locator(".outlet").inner_text()
    view = page.locator("#view")
    assert view.locator("script, img, b, iframe").count() == 0
    assert view.locator("a[href^='javascript' i]").count() == 0
    shoot(page, "hostile-story")
    # The article's own page shows the same text; its javascript: URL is not made a link.
    open_view(page, f"/article/{store['hostile_article']}")
    assert PAYLOAD_IMG in page.locator(".article-body").inner_text()
    assert view.locator("a[href^='javascript' i], img, script").count() == 0
    assert page.evaluate("() => typeof window.__xss") == "undefined"
    # Nothing was blocked by the Content-Security-Policy either: the payload never became markup.
    assert page.evaluate("() => window.__cspViolations") == []


def test_dashboard_answers_while_another_connection_holds_a_write_transaction(page, store):
    from wirewatch.store.db import connect

    writer = connect(store["db"])
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO watch_rules (kind, subject, threshold, created_at)"
                       " VALUES ('actor', 'PRK', 2.5, '2023-08-15T00:00:00+00:00')")
        started = time.monotonic()
        open_view(page, "/", timeout=10_000)
        assert page.locator("#stories-table tbody tr").count() >= 2
        open_view(page, "/events?actor=PRK", timeout=10_000)
        assert page.locator("#events-table tbody tr").count() >= 1
        open_view(page, "/alerts", timeout=10_000)
        assert time.monotonic() - started < 10
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_server_with_a_token_asks_for_it_once_and_then_shows_the_data(browser, store):
    from wirewatch.api import create_app

    for base in run_server(create_app(store["db"], token="s3cret")):
        context = browser.new_context(base_url=base)
        tab = context.new_page()
        asked = []
        tab.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept("s3cret")))
        open_view(tab, "/")
        shoot(tab, "token-stories")
        assert len(asked) == 1 and "token" in asked[0]
        assert tab.locator("text=Missile Production").count() >= 1
        context.close()
