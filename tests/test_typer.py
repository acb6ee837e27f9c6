"""The learned typer: hashed features, the model file (arrays + JSON, checked on load, never unpickled),
training on coded rows, the typing stages with a model, and `sitrep train` / `--typer`.

Every text here is written for these tests."""
from __future__ import annotations

import json
import re
import zlib
from pathlib import Path

import numpy as np
import pytest

from sitrep.typer import FeatureConfig, TyperError, TyperModel, hashed_features, load_typer, resolve_typer
from sitrep.typer.features import words
from sitrep.typer.model import Combine, default_model_path

SMALL = FeatureConfig(n_features=1 << 10)

# ---------------------------------------------------------------------------- features

def test_features_are_stable_hashes_normalised() -> None:
    f = hashed_features("Police arrested 12 students", SMALL)
    assert f == hashed_features("Police arrested 12 students", SMALL)  # no per-process salt
    # the word unigram "police" lands where crc32 puts it, whatever PYTHONHASHSEED is
    assert zlib.crc32(b"wpolice") & (SMALL.n_features - 1) in f
    assert abs(sum(v * v for v in f.values()) - 1.0) < 1e-9
    assert words("Killed 12 on 3 May") == ["killed", "00", "on", "0", "may"]
    assert hashed_features("", SMALL) == {} and hashed_features("...", SMALL) == {}


def test_feature_config_round_trip_and_checks() -> None:
    assert FeatureConfig.from_dict(SMALL.as_dict()) == SMALL
    for bad in ({**SMALL.as_dict(), "n_features": 1000}, {**SMALL.as_dict(), "char_min": 6},
                {**SMALL.as_dict(), "word_ngrams": True}, {**SMALL.as_dict(), "n_features": 1 << 30}):
        with pytest.raises(ValueError):
            FeatureConfig.from_dict(bad)


# ---------------------------------------------------------------------------- the model file

def _toy(labels: tuple[str, ...] = ("", "Arrests", "Peaceful protest")) -> TyperModel:
    """A hand-made model: "arrested" votes Arrests, "marched" votes Peaceful protest."""
    w = np.zeros((len(labels), SMALL.n_features))
    for word, lab in (("arrested", "Arrests"), ("marched", "Peaceful protest")):
        w[labels.index(lab), zlib.crc32(("w" + word).encode()) & (SMALL.n_features - 1)] = 20.0
    return TyperModel.from_float(labels, w, np.array([0.1, -0.5, -0.5]), SMALL, Combine(min_margin=0.5))


def test_model_predicts_saves_and_loads(tmp_path: Path) -> None:
    m = _toy()
    assert m.predict("Police arrested four men") == "Arrests"
    assert m.predict("Thousands marched in the capital") == "Peaceful protest"
    assert m.predict("The weather was fine") == ""
    path = m.save(tmp_path / "model.json")
    back = load_typer(tmp_path)  # the folder finds model.json
    assert back.labels == m.labels and back.combine == m.combine and back.features == SMALL
    assert np.allclose(back.score_array("police arrested"), m.score_array("police arrested"))
    assert not back.weights.flags.writeable
    assert load_typer(path).labels == m.labels


def _broken(tmp_path: Path, edit_meta=None, arrays=None) -> Path:  # noqa: ANN001
    path = _toy().save(tmp_path / "model.json")
    if edit_meta:
        meta = json.loads(path.read_text())
        edit_meta(meta)
        path.write_text(json.dumps(meta))
    if arrays is not None:
        with open(tmp_path / "model.npz", "wb") as f:
            np.savez(f, **arrays)
    return path


@pytest.mark.parametrize("edit, arrays, message", [
    (lambda m: m.update(format="other"), None, "not a typer model"),
    (lambda m: m.update(version=99), None, "version"),
    (lambda m: m.update(labels=["a", "a", "b"]), None, "distinct"),
    (lambda m: m.update(weights="../elsewhere.npz"), None, "beside the metadata"),
    (lambda m: m["features"].update(n_features=2048), None, "the metadata needs"),
    (lambda m: m.pop("features"), None, "bad typer metadata"),
    (None, {"weights": np.zeros((3, 1024), np.int8), "scale": np.ones(3, np.float32)}, "no array 'bias'"),
    (None, {"weights": np.zeros((3, 1024), np.float64), "scale": np.ones(3, np.float32),
            "bias": np.zeros(3, np.float32)}, "the metadata needs int8"),
    (None, {"weights": np.zeros((3, 1024), np.int8), "scale": np.full(3, np.nan, np.float32),
            "bias": np.zeros(3, np.float32)}, "NaN"),
    (None, {"weights": np.array([{"x": 1}], dtype=object), "scale": np.ones(3, np.float32),
            "bias": np.zeros(3, np.float32)}, "not a typer weights file"),
])
def test_bad_model_files_are_refused_by_name(tmp_path: Path, edit, arrays, message: str) -> None:  # noqa: ANN001
    path = _broken(tmp_path, edit, arrays)
    with pytest.raises(TyperError, match=message):
        load_typer(path)


def test_unreadable_model_files(tmp_path: Path) -> None:
    with pytest.raises(TyperError, match="cannot read"):
        load_typer(tmp_path / "nothing.json")
    (tmp_path / "x.json").write_text("{not json")
    with pytest.raises(TyperError, match="not JSON"):
        load_typer(tmp_path / "x.json")
    path = _toy().save(tmp_path / "m.json")
    path.with_suffix(".npz").write_bytes(b"PK\x03\x04 garbage")
    with pytest.raises(TyperError, match="m.npz"):
        load_typer(path)


def test_shipped_model_is_small_valid_and_typed_by_the_taxonomy() -> None:
    from sitrep.taxonomy import load_taxonomy

    path = default_model_path()
    m = load_typer(None)
    assert path.with_suffix(".npz").stat().st_size <= 10 * 1024 * 1024
    assert all(x == "" or load_taxonomy().is_subtype(x) for x in m.labels)
    assert "" in m.labels and len(m.labels) >= 20
    assert "ACLED" in m.meta.get("trained_on", "")
    assert resolve_typer("rules") is None and resolve_typer("learned") is resolve_typer("learned")


# ---------------------------------------------------------------------------- training

def _rows() -> list[tuple[str, str]]:
    out = []
    for i in range(60):
        out.append((f"Police arrested {i} activists in district {i % 7} on Monday.", "Arrests"))
        out.append((f"About {i} hundred teachers marched peacefully in town {i % 5} over pay.", "Peaceful protest"))
        out.append((f"The council approved budget item {i} for roads in ward {i % 3}.", ""))
    return out


def test_training_learns_and_scores_held_out_rows() -> None:
    pytest.importorskip("sklearn")
    from sitrep.typer.train import TrainingError, train_rows

    model, report = train_rows(_rows(), share=20)
    assert report.n_held_out > 10 and report.n_train + report.n_held_out == 180
    assert report.accuracy > 0.9 and report.macro_f1 > 0.9
    assert model.predict("Officers arrested two journalists") == "Arrests"
    assert model.meta["held_out"]["n_held_out"] == report.n_held_out
    again, _ = train_rows(_rows(), share=20)
    assert np.array_equal(again.weights, model.weights)  # reproducible
    with pytest.raises(TrainingError, match="two labels"):
        train_rows([("a b c", "Arrests")] * 20)


# ---------------------------------------------------------------------------- stages

def test_with_typer_adds_the_learned_stages() -> None:
    from sitrep.events.stages import STAGES, with_typer

    assert with_typer(None) == STAGES
    names = [s.name for s in with_typer(_toy())]
    assert names[:2] == ["group", "learned_add"] and names.count("typing") == 1
    assert names.index("learned_note") == names.index("lead") + 1 > names.index("fold") > names.index("merge")
    typing = next(s for s in with_typer(_toy()) if s.name == "typing")
    assert typing.writes == next(s for s in STAGES if s.name == "typing").writes


@pytest.fixture(scope="module")
def extractor():  # noqa: ANN201
    from sitrep.extractor import Extractor
    from sitrep.settings import Settings

    return Extractor(Settings(n_process=1, typer="rules"))


@pytest.mark.model
def test_model_retypes_and_adds_only_when_sure(extractor) -> None:  # noqa: ANN001
    from sitrep.events import EventBuilder
    from sitrep.records import Article

    text = "Riot police detained dozens of students in the capital on Monday."
    art = Article(id="t", text=text, published="2022-05-10")
    rules = extractor.builder
    doc = extractor.parse(text)
    ruled = extractor.events_of(doc, art)
    assert ruled and ruled[0].subtype == "Arrests"
    # a model sure it is a peaceful protest retypes it (and its type and PLOVER type follow)
    labels = ("", "Arrests", "Peaceful protest")
    w = np.zeros((3, SMALL.n_features))
    w[2, zlib.crc32(b"wstudents") & (SMALL.n_features - 1)] = 40.0
    sure = TyperModel.from_float(labels, w, np.zeros(3), SMALL,
                                 Combine(min_margin=1.0, add_min_score=0.5, add_max_sents=4))
    try:
        extractor.builder = EventBuilder(typer=sure)
        ev = extractor.events_of(doc, art)[0]
        assert (ev.type, ev.subtype, ev.plover) == ("Protests", "Peaceful protest", "PROTEST")
        # not sure enough: the rules keep their sub-type
        extractor.builder = EventBuilder(typer=TyperModel.from_float(labels, w / 20, np.zeros(3), SMALL,
                                                                     Combine(min_margin=1.0)))
        assert extractor.events_of(doc, art)[0].subtype == "Arrests"
        # a short text with no trigger: the sure model adds one event, the rules alone none
        other = "Hundreds of students gathered outside the ministry on Monday."
        art2 = Article(id="u", text=other, published="2022-05-10")
        doc2 = extractor.parse(other)
        extractor.builder = rules
        assert extractor.events_of(doc2, art2) == []
        extractor.builder = EventBuilder(typer=sure)
        added = extractor.events_of(doc2, art2)
        assert [e.subtype for e in added] == ["Peaceful protest"] and added[0].when.start == "2022-05-09"
    finally:
        extractor.builder = rules


@pytest.mark.model
def test_model_leads_in_notes_only(extractor) -> None:  # noqa: ANN001
    """A note (short, untitled, no quotes, a calendar date at its start) gets the model's event and its
    retyping at the note margin; the same words as a news sentence (quoted, or dated later) keep the rules'."""
    from sitrep.events import EventBuilder
    from sitrep.records import Article

    labels = ("", "Arrests", "Peaceful protest")
    w = np.zeros((3, SMALL.n_features))
    w[2, zlib.crc32(b"wstudents") & (SMALL.n_features - 1)] = 1.5  # sure, but only by a small margin
    comb = Combine(min_margin=5.0, add_max_sents=0, note_min_margin=0.0, note_add_max_sents=4)
    assert Combine.from_dict(comb.as_dict()) == comb and Combine.from_dict({}).note_min_margin is None
    rules = extractor.builder

    def events(text: str, typer: object) -> list:
        extractor.builder = rules if typer is None else EventBuilder(typer=typer)
        return extractor.events_of(extractor.parse(text), Article(id="n", text=text, published="2022-05-20"))

    model = TyperModel.from_float(labels, w, np.zeros(3), SMALL, comb)
    try:
        note = "On 9 May 2022, hundreds of students gathered outside the ministry in the capital."
        assert events(note, None) == []
        added = events(note, model)
        assert [e.subtype for e in added] == ["Peaceful protest"] and added[0].when.start == "2022-05-09"
        # news prose: a quote, or the date later in a long sentence, or no date at all: no event added
        for news in ('"We will stay," said hundreds of students who gathered outside the ministry on 9 May 2022.',
                     "Hundreds of students gathered outside the ministry in the capital on Monday."):
            assert events(news, model) == []
        # retyping: the note margin (0) lets the model lead, the general one (5) keeps the rules' sub-type
        arrest = "On 9 May 2022, riot police detained dozens of students in the capital."
        assert events(arrest, None)[0].subtype == "Arrests"
        assert events(arrest, model)[0].subtype == "Peaceful protest"
        news = "Riot police detained dozens of students in the capital, a spokesman said on Monday."
        assert events(news, model)[0].subtype == "Arrests"
    finally:
        extractor.builder = rules


@pytest.mark.model
def test_note_first_event_retyped_when_the_note_names_others(extractor) -> None:  # noqa: ANN001
    """In a note whose first event shares its sentence with another happening, `note_retype_first` lets the model
    retype that first event (reading the whole note); the other event, and any event outside notes, keep the rules'."""
    from sitrep.events import EventBuilder
    from sitrep.records import Article

    labels = ("", "Arrests", "Peaceful protest")
    w = np.zeros((3, SMALL.n_features))
    w[2, zlib.crc32(b"wstudents") & (SMALL.n_features - 1)] = 1.5
    off = Combine(min_margin=5.0, add_max_sents=0, note_min_margin=0.0, note_add_max_sents=4)
    on = Combine(**{**off.as_dict(), "note_retype_first": 1})
    assert Combine.from_dict(on.as_dict()) == on and Combine.from_dict({}).note_retype_first == 0
    rules = extractor.builder

    def subtypes(text: str, comb: Combine | None) -> list[str]:
        extractor.builder = rules if comb is None else EventBuilder(
            typer=TyperModel.from_float(labels, w, np.zeros(3), SMALL, comb))
        evs = extractor.events_of(extractor.parse(text), Article(id="n", text=text, published="2022-05-20"))
        return [e.subtype for e in evs]

    try:
        note = "On 9 May 2022, riot police detained dozens of students in the capital, and a bomb exploded nearby."
        ruled = subtypes(note, None)
        assert ruled[:1] == ["Arrests"] and len(ruled) >= 2
        assert subtypes(note, off) == ruled  # the sentence tells another happening: no retyping
        assert subtypes(note, on) == ["Peaceful protest", *ruled[1:]]  # only the note's first event
        news = "Riot police detained dozens of students in the capital, and a bomb exploded nearby, a spokesman said."
        assert subtypes(news, on) == subtypes(news, None)  # not a note: the rules lead
    finally:
        extractor.builder = rules


@pytest.mark.model
def test_an_event_added_to_a_note_is_anchored_on_its_lead(extractor) -> None:  # noqa: ANN001
    """The model adds a note's event on the note's lead sentence (its date and place), not on the later sentence
    whose words the model likes best."""
    from sitrep.events import EventBuilder
    from sitrep.records import Article

    labels = ("", "Arrests", "Peaceful protest")
    w = np.zeros((3, SMALL.n_features))
    w[2, zlib.crc32(b"wstudents") & (SMALL.n_features - 1)] = 1.5
    model = TyperModel.from_float(labels, w, np.zeros(3), SMALL,
                                  Combine(min_margin=5.0, add_max_sents=0, note_min_margin=0.0, note_add_max_sents=4))
    rules = extractor.builder
    note = "On 9 May 2022, hundreds gathered outside the ministry in the capital. Most of them were students."
    try:
        extractor.builder = EventBuilder(typer=model)
        added = extractor.events_of(extractor.parse(note), Article(id="n", text=note, published="2022-05-20"))
    finally:
        extractor.builder = rules
    assert [e.subtype for e in added] == ["Peaceful protest"]
    assert added[0].evidence[0].start == 0 and added[0].when.start == "2022-05-09"


def _events_with(extractor, model: TyperModel, text: str) -> list:  # noqa: ANN001
    """Events of a text built with `model` as the typer (the extractor's own builder is put back after)."""
    from sitrep.events import EventBuilder
    from sitrep.records import Article

    rules = extractor.builder
    extractor.builder = EventBuilder(typer=model)
    try:
        return extractor.events_of(extractor.parse(text), Article(id="n", text=text, published="2022-05-20"))
    finally:
        extractor.builder = rules


def _note_model(weight: float, bias: np.ndarray | None = None, **combine: float) -> TyperModel:
    """A three-label model that likes "students" for a peaceful protest, leading in notes only."""
    labels = ("", "Arrests", "Peaceful protest")
    w = np.zeros((3, SMALL.n_features))
    w[2, zlib.crc32(b"wstudents") & (SMALL.n_features - 1)] = weight
    return TyperModel.from_float(labels, w, np.zeros(3) if bias is None else bias, SMALL,
                                 Combine(min_margin=5.0, add_max_sents=0, note_min_margin=0.0, note_add_max_sents=4,
                                         **combine))


@pytest.mark.model
def test_a_note_may_carry_its_calendar_date_anywhere(extractor) -> None:  # noqa: ANN001
    """A short, untitled, unquoted text with a calendar date (a digit in it) reads as a note wherever the date
    stands; a worded date ("on Monday") is no mark of a note."""
    model = _note_model(1.5)
    late = "Hundreds of students gathered outside the ministry in the capital on 9 May 2022."
    added = _events_with(extractor, model, late)
    assert [e.subtype for e in added] == ["Peaceful protest"] and added[0].when.start == "2022-05-09"
    assert _events_with(extractor, model, "Hundreds of students gathered outside the ministry in the capital on "
                                          "Monday.") == []
    arrest = "Riot police detained dozens of students in the capital on 9 May 2022."
    assert _events_with(extractor, model, arrest)[0].subtype == "Peaceful protest"  # a note: the model leads


@pytest.mark.model
def test_attribution_or_a_weekday_makes_a_dated_text_news(extractor) -> None:  # noqa: ANN001
    """News attributes what it tells and dates it by the weekday; a note does neither: with "said", "according
    to" or a weekday name a short dated text keeps the rules' lead."""
    model = _note_model(1.5)

    def subtypes(text: str) -> list[str]:
        return [e.subtype for e in _events_with(extractor, model, text)]

    assert subtypes("On 9 May 2022, riot police detained dozens of students in the capital.") == ["Peaceful protest"]
    for news in ("On 9 May 2022, riot police detained dozens of students in the capital, a spokesman said.",
                 "On 9 May 2022, riot police detained dozens of students in the capital, according to witnesses.",
                 "On Monday 9 May 2022, riot police detained dozens of students in the capital."):
        assert subtypes(news) == ["Arrests"], news


@pytest.mark.model
def test_an_unsure_model_retypes_only_a_note_dated_in_full(extractor) -> None:  # noqa: ANN001
    """With a negative retype_min_score the model may retype where it is unsure of every label (but surer of its
    own than of the rules'), only in a note dated with day, month and year; "on 9 May" asks it to be sure."""
    # the best sub-type scores below 0, above -0.5
    model = _note_model(0.2, np.array([-1.0, -0.5, -0.5]), retype_min_score=-0.5)

    def subtypes(text: str) -> list[str]:
        return [e.subtype for e in _events_with(extractor, model, text)]

    assert subtypes("On 9 May 2022, riot police detained dozens of students in the capital.") == ["Peaceful protest"]
    assert subtypes("On 9 May, riot police detained dozens of students in the capital.") == ["Arrests"]


@pytest.mark.model
def test_a_notes_first_event_is_retyped_after_merging(extractor) -> None:  # noqa: ANN001
    """Merging may give a note's first event the sub-type of another mention it joined ("a man killed by police"
    beside a gathering); the "learned_note" stage, after merge and fold, retypes that event by the whole note."""
    from sitrep.events import EventBuilder
    from sitrep.records import Article

    labels = ("", "Arrests", "Peaceful protest")
    w = np.zeros((3, SMALL.n_features))
    w[2, zlib.crc32(b"wdemonstrators") & (SMALL.n_features - 1)] = 1.5
    comb = Combine(min_margin=5.0, add_max_sents=0, note_min_margin=0.0, note_add_max_sents=4, note_retype_first=1)
    model = TyperModel.from_float(labels, w, np.zeros(3), SMALL, comb)
    rules = extractor.builder
    note = "On 31 May 2020, some 80 demonstrators met in Topeka in memory of a man police shot dead last week."

    def subtypes(builder: object) -> list[str]:
        extractor.builder = builder
        evs = extractor.events_of(extractor.parse(note), Article(id="n", text=note, published="2020-06-05"))
        return [e.subtype for e in evs]

    try:
        ruled = subtypes(rules)
        assert ruled == ["Excessive force against protesters"]
        without = EventBuilder(typer=model)
        without.stages = tuple(s for s in without.stages if s.name != "learned_note")
        assert subtypes(without) == ruled  # the typing stage's retyping is undone by the merge
        assert subtypes(EventBuilder(typer=model)) == ["Peaceful protest"]
        off = EventBuilder(typer=TyperModel.from_float(labels, w, np.zeros(3), SMALL,
                                                       Combine(**{**comb.as_dict(), "note_retype_first": 0})))
        assert subtypes(off) == ruled
    finally:
        extractor.builder = rules


def test_speech_quoted_tells_speech_from_a_quoted_name() -> None:
    from sitrep.events.typing.learned import speech_quoted

    assert not speech_quoted("On 2 May 2021, students staged a \"sit-in\" outside the hall.")
    assert not speech_quoted("On 2 May 2021, a \u201cStop the Evictions Rally\u201d marched through the town.")
    assert speech_quoted('"We will not leave until they listen," said one of the students on 2 May 2021.')
    assert speech_quoted('Students said "the fees are far too high for us" on 2 May 2021.')
    assert speech_quoted('A "sit-in began on 2 May 2021.')  # an unpaired mark: the quote runs on
    assert speech_quoted('Students staged a "sit-in" outside.', max_words=0)  # 0: any quotation mark
    assert not speech_quoted("Students marched on 2 May 2021.")


# ---------------------------------------------------------------------------- the command line

def _flat(output: str) -> str:
    """The CLI's words without rich's box and line breaks."""
    return " ".join(re.sub("[│╭╮╰╯─]", " ", output).split())


def _gold_csv(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("event_id_cnty,event_date,sub_event_type,notes\n")
        for i, (text, label) in enumerate(_rows()):
            f.write(f"T{i},2022-05-0{1 + i % 9},{label},\"{text}\"\n")
    return path


def test_cli_train_writes_a_model_that_typer_loads(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from typer.testing import CliRunner

    from sitrep.cli import app

    gold = _gold_csv(tmp_path / "gold.csv")
    out = tmp_path / "mine"
    res = CliRunner().invoke(app, ["train", str(gold), "-o", str(out), "--held-out", "20"])
    assert res.exit_code == 0, res.output
    assert "held-out rows:" in res.output and "macro-F1" in res.output
    m = load_typer(out)
    assert set(m.labels) == {"", "Arrests", "Peaceful protest"} and m.meta["trained_on"] == "gold.csv"
    # a second run does not replace the model without --force; a file is not a model folder
    again = CliRunner().invoke(app, ["train", str(gold), "-o", str(out)])
    assert again.exit_code == 2 and "holds a model already" in _flat(again.output)
    assert CliRunner().invoke(app, ["train", str(gold), "-o", str(gold)]).exit_code == 2
    assert gold.read_text(encoding="utf-8").startswith("event_id_cnty")


def test_cli_typer_option_refuses_a_bad_model_by_name(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from sitrep.cli import app

    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "pickle"}', encoding="utf-8")
    art = tmp_path / "a.txt"
    art.write_text("Title\n\nPolice arrested four men on Monday.\n", encoding="utf-8")
    for cmd in (["extract", str(art)], ["evaluate", str(art)]):
        res = CliRunner().invoke(app, [*cmd, "--typer", str(bad)])
        assert res.exit_code == 2 and "not a typer model" in _flat(res.output), res.output


# ---------------------------------------------------------------------------- the shipped typer in the pipeline

@pytest.fixture(scope="module")
def default_pipe():  # noqa: ANN201
    from sitrep.pipeline import Pipeline
    from sitrep.settings import Settings

    return Pipeline(Settings(n_process=1, typer="learned"))


@pytest.mark.model
@pytest.mark.parametrize("text, subtype", [
    # the model finds the rules' sub-type less likely than another but accepts none: the rules' answer stays
    ("The militia moved its headquarters to the river town on Friday.", "Headquarters or base established"),
    ("The army installed a checkpoint at the bridge on Sunday.", "Headquarters or base established"),
    ("Soldiers shot dead two people at a sit-in outside the governor's office on Sunday.",
     "Excessive force against protesters"),
    ("Police arrested 14 traders at the cattle market on Monday.", "Arrests"),
])
def test_default_typer_keeps_the_rules_where_the_model_is_unsure(default_pipe, text: str, subtype: str) -> None:  # noqa: ANN001
    from sitrep.records import Article

    events = default_pipe.extract(Article(id="t", text=text, published="2022-05-10"))
    assert events and events[0].subtype == subtype, [(e.subtype, e.trigger) for e in events]


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "The rebels could agree a ceasefire next week.",
    "The army denied that it shelled the camp.",
    "Nobody found any weapons in the house.",
    "The opposition demanded the release of all detainees.",
])
def test_default_typer_adds_no_event_where_the_rules_cues_say_none(default_pipe, text: str) -> None:  # noqa: ANN001
    from sitrep.records import Article

    assert default_pipe.extract(Article(id="t", text=text, published="2022-05-10")) == []


@pytest.mark.model
def test_adding_events_is_off_in_the_shipped_model_and_works_when_on(default_pipe) -> None:  # noqa: ANN001
    """A note-like text with no trigger word of the rules: the shipped model adds nothing (add_max_sents 0);
    the same weights with adding on give it its one event, with a date."""
    import dataclasses

    from sitrep.events import EventBuilder
    from sitrep.records import Article
    from sitrep.typer.model import load_default

    text = "Hundreds of nurses gathered outside the health ministry on Monday over unpaid wages."
    art = Article(id="t", text=text, published="2022-05-10")
    assert load_default().combine.add_max_sents == 0
    assert default_pipe.extract(art) == []
    ex = default_pipe.extractor
    plain = ex.builder
    on = dataclasses.replace(load_default(), combine=dataclasses.replace(load_default().combine, add_max_sents=4))
    try:
        ex.builder = EventBuilder(typer=on)
        added = ex.events_of(ex.parse(text), art)
    finally:
        ex.builder = plain
    assert [e.subtype for e in added] == ["Peaceful protest"] and added[0].when.start == "2022-05-09"


@pytest.mark.model
def test_learned_stages_declare_their_writes(default_pipe) -> None:  # noqa: ANN001
    from test_events_stages import checking

    from sitrep.events import EventBuilder
    from sitrep.events.stages import with_typer
    from sitrep.records import Article
    from sitrep.typer.model import load_default

    ex = default_pipe.extractor
    import dataclasses

    model = load_default()
    on = dataclasses.replace(model, combine=dataclasses.replace(model.combine, add_max_sents=4))
    checked = EventBuilder(stages=[checking(s) for s in with_typer(on)], typer="rules")
    plain = ex.builder
    full = EventBuilder(typer=on)
    n = 0
    try:
        for text in ("Hundreds of nurses gathered outside the health ministry on Monday over unpaid wages.",
                     "Riot police detained dozens of students in the capital on Monday. Two were hurt."):
            art = Article(id="t", text=text, published="2022-05-10")
            doc = ex.parse(text)
            ex.builder = full
            want = ex.events_of(doc, art)
            ex.builder = checked
            assert ex.events_of(doc, art) == want
            ex.builder = plain
            n += len(want)
    finally:
        ex.builder = plain
    assert n >= 2
