"""The event taxonomy: ACLED event types and sub-types, the PLOVER types, type families, actor and source kinds.

One data file (data/taxonomy.yaml) says what sitrep calls an event; `load_taxonomy()` reads and validates it once
per process and returns a frozen `Taxonomy`. Everything that needs to know the types asks it.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Mapping

from sitrep.resources import DataFileError, read_yaml

FILE = "taxonomy.yaml"


class TaxonomyError(DataFileError):
    """data/taxonomy.yaml is malformed."""


@dataclass(frozen=True)
class Taxonomy:
    """The event types and the kinds of their participants (read-only)."""

    types: Mapping[str, tuple[str, ...]]  # ACLED type -> its sub-types, both in ACLED's order
    type_plover: Mapping[str, str]  # ACLED type -> the PLOVER type it implies (not every type has one)
    plover_types: tuple[str, ...]
    families: Mapping[str, str]  # ACLED type -> the name of its family (every type has one)
    split_by_subtype: frozenset[str]
    actor_kinds: tuple[str, ...]
    source_kinds: tuple[str, ...]

    # ---- types and sub-types
    def type_names(self) -> tuple[str, ...]:
        """The ACLED event types, in order."""
        return tuple(self.types)

    def is_type(self, name: str) -> bool:
        """Whether `name` is an ACLED event type."""
        return name in self.types

    def subtypes(self, type_: str) -> tuple[str, ...]:
        """The sub-types of an ACLED type (none for a name that is no type)."""
        return self.types.get(type_, ())

    def all_subtypes(self) -> tuple[str, ...]:
        """Every sub-type, type by type in order."""
        return tuple(s for subs in self.types.values() for s in subs)

    def is_subtype(self, subtype: str, type_: str | None = None) -> bool:
        """Whether `subtype` is a sub-type (of `type_`, when given)."""
        if type_ is None:
            return subtype in self._type_of
        return subtype in self.subtypes(type_)

    def type_of_subtype(self, subtype: str) -> str | None:
        """The type a sub-type belongs to (None for a name that is no sub-type)."""
        return self._type_of.get(subtype)

    @functools.cached_property
    def _type_of(self) -> dict[str, str]:
        return {s: t for t, subs in self.types.items() for s in subs}

    def subtype_types(self) -> Mapping[str, str]:
        """Sub-type -> its type, for every sub-type (read-only)."""
        return MappingProxyType(self._type_of)

    def acled_types(self) -> dict[str, tuple[str, ...]]:
        """Type -> sub-types as a plain dict (a new dict; the shape of the old lexicon.ACLED_TYPES)."""
        return dict(self.types)

    def proper(self) -> Mapping[str, tuple[str, str]]:
        """"type: sub-type" in lower case -> (type, sub-type) in ACLED's spelling (read-only; cue lists are lower
        case)."""
        return MappingProxyType(self._proper)

    @functools.cached_property
    def _proper(self) -> dict[str, tuple[str, str]]:
        return {f"{t}: {s}".lower(): (t, s) for t, subs in self.types.items() for s in subs}

    def split(self, value: str) -> tuple[str, str] | None:
        """"Type: Sub-type" (exact spelling) -> (type, sub-type); None when it names no sub-type of that type."""
        type_, _, subtype = value.partition(": ")
        return (type_, subtype) if self.is_subtype(subtype, type_) else None

    # ---- PLOVER
    def is_plover(self, name: str | None) -> bool:
        """Whether `name` is a PLOVER type sitrep uses."""
        return name in self.plover_types

    def plover_of(self, name: str) -> str | None:
        """The PLOVER type an ACLED type (or the type of a sub-type) implies; None when it implies none."""
        if name in self.types:
            return self.type_plover.get(name)
        type_ = self._type_of.get(name)
        return self.type_plover.get(type_) if type_ is not None else None

    # ---- families (which events may report one happening)
    def family(self, type_: str) -> str:
        """The family name of an ACLED type (a name that is no type is a family of its own)."""
        return self.families.get(type_, type_)

    def family_key(self, type_: str, subtype: str) -> str:
        """The key dedup blocks on: the type's family, or "type/sub-type" for a type split by sub-type.

        Same values as DedupConfig.family over dedup.yaml: a split type keys by "type/sub-type", the others by
        their family name."""
        if type_ in self.split_by_subtype:
            return f"{type_}/{subtype}"
        return self.family(type_)

    def family_members(self) -> dict[str, tuple[str, ...]]:
        """Family name -> its types, in type order."""
        out: dict[str, list[str]] = {}
        for t, fam in self.families.items():
            out.setdefault(fam, []).append(t)
        return {k: tuple(v) for k, v in out.items()}


def _names(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise TaxonomyError(f"{FILE}: {where} must be a list of names")
    if len(set(value)) != len(value):
        raise TaxonomyError(f"{FILE}: {where} names something twice")
    return tuple(value)


def parse_taxonomy(data: Any) -> Taxonomy:
    """Validate and convert the contents of taxonomy.yaml."""
    if not isinstance(data, dict):
        raise TaxonomyError(f"{FILE}: expected a mapping at the top")
    unknown = set(data) - {"types", "plover", "families", "split_by_subtype", "actor_kinds", "source_kinds"}
    if unknown:
        raise TaxonomyError(f"{FILE}: unknown section(s) {sorted(unknown)}")
    plover = _names(data.get("plover"), "plover")
    raw_types = data.get("types")
    if not isinstance(raw_types, dict) or not raw_types:
        raise TaxonomyError(f"{FILE}: types must map each ACLED type to its sub-types")
    types: dict[str, tuple[str, ...]] = {}
    type_plover: dict[str, str] = {}
    seen: dict[str, str] = {}
    for t, spec in raw_types.items():
        if not isinstance(spec, dict) or set(spec) - {"subtypes", "plover"}:
            raise TaxonomyError(f"{FILE}: type {t!r} needs `subtypes` (and may name a `plover` type), nothing else")
        subs = _names(spec.get("subtypes"), f"type {t!r} subtypes")
        for s in subs:
            if s in seen:
                raise TaxonomyError(f"{FILE}: sub-type {s!r} is under both {seen[s]!r} and {t!r}")
            if s in raw_types:
                raise TaxonomyError(f"{FILE}: {s!r} is both a type and a sub-type")
            seen[s] = t
        types[str(t)] = subs
        if spec.get("plover") is not None:
            if spec["plover"] not in plover:
                raise TaxonomyError(f"{FILE}: type {t!r}: unknown PLOVER type {spec['plover']!r}")
            type_plover[str(t)] = spec["plover"]
    families: dict[str, str] = {}
    raw_families = data.get("families")
    if not isinstance(raw_families, dict):
        raise TaxonomyError(f"{FILE}: families must map each family name to its types")
    for name, members in raw_families.items():
        for t in _names(members, f"family {name!r}"):
            if t not in types:
                raise TaxonomyError(f"{FILE}: family {name!r}: {t!r} is not an event type")
            if t in families:
                raise TaxonomyError(f"{FILE}: {t!r} is in two families")
            families[t] = str(name)
    missing = [t for t in types if t not in families]
    if missing:
        raise TaxonomyError(f"{FILE}: type(s) {missing} are in no family")
    split = _names(data.get("split_by_subtype") or [], "split_by_subtype")
    for t in split:
        if t not in types:
            raise TaxonomyError(f"{FILE}: split_by_subtype: {t!r} is not an event type")
    return Taxonomy(
        types=MappingProxyType(types), type_plover=MappingProxyType(type_plover), plover_types=plover,
        families=MappingProxyType({t: families[t] for t in types}), split_by_subtype=frozenset(split),
        actor_kinds=_names(data.get("actor_kinds"), "actor_kinds"),
        source_kinds=_names(data.get("source_kinds"), "source_kinds"),
    )


@functools.lru_cache(maxsize=1)
def load_taxonomy() -> Taxonomy:
    """The package's taxonomy, read and validated once per process."""
    return parse_taxonomy(read_yaml(FILE))
