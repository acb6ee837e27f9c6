"""The model's attribute ruler, its one-token rules looked up by tag instead of run through a Matcher.

The English model's `attribute_ruler` maps every fine-grained tag to its coarse part of speech and morphology and
adds some word exceptions ("'s", "gonna"): 179 rules, nearly all on one token. spaCy runs them through a Matcher
that tests every rule's predicates on every token, which cost about as much CPU as the parser itself (measured on
the coded-news articles: 1.96 s against the parser's 2.77 s). `AttributeRules` applies the same rules, the same
attributes, in the same order (the ruler sorts its matches by rule number, so a later rule overrides an earlier
one): each one-token rule whose token constraints are plain values or "IN" lists is looked up by the token's tag
and checked in Python; every other rule (several tokens, REGEX, operators) stays in a Matcher of its own.
tests/test_attribute_rules.py checks that a Doc comes out identical to spaCy's own ruler.
"""
from __future__ import annotations

import functools
import re
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

# the token attributes a one-token rule may test to be looked up here (read with Doc.to_array, as hashes)
_KEYS = ("TAG", "LOWER", "DEP", "IS_SPACE")


def _values(spec: Any) -> tuple | None:
    """The values a plain constraint accepts ("x", True, {"IN": [...]}), or None for anything else."""
    if isinstance(spec, dict):
        if set(spec) == {"IN"} and isinstance(spec["IN"], (list, tuple)):
            return tuple(spec["IN"])
        return None
    if isinstance(spec, (str, bool, int)):
        return (spec,)
    return None


def _hash(value: Any, strings: Any) -> int:
    return int(value) if isinstance(value, bool) else strings.add(value) if isinstance(value, str) else value


def _test(spec: Any, strings: Any) -> tuple | None:
    """A constraint as ("in", hashes), ("not", hashes) or ("re", pattern), or None when it is none of these."""
    values = _values(spec)
    if values is not None:
        return ("in", frozenset(_hash(v, strings) for v in values))
    if isinstance(spec, dict) and len(spec) == 1:
        (op, arg), = spec.items()
        if op == "NOT_IN" and isinstance(arg, (list, tuple)):
            return ("not", frozenset(_hash(v, strings) for v in arg))
        if op == "REGEX" and isinstance(arg, str):
            return ("re", re.compile(arg))
    return None


def _compile(token_pattern: dict, strings: Any) -> tuple[tuple | None, ...] | None:
    """The tests of TAG, LOWER, DEP, IS_SPACE (None: any value) of a one-token pattern, or None when it tests
    something else (a Matcher keeps those)."""
    out: dict[str, tuple] = {}
    for key, spec in token_pattern.items():
        key = key.upper() if isinstance(key, str) else key
        test = _test(spec, strings) if key in _KEYS else None
        if test is None:
            return None
        out[key] = test
    return tuple(out.get(k) for k in _KEYS)


def _passes(test: tuple | None, value: int, strings: Any) -> bool:
    """Whether one token value (a hash, or 0/1 for IS_SPACE) passes one compiled test."""
    if test is None:
        return True
    kind, arg = test
    if kind == "in":
        return value in arg
    if kind == "not":
        return value not in arg
    return bool(arg.search(strings[value]))


def _required_words(pattern: list, strings: Any) -> frozenset | None:
    """The LOWER hashes one token of a several-token pattern must have (the pattern cannot match a Doc without
    one of them), or None when no token of it names its word."""
    for token_pattern in pattern:
        spec = token_pattern.get("LOWER", token_pattern.get("lower"))
        values = _values(spec) if spec is not None and "OP" not in token_pattern else None
        if values and all(isinstance(v, str) for v in values):
            return frozenset(strings.add(v) for v in values)
    return None


class AttributeRules:
    """The rules of a spaCy AttributeRuler, applied with lookups (see the module's docstring)."""

    def __init__(self, ruler: Any) -> None:
        strings = self.strings = ruler.vocab.strings
        self.attrs = list(ruler.attrs)
        self.indices = list(ruler.indices)
        self.rest = Matcher(ruler.vocab)
        self._rest_ids: dict[int, int] = {}
        self._rest_words: set[int] | None = set()  # None: the rest Matcher must run on every Doc
        self._by_tag: dict[int, list] = {}
        self._by_lower: dict[int, list] = {}
        self._free: list = []  # rules that test neither tag nor word
        for rule, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                compiled = _compile(pattern[0], strings) if len(pattern) == 1 else None
                if compiled is None:
                    key = strings.add(f"sitrep_attribute_rule_{rule}")
                    self._rest_ids[key] = rule
                    self.rest.add(key, [pattern])
                    words = _required_words(pattern, strings)
                    if words is None or self._rest_words is None:
                        self._rest_words = None
                    else:
                        self._rest_words |= words
                    continue
                tags, lowers = compiled[0], compiled[1]
                if lowers is not None and lowers[0] == "in":
                    for v in lowers[1]:
                        self._by_lower.setdefault(v, []).append((rule, compiled))
                elif tags is not None and tags[0] == "in":
                    for v in tags[1]:
                        self._by_tag.setdefault(v, []).append((rule, compiled))
                else:
                    self._free.append((rule, compiled))
        self._rules_for = functools.lru_cache(maxsize=1 << 16)(self._rules_for)  # type: ignore[method-assign]

    def _rules_for(self, key: tuple[int, ...]) -> tuple[tuple[int, ...], dict]:
        """The one-token rules a token with these (TAG, LOWER, DEP, IS_SPACE) hashes satisfies, in rule order, and
        the attributes they set together (a later rule's value wins, as when they are set one after another).
        Kept in a bounded cache: the answer depends on the rules and the key only."""
        cands = self._by_tag.get(key[0], []) + self._by_lower.get(key[1], []) + self._free
        strings = self.strings
        rules = tuple(sorted({rule for rule, need in cands
                              if all(_passes(t, v, strings) for t, v in zip(need, key))}))
        merged: dict = {}
        for rule in rules:
            merged.update(self.attrs[rule])
        return rules, merged

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()
        rest: dict[int, list[tuple[int, int, int]]] = {}
        if len(self.rest) and (self._rest_words is None
                               or not self._rest_words.isdisjoint(doc.count_by(LOWER))):
            for key, start, end in self.rest(doc, allow_missing=True, as_spans=False):
                rule = self._rest_ids[key]
                target = doc[start:end][self.indices[rule]].i
                rest.setdefault(target, []).append((rule, start, end))
        attrs, rules_for = self.attrs, self._rules_for
        for i, row in enumerate(rows):
            rules, merged = rules_for(tuple(row))
            if i in rest:
                # a several-token rule sets this token too: every rule in the ruler's order, as spaCy does
                for rule in sorted(list(rules) + [r for r, _, _ in rest[i]]):
                    set_token_attrs(doc[i], attrs[rule])
            elif merged:
                set_token_attrs(doc[i], merged)
        return doc


def register_attribute_rules() -> None:
    """Register the spaCy factory "sitrep_attribute_rules" (its rules are set with `use`)."""
    if "sitrep_attribute_rules" in Language.factories:
        return

    @Language.factory("sitrep_attribute_rules", assigns=["token.pos", "token.morph", "token.lemma", "token.tag"])
    def make(nlp: Language, name: str) -> "_Holder":
        return _Holder()


class _Holder:
    """The pipeline slot of AttributeRules: does nothing until `use` gives it the rules."""

    def __init__(self) -> None:
        self.rules: AttributeRules | None = None

    def use(self, rules: AttributeRules) -> None:
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        return self.rules(doc) if self.rules is not None else doc


def speed_up_attribute_ruler(nlp: Language) -> None:
    """Put AttributeRules in the place of the model's "attribute_ruler" (same name, same position)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    if not hasattr(ruler, "attrs") or not hasattr(ruler, "patterns"):
        return  # already replaced, or not spaCy's AttributeRuler
    rules = AttributeRules(ruler)
    register_attribute_rules()
    nlp.replace_pipe("attribute_ruler", "sitrep_attribute_rules")
    nlp.get_pipe("attribute_ruler").use(rules)
