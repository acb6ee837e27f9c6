"""Loads the event lexicons (triggers, actors, sources, cues) from the package's data files, once.

Files are read through sitrep.resources; the event types, PLOVER types and actor/source kinds the lexicons may
name come from sitrep.taxonomy (data/taxonomy.yaml)."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from sitrep.resources import DataFileError, read_text, read_yaml
from sitrep.taxonomy import load_taxonomy

# The old module constants, now read from data/taxonomy.yaml on first use (see __getattr__ below)
_TAXONOMY_CONSTANTS = ("ACLED_TYPES", "PLOVER_TYPES", "ACTOR_KINDS", "SOURCE_KINDS")


@functools.cache
def _taxonomy_constant(name: str) -> Any:
    tax = load_taxonomy()
    if name == "ACLED_TYPES":  # ACLED type -> its sub-types
        return tax.acled_types()
    if name == "PLOVER_TYPES":
        return frozenset(tax.plover_types)
    if name == "ACTOR_KINDS":
        return frozenset(tax.actor_kinds)
    return tax.source_kinds  # SOURCE_KINDS


def __getattr__(name: str) -> Any:
    """ACLED_TYPES, PLOVER_TYPES, ACTOR_KINDS and SOURCE_KINDS, kept importable from here (sitrep.taxonomy)."""
    if name in _TAXONOMY_CONSTANTS:
        return _taxonomy_constant(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class LexiconError(DataFileError):
    """A lexicon data file is malformed (a DataFileError, so a SitrepError)."""


@dataclass(frozen=True)
class TriggerEntry:
    """One trigger rule of triggers.yaml."""

    lemmas: frozenset[str]
    pos: frozenset[str]
    type: str
    subtype: str
    plover: str
    near_any: tuple[str, ...] = ()
    child_any: frozenset[str] = frozenset()
    subject_kinds: frozenset[str] = frozenset()
    weak: bool = False
    own_detail: bool = False


@dataclass(frozen=True)
class Refinement:
    """One rule of triggers.yaml's `refine` list."""

    from_types: frozenset[str]
    to_type: str
    to_subtype: str
    near_any: tuple[str, ...] = ()
    and_near_any: tuple[str, ...] = ()
    actor1_kinds: frozenset[str] = frozenset()
    actor2_kinds: frozenset[str] = frozenset()
    not_actor2_kinds: frozenset[str] = frozenset()  # kinds of actor2 that stop the rule (civilian victims)
    plover: str | None = None
    not_near_any: tuple[str, ...] = ()
    scope: str = "clause"  # where near_any looks: the trigger's "clause", its "sentence", its "paragraph", the whole
    # "article", or "next" (its sentences and the two after them in its paragraph)
    # named checks of the parse that must hold, or must not (events/typing/agency.py: "force_on_crowd")
    parse: tuple[str, ...] = ()
    not_parse: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActorEntry:
    """One entry of actors.yaml."""

    words: tuple[str, ...]
    name: str
    kind: str
    country: str | None = None
    valid_from: str | None = None
    valid_until: str | None = None


@dataclass(frozen=True)
class Lexicon:
    """Everything the event stage knows about words, from the data files."""

    triggers: tuple[TriggerEntry, ...]
    refinements: tuple[Refinement, ...]
    actors: tuple[ActorEntry, ...]
    generic_heads: frozenset[str]
    reporting_verbs: frozenset[str]
    reporting_phrases: tuple[str, ...]
    source_kinds: tuple[tuple[str, tuple[str, ...]], ...]
    interested: frozenset[str]
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # a generic head that no modifier decides ("the officers") -> the word whose actor it then names
    generic_defaults: dict[str, str] = field(default_factory=dict)
    national_defaults: dict[str, str] = field(default_factory=dict)  # "Syrian forces": that state's forces

    @functools.cached_property
    def trigger_lemmas(self) -> frozenset[str]:
        """Every lemma some trigger entry names (a quick first filter)."""
        out: set[str] = set()
        for t in self.triggers:
            out |= t.lemmas
        return frozenset(out)

    @functools.cached_property
    def actor_index(self) -> dict[str, list[ActorEntry]]:
        """Actor entries by each of their words or phrases."""
        idx: dict[str, list[ActorEntry]] = {}
        for a in self.actors:
            for w in a.words:
                idx.setdefault(w, []).append(a)
        return idx

    def cue(self, name: str) -> frozenset[str]:
        """A cue list of cues.yaml as a set."""
        return frozenset(self.cues.get(name, ()))


def _split_type(value: str, where: str) -> tuple[str, str]:
    pair = load_taxonomy().split(value)
    if pair is None:
        raise LexiconError(f"{where}: {value!r} is not an ACLED 'Type: Sub-type'")
    return pair


# the named parse checks a refine rule may ask for (events/typing/agency.py CHECKS)
PARSE_CHECKS = frozenset({"force_on_crowd", "force_hurt", "people_killed", "mob_harm", "mob_clash", "intervention",
                          "rammed_crowd", "crowd_violence"})


def _low(items: Any) -> tuple[str, ...]:
    return tuple(str(i).lower() for i in (items or ()))


def parse_triggers(data: dict[str, Any]) -> tuple[tuple[TriggerEntry, ...], tuple[Refinement, ...]]:
    """Validate and convert triggers.yaml."""
    tax = load_taxonomy()
    actor_kinds = frozenset(tax.actor_kinds)
    triggers = []
    for i, t in enumerate(data.get("triggers") or ()):
        where = f"triggers.yaml entry {i + 1}"
        _split_type(f"{t.get('type')}: {t.get('subtype')}", where)
        if not tax.is_plover(t.get("plover")):
            raise LexiconError(f"{where}: unknown PLOVER type {t.get('plover')!r}")
        needs = t.get("needs") or {}
        unknown = set(needs) - {"near_any", "child_any", "subject_kinds", "own_detail"}
        if unknown:
            raise LexiconError(f"{where}: unknown condition(s) {sorted(unknown)}")
        kinds = frozenset(_low(needs.get("subject_kinds")))
        if kinds - actor_kinds:
            raise LexiconError(f"{where}: unknown actor kinds {sorted(kinds - actor_kinds)}")
        triggers.append(TriggerEntry(
            lemmas=frozenset(_low(t["lemmas"])), pos=frozenset(t.get("pos") or ("VERB", "NOUN")),
            type=t["type"], subtype=t["subtype"], plover=t["plover"],
            near_any=_low(needs.get("near_any")), child_any=frozenset(_low(needs.get("child_any"))),
            subject_kinds=kinds, weak=bool(t.get("weak")), own_detail=bool(needs.get("own_detail")),
        ))
    refinements = []
    for i, r in enumerate(data.get("refine") or ()):
        where = f"triggers.yaml refine rule {i + 1}"
        for f in r["from"]:
            _split_type(f, where)
        # "to: none" drops the event: the words show it is no conflict event (an earthquake, a factory blast)
        to_type, to_sub = ("", "") if str(r["to"]).lower() == "none" else _split_type(r["to"], where)
        if r.get("plover") and not tax.is_plover(r["plover"]):
            raise LexiconError(f"{where}: unknown PLOVER type {r['plover']!r}")
        scope = r.get("scope", "clause")
        if scope not in ("clause", "sentence", "paragraph", "article", "next"):
            raise LexiconError(f"{where}: scope must be clause, sentence, paragraph, article or next, not {scope!r}")
        kinds = (frozenset(_low(r.get("actor1_kinds"))) | frozenset(_low(r.get("actor2_kinds")))
                 | frozenset(_low(r.get("not_actor2_kinds"))))
        if kinds - actor_kinds:
            raise LexiconError(f"{where}: unknown actor kinds {sorted(kinds - actor_kinds)}")
        for name in [*_low(r.get("parse")), *_low(r.get("not_parse"))]:
            if name not in PARSE_CHECKS:
                raise LexiconError(f"{where}: unknown parse check {name!r} (known: {sorted(PARSE_CHECKS)})")
        refinements.append(Refinement(
            from_types=frozenset(r["from"]), to_type=to_type, to_subtype=to_sub,
            near_any=_low(r.get("near_any")), and_near_any=_low(r.get("and_near_any")),
            actor1_kinds=frozenset(_low(r.get("actor1_kinds"))), actor2_kinds=frozenset(_low(r.get("actor2_kinds"))),
            plover=r.get("plover"), not_near_any=_low(r.get("not_near_any")), scope=scope,
            not_actor2_kinds=frozenset(_low(r.get("not_actor2_kinds"))),
            parse=_low(r.get("parse")), not_parse=_low(r.get("not_parse")),
        ))
    return tuple(triggers), tuple(refinements)


def parse_generic_defaults(data: dict[str, Any], actors: tuple[ActorEntry, ...],
                           key: str = "generic_defaults") -> dict[str, str]:
    """Validate actors.yaml's generic_defaults (or national_defaults, given as `key`): each maps a generic head
    to a word of some actor entry."""
    known = {w for a in actors for w in a.words}
    generic = set(_low(data.get("generic_heads")))
    out: dict[str, str] = {}
    for head, word in (data.get(key) or {}).items():
        head, word = str(head).lower(), str(word).lower()
        if head not in generic:
            raise LexiconError(f"actors.yaml {key}: {head!r} is not in generic_heads")
        if word not in known:
            raise LexiconError(f"actors.yaml {key}: {word!r} is not a word of any actor entry")
        out[head] = word
    return out


def parse_actors(data: dict[str, Any]) -> tuple[tuple[ActorEntry, ...], frozenset[str]]:
    """Validate and convert actors.yaml."""
    actor_kinds = load_taxonomy().actor_kinds
    out = []
    for i, a in enumerate(data.get("actors") or ()):
        if a.get("kind") not in actor_kinds:
            raise LexiconError(f"actors.yaml entry {i + 1}: unknown kind {a.get('kind')!r}")
        out.append(ActorEntry(
            words=_low(a["words"]), name=str(a["name"]), kind=a["kind"], country=a.get("country"),
            valid_from=a.get("valid_from"), valid_until=a.get("valid_until"),
        ))
    return tuple(out), frozenset(_low(data.get("generic_heads")))


def parse_state_units(text: str) -> tuple[ActorEntry, ...]:
    """Validate and convert state_units.tsv (named units of a state's forces, derived from ACLED's actor names by
    scripts/derive_state_units.py): each unit names its state's military or police forces wherever it acts."""
    out = []
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    for n, line in enumerate(lines[1:], start=2):
        cols = line.split("\t")
        if len(cols) < 3 or cols[2] not in ("military", "police") or len(cols[1]) != 2 or not cols[0].strip():
            raise LexiconError(f"state_units.tsv row {n}: expected unit, ISO2 country, military|police: {line!r}")
        unit = cols[0].strip().lower()
        words = (unit, unit[:-1]) if unit.endswith("s") else (unit,)  # "... Forces" is matched by its lemmas too
        name = ("Military" if cols[2] == "military" else "Police") + " Forces of {country}"
        out.append(ActorEntry(words=words, name=name, kind="state_forces", country=cols[1].strip().upper()))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The package's lexicons, read and validated once per process."""
    triggers, refinements = parse_triggers(read_yaml("triggers.yaml"))
    actor_data = read_yaml("actors.yaml")
    actors, generic = parse_actors(actor_data)
    actors += parse_state_units(read_text("state_units.tsv"))
    src = read_yaml("sources.yaml")
    kinds = []
    for kind, words in (src.get("kinds") or {}).items():
        if kind not in load_taxonomy().source_kinds:
            raise LexiconError(f"sources.yaml: unknown source kind {kind!r}")
        kinds.append((kind, _low(words)))
    cues = {k: _low(v) for k, v in read_yaml("cues.yaml").items()}
    for k, v in (actor_data.get("cues") or {}).items():  # actors.yaml's own cue lists (ACLED's actor conventions)
        if k in cues:
            raise LexiconError(f"actors.yaml cues: {k!r} is already a cue list of cues.yaml")
        cues[k] = _low(v)
    return Lexicon(
        triggers=triggers, refinements=refinements, actors=actors, generic_heads=generic,
        reporting_verbs=frozenset(_low(src.get("reporting_verbs"))),
        reporting_phrases=_low(src.get("reporting_phrases")), source_kinds=tuple(kinds),
        interested=frozenset(_low(src.get("interested"))), cues=cues,
        generic_defaults=parse_generic_defaults(actor_data, actors),
        national_defaults=parse_generic_defaults(actor_data, actors, "national_defaults"),
    )


@functools.lru_cache(maxsize=1)
def english_function_words() -> frozenset[str]:
    """The common English function words (data/english_function_words.txt): the English test, dedup's stop words."""
    words = (line.split("#", 1)[0].strip().lower() for line in read_text("english_function_words.txt").splitlines())
    return frozenset(w for w in words if w)
