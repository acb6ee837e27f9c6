"""Casualty and crowd figures, kept as the old import path: number parsing lives in `sitrep.nlp.numbers`, figure
words in `sitrep.nlp.figures_words`, tying a figure to its event word in `sitrep.nlp.figures_ties`, and the
sitrep_figures component in `sitrep.nlp.figures`.

Re-exports only; importing this module registers the `sitrep_figures` factory once, through `sitrep.nlp.figures`.
"""
from __future__ import annotations

from sitrep.nlp.figures import FiguresComponent, find_figures, make_figures, register_extensions
from sitrep.nlp.figures_words import CATEGORIES, Figure, FigureWords, figure_words
from sitrep.nlp.numbers import NumberWords, number_words, parse_count
from sitrep.resources import read_yaml as _load_yaml

__all__ = [
    "CATEGORIES",
    "Figure",
    "FigureWords",
    "FiguresComponent",
    "NumberWords",
    "_load_yaml",
    "figure_words",
    "find_figures",
    "make_figures",
    "number_words",
    "parse_count",
    "register_extensions",
]
