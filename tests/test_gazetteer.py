"""Gazetteer: shipped tables, name normalisation, exact/alternate/fuzzy lookups, open/build behaviour."""
from __future__ import annotations

import pickle
import re
import time
from pathlib import Path

import pytest
import yaml

from sitrep.errors import GazetteerError
from sitrep.gazetteer import (
    Gazetteer, admin1_table, countries_table, demonyms, normalise, place_words, skeleton,
)

DATA = Path(__file__).resolve().parents[1] / "src" / "sitrep" / "data"


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    """The default index, built once if missing (about 15 s)."""
    return Gazetteer.open()


# ---------------------------------------------------------------- shipped tables

def test_country_table_columns_and_unique_ids() -> None:
    rows = countries_table()
    assert len(rows) > 240
    assert set(rows[0]) == {"iso2", "iso3", "name", "capital", "population", "continent", "geonameid", "neighbours"}
    assert len({r["iso2"] for r in rows}) == len(rows)
    assert len({r["geonameid"] for r in rows}) == len(rows)
    for r in rows:
        assert re.fullmatch(r"[A-Z]{2}", r["iso2"]) and re.fullmatch(r"[A-Z]{3}", r["iso3"])
        assert r["geonameid"].isdigit() and r["population"].isdigit() and r["name"]


def test_admin1_table_joins_countries() -> None:
    codes = {r["iso2"] for r in countries_table()}
    rows = admin1_table()
    assert len(rows) > 3800
    assert len({r["geonameid"] for r in rows}) == len(rows)
    assert len({r["code"] for r in rows}) == len(rows)
    for r in rows:
        assert r["code"] == f"{r['country']}.{r['admin1code']}"
        assert r["country"] in codes and r["geonameid"].isdigit() and r["asciiname"].isascii()


def test_shipped_tables_credit_geonames() -> None:
    for name in ("admin1.tsv", "countries.tsv"):
        first = (DATA / name).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("#") and "GeoNames" in first and "CC-BY 4.0" in first


def test_demonyms_point_at_known_countries() -> None:
    codes = {r["iso2"] for r in countries_table()}
    table = demonyms()
    assert len(table) > 200  # ~170 written, plus plurals
    for word, code in table.items():
        assert word == word.lower()
        assert code is None or code in codes, word
    assert table["jordanians"] == table["jordanian"] and table["kurdish"] is None


def test_country_modifiers_point_at_known_countries_and_never_at_a_common_word() -> None:
    from sitrep.gazetteer import country_modifiers
    codes = {r["iso2"] for r in countries_table()}
    table = country_modifiers()
    assert table["U.S."] == "US" and table["UK"] == "GB"
    for word, code in table.items():
        assert code in codes, word
        assert word != word.lower(), word  # matched on the exact spelling: "us" the pronoun is not the US


def test_place_words_are_all_strings() -> None:
    # YAML 1.1 reads bare on/off/yes/no as booleans: every list entry must stay a word
    raw = yaml.safe_load((DATA / "place_words.yaml").read_text(encoding="utf-8"))
    for key, val in raw.items():
        if isinstance(val, list):
            assert val and all(isinstance(v, str) and v == v.lower() for v in val), key
    for key in ("name_articles", "part_nouns", "region_nouns", "directions", "distance_units", "event_preps",
                "route_preps", "scope_words", "speech_verbs", "not_places", "generic_places", "facility_nouns",
                "world_regions"):
        assert key in raw, key
    codes = {r["iso2"] for r in countries_table()}
    assert set(place_words()["country_aliases"]) <= codes


# ---------------------------------------------------------------- normalisation

@pytest.mark.parametrize("a,b", [
    ("al-Raqqa", "Ar Raqqa"), ("Ar-Raqqa", "raqqa"), ("Dar‘ā", "Dara"), ("Ma'arrat an-Nu'man", "Maarrat Numan"),
    ("Jisr ash-Shughur", "Jisr al Shughur"), ("Ḩalab", "halab"), ("Kafr  Nabl", "kafr-nabl"),
])
def test_normalise_variants_meet(a: str, b: str) -> None:
    assert normalise(a) == normalise(b)


def test_normalise_keeps_a_lone_article_word() -> None:
    assert normalise("As") == "as"
    assert normalise("El-Paso") != normalise("El Salvador")


def test_skeleton_ignores_doubling_and_vowels() -> None:
    assert skeleton(normalise("Tal Kalakh")) == skeleton(normalise("Tall Kalakh")) == skeleton("tallkalakh")
    assert skeleton(normalise("Qamishli")) == skeleton(normalise("Kameshli"))
    assert skeleton("mosul") != skeleton("kabul")


# ---------------------------------------------------------------- lookups

@pytest.mark.parametrize("variants", [
    ("al-Raqqa", "Ar Raqqah", "Raqqa", "AR-RAQQAH"),
    ("Jisr al-Shughour", "Jisr ash Shughur"),
    ("Deraa", "Dar'a", "Dar‘ā"),
])
def test_lookup_variants_reach_one_place(gaz: Gazetteer, variants: tuple[str, ...]) -> None:
    firsts = {gaz.lookup(v)[0].geonameid for v in variants}
    assert len(firsts) == 1
    row = gaz.get(firsts.pop())
    assert row is not None and row.feature == "place" and row.country == "SY"


def test_lookup_prefers_the_city_over_its_province_and_small_namesakes(gaz: Gazetteer) -> None:
    for name, cc in (("Kabul", "AF"), ("Cairo", "EG"), ("Mosul", "IQ"), ("Idlib", "SY")):
        rows = gaz.lookup(name)
        assert rows[0].feature == "place" and rows[0].country == cc, name
        assert rows[0].population >= max(r.population for r in rows if r.feature == "place")


def test_fuzzy_spelling_variants(gaz: Gazetteer) -> None:
    assert gaz.lookup("Tal Kalakh") == [] or gaz.lookup("Tal Kalakh")[0].country == "SY"
    a, b = gaz.fuzzy("Tal Kalakh", "SY"), gaz.fuzzy("Tall Kalakh", "SY")
    assert a and b and a[0].geonameid == b[0].geonameid
    assert all(r.country == "SY" for r in a)
    assert gaz.fuzzy("Xqzzvbn") == []


def test_country_admin1_and_get(gaz: Gazetteer) -> None:
    by_code, by_name, alias = gaz.country("jo"), gaz.country("Jordan"), gaz.country("U.S.")
    assert by_code is not None and by_code == by_name and by_code.feature == "country"
    assert alias is not None and alias.country == "US"
    assert by_code.lat is not None and by_code.population > 1_000_000
    prov = gaz.admin1("SY", "Idlib province")
    assert prov is not None and prov.feature == "admin1" and prov.country == "SY" and prov.lat is not None
    assert gaz.admin1("EG", "Idlib") is None
    assert gaz.get(prov.geonameid) == prov and gaz.get(-5) is None
    cap = gaz.capital("AF")
    assert cap is not None and cap.name == "Kabul"


def test_info_reports_counts_and_licence(gaz: Gazetteer) -> None:
    info = gaz.info()
    assert int(info["places"]) > 230_000 and int(info["names"]) > 500_000
    assert "CC-BY" in info["licence"] and info["bytes"] > 10_000_000


def test_cached_lookup_is_fast(gaz: Gazetteer) -> None:
    gaz.lookup("Aleppo")
    t0 = time.perf_counter()
    for _ in range(2000):
        gaz.lookup("Aleppo")
    assert (time.perf_counter() - t0) / 2000 < 50e-6


def test_open_missing_without_build_raises(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError):
        Gazetteer.open(tmp_path / "none.sqlite", build_if_missing=False)


def test_open_rejects_a_non_index_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database at all" * 100)
    with pytest.raises(GazetteerError):
        Gazetteer.open(bad)


def test_pickle_reopens(gaz: Gazetteer) -> None:
    copy = pickle.loads(pickle.dumps(gaz))
    assert copy.path == gaz.path and copy.lookup("Mosul")[0] == gaz.lookup("Mosul")[0]


def test_admin1_abbreviations_name_real_provinces() -> None:
    from sitrep.gazetteer import admin1_abbreviations

    codes = {r["code"] for r in admin1_table()}
    table = admin1_abbreviations()
    assert table and set(table.values()) <= codes
    # each province's dotted forms are unique to it: one abbreviation never names two provinces
    assert all(isinstance(k, str) and k.strip() == k for k in table)


# ---------------------------------------------------------------- stale indexes rebuild themselves

def _copy_with_revision(gaz: Gazetteer, tmp_path: Path, revision: str | None) -> Path:
    """A copy of the built index whose recorded build revision is `revision` (None: no record)."""
    import shutil
    import sqlite3

    copy = tmp_path / "old.sqlite"
    shutil.copyfile(gaz.path, copy)
    con = sqlite3.connect(copy)
    con.execute("DELETE FROM meta WHERE key='revision'")
    if revision is not None:
        con.execute("INSERT INTO meta VALUES ('revision', ?)", (revision,))
    con.commit()
    con.close()
    return copy


def test_fresh_index_is_not_stale(gaz: Gazetteer) -> None:
    assert gaz.is_stale() is False
    assert gaz.info()["stale"] is False


@pytest.mark.parametrize("revision", [None, "0:old:0000"])
def test_index_from_older_data_is_rebuilt_on_open(gaz: Gazetteer, tmp_path: Path, revision: str | None,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    copy = _copy_with_revision(gaz, tmp_path, revision)
    assert Gazetteer(copy).is_stale() is True
    built: list[Path] = []
    real_build = Gazetteer.build

    def fake_build(path: Path) -> dict:
        built.append(Path(path))
        return _copy_with_revision(gaz, tmp_path / "new", gaz.info()["revision"]).replace(path) or {}

    (tmp_path / "new").mkdir()
    monkeypatch.setattr(Gazetteer, "build", staticmethod(fake_build))
    reopened = Gazetteer.open(copy)
    assert built == [copy]
    assert reopened.is_stale() is False
    monkeypatch.setattr(Gazetteer, "build", real_build)


def test_stale_index_is_kept_when_building_is_not_allowed(gaz: Gazetteer, tmp_path: Path) -> None:
    copy = _copy_with_revision(gaz, tmp_path, "0:old:0000")
    assert Gazetteer.open(copy, build_if_missing=False).is_stale() is True
