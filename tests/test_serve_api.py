"""`sitrep serve`'s JSON API against a real server on 127.0.0.1 (urllib; no browser needed): filters, paging,
one happening with each report's figures, articles, stats, search, exports through the writers, read-only,
hostile article text never leaving as markup, safe defaults (loopback, token, Host check, no stack traces)."""
from __future__ import annotations

import csv
import io
import json
import sqlite3
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Iterator

import pytest

from serve_fixture import (AMBUSH_A, AMBUSH_B, HOSTILE_ACTOR, HOSTILE_SENTENCE, HOSTILE_TITLE, MARKUP, build_store,
                           running)
from sitrep.records import Event
from sitrep.serve import App, ServeError, Server
from sitrep.store import Store
from sitrep.writers import get_writer


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("serve") / "s.db")


@pytest.fixture(scope="module")
def base(db: Path) -> Iterator[str]:
    with running(db) as url:
        yield url


def get(base: str, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(base.rstrip("/") + path, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=20) as res:
            return res.status, dict(res.headers), res.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def api(base: str, path: str) -> Any:
    status, _, body = get(base, path)
    assert status == 200, (path, body[:300])
    return json.loads(body)


def test_events_default_to_merged_happenings_without_history(base: str) -> None:
    data = api(base, "/api/events")
    assert data["total"] == 4  # the two ambush reports are one happening; the 1998 battle is history
    ambush = [e for e in data["events"] if e["type"] == "Battles"]
    assert len(ambush) == 1 and sorted(ambush[0]["articles"]) == ["ambush-herald", "ambush-wire"]
    assert ambush[0]["killed"]["low"] == 5 and ambush[0]["killed"]["high"] == 12
    assert api(base, "/api/events?historical=1")["total"] == 5
    assert api(base, "/api/events?per_article=1")["total"] == 5  # both ambush reports, no history
    assert api(base, "/api/events?per_article=1&historical=1")["total"] == 6
    dates = [e["when"]["start"] for e in data["events"]]
    assert dates == sorted(dates, reverse=True)  # newest first


@pytest.mark.parametrize("query, expected", [
    ("type=Battles", {"Armed clash"}),
    ("type=Riots,Protests", {"Violent demonstration", "Peaceful protest"}),
    ("type=peaceful%20protest", {"Peaceful protest"}),
    ("country=ke", {"Peaceful protest"}),
    ("actor=military%20forces", {"Armed clash"}),
    ("certainty=confirmed", {"Peaceful protest"}),
    ("certainty=claimed", {"Armed clash", "Peaceful protest", "Violent demonstration",
                           "Shelling/artillery/missile attack"}),
    ("since=2024-03-09&until=2024-03-12", {"Violent demonstration"}),
    ("min_outlets=2", {"Armed clash"}),
    ("q=teachers%20wages", {"Peaceful protest"}),
    ("q=gunfire", {"Armed clash"}),  # a word of one report finds the merged happening
    ("q=AND%20OR%20%22(", set()),  # FTS syntax is taken as words, not an error
    ("bbox=9,19,11,21", {"Armed clash"}),
    ("bbox=0,170,10,-70", {"Violent demonstration"}),  # across the antimeridian: 170..180 and -180..-70
])
def test_each_filter_narrows_the_list(base: str, query: str, expected: set[str]) -> None:
    data = api(base, "/api/events?" + query)
    assert {e["subtype"] for e in data["events"]} == expected
    assert data["total"] == len(data["events"])


def test_paging_is_bounded(base: str) -> None:
    first = api(base, "/api/events?limit=2")
    second = api(base, "/api/events?limit=2&offset=2")
    assert first["total"] == second["total"] == 4
    assert len(first["events"]) == len(second["events"]) == 2
    assert not {e["id"] for e in first["events"]} & {e["id"] for e in second["events"]}
    for bad in ("limit=501", "limit=0", "offset=-1", "limit=x"):
        status, _, body = get(base, "/api/events?" + bad)
        assert status == 400 and "limit" in json.loads(body)["error"] or "offset" in json.loads(body)["error"]


@pytest.mark.parametrize("query, word", [("country=ZZ", "country"), ("type=Picnic", "type"),
                                         ("since=2024-13-01", "since"), ("certainty=sure", "certainty"),
                                         ("since=2024-03-10&until=2024-03-01", "after"), ("bbox=1,2,3", "bbox"),
                                         ("bbox=95,0,96,1", "bbox"), ("format=xlsx", "format"),
                                         ("historical=maybe", "historical")])
def test_a_filter_that_cannot_match_is_a_400_naming_it(base: str, query: str, word: str) -> None:
    status, headers, body = get(base, "/api/events?" + query)
    assert status == 400 and headers["Content-Type"].startswith("application/json")
    assert word in json.loads(body)["error"]


def test_one_happening_shows_each_reports_figure_and_evidence_offsets(base: str) -> None:
    ambush = api(base, "/api/events?type=Battles")["events"][0]
    data = api(base, f"/api/events/{ambush['cluster']}")
    assert data["record"]["killed"]["low"] == 5 and data["record"]["killed"]["high"] == 12
    figures = {r["article"]: r["record"]["killed"]["best"] for r in data["reports"]}
    assert figures == {"ambush-wire": 5, "ambush-herald": 12}
    assert {r["source"] for r in data["reports"]} == {"Wire One", "Herald Two"}
    for art in data["articles"]:
        text = api(base, f"/api/articles/{art['id']}")["text"]
        spans = [text[e["start"]:e["end"]] for e in art["evidence"]]
        assert spans == [AMBUSH_A if art["id"] == "ambush-wire" else AMBUSH_B]
    # a per-article event by its own id
    one = api(base, f"/api/events/{data['reports'][0]['record']['id']}")
    assert len(one["reports"]) == 1
    assert get(base, "/api/events/nope")[0] == 404
    assert get(base, "/api/articles/nope")[0] == 404


def test_map_timeline_stats_search_and_openapi(base: str) -> None:
    points = api(base, "/api/map")
    assert points["mode"] == "points" and points["total"] == 4
    eastvale = [p for p in points["points"] if p["subtype"].startswith("Shelling")]
    assert eastvale[0]["precision"] == 3  # only the province: drawn as an area
    assert api(base, "/api/map?type=Protests")["total"] == 1
    timeline = api(base, "/api/timeline")
    assert {(t["date"], t["type"]) for t in timeline} >= {("2024-03-05", "Battles"), ("2024-03-08", "Protests")}
    stats = api(base, "/api/stats")
    assert stats["total"] == 4 and stats["store"]["articles"] == 6
    assert {r["key"]: r["n"] for r in stats["type"]}["Battles"] == 1
    found = api(base, "/api/search?q=lorries")
    assert [a["id"] for a in found["articles"]] == ["hostile"]
    assert "\ue000" in found["articles"][0]["snippet"]
    spec = api(base, "/api/openapi.json")
    assert spec["openapi"].startswith("3.") and "/api/events" in spec["paths"]
    names = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"type", "country", "actor", "certainty", "since", "until", "min_outlets", "q", "bbox", "limit",
            "offset", "format"} <= names


def test_exports_are_the_writers_output_of_the_filtered_view(base: str, db: Path) -> None:
    status, headers, body = get(base, "/api/events?type=Battles&format=csv")
    assert status == 200 and "attachment" in headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert len(rows) == 1 and rows[0]["event_type"] == "Battles"
    with Store.open(db, readonly=True) as store:
        from sitrep.store import browse

        events = list(browse.iter_all(store, browse.MapFilters(types=("Battles",))))
    expected = io.StringIO()
    get_writer("csv")(events, expected)
    assert body.decode("utf-8") == expected.getvalue()
    geo = json.loads(get(base, "/api/events?format=geojson")[2])
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 4
    lines = get(base, "/api/events?per_article=1&format=jsonl")[2].decode().splitlines()
    assert len(lines) == 5 and all(Event.from_dict(json.loads(line)) for line in lines)
    whole = json.loads(get(base, "/api/events?format=json&limit=1")[2])  # the json writer: every record
    assert isinstance(whole, list) and len(whole) == 4
    parquet = get(base, "/api/events?format=parquet")[2]
    assert parquet[:4] == b"PAR1"


def test_the_server_opens_the_store_read_only(db: Path) -> None:
    before = db.read_bytes()
    server = Server(db, port=0)

    def try_writes() -> list[str]:  # on a pool thread, with that thread's own connection, as requests run
        conn = server._store().conn
        errors = []
        for sql in ("DELETE FROM articles", "CREATE TABLE x (a)", "UPDATE clusters SET n_articles = 0"):
            try:
                conn.execute(sql)
                errors.append("")
            except sqlite3.OperationalError as exc:
                errors.append(str(exc))
        return errors

    try:
        errors = server.pool.submit(try_writes).result()
    finally:
        server.close()
    assert len(errors) == 3 and all("readonly" in e for e in errors), errors
    assert db.read_bytes() == before


def test_hostile_article_text_never_leaves_as_markup(base: str) -> None:
    hostile = api(base, "/api/events?type=Riots")["events"][0]
    paths = ["/api/events", "/api/events?per_article=1", f"/api/events/{hostile['cluster']}", "/api/articles/hostile",
             "/api/search?q=lorries", "/api/map", "/api/stats", "/api/facets", "/"]
    for path in paths:
        _, headers, body = get(base, path)
        text = body.decode("utf-8")
        if path == "/":
            assert headers["Content-Type"].startswith("text/html")
            assert "alert(" not in text
            continue
        assert headers["Content-Type"].startswith("application/json")
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert not any(m in text for m in MARKUP), path  # '<' leaves as \u003c
    card = api(base, f"/api/events/{hostile['cluster']}")
    assert card["record"]["actor1"]["name"] == HOSTILE_ACTOR  # the data itself is kept, only escaped
    assert card["articles"][0]["title"] == HOSTILE_TITLE
    assert HOSTILE_SENTENCE in api(base, "/api/articles/hostile")["text"]
    _, headers, _ = get(base, "/")
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"].split("script-src")[1].split(";")[0]


def test_safe_defaults(db: Path, base: str) -> None:
    with pytest.raises(ServeError, match="--token"):
        Server(db, host="0.0.0.0", port=0)
    with pytest.raises(ServeError, match="tiles"):
        Server(db, port=0, tiles="javascript:alert(1)")
    default = Server(db, port=0)  # no host given: loopback only
    try:
        assert default.httpd.server_address[0] == "127.0.0.1"
    finally:
        default.close()
    # another Host (DNS rebinding) is refused; only GET
    assert get(base, "/api/events", {"Host": "evil.example:80"})[0] == 421
    req = urllib.request.Request(base + "api/events", data=b"x", method="POST")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, timeout=10)
    assert err.value.code == 405
    assert get(base, "/static/../../store/store.py")[0] == 404
    assert get(base, "/static/%2e%2e/app.py")[0] == 404


def test_a_token_is_required_when_given(db: Path) -> None:
    with running(db, token="s3cret") as url:
        assert get(url, "/api/events")[0] == 401
        assert get(url, "/api/events", {"Authorization": "Bearer wrong"})[0] == 401
        assert get(url, "/api/events", {"Authorization": "Bearer s3cret"})[0] == 200
        status, headers, _ = get(url, "/?token=s3cret")
        assert status == 200 and "HttpOnly" in headers["Set-Cookie"]
        assert get(url, "/api/events", {"Cookie": "sitrep_token=s3cret"})[0] == 200


def test_errors_reach_the_client_without_a_stack_trace(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sitrep.store import browse

    def broken(*args: Any, **kwargs: Any) -> int:
        raise RuntimeError("secret internals /home/someone/x.py line 3")

    monkeypatch.setattr(browse, "count", broken)
    with running(db) as url:
        status, _, body = get(url, "/api/events")
    assert status == 500
    assert json.loads(body) == {"error": "internal error (see the server's log)"}


def test_the_app_without_sockets(db: Path) -> None:
    with Store.open(db, readonly=True) as store:
        app = App(lambda: store)
        assert app.handle("/api/nothing", "").status == 404
        assert app.handle("/api/events", "limit=1").status == 200
        assert json.loads(app.handle("/api/config", "").body)["tiles"] is None  # type: ignore[arg-type]


def test_serve_command_refuses_an_exposed_address_without_a_token(db: Path) -> None:
    from typer.testing import CliRunner

    from sitrep.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", str(db), "--host", "0.0.0.0", "--port", "0"])
    assert result.exit_code == 1
    assert "--token" in result.output and "Traceback" not in result.output
    missing = CliRunner().invoke(app, ["serve", "--db", str(db.parent / "none.db"), "--port", "0"])
    assert missing.exit_code == 1 and "no such file" in missing.output


def test_a_running_server_sees_what_an_ingest_commits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from serve_fixture import ALDERFORD, _event
    from sitrep.records import Article
    from sitrep.store import WriteBatch, browse

    monkeypatch.setattr(browse, "REFRESH_S", 0.0)  # rebuild the summary at once after another's commit
    db = build_store(tmp_path / "s.db")
    with running(db) as url:
        assert api(url, "/api/events")["total"] == 4
        text = "Looters emptied the grain store in Alderford on Sunday, traders said."
        art = Article(id="late", title="Looting", text=text, published="2024-04-01")
        event = _event(art, text, type_="Strategic developments", subtype="Looting/property destruction",
                       place=ALDERFORD, day="2024-03-31")
        with Store.open(db) as store:
            store.write_batch(WriteBatch([(art, [event], None)]))
        data = api(url, "/api/events")
        assert data["total"] == 5 and data["events"][0]["subtype"] == "Looting/property destruction"
        assert api(url, "/api/map?type=Looting/property%20destruction")["total"] == 1
        # not merged yet (no dedup ran): its happening is listed, and its card opens, by the id it will have
        hid = data["events"][0]["cluster"]
        card = api(url, f"/api/events/{hid}")
        assert card["record"]["id"] == hid and card["record"]["agreement"] == 1
        assert [r["article"] for r in card["reports"]] == ["late"]


@pytest.mark.parametrize("refresh, seen", [(0.0, 5), (3600.0, 4)])
def test_the_summary_is_rebuilt_after_another_connections_commit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 refresh: float, seen: int) -> None:
    from serve_fixture import ALDERFORD, _event
    from sitrep.records import Article
    from sitrep.store import WriteBatch, browse

    monkeypatch.setattr(browse, "REFRESH_S", refresh)
    db = build_store(tmp_path / "s.db")
    with Store.open(db, readonly=True) as reader:
        assert browse.count(reader, browse.MapFilters()) == 4  # builds this connection's summary
        text = "Looters emptied the grain store in Alderford on Sunday, traders said."
        art = Article(id="late", title="Looting", text=text, published="2024-04-01")
        with Store.open(db) as writer:
            writer.write_batch(WriteBatch([(art, [_event(art, text, type_="Strategic developments",
                                                         subtype="Looting/property destruction", place=ALDERFORD,
                                                         day="2024-03-31")], None)]))
        # rebuilt at once with no throttle; within the throttle the summary a moment old is kept
        assert browse.count(reader, browse.MapFilters()) == seen


@pytest.mark.parametrize("bbox", [None, (-5.0, 0.0, 60.0, 60.0), (0.0, 170.0, 10.0, -70.0)])
def test_the_ready_grid_equals_grouping_the_rows(db: Path, monkeypatch: pytest.MonkeyPatch,
                                                 bbox: tuple[float, float, float, float] | None) -> None:
    from sitrep.store import browse

    monkeypatch.setattr(browse, "MAX_POINTS", 0)  # always a grid, even of this small store
    with Store.open(db, readonly=True) as store:
        for zoom in (0, 2, 5):
            for history in (False, True):
                f = browse.MapFilters(include_historical=history, bbox=bbox)
                ready = browse.points(store, f, zoom)
                monkeypatch.setattr(browse, "GRID_ZOOMS", -1)  # no ready grid: group the rows
                grouped = browse.points(store, f, zoom)
                monkeypatch.setattr(browse, "GRID_ZOOMS", 7)
                key = lambda c: (round(c["lat"], 6), round(c["lon"], 6), c["n"])  # noqa: E731
                assert sorted(map(key, ready["cells"])) == sorted(map(key, grouped["cells"]))
                assert ready["total"] == grouped["total"] > 0 or bbox is not None



@pytest.mark.parametrize("ready", [True, False])
def test_a_grid_cell_takes_the_colour_of_its_most_frequent_type(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                ready: bool) -> None:
    # two clashes and one attack on civilians in one cell: the cell is a clash cell (the alphabetically last
    # type, "Violence against civilians", was its colour before)
    from serve_fixture import ALDERFORD, _event

    from sitrep.dedup.cluster import recluster
    from sitrep.records import Article
    from sitrep.store import WriteBatch, browse

    sentences = ["Gunmen fought soldiers near the bridge on Monday.", "Gunmen fought soldiers at the market on Tuesday.",
                 "Gunmen shot two farmers in their field on Wednesday."]
    kinds = [("Battles", "Armed clash"), ("Battles", "Armed clash"), ("Violence against civilians", "Attack")]
    records = []
    for n, (sentence, (type_, subtype)) in enumerate(zip(sentences, kinds)):
        article = Article(id=f"a{n}", title="t", published="2024-03-06", source="Wire", text=f"t\n\n{sentence}")
        records.append((article, [_event(article, sentence, type_=type_, subtype=subtype, place=ALDERFORD,
                                         day=f"2024-0{n + 1}-01")], "test"))  # months apart: three happenings
    with Store.open(tmp_path / "grid.db") as store:
        store.write_batch(WriteBatch(records))
        recluster(store)
    monkeypatch.setattr(browse, "MAX_POINTS", 0)  # a grid, even of this small store
    with Store.open(tmp_path / "grid.db", readonly=True) as store:
        for merged in (True, False):
            monkeypatch.setattr(browse, "GRID_ZOOMS", 7)
            browse.prepare(store, merged)  # the summary and its ready grid
            monkeypatch.setattr(browse, "GRID_ZOOMS", 7 if ready else -1)  # the ready grid, or grouping the rows
            cells = browse.points(store, browse.MapFilters(merged=merged), 3)["cells"]
            assert [(c["n"], c["type"]) for c in cells] == [(3, "Battles")]
