"""Tying a figure to what it counts: its head, the counted noun, the event word and category, parts of a total."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from sitrep.nlp.figures_words import FigureWords, _conjuncts, _is_person, _lemma, _word_cat
from sitrep.nlp.numbers import NumberWords, parse_count


def _anchor(doc: Doc, start: int, end: int) -> Token:
    """The phrase's syntactic head: the last token whose head lies outside the phrase."""
    for k in range(end - 1, start - 1, -1):
        h = doc[k].head.i
        if h < start or h >= end or h == k:
            return doc[k]
    return doc[end - 1]


def _partitive(tok: Token, start: int, end: int) -> Token | None:
    """The noun after "of" that a quantity counts ("thousands of people", "20 of them")."""
    for k in range(start, end):
        for child in tok.doc[k].children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and not (start <= pobj.i < end):
                        return pobj
    return None


def _counted(doc: Doc, anchor: Token, start: int, end: int) -> tuple[Token | None, Token]:
    """(the counted noun or None, the nominal that fills the clause slot)."""
    part = _partitive(anchor, start, end)
    if part is not None:
        return part, anchor
    if anchor.dep_ in ("nummod", "quantmod", "compound", "amod") and anchor.head.i >= end:
        head = anchor.head
        if head.ent_type_ in ("DATE", "TIME") and head.pos_ == "PROPN":
            return None, anchor  # "including over 500 Friday in Los Angeles": a day named after it, not counted
        if head.pos_ in ("NOUN", "PROPN", "PRON") or not head.pos_:
            return head, head
    return None, anchor


def _slot_cat(slot: Token, fw: FigureWords) -> tuple[str | None, int | None, bool]:
    """Category from the clause around the nominal: (category, event token, is a group size)."""
    x = slot
    for _ in range(4):
        dep = x.dep_
        head = x.head
        if head.i == x.i:
            return None, None, False
        if dep in ("conj", "appos") or (dep == "compound" and head.i > x.i):
            x = head  # ("one woman civilian": the number's noun may be parsed as a compound of the noun that fills the slot)
            continue
        if dep == "pobj":
            prep = head.lower_
            if prep == "by" or prep in fw.part_words:
                return None, None, False
            owner = head.head
            if prep == "of":
                if _lemma(owner) in fw.groups:
                    return None, None, True
                cat = fw.nouns.get(_lemma(owner)) or fw.nouns.get(owner.lower_) or _word_cat(owner, fw)
                return (cat, owner.i, False) if cat else (None, None, False)
            # "the death toll rose to 45": the verb's subject names the category
            for child in owner.children:
                if child.dep_ in ("nsubj", "nsubjpass") and _lemma(child) in fw.nouns:
                    return fw.nouns[_lemma(child)], child.i, False
                tally = _tally_cat(child, fw) if child.dep_ in ("nsubj", "nsubjpass") else None
                if tally is not None:
                    return tally
            if prep in ("to", "at"):
                return None, None, False
            x = owner
            continue
        if dep in ("nsubj", "nsubjpass", "dobj", "attr", "oprd", "npadvmod", "ROOT", "dep", "advmod", "nmod"):
            verb = head
            cat = _word_cat(verb, fw)
            if not cat and dep == "dobj":
                cat, shared = _shared_object_cat(verb, fw)
                if cat:
                    return cat, shared, False
            if cat and dep == "nsubj" and _lemma(verb) not in fw.subject_verbs and verb.pos_ != "ADJ":
                cat = None  # "2,000 people held a rally": the subject of "hold" is not held
            if dep == "nsubj":
                for child in verb.children:
                    if child.dep_ in ("dobj", "attr") and fw.nouns.get(_lemma(child)) == "participants":
                        return "participants", child.i, False
                    if not cat and child.dep_ == "dobj" and fw.nouns.get(_lemma(child)) == "injured":
                        # "five people sustained burn injuries", "14 suffered wounds": who bears the injury is
                        # injured ("fatal injuries": killed)
                        fatal = any(a.lower_ in fw.fatal_adjectives for a in child.children if a.dep_ == "amod")
                        return ("killed" if fatal else "injured"), child.i, False
                    if child.dep_ == "nsubj" and fw.nouns.get(_lemma(child)) and child.i != x.i and not cat:
                        break
            if cat:
                return cat, verb.i, False
            # "seven people reported killed", "left 30 people dead", "3 are dead"
            for child in verb.children:
                if child.dep_ in ("xcomp", "oprd", "acomp", "ccomp") and child.i != x.i:
                    ccat = _word_cat(child, fw)
                    if ccat:
                        return ccat, child.i, False
            # "the toll rose to 45" where 45 came as the verb's object
            for child in verb.children:
                if child.dep_ in ("nsubj", "nsubjpass") and child.i != x.i and _lemma(child) in fw.nouns:
                    if _lemma(child) in ("toll", "death", "fatality"):
                        return fw.nouns[_lemma(child)], child.i, False
                if child.dep_ in ("nsubj", "nsubjpass") and child.i != x.i and dep == "dobj":
                    tally = _tally_cat(child, fw)
                    if tally is not None:
                        return tally
            return None, None, False
        return None, None, False
    return None, None, False


def _shared_object_cat(verb: Token, fw: FigureWords) -> tuple[str | None, int | None]:
    """"shot and killed one civilian", "abducted and beheaded two men": verbs joined by "and" with one object
    share it, so a verb that names no category takes the category of a joined verb that has no object of its own."""
    for c in verb.children:
        if c.dep_ != "conj" or c.pos_ not in ("VERB", "AUX") or any(g.dep_ in ("dobj", "nsubj", "nsubjpass")
                                                                     for g in c.children):
            continue
        cat = _word_cat(c, fw)
        if cat:
            return cat, c.i
    return None, None


def _tally_cat(subj: Token, fw: FigureWords) -> tuple[str, int, bool] | None:
    """"the number of detentions reached 1,373", "the tally of people killed rose to 50": a tally noun's "of"
    names what the figure counts (category, event token, not a group size)."""
    if _lemma(subj) not in fw.tally_nouns:
        return None
    for prep in subj.children:
        if prep.dep_ != "prep" or prep.lower_ != "of":
            continue
        for g in prep.children:
            if g.dep_ != "pobj":
                continue
            cat = fw.nouns.get(_lemma(g)) or fw.adjectives.get(g.lower_)
            if cat:
                return cat, g.i, False
            for c in g.children:  # "the number of people killed"
                ccat = _word_cat(c, fw) if c.dep_ in ("acl", "amod") else None
                if ccat:
                    return ccat, c.i, False
    return None


def _category(doc: Doc, start: int, end: int, noun: Token | None, slot: Token, fw: FigureWords) -> tuple[str | None, int | None, bool]:
    """(category, event token index, group size?) for one figure."""
    after = max(end, noun.i + 1 if noun is not None else end)
    if after < len(doc):
        nxt = doc[after]
        cat = fw.adjectives.get(nxt.lower_)
        # "5,000 people held a rally": a finite verb with an object is not a participle
        if cat and not any(c.dep_ == "dobj" for c in nxt.children):
            return cat, nxt.i, False  # "24 killed", "30 people dead", "hundreds detained"
    if noun is not None:
        lem = _lemma(noun)
        if lem in fw.nouns and lem not in fw.people:
            return fw.nouns[lem], noun.i, False  # "30 deaths", "a crowd of 5,000" handled below
        for child in noun.children:
            if child.dep_ in ("acl", "amod", "relcl") and child.i != noun.i:
                cat = _word_cat(child, fw)
                if cat and (child.dep_ != "relcl" or child.i == noun.i + 1):
                    return cat, child.i, False
                if child.dep_ == "acl":
                    # "five people reported killed": the participle's complement names it
                    for grand in child.children:
                        if grand.dep_ in ("xcomp", "oprd", "acomp"):
                            gcat = _word_cat(grand, fw)
                            if gcat:
                                return gcat, grand.i, False
    return _slot_cat(slot, fw)


def _is_part(doc: Doc, start: int, anchor: Token, fw: FigureWords, sent_start: int) -> bool:
    """A part of another figure ("including one in the capital", "among them two children")?"""
    for k in range(start - 1, max(sent_start, start - 4) - 1, -1):
        low = doc[k].lower_
        if low in fw.part_words or _lemma(doc[k]) in fw.part_words:
            return True
        if any(tuple(t.lower_ for t in doc[k : k + len(p)]) == p for p in fw.part_phrases):
            return True
        if doc[k].is_punct:
            break
    x = anchor
    for _ in range(3):
        if x.head.i == x.i:
            break
        x = x.head
        if x.lower_ in fw.part_words or (x.pos_ == "VERB" and _lemma(x) in fw.part_words):
            return True
    return False


def _joined_people(noun: Token, fw: FigureWords, nw: NumberWords, harmed: bool = False) -> tuple[int, int, set[int]]:
    """(how many people the conjuncts of a counted noun add, last token index, their number tokens). `harmed`: the
    figure counts the killed or wounded, so a numbered conjunct that names no thing counts people too ("15
    soldiers and 1 captain died": who dies or is wounded lives, whether the people list knows the noun or not)."""
    extra, last, nums = 0, noun.i, set()
    for c in _conjuncts(noun):
        num = next((g for g in c.children if g.dep_ == "nummod"), None)
        if num is not None and (_lemma(c) in fw.people or c.lower_ in fw.people or (
                harmed and c.pos_ in ("NOUN", "PROPN") and _lemma(c) not in fw.not_people
                and c.lower_ not in fw.not_people and _lemma(c) not in fw.nouns)):
            got = parse_count(num.text)
            if got is None or got.best is None:
                return 0, noun.i, set()
            extra += got.best
            nums.add(num.i)
        elif _is_person(c, fw):
            extra += 1
        else:
            return 0, noun.i, set()  # "soldiers and tanks": not all people, add nothing
        last = max(last, c.i)
    return extra, last, nums


def _over_places(doc: Doc, verb_i: int | None, fw: FigureWords) -> bool:
    """Whether a figure's event word spans a number of places ("arrested in 16 cities", "killed across three
    provinces"): the figure is a total of several happenings, not the count of one."""
    if verb_i is None:
        return False
    for prep in doc[verb_i].children:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "across", "throughout"):
            continue
        for g in prep.children:
            if g.dep_ != "pobj" or _lemma(g) not in fw.place_count_nouns:
                continue
            for c in g.children:
                got = parse_count(c.text) if c.dep_ == "nummod" else None
                if got is not None and (got.best or got.low or 0) > 1:
                    return True
    return False
