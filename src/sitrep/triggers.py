"""Moved to sitrep.nlp.triggers (the trigger-finding spaCy component); these names stay importable from here.

Importing this module registers the `sitrep_triggers` factory, as before (sitrep.nlp.build imports it for that).
"""
from __future__ import annotations

from sitrep.lexicon import Lexicon, TriggerEntry, load_lexicon  # noqa: F401  (re-exported: older imports)
from sitrep.nlp.triggers import (  # noqa: F401  (re-exported: older imports)
    _ASPECTUAL, _COMPLEMENT_DEPS, _CROWD_HEADS, _FINITE, _MONTH_WORDS, _NOBODY, _NOT_TRIGGER_ENTS, _POS, _PRESENT,
    _TEMPORAL, Mention, TriggerFinder, TriggersComponent, make_triggers, register_extensions,
)
from sitrep.tree import (  # noqa: F401  (re-exported: older imports)
    _sentence_text, clause_text, clause_tokens, has_phrase, is_within, near_text, subject_of, token_lemma,
)
