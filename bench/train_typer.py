#!/usr/bin/env python3
"""Train the learned typer shipped in src/sitrep/data/typer_model.{json,npz} (reproducible: fixed seed, fixed
rows, fixed order).

usage: PYTHONPATH=src .venv/bin/python bench/train_typer.py [--out PATH] [--tune] [--shared DIR]

Data (needs the `train` extra, scikit-learn, and ../shared):
  - ../shared/dev/acled-train/acled_train.csv.gz, rows with split == "train" only (text: `notes`, label:
    `sub_event_type`); the `dev` rows are never read here (bench/event_types.py judges on them).
    ACLED's terms: attribution, non-commercial use (see the README's Credits).
  - ../shared/dev/case2021-task2: the odd ids only (label: the ACLED sub-type; the five non-ACLED labels are
    "" = no event), weighted CASE_WEIGHT each: news prose is what sitrep reads, and there are ~500 of them.
Model: sitrep.typer.train.fit (hashed word 1-2-grams and char 3-5-grams, 2**17 columns; LinearSVC, C=0.5).

--tune chooses how the model joins the rules (sitrep.typer.model.Combine) on the tuning halves only: 3% of
the ACLED train rows (a stable hash of event_id_cnty) are held out and the CASE odd ids are cross-fitted in
two folds (each fold scored by a model that did not see it); the rules' first event for each of those texts
comes from the pipeline with --typer rules. It prints, for each (min_margin, add_min_score), the CASE odd
macro-F1 and the ACLED held-out sub-type accuracy and detection of the combination; the choice is COMBINE.
The emulation follows the note detector (events/typing/learned.py note_like, computed on each tuning text): the
note rows vary note_min_margin and note_add_max_sents over COMBINE's general settings. It sees only the rules'
first event and the model's scores; what needs the pipeline (note_retype_first, where an added event is
anchored) is tuned with bench/tune_notes.py on the same ACLED slice, with a model trained without it
(--without-tuning-rows).
"""
from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from sitrep.typer import NONE_LABEL  # noqa: E402
from sitrep.typer.features import FeatureConfig  # noqa: E402
from sitrep.typer.model import Combine  # noqa: E402

OUT = ROOT / "src" / "sitrep" / "data" / "typer_model.json"
CASE_WEIGHT = 10.0
C = 0.5
# chosen with --tune (see the module docstring); kept in the model's metadata. The grid's best mean of CASE odd
# macro-F1 and ACLED held-out sub-type accuracy: 0.773 and 0.883, detected 0.984 (the rules alone: 0.786, which
# were written against the odd half, and 0.685, detected 0.899; the model alone: 0.556 and 0.912). A lower margin
# lifts ACLED and lowers CASE, a higher one the reverse. retype_min_score 0 (retype only to a label the SVM itself
# accepts) costs 0.011 and 0.006 there, and keeps the rules' answer on the codebook sentences of
# tests/test_typing_rules.py where the model only finds the rules' label less likely than another (HQ
# established, excessive force); the tuning grid alone would leave it out.
# add_max_sents 0: the shipped model adds no events. Adding (add_min_score 0 on texts of at most 4 sentences)
# lifts ACLED held-out detection from 0.899 to 0.984 in the grid, but the model, trained on event notes, also
# reads non-events of news as events ("The new budget came under criticism from farmers" -> Peaceful protest),
# which the rules' tests forbid. A model may turn it on in its metadata ("combine": {"add_max_sents": 4}).
# retype_max_sents 4: the model retypes only in notes and snippets. On full news articles (one sentence of many
# read alone) it lowered the coded-news bench's odd-half precision below its floor (0.34 -> 0.33, one more
# event) and retyped two events of examples/ wrongly ("agreed a ceasefire after a week of gunfights": clash).
# note_min_margin 0 and note_add_max_sents 4 (issue 12, second round): in a text that reads as an event note
# (events/typing/learned.py note_like: at most 4 sentences, untitled, no quotation marks, a calendar date in its
# first 120 characters) the model leads: it retypes at margin 0 (the grid's best ACLED sub-type), adds an event
# where the rules found none and keeps a draft the rules dropped. Calibrated on the tuning halves: the rule
# reads 64% of the ACLED train notes as notes (a date with its year among the first words; about 80% counting
# "on 2 July") and 2.0% of the CASE odd snippets (6% counting dates without a year), so the news snippets keep
# the rules' lead; full articles are longer than 4 sentences or carry a title.
# min_margin 99 (second round): outside notes the rules lead (no retyping). On the cross-fitted CASE odd ids the
# margin-1.0 retyping above scored 0.773 against the rules' 0.786, and it retyped two codebook sentences of
# tests/test_typing_rules.py wrongly; the model's gain is in notes, where note_min_margin applies.
# note_retype_first 1 (third round): in a note, the model may retype the note's first event even when its
# sentences tell another happening too (reading the whole note). On the ACLED tuning slice, scored by a model
# trained without it (--without-tuning-rows; bench/tune_notes.py), with the round's note changes in
# events/typing/learned.py (short quoted names no longer make a text news; an event added to a note is anchored
# on its lead sentence): sub-type 0.807 -> 0.822, type 0.840 -> 0.855, detected 0.959 -> 0.962, date 0.834 ->
# 0.838, exact deaths 0.887 -> 0.889 (retyping alone: sub-type 0.807 -> 0.818).
# retype_min_score -0.5 and add_min_score -0.5 (fourth round): with min_margin 99 and add_max_sents 0 both
# act in notes only, where the model leads: it retypes to its best sub-type even when that one scores below 0
# (the SVM unsure of every label, but surer of its own than of the rules'; only in a note dated in full, day,
# month and year: events/typing/learned.py retype_floor) and keeps or adds a note's event at a best sub-type
# above -0.5. Chosen on the tuning halves with the round's note changes (a note's date anywhere in it; no
# attribution, no weekday; the "learned_note" stage retyping a note's first event after merge and fold): ACLED
# tuning slice (bench/tune_notes.py, model trained without it) sub-type 0.849 -> 0.866, type 0.874 -> 0.890,
# detected 0.963 -> 0.973, date 0.839 -> 0.849, exact deaths 0.908 -> 0.916; CASE odd ids cross-fitted (two
# folds, each typed in the pipeline by a model trained on ACLED train and the other fold) 0.779 -> 0.772.
# Retyping unsure in any note: ACLED 0.867 but CASE odd 0.759 (news snippets dated "on 25 January" read as
# notes); add_min_score -0.5 .. -1.0: the same (0.872 on the slice before the news filters).
# Tried and left out (issue 11, typing of full articles): in news (every text that is no note, full articles too)
# retyping a draft told alone in its sentences where the model is confident (best sub-type above S, read on the
# draft's own sentences) and the rules' sub-type unlikely (its score below O). On the CASE odd ids cross-fitted
# (two folds, each typed in the pipeline by a model trained on ACLED train and the other fold; rules 0.772) no
# (S, O) in -0.25..1.0 x -0.25..-1.5 gained: S 0, O -0.5: 13 retyped, 1 right and 10 wrong (0.757); S 0.5 or
# more: 0-3 retyped, none right. On the coded-news odd half it found no required event and lowered precision and
# fields (S 0, O -0.5: 0.67 -> 0.65, 0.81 -> 0.80). Where the model disagrees with the rules on a news sentence,
# the rules are mostly right, even when the model is sure.
COMBINE = Combine(min_margin=99.0, retype_max_sents=4, retype_min_score=-0.5, add_min_score=-0.5,
                  add_max_sents=0, note_min_margin=0.0, note_add_max_sents=4, note_retype_first=1)
MARGINS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 99.0)
ADDS = (-0.5, -0.25, 0.0, 0.25, 0.5, 99.0)
NOTE_MARGINS = (-0.25, 0.0, 0.25, 0.5, 1.0)


def _tune_row(key: str) -> bool:
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big") % 100 < 3


def acled_rows(shared: Path) -> list[dict[str, str]]:
    """The ACLED rows with split == "train", in file order."""
    path = shared / "dev" / "acled-train" / "acled_train.csv.gz"
    with gzip.open(path, "rb") as fh:
        return [r for r in csv.DictReader(io.TextIOWrapper(fh, encoding="utf-8")) if r["split"] == "train"]


def case_odd(shared: Path) -> list[Any]:
    """The CASE 2021 rows with odd ids (GoldRecords)."""
    from sitrep import evaluate

    path = shared / "dev" / "case2021-task2" / "test_set_final_release_with_labels.tsv"
    return [r for r in evaluate.read_gold(path).records if int(r.id) % 2 == 1]


def rules_first(texts: list[str], published: list[str | None] | None = None) -> list[tuple[str | None, bool, int]]:
    """For each text: the sub-type of the rules' first non-historical event (None: no event), whether the text
    reads as an event note (events/typing/learned.py note_like, at COMBINE.retype_max_sents) and its number of
    sentences after the title."""
    from sitrep import evaluate
    from sitrep.events import DocContext
    from sitrep.events.typing.learned import _body, note_like
    from sitrep.extractor import Extractor, title_end
    from sitrep.records import Article
    from sitrep.resolve.dates import resolve_mentions
    from sitrep.settings import Settings

    ex = Extractor(Settings(n_process=1, typer="rules"))
    arts = [Article(id=str(i), text=t, published=(published or [None] * len(texts))[i]) for i, t in enumerate(texts)]
    out = []
    for art, doc in zip(arts, ex.docs(arts)):
        ev = evaluate.first_event(ex.events_of(doc, art))
        dates = resolve_mentions(doc._.sitrep_dates or [], art.published)
        ctx = ex.builder.context(doc, doc._.sitrep_mentions or [], DocContext(
            article=art, places=[], dates=dates, figures=[], title_end=title_end(art)))
        out.append((ev.subtype if ev else None, note_like(ctx, COMBINE.retype_max_sents), len(_body(ctx))))
    return out


def combined(rule: str | None, scores: np.ndarray, labels: list[str], comb: Combine, note: bool = False,
             n_sents: int = 1) -> str | None:
    """The combination of one text's rule sub-type and model scores, as events/typing/learned.py does it (the
    rules' first event only; `note`: the text reads as an event note, where the note settings apply)."""
    best = int(np.argmax(scores))
    label = labels[best] or None
    if rule is None:
        limit = comb.add_max_sents
        if note and comb.note_add_max_sents > 0:
            limit = max(limit, comb.note_add_max_sents)
        if limit <= 0 or n_sents > limit:
            return None
        return label if label is not None and scores[best] > comb.add_min_score else None
    if comb.retype_max_sents and n_sents > comb.retype_max_sents:
        return rule
    own = scores[labels.index(rule)] if rule in labels else -np.inf
    if label is not None and scores[best] - own > comb.margin(note) and scores[best] > comb.retype_min_score:
        return label
    return rule


def tune(shared: Path, acled: list[dict[str, str]], odd: list[Any]) -> None:
    from scipy.sparse import vstack
    from sklearn.svm import LinearSVC

    from sitrep import evaluate
    from sitrep.typer import train

    cfg = FeatureConfig()
    fit_rows = [r for r in acled if not _tune_row(r["event_id_cnty"])]
    held = [r for r in acled if _tune_row(r["event_id_cnty"])]
    xa = train.matrix([r["notes"] for r in fit_rows], cfg)
    xo = train.matrix([r.text for r in odd], cfg)
    xh = train.matrix([r["notes"] for r in held], cfg)
    ya = [r["sub_event_type"] for r in fit_rows]
    yo = [r.sub_event_type or NONE_LABEL for r in odd]
    fold = np.array([(int(r.id) // 2) % 2 for r in odd])
    s_odd: np.ndarray | None = None
    s_held = []
    labels: list[str] = []
    for k in (0, 1):
        fit_i = np.where(fold != k)[0]
        x = vstack([xa, xo[fit_i]]).tocsr()
        w = np.r_[np.ones(xa.shape[0]), np.full(len(fit_i), CASE_WEIGHT)]
        clf = LinearSVC(C=C, random_state=train.SEED, max_iter=3000)
        clf.fit(x, np.array(ya + [yo[i] for i in fit_i], dtype=object), sample_weight=w)
        labels = [str(c) for c in clf.classes_]
        if s_odd is None:
            s_odd = np.zeros((len(odd), len(labels)))
        s_odd[fold == k] = clf.decision_function(xo[fold == k])
        s_held.append(clf.decision_function(xh))
    sh = np.mean(s_held, axis=0)
    r_odd = rules_first([r.text for r in odd])
    r_held = rules_first([r["notes"] for r in held], [evaluate._anchor(r, "event_date + 1 day") for r in held])
    subs = evaluate.SUBTYPES
    print(f"tuning rows: CASE odd {len(odd)} (cross-fitted), ACLED held-out train rows {len(held)}; read as notes: "
          f"CASE odd {sum(n for _, n, _ in r_odd)}, ACLED {sum(n for _, n, _ in r_held)}")
    print(f"{'min_margin':>10} {'add_min':>8} {'note_margin':>11} {'note_add':>8} {'CASE odd F1':>11} "
          f"{'ACLED sub':>9} {'ACLED det':>9}")
    grid = [(m, a, None, 0) for m in MARGINS for a in ADDS]
    # the note detector: the note settings over the shipped general ones (min_margin, add_min_score of COMBINE)
    grid += [(COMBINE.min_margin, a, nm, na) for nm in NOTE_MARGINS for na in (0, 4) for a in (0.0, 0.25, 0.5)]
    for m, a, nm, na in grid:
        comb = Combine(min_margin=m, add_min_score=a, retype_max_sents=COMBINE.retype_max_sents,
                       add_max_sents=0 if nm is not None else COMBINE.retype_max_sents,
                       note_min_margin=nm, note_add_max_sents=na)
        po = [(r.sub_event_type, combined(p, s, labels, comb, note, n))
              for r, (p, note, n), s in zip(odd, r_odd, s_odd)]
        ph = [combined(p, s, labels, comb, note, n) for (p, note, n), s in zip(r_held, sh)]
        sub = sum(p == r["sub_event_type"] for p, r in zip(ph, held)) / len(held)
        det = sum(p is not None for p in ph) / len(held)
        nms = "-" if nm is None else f"{nm:.2f}"
        print(f"{m:10.2f} {a:8.2f} {nms:>11} {na:8d} {evaluate.type_scores(po, subs)[1]:11.3f} {sub:9.3f} {det:9.3f}")
    po = [(r.sub_event_type, combined(None, s, labels, Combine(add_min_score=-99, add_max_sents=1 << 20)))
          for r, s in zip(odd, s_odd)]
    print(f"model alone: CASE odd {evaluate.type_scores(po, subs)[1]:.3f}; ACLED held-out sub-type "
          f"{sum(labels[int(np.argmax(s))] == r['sub_event_type'] for s, r in zip(sh, held)) / len(held):.3f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=OUT, help="the model's .json path (the .npz goes beside it)")
    ap.add_argument("--tune", action="store_true", help="print the combination grid on the tuning halves; write nothing")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder (default ../shared)")
    ap.add_argument("--without-tuning-rows", action="store_true",
                    help="leave out the 3%% ACLED tuning slice (for pipeline-level tuning on it: bench/tune_notes.py)")
    args = ap.parse_args()
    if not (args.shared / "dev" / "acled-train").exists():
        print(f"no training data: {args.shared}/dev/acled-train is absent")
        return 1
    from sitrep.typer import train

    t0 = time.process_time()
    acled = acled_rows(args.shared)
    odd = case_odd(args.shared)
    if args.tune:
        tune(args.shared, acled, odd)
        return 0
    if args.without_tuning_rows:
        acled = [r for r in acled if not _tune_row(r["event_id_cnty"])]
    texts = [r["notes"] for r in acled] + [r.text for r in odd]
    labels = [r["sub_event_type"] for r in acled] + [r.sub_event_type or NONE_LABEL for r in odd]
    weights = [1.0] * len(acled) + [CASE_WEIGHT] * len(odd)
    meta = {"trained_on": f"ACLED notes (split == train, {len(acled)} rows; ACLED terms: attribution, "
                          f"non-commercial use) + CASE 2021 task 2 odd ids ({len(odd)} rows, weight {CASE_WEIGHT})",
            "trainer": f"bench/train_typer.py: LinearSVC C={C} seed {train.SEED}"}
    model = train.fit(texts, labels, weights, FeatureConfig(), c=C, combine=COMBINE, meta=meta)
    path = model.save(args.out)
    size = path.with_suffix(".npz").stat().st_size
    print(f"wrote {path} and {path.with_suffix('.npz').name} ({size / 1e6:.2f} MB); {len(model.labels)} labels; "
          f"{time.process_time() - t0:.0f} s CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
