"""Actors: who acted and on whom, named from the actor dictionary (actors.yaml)."""
from __future__ import annotations

import functools

from spacy.tokens import Token

from sitrep.gazetteer import countries_table, country_modifiers, demonyms
from sitrep.lexicon import ActorEntry, Lexicon, load_lexicon
from sitrep.records import Actor
from sitrep.tree import doc_text

# dependants that belong to an actor's noun phrase (relative clauses and appositions do not)
_PHRASE_DEPS = frozenset({"compound", "amod", "det", "poss", "nummod", "case", "quantmod", "nmod", "punct"})
_ARMED = frozenset({"state_forces", "rebels", "political_militia", "identity_militia", "external"})


@functools.lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO2 -> country name, from the package's GeoNames country table."""
    return {row["iso2"].strip().upper(): row["name"].strip() for row in countries_table() if row.get("iso2")}


@functools.lru_cache(maxsize=1)
def country_words() -> frozenset[str]:
    """Every country's name in lower case (one word or more), read once."""
    return frozenset(n.lower() for n in country_names().values())


def phrase_tokens(tok: Token) -> list[Token]:
    """The noun phrase headed by `tok`, without relative clauses, appositions or prepositional tails."""
    keep = [tok]
    stack = [c for c in tok.children if c.dep_ in _PHRASE_DEPS]
    while stack:
        c = stack.pop()
        keep.append(c)
        stack.extend(g for g in c.children if g.dep_ in _PHRASE_DEPS)
    keep.sort(key=lambda t: t.i)
    # trim punctuation at the edges
    while keep and keep[0].is_punct:
        keep.pop(0)
    while keep and keep[-1].is_punct:
        keep.pop()
    return keep or [tok]


def noun_lemma(t: Token) -> str:
    """The lower-case lemma of a word; a capitalised plural the tagger read as a proper noun and left as it is
    ("the Ukrainian Forces", "Armed Forces", "Security Services") is made singular as a common noun would be."""
    lem = (t.lemma_ or t.lower_).lower()
    if t.pos_ == "PROPN" and t.lemma_ == t.text and len(lem) > 3 and t.text[:1].isupper():
        if lem.endswith("ies"):
            return lem[:-3] + "y"
        if lem.endswith("s") and not lem.endswith(("ss", "us", "is")):
            return lem[:-1]
    return lem


def nationality(t: Token) -> str | None:
    """The country a word before a noun names as a nationality: a demonym ("Iranian") or a country's short name
    or abbreviation ("U.S.", "UK"; data/country_modifiers.tsv, exact spelling)."""
    return demonyms().get(t.lower_) or country_modifiers().get(t.text)


def phrase_text(tok: Token) -> str:
    """Text of the noun phrase headed by `tok`."""
    toks = phrase_tokens(tok)
    return doc_text(tok.doc)[toks[0].idx: toks[-1].idx + len(toks[-1].text)]


class ActorNamer:
    """Maps a noun phrase to an Actor with a normalised name, an ACLED kind and a country."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lex = lexicon or load_lexicon()

    def entry(self, tok: Token, on: str | None = None) -> ActorEntry | None:
        """The dictionary entry naming the phrase headed by `tok`, or None."""
        toks = phrase_tokens(tok)
        lemmas = [noun_lemma(t) for t in toks if not t.is_punct and t.dep_ != "det"]
        lowers = [t.lower_ for t in toks if not t.is_punct and t.dep_ != "det"]
        head = noun_lemma(tok)
        candidates: list[str] = []
        for seq in (lemmas, lowers):
            for n in range(len(seq), 1, -1):  # longest phrases first
                for s in range(0, len(seq) - n + 1):
                    candidates.append(" ".join(seq[s:s + n]))
        # a named group among the modifiers beats a generic head ("Shabbiha gunmen" are the Shabbiha)
        for t in toks:
            if t is not tok and t.dep_ in ("compound", "amod", "poss", "nmod"):
                lem = (t.lemma_ or t.lower_).lower()
                if any("{country}" not in e.name for e in self.lex.actor_index.get(lem, ())):
                    candidates.append(lem)
        candidates += [head, tok.lower_]
        if head in self.lex.generic_heads:
            candidates += [l for l in lemmas if l != head] + [head]
        if tok.ent_type_ in ("ORG", "NORP", "PERSON") and tok.ent_iob_:
            ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
            if ent is not None:
                candidates.insert(0, ent.text.lower())
        if self._named_army(tok, toks):
            candidates = [c for c in candidates if c not in (head, tok.lower_)]  # the name is the group's
        for cand in candidates:
            for e in self.lex.actor_index.get(cand, ()):
                if on and ((e.valid_from and on < e.valid_from) or (e.valid_until and on > e.valid_until)):
                    continue
                return e
        # "Syrian forces": a nationality on a generic head names that state's forces
        # ("the Syrian Democratic Forces" is a named group: a modifier that is neither a nationality nor an actor
        # word names something else)
        national = self.lex.national_defaults.get(head)
        mods = [t for t in toks if t is not tok and not t.is_punct and t.dep_ != "det"]
        if national is not None and any(t.dep_ in ("amod", "compound", "nmod") and nationality(t)
                                        for t in mods) and all(
                nationality(t) or noun_lemma(t) in self.lex.actor_index or t.pos_ in ("NUM", "DET")
                or t.lower_ in self.lex.cue("branch_modifiers") for t in mods):
            for e in self.lex.actor_index.get(national, ()):
                if on and ((e.valid_from and on < e.valid_from) or (e.valid_until and on > e.valid_until)):
                    continue
                return e
        # nothing decided a bare generic head: fall back to what such a word means in news ("the officers")
        default = self.lex.generic_defaults.get(head)
        if default is not None and not any(c.dep_ in ("compound", "amod", "nmod", "poss") for c in tok.children):
            for e in self.lex.actor_index.get(default, ()):
                if on and ((e.valid_from and on < e.valid_from) or (e.valid_until and on > e.valid_until)):
                    continue
                return e
        return None

    def _named_army(self, tok: Token, toks: list[Token]) -> bool:
        """A proper name on "Army" whose words are not a nationality, a country or an armed branch ("the New People's
        Army", "the Arakan Army", "the Kachin Independence Army") names an armed group, not a state's army; "the
        Sudanese Army", "the Myanmar Army" and "the Somali National Army" do name one (actors.yaml cues
        named_army_heads, branch_modifiers)."""
        if noun_lemma(tok) not in self.lex.cue("named_army_heads") or not tok.text[:1].isupper():
            return False
        countries = country_words()
        mods = [t for t in toks if t is not tok and not t.is_punct and t.dep_ != "det" and t.pos_ not in ("NUM", "DET")
                and t.lower_ not in ("'s", "the")]
        return any(not (nationality(t) or t.lower_ in countries or t.lower_ in self.lex.cue("branch_modifiers"))
                   for t in mods if t.text[:1].isupper())

    def kind_of(self, tok: Token) -> str | None:
        """The ACLED kind of the phrase headed by `tok`, or None when it names no known actor."""
        e = self.entry(tok)
        return e.kind if e else None

    def country_of_phrase(self, tok: Token) -> str | None:
        """A country named inside the phrase by a demonym ("Iranian snipers") or a short name ("U.S. troops")."""
        for t in phrase_tokens(tok):
            code = nationality(t)
            if code:
                return code
        return None

    def actor(self, tok: Token, country: str | None, on: str | None = None, own: str | None = None) -> Actor | None:
        """The Actor for the phrase headed by `tok`; `country` is the event's country, `on` its date; `own` the
        country a nationality gives the phrase when it is not inside it ("Russian and Ukrainian forces": the
        Ukrainian forces)."""
        text = phrase_text(tok)
        e = self.entry(tok, on)
        if e is None:
            full = defined_as(tok)
            e = self.entry(full, on) if full is not None else None
        if e is None:
            if tok.ent_type_ in ("ORG", "NORP") or (tok.ent_type_ == "PERSON" and tok.pos_ == "PROPN"):
                return Actor(text=text, name=text, kind="unknown", country=self.country_of_phrase(tok) or country)
            return None
        own = e.country or own or self.country_of_phrase(tok)
        cc = own or country
        kind = e.kind
        if kind == "state_forces" and own and country and own != country:
            kind = "external"  # a foreign state's forces acting in this country
        name = self._name(e.name, cc)
        return Actor(text=text, name=name, kind=kind, country=cc)

    @staticmethod
    def _name(template: str, cc: str | None) -> str:
        if "{country}" not in template:
            return template
        cname = country_names().get(cc or "", "")
        if cname:
            return template.replace("{country}", cname)
        return template.replace(" of {country}", "").replace(" ({country})", "").replace("{country}", "").strip()


def defined_as(tok: Token) -> Token | None:
    """The head of the name an abbreviation stands for where the article defines it: "the Sudanese Armed Forces
    (SAF) ... SAF shelled" (a name followed by the abbreviation in brackets defines it for the rest of the text)."""
    word = tok.text
    if not (2 <= len(word) <= 8 and word.isalpha() and word.isupper()):
        return None
    doc = tok.doc
    for i in range(2, len(doc) - 1):
        if doc[i].text == word and doc[i - 1].text == "(" and doc[i + 1].text == ")" and i != tok.i:
            head = doc[i - 2]
            if head.is_alpha and not head.text.isupper():
                return head
    return None


def armed(kind: str | None) -> bool:
    """Whether an actor kind is an armed, organised party."""
    return kind in _ARMED
