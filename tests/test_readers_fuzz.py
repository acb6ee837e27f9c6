"""Fuzzing every reader (txt, html, jsonl, rss/atom, stdin) with hypothesis: no input raises out of the readers,
and a valid article beside a bad one is never lost.

A short budget by default (CI); a long one on demand:
    SITREP_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest -q tests/test_readers_fuzz.py
Everything is written under pytest's tmp_path. The default budget is derandomized (the same 25 examples per
property on every run); a long run draws fresh ones.

Last long run (SITREP_FUZZ_EXAMPLES=10000, 2 shared cores): 30,000 examples, 0 failing; a hostile file beside a
valid one 306 s, a hostile JSONL line between two valid ones (file and stdin) 162 s, hostile stdin 86 s.
"""
from __future__ import annotations

import io
import itertools
import json
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.readers import Quarantined, iter_read
from sitrep.records import Article

EXAMPLES = int(os.environ.get("SITREP_FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=not os.environ.get("SITREP_FUZZ_EXAMPLES"),
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large, HealthCheck.large_base_example])

ENGLISH = ("Police fired tear gas at a crowd of several hundred people who had gathered in the main square "
           "on Saturday to protest against the closure of the local hospital, residents said.")
OTHER = ("Hundreds of workers marched through the capital on Monday to demand higher wages, and the police "
         "said that the march was peaceful and that nobody was arrested during the day.")
# ids no generated input will give by chance
VALID_IDS = ("valid-7f3e9c01-first", "valid-7f3e9c01-second")

_runs = itertools.count()

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=40))
json_values = st.recursive(json_scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                                 st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                           max_leaves=12)
records = st.fixed_dictionaries({}, optional={
    "id": st.one_of(json_values, st.text(max_size=20)),
    "text": st.one_of(st.text(max_size=300), json_values, st.just(ENGLISH + " Later, a fire broke out.")),
    "title": json_values, "published": st.one_of(json_values, st.just("2021-02-30"), st.just("Tue, 02 Mar 2021")),
    "language": json_values, "url": json_values, "source": json_values,
})


@st.composite
def hostile_lines(draw: st.DrawFn) -> bytes:
    """One hostile JSONL line (which may hold newlines of its own, so several)."""
    kind = draw(st.sampled_from(["record", "bytes", "text", "deep", "escape", "bom", "nul"]))
    if kind == "record":
        return json.dumps(draw(records), ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
    if kind == "bytes":
        return draw(st.binary(max_size=400))
    if kind == "text":
        return draw(st.text(max_size=400)).encode("utf-8", "surrogatepass")
    if kind == "deep":
        n = draw(st.integers(1, 20_000))
        return b'{"id": "d", "text": ' + b"[" * n + b"]" * draw(st.integers(0, n)) + b"}"
    if kind == "escape":
        return b'{"id": "\\ud8' + draw(st.binary(min_size=1, max_size=3)) + b'", "text": "' + OTHER.encode() + b'"}'
    if kind == "bom":
        return b"\xef\xbb\xbf" + json.dumps(draw(records)).encode("utf-8", "surrogatepass")
    return draw(st.binary(max_size=50)) + b"\x00" + draw(st.binary(max_size=50))


hostile_files = st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=3000).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.lists(hostile_lines(), max_size=6).map(b"\n".join),
    st.builds(lambda head, body, tail: head + body + tail,
              st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"<?xml version='1.0' encoding='latin-1'?>",
                               b"<?xml version='1.0' encoding='utf-16'?>", b"<rss><channel><item><description>",
                               b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><content>", b"<html><body><p>",
                               b"<!DOCTYPE x [<!ENTITY a 'b'>]>"]),
              st.one_of(st.binary(max_size=1500), st.text(max_size=1500).map(lambda t: t.encode("utf-8", "surrogatepass")),
                        st.just(("<a " * 2000).encode()), st.just(b"<div>" * 3000)),
              st.sampled_from([b"", b"</description></item></channel></rss>", b"</content></entry></feed>",
                               b"</p></body></html>"])),
)

VALID_FILES = {
    ".txt": lambda: ("Crowd dispersed in the square\n" + ENGLISH).encode(),
    ".html": lambda: f"<html><head><title>Crowd dispersed</title></head><body><p>{ENGLISH}</p></body></html>".encode(),
    ".jsonl": lambda: (json.dumps({"id": VALID_IDS[0], "text": ENGLISH}) + "\n").encode(),
    ".rss": lambda: (f"<rss><channel><title>W</title><item><guid>{VALID_IDS[0]}</guid><title>Crowd</title>"
                     f"<description>{ENGLISH}</description></item></channel></rss>").encode(),
    ".atom": lambda: (f"<feed xmlns='http://www.w3.org/2005/Atom'><title>W</title><entry><id>{VALID_IDS[0]}</id>"
                      f"<title>Crowd</title><content type='html'>&lt;p&gt;{ENGLISH}&lt;/p&gt;</content></entry></feed>"
                      ).encode(),
}
FUZZ_EXTENSIONS = [".txt", ".html", ".htm", ".jsonl", ".xml", ".rss", ".atom", ".md", ""]


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / f"run{next(_runs)}"
    folder.mkdir()
    return folder


def _read(paths: list[str], stdin: io.TextIOBase | None = None) -> list[Article | Quarantined]:
    out = []
    for _reader, _origin, item in iter_read(paths, stdin=stdin, max_chars=20_000):  # type: ignore[arg-type]
        assert isinstance(item, (Article, Quarantined))
        out.append(item)
    return out


@FUZZ
@given(data=hostile_files, ext=st.sampled_from(FUZZ_EXTENSIONS), valid_ext=st.sampled_from(sorted(VALID_FILES)),
       fuzz_first=st.booleans())
def test_a_hostile_file_never_costs_its_valid_neighbour(tmp_path: Path, data: bytes, ext: str, valid_ext: str,
                                                         fuzz_first: bool) -> None:
    folder = _folder(tmp_path)
    # the fuzz file's name sorts before or after the valid one's
    fuzz = folder / (("a-fuzz" if fuzz_first else "z-fuzz") + ext)
    fuzz.write_bytes(data)
    valid = folder / f"valid-7f3e9c01-first{valid_ext}"
    valid.write_bytes(VALID_FILES[valid_ext]())
    items = _read([str(fuzz), str(folder)])
    texts = [a.text for a in items if isinstance(a, Article)]
    assert any(ENGLISH in t for t in texts), items


@FUZZ
@given(lines=st.lists(hostile_lines(), min_size=1, max_size=5))
def test_a_hostile_jsonl_line_never_costs_the_lines_around_it(tmp_path: Path, lines: list[bytes]) -> None:
    good = [json.dumps({"id": i, "text": t}).encode() for i, t in zip(VALID_IDS, (ENGLISH, OTHER))]
    data = b"\n".join([good[0], *lines, good[1]]) + b"\n"
    path = _folder(tmp_path) / "lines.jsonl"
    path.write_bytes(data)
    for items in (_read([str(path)]), _read(["-"], stdin=io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))):
        ids = [a.id for a in items if isinstance(a, Article)]
        assert ids[0] == VALID_IDS[0] and ids[-1] == VALID_IDS[1], items


@FUZZ
@given(data=st.one_of(hostile_files, st.lists(hostile_lines(), max_size=4).map(b"\n".join)),
       mode=st.sampled_from(["bytes", "surrogateescape", "text"]))
def test_hostile_stdin_never_raises(data: bytes, mode: str) -> None:
    if mode == "text":
        stream: io.TextIOBase = io.StringIO(data.decode("utf-8", "replace"))
    else:
        stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8",
                                  errors="strict" if mode == "bytes" else "surrogateescape")
        if mode == "surrogateescape":
            stream = io.StringIO(stream.read())  # what a C-locale stdin decodes to, without its bytes
    items = _read(["-"], stdin=stream)
    assert items or not data.strip()
