"""Loads the event lexicons (triggers, actors, sources, cues) from the package's data files, once."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from sitrep.errors import SitrepError

ACLED_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    ),
}
PLOVER_TYPES = frozenset(
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN PROTEST SANCTION "
    "MOBILIZE COERCE ASSAULT".split()
)
ACTOR_KINDS = frozenset(
    "state_forces rebels political_militia identity_militia rioters protesters civilians external unknown".split()
)
SOURCE_KINDS = (
    "reporter", "official", "state_media", "media", "activist", "resident", "witness", "combatant", "ngo",
    "medical", "analyst", "diplomat", "unknown",
)


class LexiconError(SitrepError):
    """A lexicon data file is malformed."""


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
    scope: str = "clause"  # where near_any looks: the trigger's "clause", its "sentence" or its "paragraph"


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


def _read_yaml(name: str) -> dict[str, Any]:
    try:
        text = resources.files("sitrep").joinpath("data", name).read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"cannot read lexicon {name}: {exc}") from exc
    if not isinstance(data, dict):
        raise LexiconError(f"lexicon {name}: expected a mapping at the top")
    return data


def _split_type(value: str, where: str) -> tuple[str, str]:
    type_, _, subtype = value.partition(": ")
    if subtype not in ACLED_TYPES.get(type_, ()):
        raise LexiconError(f"{where}: {value!r} is not an ACLED 'Type: Sub-type'")
    return type_, subtype


def _low(items: Any) -> tuple[str, ...]:
    return tuple(str(i).lower() for i in (items or ()))


def parse_triggers(data: dict[str, Any]) -> tuple[tuple[TriggerEntry, ...], tuple[Refinement, ...]]:
    """Validate and convert triggers.yaml."""
    triggers = []
    for i, t in enumerate(data.get("triggers") or ()):
        where = f"triggers.yaml entry {i + 1}"
        _split_type(f"{t.get('type')}: {t.get('subtype')}", where)
        if t.get("plover") not in PLOVER_TYPES:
            raise LexiconError(f"{where}: unknown PLOVER type {t.get('plover')!r}")
        needs = t.get("needs") or {}
        unknown = set(needs) - {"near_any", "child_any", "subject_kinds", "own_detail"}
        if unknown:
            raise LexiconError(f"{where}: unknown condition(s) {sorted(unknown)}")
        kinds = frozenset(_low(needs.get("subject_kinds")))
        if kinds - ACTOR_KINDS:
            raise LexiconError(f"{where}: unknown actor kinds {sorted(kinds - ACTOR_KINDS)}")
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
        if r.get("plover") and r["plover"] not in PLOVER_TYPES:
            raise LexiconError(f"{where}: unknown PLOVER type {r['plover']!r}")
        scope = r.get("scope", "clause")
        if scope not in ("clause", "sentence", "paragraph"):
            raise LexiconError(f"{where}: scope must be clause, sentence or paragraph, not {scope!r}")
        kinds = (frozenset(_low(r.get("actor1_kinds"))) | frozenset(_low(r.get("actor2_kinds")))
                 | frozenset(_low(r.get("not_actor2_kinds"))))
        if kinds - ACTOR_KINDS:
            raise LexiconError(f"{where}: unknown actor kinds {sorted(kinds - ACTOR_KINDS)}")
        refinements.append(Refinement(
            from_types=frozenset(r["from"]), to_type=to_type, to_subtype=to_sub,
            near_any=_low(r.get("near_any")), and_near_any=_low(r.get("and_near_any")),
            actor1_kinds=frozenset(_low(r.get("actor1_kinds"))), actor2_kinds=frozenset(_low(r.get("actor2_kinds"))),
            plover=r.get("plover"), not_near_any=_low(r.get("not_near_any")), scope=scope,
            not_actor2_kinds=frozenset(_low(r.get("not_actor2_kinds"))),
        ))
    return tuple(triggers), tuple(refinements)


def parse_generic_defaults(data: dict[str, Any], actors: tuple[ActorEntry, ...]) -> dict[str, str]:
    """Validate actors.yaml's generic_defaults: each maps a generic head to a word of some actor entry."""
    known = {w for a in actors for w in a.words}
    generic = set(_low(data.get("generic_heads")))
    out: dict[str, str] = {}
    for head, word in (data.get("generic_defaults") or {}).items():
        head, word = str(head).lower(), str(word).lower()
        if head not in generic:
            raise LexiconError(f"actors.yaml generic_defaults: {head!r} is not in generic_heads")
        if word not in known:
            raise LexiconError(f"actors.yaml generic_defaults: {word!r} is not a word of any actor entry")
        out[head] = word
    return out


def parse_actors(data: dict[str, Any]) -> tuple[tuple[ActorEntry, ...], frozenset[str]]:
    """Validate and convert actors.yaml."""
    out = []
    for i, a in enumerate(data.get("actors") or ()):
        if a.get("kind") not in ACTOR_KINDS:
            raise LexiconError(f"actors.yaml entry {i + 1}: unknown kind {a.get('kind')!r}")
        out.append(ActorEntry(
            words=_low(a["words"]), name=str(a["name"]), kind=a["kind"], country=a.get("country"),
            valid_from=a.get("valid_from"), valid_until=a.get("valid_until"),
        ))
    return tuple(out), frozenset(_low(data.get("generic_heads")))


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The package's lexicons, read and validated once per process."""
    triggers, refinements = parse_triggers(_read_yaml("triggers.yaml"))
    actor_data = _read_yaml("actors.yaml")
    actors, generic = parse_actors(actor_data)
    src = _read_yaml("sources.yaml")
    kinds = []
    for kind, words in (src.get("kinds") or {}).items():
        if kind not in SOURCE_KINDS:
            raise LexiconError(f"sources.yaml: unknown source kind {kind!r}")
        kinds.append((kind, _low(words)))
    cues = {k: _low(v) for k, v in _read_yaml("cues.yaml").items()}
    return Lexicon(
        triggers=triggers, refinements=refinements, actors=actors, generic_heads=generic,
        reporting_verbs=frozenset(_low(src.get("reporting_verbs"))),
        reporting_phrases=_low(src.get("reporting_phrases")), source_kinds=tuple(kinds),
        interested=frozenset(_low(src.get("interested"))), cues=cues,
        generic_defaults=parse_generic_defaults(actor_data, actors),
    )
