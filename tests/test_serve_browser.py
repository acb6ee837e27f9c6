"""The map page in a real browser: Debian's Chromium (/usr/bin/chromium) driven by Playwright for Python, against
a server on 127.0.0.1 with the small store of serve_fixture. Walks what a first-time user does: sees the
markers, filters, opens a card with the evidence highlighted and each report's figure, downloads the filtered
rows; and checks that hostile article text is shown as text, never run. Writes a screenshot to
build/test-artifacts/. Skips with a message when Chromium, Playwright or the npm-installed map files are missing."""
from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from typing import Any, Iterator

import pytest

from serve_fixture import AMBUSH_A, AMBUSH_B, HOSTILE_ACTOR, HOSTILE_SENTENCE, HOSTILE_TITLE, build_store, running

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "build" / "test-artifacts"

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
if not CHROMIUM.exists():
    pytest.skip("no /usr/bin/chromium (apt-get install chromium): browser tests skipped", allow_module_level=True)


def _assets_missing() -> list[str]:
    from sitrep.serve import assets_missing

    return assets_missing()


if _assets_missing():
    pytest.skip(f"the map's npm files are not installed ({', '.join(_assets_missing())}): run `npm ci`",
                allow_module_level=True)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = build_store(tmp_path_factory.mktemp("browser") / "s.db")
    with running(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    # bypass_csp: the checks below evaluate JavaScript; it also shows that escaping alone keeps hostile text
    # inert (the server's Content-Security-Policy is a second wall, tested in test_serve_api)
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True, bypass_csp=True)
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.set_default_timeout(10_000)
    yield pg
    context.close()


def _markers(page: Any, n: int, filters: str = "") -> None:
    """Wait until the map shows the markers of `filters` (a query string) and there are `n` of them."""
    page.wait_for_function(f"document.getElementById('map').dataset.filters === {filters!r} && "
                           f"document.querySelectorAll('.sitrep-marker').length === {n}")


def test_a_first_time_user_finds_a_happening_opens_its_card_and_downloads(page: Any, base: str) -> None:
    page.goto(base)
    _markers(page, 4)  # four located happenings; the 1998 battle is history, off by default
    page.wait_for_function("document.querySelector('#count').dataset.filters === ''")
    assert page.locator("#count").get_attribute("data-total") == "4"

    page.select_option("#f-type", "Protests")
    _markers(page, 1, "type=Protests")
    assert "type=Protests" in page.url  # the filter state is in the URL
    page.select_option("#f-type", ["Protests", "Battles"])  # several types: any of them
    _markers(page, 2, "type=Battles&type=Protests")
    page.goto(page.url)  # a bookmark keeps both
    _markers(page, 2, "type=Battles&type=Protests")
    assert page.locator("#f-type option:checked").all_text_contents() == ["Battles (all)", "Protests (all)"]
    page.select_option("#f-type", "Battles")
    _markers(page, 1, "type=Battles")
    page.wait_for_function("document.querySelector('#count').dataset.filters === 'type=Battles'")
    assert page.locator("#count").get_attribute("data-total") == "1"

    page.locator(".sitrep-marker").first.click(force=True)  # the ambush
    card = page.locator("#card")
    card.wait_for(state="visible")
    page.wait_for_function("document.querySelectorAll('#card mark').length === 2")
    marks = page.locator("#card mark").all_text_contents()
    assert sorted(marks) == sorted([AMBUSH_A, AMBUSH_B])  # highlighted by the stored offsets
    killed = page.locator("table.figures tr:has(th:text-is('killed'))")
    assert "disagree" in (killed.get_attribute("class") or "")
    row = killed.inner_text()
    assert "best 5" in row and "best 12" in row and "high 12" in row  # each report beside the merged range
    assert "event=" in page.url

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "serve-map.png"))

    with page.expect_download() as info:
        page.click("#download")
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    assert [r["event_type"] for r in rows] == ["Battles"]  # the filtered view, not the whole store

    # a bookmarked URL restores the view and the card
    page.goto(page.url)
    _markers(page, 1, "type=Battles")
    assert page.locator("#f-type").input_value() == "Battles"
    page.wait_for_function("document.querySelectorAll('#card mark').length === 2")

    # the timeline's brush sets a date range
    page.goto(base)
    _markers(page, 4)
    box = page.locator("#timeline").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + 30)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] - 2, box["y"] + 30)
    page.mouse.up()
    page.wait_for_function("document.querySelector('#f-since').value !== ''")
    assert "since=" in page.url
    assert page.errors == []  # type: ignore[attr-defined]


def test_hostile_article_text_is_shown_as_text_and_never_runs(page: Any, base: str) -> None:
    page.goto(base + "?type=Riots")
    _markers(page, 1, "type=Riots")
    page.locator("#list tbody tr").first.click()
    page.wait_for_function("document.querySelectorAll('#card mark').length === 1")
    card_text = page.locator("#card").inner_text()
    assert HOSTILE_TITLE in card_text and HOSTILE_ACTOR in card_text
    assert page.locator("#card mark").inner_text() == HOSTILE_SENTENCE
    found = page.evaluate("""() => ({
        scripts: document.querySelectorAll('script').length,
        imgs: document.querySelectorAll('#card img, #list img').length,
        handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
        jsLinks: document.querySelectorAll('a[href^="javascript"]').length,
        links: [...document.querySelectorAll('#card a')].map(a => a.href),
    })""")
    assert found["scripts"] == 4  # the page's own four
    assert found["imgs"] == 0 and found["handlers"] == 0 and found["jsLinks"] == 0
    assert all(link.startswith("https://") for link in found["links"])
    page.mouse.move(300, 300)
    page.locator("#card").hover()
    page.wait_for_timeout(200)
    assert page.dialogs == []  # type: ignore[attr-defined]
    assert page.errors == []  # type: ignore[attr-defined]


def test_the_page_asks_nothing_of_other_hosts(browser: Any, base: str) -> None:
    context = browser.new_context(bypass_csp=True)
    pg = context.new_page()
    hosts: set[str] = set()
    pg.on("request", lambda r: hosts.add(r.url.split("/")[2]))
    pg.goto(base)
    _markers(pg, 4)
    pg.wait_for_load_state("networkidle")
    context.close()
    assert hosts == {base.split("/")[2]}  # no CDN, no tiles unless --tiles


@pytest.mark.skipif(shutil.which("node") is None, reason="no node")
def test_vendored_assets_are_the_npm_packages_pinned_in_the_lock() -> None:
    import json

    lock = json.loads((Path(__file__).resolve().parent.parent / "package-lock.json").read_text())
    versions = {k.removeprefix("node_modules/"): v["version"] for k, v in lock["packages"].items() if k}
    assert versions["leaflet"] == "1.9.4" and versions["leaflet.markercluster"] == "1.5.3"
    assert "world-atlas" in versions and "topojson-client" in versions


@pytest.mark.model
def test_on_the_bundled_examples_a_user_searches_opens_a_card_and_downloads(browser: Any, tmp_path: Path) -> None:
    """The README's walk on the store of `examples/` (ingested with the real model): search for a word, open
    the happening several outlets reported, see its evidence, download the rows of that view."""
    from typer.testing import CliRunner

    from sitrep.cli import app

    db = tmp_path / "examples.db"
    result = CliRunner().invoke(app, ["ingest", str(Path(__file__).resolve().parent.parent / "examples"),
                                      "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.output
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True, bypass_csp=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        with running(db) as url:
            page.goto(url)
            page.wait_for_function("document.querySelectorAll('#list tbody tr').length > 0")
            page.fill("#f-q", "roadside bomb")
            page.wait_for_function("document.getElementById('map').dataset.filters === 'q=roadside+bomb' && "
                                   "document.getElementById('count').dataset.filters === 'q=roadside+bomb'")
            total = int(page.locator("#count").get_attribute("data-total") or 0)
            assert 1 <= total < 41  # the happenings of the articles that say it, not all of the examples
            page.locator("#list tbody tr", has_text="Remote explosive").first.click()
            page.wait_for_function("document.querySelectorAll('#card section.article').length >= 2 && "
                                   "document.querySelectorAll('#card mark').length >= 2")
            assert "Remote explosive" in page.locator("#card h2").inner_text()
            with page.expect_download() as info:
                page.click("#download")
            rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
            assert len(rows) == total and "Explosions/Remote violence" in {r["event_type"] for r in rows}
    finally:
        context.close()
    assert errors == []
