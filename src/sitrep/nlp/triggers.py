"""Event-trigger component: finds the words that say something happened, and drops what is not an event.

It only finds: each Doc gets `doc._.sitrep_mentions`, the event mentions (Mention: token, lemma, the trigger's
type, sub-type and PLOVER type) in text order; the event stage (sitrep.events) builds events from them."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Token

from sitrep.lexicon import Lexicon, load_lexicon
from sitrep.taxonomy import load_taxonomy
from sitrep.tree import _sentence_text, governing_verb, has_phrase, is_within, near_text, subject_of, token_lemma

EXTENSION = "sitrep_mentions"
FACTORY = "sitrep_triggers"

_POS = {"VERB": "VERB", "AUX": "VERB", "NOUN": "NOUN", "PROPN": "NOUN", "ADJ": "ADJ"}
# dependency labels through which a word is governed as a complement (what an irrealis head can govern)
_COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "dobj", "pobj", "acl", "advcl", "prep", "relcl", "nsubjpass", "pcomp", "attr", "oprd", "conj", "appos"})
_PRESENT = frozenset({"VBZ", "VBP"})
# tags of a finite verb: a sentence without one is a caption or headline the parser may have read as nouns
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
_NOT_TRIGGER_ENTS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "LAW", "EVENT", "DATE", "TIME"})
_MONTH_WORDS = frozenset({"march", "may"})
_NOBODY = frozenset({"nobody", "nothing", "none", "noone"})
# verbs whose infinitive complement is going on, not planned ("continue to detain"), or done ("managed to capture
# the town": an implicative verb, whose past tells that its complement happened)
_ASPECTUAL = frozenset({"continue", "keep", "resume", "begin", "start", "manage"})
_TEMPORAL = frozenset({"after", "before", "when", "while", "since", "once", "as"})
# verbs of taking part: a protest or rally they are "in" happened ("participated in a rally", "engaged in running
# battles with the police")
_JOIN_VERBS = frozenset({"join", "participate", "take", "attend", "engage"})
# glass smashed or shattered in a clause that tells a blast, a strike or a storm is that happening's toll, told by
# its own word ("the explosion shattered windows"), not damage someone did
_GLASS_VERBS = frozenset({"smash", "shatter"})
_GLASS_CAUSES = ("blast", "blasts", "explosion", "explosions", "exploded", "bomb", "bombs", "bombing", "shell",
                 "shells", "shelling", "missile", "missiles", "rocket", "rockets", "strike", "strikes", "airstrike",
                 "airstrikes", "air strike", "drone", "quake", "earthquake", "tremor", "storm", "winds", "tornado",
                 "hurricane", "typhoon", "cyclone", "hail", "hailstones", "shockwave", "shock wave", "detonation",
                 "crash", "crashed")
# adverbs of place or time the small parser reads as a noun with the event word before it as its compound
# ("multiple shootings downtown", "protests overnight"): the event word heads the phrase
_NOUNLIKE_ADVERBS = frozenset({"downtown", "uptown", "midtown", "overnight", "nearby", "citywide", "statewide",
                               "nationwide", "countrywide", "tonight", "today", "yesterday"})
# a gerund's slots under another verb or a preposition ("is about attacking", "attacking them is a crime")
_GERUND_DEPS = frozenset({"pcomp", "pobj", "csubj"})
_RELATIVES = frozenset({"who", "which", "that", "whom"})
# what makes an event noun name a happening told before: "the attack", "these protests", "its offensive", and
# "fighting there", "the clashes then" (an adverb pointing back to a place or time told)
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_BACK_ADVERBS = frozenset({"there", "then"})
_OWN_DETAIL_ENTS = frozenset({"DATE", "CARDINAL", "GPE", "LOC", "FAC"})
_CROWD_HEADS = frozenset({"crowd", "thousand", "hundred", "group", "throng", "number", "dozen", "score", "ten", "million", "mass", "people"})


@dataclass(frozen=True)
class Mention:
    """A trigger word that passed the not-an-event checks (find step of the event stage)."""

    token_i: int
    lemma: str
    type: str
    subtype: str
    plover: str
    weak: bool = False


class TriggerFinder:
    """Finds event mentions in a Doc using the trigger lexicon and the not-event cues."""

    def __init__(self, lexicon: Lexicon | None = None, actor_kind=None) -> None:
        self.lex = lexicon or load_lexicon()
        # callable(token) -> actor kind or None, used by `subject_kinds` conditions
        self.actor_kind = actor_kind
        self.modal = self.lex.cue("modal_aux")
        self.negations = self.lex.cue("negations")
        self.irrealis = self.lex.cue("irrealis_heads")
        self.conditional = self.lex.cue("conditional_marks")
        self.habitual = self.lex.cue("habitual_adverbs")
        self.calendar = self.lex.cue("calendar_words")
        self.day_words = self.lex.cue("day_words")
        self.long_planned = self.lex.cue("long_planned_marks")
        self.charges = self.lex.cue("charge_heads")
        self.undoing = self.lex.cue("undoing_verbs")
        self.trend_nouns = self.lex.cue("trend_nouns")
        self.trend_verbs = self.lex.cue("trend_verbs")
        self.evaluative = self.lex.cue("evaluative_verbs")
        self.families = load_taxonomy().families

    def __call__(self, doc: Doc) -> list[Mention]:
        """Every event mention of the Doc, in text order."""
        out: list[Mention] = []
        for tok in doc:
            m = self.match(tok)
            if m is not None and self.is_event(tok, m) and not self._told_again(tok, m, out):
                out.append(m)
        return _tolls_told_by_noun(doc, out, self.lex.cue("body_words"))

    # ---- find
    def match(self, tok: Token) -> Mention | None:
        """The first trigger entry this token satisfies, as a Mention."""
        lemma = token_lemma(tok)
        lower = tok.lower_
        if lemma not in self.lex.trigger_lemmas and lower not in self.lex.trigger_lemmas:
            return None
        pos = _POS.get(tok.pos_)
        caption = self._caption_verb(tok)
        if caption:
            pos = "VERB"
        elif pos is None or (tok.dep_ == "compound" and not _before_adverb(tok)) or tok.ent_type_ in _NOT_TRIGGER_ENTS:
            return None
        if tok.dep_ == "amod" and tok.tag_ == "VBN":
            return None  # "the jailed leader", "detained activists": a participle describing a person, told elsewhere
        if tok.dep_ in ("amod", "compound") and tok.tag_ == "VBG" and tok.i > 0 and tok.doc[tok.i - 1].text == "-":
            return None  # "stone-throwing youths", "gun-wielding men": a hyphened participle describes who they are
        if tok.is_title and not tok.is_sent_start and lower in _MONTH_WORDS:
            return None  # "March 14": a month, not a march
        text = None
        if lemma in _GLASS_VERBS and has_phrase(near_text(tok, self.lex.cue("container_verbs")), _GLASS_CAUSES):
            return None
        for entry in self.lex.triggers:
            if (lemma not in entry.lemmas and lower not in entry.lemmas) or pos not in entry.pos:
                continue
            if entry.near_any:
                text = text or (_sentence_text(tok) if caption else near_text(tok, self.lex.cue("container_verbs")))
                if not has_phrase(text, entry.near_any):
                    continue
            if entry.child_any and (entry.child_any & _MARKS) and not _object_marked(tok, entry.child_any, self.actor_kind):
                continue
            if entry.child_any and not (entry.child_any & _MARKS) and not any(
                token_lemma(c) in entry.child_any or any(token_lemma(g) in entry.child_any for g in c.children)
                for c in tok.children
            ):
                continue
            if entry.subject_kinds:
                subj = _doer(tok)
                if subj is None or self.actor_kind is None or self.actor_kind(subj) not in entry.subject_kinds:
                    continue
            if entry.own_detail and not any(
                t.ent_type_ in ("DATE", "CARDINAL") or t.like_num for t in tok.subtree if t is not tok
            ):
                continue
            if entry.weak and not self._weak_ok(tok):
                continue
            return Mention(tok.i, lemma, entry.type, entry.subtype, entry.plover, entry.weak)
        return None

    def _caption_verb(self, tok: Token) -> bool:
        """"Riot police chase demonstrators ..., Tuesday": in a caption or headline with no finite verb, the
        parser often reads the verb as a noun compound; a trigger word right after the subject noun is the verb."""
        if tok.dep_ not in ("compound", "ROOT") or tok.tag_ not in ("NN", "NNS", "VB", "VBP") or tok.i == tok.sent.start:
            return False
        before = tok.doc[tok.i - 1]
        if tok.dep_ == "ROOT":
            # "Hundreds of soldiers patrol", "Planes patrol the zone", "Policemen patrol in ...": the root noun has a
            # subject, or comes right after a plural noun or an actor's name (actors.yaml: "police"), as a verb does
            if not (any(c.dep_ == "nsubj" for c in tok.children) or (
                    before.pos_ == "NOUN" and (before.tag_ == "NNS" or (self.actor_kind is not None
                                                                     and self.actor_kind(before) is not None)))):
                return False
        elif before.pos_ not in ("NOUN", "PROPN") or before.dep_ != "compound":
            return False
        if any(t.tag_ in _FINITE for t in tok.sent if t.i != tok.i):
            return False  # ("Parents protest cuts": the tagger may call the trigger itself a present verb)
        return self._headline_present(tok)

    def _weak_ok(self, tok: Token) -> bool:
        """A participant noun counts as the subject of a past-tense verb that is not itself a trigger."""
        node = tok
        if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and token_lemma(tok.head.head) in _CROWD_HEADS:
            node = tok.head.head
        if node.dep_ != "nsubj":
            return False
        verb = node.head
        if verb.tag_ != "VBD" and not (verb.tag_ in _PRESENT and self._headline_present(verb)):
            return False
        # a verb that is itself an event ("protesters clashed") carries the event; a trigger word that does not
        # match there ("threw stones" is not a grenade) leaves the participants as the event
        return not (token_lemma(verb) in self.lex.trigger_lemmas and self.match(verb) is not None)

    # ---- not an event?
    def _governing_verb(self, tok: Token) -> Token:
        node = tok
        for _ in range(4):
            if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
                return node
            node = node.head
        return node

    def is_event(self, tok: Token, m: Mention) -> bool:
        """False for negated, hypothetical, conditional, future, avoided, demanded and generic mentions."""
        if self._caption_verb(tok):
            if tok.dep_ == "ROOT" and any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in self.habitual)
                                          or (c.dep_ == "aux" and c.lower_ in self.modal) for c in tok.children):
                return False  # "troops often patrol", read as a root noun: its own cues still hold
            return True  # a dated caption's verb: the parse around it is too broken to read cues from
        verb = self._governing_verb(tok) if m.weak or tok.pos_ != "VERB" else tok
        for t in {tok, verb}:
            if t.head.lower_ == "without" and (t.dep_ == "pcomp" or (t.dep_ == "pobj" and t.pos_ in ("NOUN", "PROPN"))):
                return False  # "returned without reaching any agreement", "dispersed without a single arrest"
            for c in t.children:
                low = c.lower_.replace("\u2019", "'")
                if c.dep_ == "neg" or (c.dep_ in ("aux", "auxpass") and low in self.modal) or low in ("n't", "not", "never"):
                    return False
                if c.dep_ == "aux" and c.tag_ == "TO" and not (
                        t.dep_ == "xcomp" and token_lemma(t.head) in _ASPECTUAL and t.head.tag_ != "VB") \
                        and not _perfect_infinitive(t):
                    return False  # "to arrest" is a purpose or plan, but "continued to arrest" is happening
                if c.dep_ == "mark" and c.lower_ in self.conditional:
                    return False
                if c.dep_ == "det" and c.lower_ in ("no",):
                    return False
                if c.dep_ == "amod" and t is tok and token_lemma(c) in self.irrealis and not any(
                        g.lower_ in self.long_planned for g in c.children):
                    return False  # "planned attacks", "threatened strikes": not (yet) happenings
                if c.dep_ == "advmod" and c.lower_ in self.habitual:
                    return False  # "fighters often target convoys": a habit, not a happening
                if c.dep_ in ("nsubj", "nsubjpass", "dobj") and (
                        c.lower_ in _NOBODY or any(g.dep_ == "det" and g.lower_ == "no" for g in c.children)):
                    return False  # "nobody was hurt", "found no weapons": said not to have happened
        first = verb
        for _ in range(6):  # "often target convoys and set up checkpoints": the adverb covers the conjuncts
            if first.dep_ != "conj" or first.head.i == first.i:
                break
            first = first.head
            if any(c.dep_ == "advmod" and c.lower_ in self.habitual for c in first.children):
                return False
        if tok.dep_ == "conj" and tok.pos_ == "VERB" and any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.head.children):
            return False  # "forced them to give up and agree": the second verb is as infinitive as the first
        if self._irrealis_ancestor(tok):
            return False
        if self._ongoing(verb) or self._group_record(tok, verb) or self._trend(tok, verb) or self._charged(tok):
            return False
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "dobj" and token_lemma(tok.head) in self.undoing:
            return False  # "lifted the curfew": a measure undone, not taken
        if tok.pos_ == "VERB" and token_lemma(tok) in self.lex.cue("party_verbs") and not self._fights_a_party(tok):
            return False  # "fought a blaze", "fought the ruling": no party, no armed fight
        if self._remembered(tok.head if tok.dep_ in ("compound", "amod") else tok):
            return False  # "events commemorating the shooting death of X": a happening of the past, remembered
        if m.type == "Protests" and tok.pos_ != "VERB" and tok.dep_ in ("dobj", "conj") and token_lemma(
                governing_verb(tok, 2)) in self.lex.cue("complaint_verbs"):
            return False  # "lodged a strong protest with the embassy": a diplomatic complaint
        if self._later_death(tok):
            return False
        if self._condition_clause(verb):
            return False
        if tok.pos_ in ("VERB", "AUX") and not m.weak:
            if self._present_generic(tok):
                return False
        elif not m.weak:
            # a verbless headline naming a protest, riot or clash is one ("Attack on democracy", "The ceasefire
            # deal" name no happening as often as they name one)
            headline_ok = m.type in ("Protests", "Riots") or m.subtype == "Armed clash"
            if not self._noun_is_event(tok, verb, headline_ok):
                return False
        return True

    def _day_dated(self, node: Token) -> bool:
        """Whether a date in the clause of `node` names a day ("since Monday", "on March 3", "overnight"),
        not only a stretch of time ("for years", "since 2011", "in recent months")."""
        for t in node.subtree:
            if t.ent_type_ != "DATE":
                continue
            low = t.lower_.rstrip(".")
            if low in self.day_words:
                return True
            if low in self.calendar and any(  # a month with its day: "March 3", "3 March"
                    u.like_num and u.text.isdigit() and int(u.text) <= 31 for u in t.doc[max(0, t.i - 2):t.i + 3]
                    if u.ent_type_ == "DATE"):
                return True
        return False

    def _charged(self, tok: Token) -> bool:
        """"acquitted of murder", "charged with attacking a policeman", "his trial for the killing": the event word
        right after a word of a court or a charge (cues.yaml charge_heads) names the charge, not a happening told."""
        if not (tok.dep_ in ("pobj", "pcomp") and tok.head.dep_ == "prep" and tok.head.lower_ in ("of", "with", "for")):
            return False
        head = tok.head.head  # "convicted the guard of murdering": the phrase may hang on the one charged
        if head.dep_ == "pobj" and head.head.lower_ == "in":
            return False  # "the general in charge of the assault": not a charge
        return token_lemma(head) in self.charges or (
            head.dep_ in ("dobj", "nsubjpass") and token_lemma(head.head) in self.charges)

    def _ongoing(self, verb: Token) -> bool:
        """"have been fighting for years", "had been protesting": the perfect progressive tells an activity going on
        over a stretch of time, not a bounded happening, unless its clause names the day it was going on."""
        if verb.tag_ != "VBG":
            return False
        aux = [c for c in verb.children if c.dep_ == "aux"]
        if not (any(c.lemma_ == "have" for c in aux) and any(c.lower_ == "been" for c in aux)):
            return False
        return not self._day_dated(verb)

    def _group_record(self, tok: Token, verb: Token) -> bool:
        """"the group, which has carried out attacks across the region", "a movement that has staged protests": a
        present-perfect relative clause whose relative pronoun is the doer (or the one done to) and whose event
        word is plural describes its head by a record of happenings, not one happening; unless the clause names a
        day, or its head is itself a happening ("the clashes, which have killed 20", whose toll it tells). One act
        ("conscripts who have defected") says who they are by what each did: it stays."""
        if verb.dep_ != "relcl" or token_lemma(verb.head) in self.lex.trigger_lemmas:
            return False
        if tok.i == verb.i:  # the verb is the trigger: "that has staged protests", with a plural event word object
            if not any(c.dep_ == "dobj" and c.tag_ in ("NNS", "NNPS") and token_lemma(c) in self.lex.trigger_lemmas
                       and not any(g.like_num or g.dep_ == "nummod" for g in c.children) for c in verb.children):
                return False
        elif tok.tag_ not in ("NNS", "NNPS"):
            return False
        if not any(c.dep_ in ("aux", "auxpass") and c.lemma_ == "have" and c.tag_ in _PRESENT for c in verb.children):
            return False
        if not any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in _RELATIVES for c in verb.children):
            return False
        return not self._day_dated(verb)

    def _trend(self, tok: Token, verb: Token) -> bool:
        """"a wave of killings", "a surge in attacks", "stepped up attacks on the capital": a trend of happenings, not
        one of them, unless the phrase names its day ("stepped up attacks on Monday"). A singular object is one
        operation going on ("stepped up its crackdown on protesters"): it stays."""
        if tok.dep_ == "pobj" and tok.head.lower_ in ("of", "in") and token_lemma(tok.head.head) in self.trend_nouns:
            return not self._day_dated(tok.head.head)
        if tok.tag_ in ("NNS", "NNPS") and tok.dep_ == "dobj" and tok.head.i == verb.i:
            # plural: "stepped up attacks" is more of them; "stepped up its crackdown" is one going on, harder
            words = {token_lemma(verb)} | {f"{token_lemma(verb)} {c.lower_}" for c in verb.children if c.dep_ == "prt"}
            if words & self.trend_verbs:
                return not self._day_dated(verb)
        return False

    def _told_again(self, tok: Token, m: Mention, before: list[Mention]) -> bool:
        """"The fighting represented a milestone", "The attack prompted condemnation", "the protests followed the
        verdict": a definite event noun (or one with "there", "then"), the subject of a verb that judges, places or
        links it (cues.yaml evaluative_verbs), with no date, place or figure of its own, names again a happening of
        its family told before in the text: no new happening."""
        gerund = tok.dep_ == "csubj" and tok.tag_ == "VBG" and not any(  # "Fighting there represented ..."
            c.dep_ in ("nsubj", "aux", "auxpass", "dobj") for c in tok.children)
        if m.weak or not (gerund or (tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("nsubj", "nsubjpass"))):
            return False
        verb = tok.head
        if token_lemma(verb) not in self.evaluative:
            return False
        if not any((c.dep_ == "det" and c.lower_ in _DEFINITE) or c.dep_ == "poss"
                   or (c.dep_ == "advmod" and c.lower_ in _BACK_ADVERBS) for c in tok.children):
            return False  # "a bombing sparked protests", "armed fighting drew a response": told for the first time
        if any(t.ent_type_ in _OWN_DETAIL_ENTS or t.like_num for t in tok.subtree if t.i != tok.i):
            return False  # "the attack in Ankara": its place may be what the happening told before lacks
        family = self.families.get(m.type, m.type)
        return any(self.families.get(o.type, o.type) == family and o.token_i < tok.i for o in before)

    def _condition_clause(self, verb: Token) -> bool:
        """"ready to talk, but only after the troops pull back": an "only after/once" clause beside something not
        yet done (an irrealis word or a modal) is a condition, not a happening."""
        kids = list(verb.children)
        if not (any(c.dep_ == "advmod" and c.lower_ == "only" for c in kids)
                and any(c.dep_ == "mark" and c.lower_ in ("after", "once", "until", "when", "if") for c in kids)):
            return False
        head = verb.head
        if head.i == verb.i:
            return False
        return any((token_lemma(x) in self.irrealis or x.lower_ in self.modal) and not is_within(x, verb)
                   for x in head.subtree)

    def _fights_a_party(self, verb: Token) -> bool:
        """Whether a fight verb's object, if it has one, is a party (a person or group: a pronoun, a name, an actor
        noun) or a fight itself (cues.yaml fight_objects); true with no object ("rebels and troops fought")."""
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        if not objects:
            return True
        for o in objects:
            if o.pos_ in ("PRON", "PROPN") or o.lower_ == "other" or token_lemma(o) in self.lex.cue("party_nouns"):
                return True
            if token_lemma(o) in self.lex.cue("fight_objects") or any(
                    t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") for t in o.subtree):
                return True
            if self.actor_kind is not None and self.actor_kind(o) is not None:
                return True
        return False

    def _remembered(self, tok: Token) -> bool:
        """Whether an event noun is what a memorial verb's object names (cues.yaml memorial_verbs, memorial_nouns):
        "commemorating the killing", "marked the anniversary of the massacre", "in memory of the bombing". Called
        with the noun a compound hangs on ("the shooting death"). A relative clause on the remembered noun ("the
        bombing that killed 40") is left to the merge: cutting it left its words to type the gathering."""
        if tok.pos_ not in ("NOUN", "PROPN"):
            return False
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and token_lemma(tok.head.head) in self.lex.cue(
                "memorial_nouns"):
            return True  # "the anniversary of the massacre", "in memory of the bombing"
        if tok.dep_ != "dobj":
            return False
        verb = tok.head
        if token_lemma(verb) not in self.lex.cue("memorial_verbs"):
            return False
        # "mark" and "observe" remember only an anniversary; "marked a turning point" is no memorial
        return token_lemma(verb) not in ("mark", "observe")

    def _later_death(self, tok: Token) -> bool:
        """"died in hospital", "died of his wounds": a victim of a happening told elsewhere, not a new one."""
        if token_lemma(tok) not in self.lex.cue("later_death_verbs"):
            return False
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "at", "of", "from"):
                if any(g.dep_ == "pobj" and token_lemma(g) in self.lex.cue("later_death_nouns") for g in c.children):
                    return True
        return False

    def _irrealis_ancestor(self, tok: Token) -> bool:
        node = tok
        for _ in range(8):
            head = node.head
            if head.i == node.i:
                return False
            if node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _TEMPORAL for c in node.children):
                return False  # "agreed to leave after Turkey agreed a truce": a time clause states a fact
            lemma = token_lemma(head)
            if lemma in self.irrealis and node.dep_ in _COMPLEMENT_DEPS and (node.i > head.i or node.dep_ == "nsubjpass"):
                # a complement follows its head ("opposed the deployment"), or is its passive subject ("the march
                # was banned"); a clause before it is speech fronted or misread ('Crowds burned flags, "We reject
                # the attack"': no rejecting governs the burning)
                return True
            if head.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in self.conditional for c in head.children):
                return True
            if any(c.dep_ == "neg" for c in head.children) and node.dep_ in ("xcomp", "dobj", "ccomp") and lemma not in self.lex.reporting_verbs:
                return True
            if any(c.dep_ in ("aux",) and c.lower_ in self.modal for c in head.children) and (
                    node.dep_ in ("xcomp", "dobj", "nsubj", "nsubjpass") or _participle_clause(node)):
                return True  # "would seal their defeat, driving them out": the -ing clause is as unreal as its verb
            if lemma in self.lex.reporting_verbs:
                return False  # the complement of "said" is an event; its own clause decides
            node = head
        return False

    def _present_generic(self, tok: Token) -> bool:
        """A present-tense verb with no date of its own states something general, not a happening. A gerund with
        no auxiliary of its own ("it is about attacking civil society") takes the tense of the verb it hangs on."""
        if tok.tag_ == "VBG" and tok.dep_ in _GERUND_DEPS and not any(c.dep_ in ("aux", "auxpass") for c in tok.children):
            finite = tok.head
            for _ in range(3):
                if finite.tag_ in _FINITE or any(c.dep_ in ("aux", "auxpass") for c in finite.children) \
                        or finite.head.i == finite.i:
                    break
                finite = finite.head
            if finite.i != tok.i and finite.pos_ in ("VERB", "AUX") and not any(
                    t.ent_type_ == "DATE" for t in tok.subtree):
                return self._present_generic(finite)
            return False
        tags = {tok.tag_} | {c.tag_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
        perfect = any(c.lemma_ == "have" for c in tok.children if c.dep_ == "aux")
        if perfect or tok.tag_ == "VBD" or "VBD" in tags:
            return False
        present = tok.tag_ in _PRESENT or bool(tags & _PRESENT)
        if not present:
            return False
        if any(t.ent_type_ == "DATE" for t in tok.subtree):
            return False
        return not self._headline_present(tok)

    def _headline_present(self, tok: Token) -> bool:
        """Whether a present-tense sentence tells news: a text's first line (a headline or caption), or a photo
        caption dated at its end ("police fire tear gas ..., Tuesday, May 4": a weekday or month anywhere)."""
        if tok.sent.start == 0:
            return True
        return any(t.ent_type_ == "DATE" and t.lower_.rstrip(".") in self.calendar for t in tok.sent)

    def _noun_is_event(self, tok: Token, verb: Token, headline_ok: bool = False) -> bool:
        """A noun trigger counts when it has its own place, date or figure, or is the subject/object of a past verb."""
        slot = tok.head if _before_adverb(tok) else tok  # "investigated shootings downtown": the phrase's slot
        for t in tok.subtree:
            if t.i == tok.i:
                continue
            if t.ent_type_ in ("DATE", "GPE", "LOC", "FAC") or t.like_num:
                return True
        if headline_ok and tok.dep_ == "ROOT" and tok.sent.start == 0 and not any(t.tag_ in _FINITE for t in tok.sent) \
                and not any(not t.is_space for t in tok.doc[tok.sent.end:]):
            # a text that is only the event's name ("Protests against bus fare rises", "Ethnic clashes"); a title
            # over a story ("Clash near Harbel") names what the story tells again
            return True
        tense = verb
        if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "conj") and verb.head.pos_ in ("VERB", "AUX") \
                and token_lemma(verb) in self.lex.cue("consequence_verbs"):
            tense = verb.head  # "shot a man on Monday, sparking protests": what a past happening set off
        past = tense.tag_ == "VBD" or (tense.tag_ in _PRESENT and self._headline_present(tense)) or any(
            c.lemma_ == "have" for c in tense.children if c.dep_ == "aux") or any(
            c.tag_ == "VBD" for c in tense.children if c.dep_ in ("aux", "auxpass"))
        if slot.dep_ in ("nsubj", "nsubjpass", "dobj") and past:
            return not (verb.lemma_ in self.lex.cue("generic_subject_verbs") and slot.dep_ == "nsubj" and verb.tag_ != "VBD")
        if slot.dep_ == "pobj" and past and slot.head.head.i == verb.i and slot.head.lower_ in ("in", "during", "after", "amid"):
            return token_lemma(verb) in _JOIN_VERBS  # "took part in a protest" tells it; "killed in an attack" no more
        if slot.dep_ == "pobj" and past and slot.head.head.i == verb.i and slot.head.lower_ == "at":
            return True  # "officers joined residents at a peaceful protest": the protest is where a past thing happened
        return False


# verbs that tell only harm done, the wounded of a happening ("were wounded", "injuring two")
_HARM_ONLY = frozenset({"injure", "wound", "maim"})


def _tolls_told_by_noun(doc: Doc, mentions: list[Mention], body_words: frozenset[str] = frozenset()) -> list[Mention]:
    """"Five were injured in a clash of the two camps": the wounded are the toll of the
    happening the event noun tells; where that noun is itself an event mention, the harm verb is no event beside
    it (it would anchor the event and hide the noun's parties). Told alone ("were injured in the clashes", the
    noun with nothing of its own), the harm verb stays the event, unless the toll goes on from one told before
    ("another 20 were injured"), or names it again by the word it was told with ("two guards were wounded in the
    attack" after "the attack" or "attacked" was told): then the wounded are that happening's (the figures stage
    gives them to it). A definite noun told for the first time ("in the standoff") may name another happening.
    Bodies found (`body_words` as the verb's object or passive subject) after a harming happening told in an earlier
    sentence are its dead, no new killing."""
    at = {m.token_i for m in mentions}
    out: list[Mention] = []
    for m in mentions:
        tok = doc[m.token_i]
        if m.lemma in _HARM_ONLY and any(
                c.dep_ == "prep" and c.lower_ in ("in", "during") and any(g.dep_ == "pobj" and g.i in at for g in c.children)
                for c in tok.children):
            continue
        before = [o for o in out if o.type in _HARM_TYPES and doc[o.token_i].sent.start < tok.sent.start
                  and tok.sent.start - doc[o.token_i].sent.start <= 300]
        if m.lemma in _HARM_ONLY and before and (
                _further_toll(tok) or _named_back(tok, {token_lemma(doc[o.token_i]) for o in before})):
            continue
        if before and tok.pos_ == "VERB" and any(
                c.dep_ in ("dobj", "nsubjpass") and token_lemma(c) in body_words for c in tok.children):
            continue
        out.append(m)
    return out


# the types of happenings that harm people: a toll told after one of them may be its toll
_HARM_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"})
_FURTHER = frozenset({"another", "other", "others", "more", "also"})


def _named_back(tok: Token, event_words: set[str]) -> bool:
    """"wounded in the attack", "injured in this blast": a definite noun naming a happening told before by that
    word (`event_words`: the lemmas of the mentions told before)."""
    return any(c.dep_ == "prep" and c.lower_ in ("in", "during", "by") and any(
        g.dep_ == "pobj" and token_lemma(g) in event_words
        and any(d.dep_ == "det" and d.lower_ in ("the", "this", "that", "these", "those") for d in g.children)
        for g in c.children) for c in tok.children)


def _further_toll(tok: Token) -> bool:
    """"Another 20 were injured", "eight others were wounded", "12 more were hurt", "two civilians were also
    wounded": the count goes on from a toll told before, so its wounded are of that happening, not a new one."""
    if any(c.dep_ == "advmod" and c.lower_ == "also" for c in tok.children):
        return True
    subj = next((c for c in tok.children if c.dep_ in ("nsubjpass", "nsubj")), None)
    if subj is None:
        return False
    return subj.lower_ in _FURTHER or any(t.lower_ in _FURTHER for t in subj.subtree if t.i < subj.i or t.head.i == subj.i)


def register_extensions() -> None:
    """Declare the Doc attribute the component writes (once per process)."""
    if not Doc.has_extension(EXTENSION):
        Doc.set_extension(EXTENSION, default=None)


class TriggersComponent:
    """spaCy component writing doc._.sitrep_mentions (the event mentions)."""

    def __init__(self, finder: TriggerFinder | None = None) -> None:
        register_extensions()
        self.finder = finder or TriggerFinder()

    def __call__(self, doc: Doc) -> Doc:
        """Annotate one Doc."""
        doc._.sitrep_mentions = self.finder(doc)
        return doc


def make_triggers(nlp: Language, name: str) -> TriggersComponent:
    """Factory for the event-trigger component."""
    from sitrep.actors import ActorNamer

    namer = ActorNamer()
    return TriggersComponent(TriggerFinder(actor_kind=namer.kind_of))


# Registered once per process: importing this module again (or through the sitrep.triggers shim) finds the
# factory already there and leaves it. It reads the parse, tags, lemmas and entities of the model's pipes.
if not Language.has_factory(FACTORY):
    Language.factory(
        FACTORY, assigns=[f"doc._.{EXTENSION}"],
        requires=["token.dep", "token.head", "token.tag", "token.lemma", "token.ent_type"], func=make_triggers,
    )


def _perfect_infinitive(tok: Token) -> bool:
    """"Rebels claimed to have killed", "he is believed to have fled": a perfect infinitive tells something already
    done (its head, a claim or a belief, says who tells it), not a purpose or a plan as "to kill" does. Not when the
    claim describes someone ("the men, believed to have carried out the attack", "a group said to have killed
    hundreds"): that says who they are by a happening told elsewhere or a record."""
    if tok.tag_ != "VBN" or not any(c.dep_ == "aux" and c.lower_ == "have" for c in tok.children):
        return False
    return tok.dep_ != "xcomp" or tok.head.dep_ not in ("acl", "relcl")


def _participle_clause(tok: Token) -> bool:
    """An -ing clause hung on a verb with no subordinator ("attacked the town, killing five"): it tells a part or a
    result of that verb's happening, with that verb's tense and mood."""
    return tok.dep_ == "advcl" and tok.tag_ == "VBG" and not any(c.dep_ == "mark" for c in tok.children)


# child_any markers (triggers.yaml): the trigger's object, or its subject when passive, is a named place
# ("captured Badme", "Knin was captured") or a person
# ("captured Ocalan", "he was captured"); with a marker, the entry's other child_any words too count only there
# ("@object": no more than that the entry's words count only as the object: "took the town", not "in a village";
# "@object" alone: the verb has an object or a passive subject, whatever it is)
_PLACE_MARK, _PERSON_MARK, _OBJECT_MARK = "@place", "@person", "@object"
_MARKS = frozenset({_PLACE_MARK, _PERSON_MARK, _OBJECT_MARK})
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
_NOT_PERSON_ENTS = _PLACE_ENTS | {"NORP", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW", "LANGUAGE", "DATE", "TIME", "MONEY"}
_OBJECT_DEPS = frozenset({"dobj", "nsubjpass"})
# an object that is a part or a share of what follows "of" ("parts of Laghman", "control of the town"; not "the mood
# of the city")
_PART_WORDS = frozenset({"part", "parts", "most", "much", "all", "half", "rest", "remainder", "section", "portion",
                         "outskirts", "outskirt", "swathe", "swath", "chunk", "side", "edge", "control", "some", "areas",
                         "third", "quarter", "fifth", "percent", "majority", "bulk", "swathes"})
# a count standing alone for people told before ("the two were captured", "most were captured")
_BARE_COUNTS = frozenset({"many", "several", "few", "most", "some", "all", "both", "rest", "others", "dozens",
                          "hundreds", "thousands", "scores"})
# an object that counts what follows "of" ("four of the suspects were captured", "many of them", "a series of towns"):
# what was taken is the noun after "of"
_COUNT_WORDS = frozenset({"many", "several", "few", "dozen", "dozens", "hundred", "hundreds", "thousand", "thousands",
                          "score", "scores", "one", "each", "both", "none", "number", "series", "string", "handful",
                          "group", "couple", "pair", "any", "those"})


def _objects(tok: Token) -> list[Token]:
    """The verb's object or passive subject, with their conjuncts and the noun after "of" ("parts of Laghman");
    for a noun, the noun after its own "of" ("the capture of the town")."""
    out = [c for c in tok.children if c.dep_ in _OBJECT_DEPS]
    if tok.pos_ in ("NOUN", "PROPN"):
        out.extend(g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj")
    for o in list(out):
        out.extend(c for c in o.children if c.dep_ in ("conj", "appos"))  # "Manbij, a mainly Arab town, was taken"
    for o in list(out):
        if token_lemma(o) in _PART_WORDS or o.lower_ in _COUNT_WORDS or token_lemma(o) in _COUNT_WORDS or o.like_num:
            out.extend(g for c in o.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj")
    return out


def _object_marked(tok: Token, wanted: frozenset[str], actor_kind=None) -> bool:
    """Whether a marker of `wanted` holds for the verb's object: a place or a person (see _PLACE_MARK). A phrase
    that names an actor (actors.yaml: "gunmen", "police", "civilians") is people too."""
    place, person = _PLACE_MARK in wanted, _PERSON_MARK in wanted
    if wanted == {_OBJECT_MARK}:
        return bool(_objects(tok))  # "@object" alone: the verb has an object ("targeted a checkpoint"), any
    for o in _objects(tok):
        if token_lemma(o) in wanted or o.lower_ in wanted:
            return True
        if person and actor_kind is not None and o.pos_ in ("NOUN", "PROPN") and actor_kind(o) is not None:
            return True
        if person and o.dep_ == "nsubjpass" and (o.like_num or o.lower_ in _BARE_COUNTS) \
                and not any(c.dep_ == "prep" for c in o.children):
            return True  # "the two were captured", "most were captured": a bare count taken is of people told before
        if place and (o.ent_type_ in _PLACE_ENTS or _found_place(o)):
            return True
        if person and (o.ent_type_ == "PERSON" or (o.tag_ == "PRP" and o.lower_ not in ("it", "itself"))
                       or (o.ent_type_ == "NORP" and o.tag_ in ("NNS", "NNPS"))  # "captured two Palestinians"
                       or (o.dep_ == "nsubjpass" and o.pos_ == "PROPN" and o.ent_type_ not in _NOT_PERSON_ENTS)):
            # "Montesinos was captured in Venezuela": a name captured is a person unless the model calls it a place
            return True
    return False


def _before_adverb(tok: Token) -> bool:
    """A plural event noun read as the modifier of a place or time adverb ("shootings downtown", also with the
    words in quotes: 'police investigated "several shootings" downtown')."""
    head = tok.head
    return tok.dep_ in ("compound", "nmod") and tok.tag_ == "NNS" and head.lower_ in _NOUNLIKE_ADVERBS \
        and tok.i < head.i <= tok.i + 2 and all(t.is_quote for t in tok.doc[tok.i + 1:head.i])


def _found_place(tok: Token) -> bool:
    """Whether the place finder (run before the triggers) read a proper noun object as a place ("captured Goma",
    which the small model may tag as a person). Not a passive subject: "Montoya was captured" is most often a man."""
    if tok.pos_ != "PROPN" or tok.dep_ != "dobj" or not Doc.has_extension("sitrep_places"):
        return False
    return any(m.kind == "place" and m.start <= tok.idx < m.end for m in tok.doc._.sitrep_places or ())


def _doer(tok: Token) -> Token | None:
    """Who did it: the subject, or for a passive verb the agent ("was captured by rebels"); None if not told."""
    subj = subject_of(tok)
    if subj is not None and subj.dep_ == "nsubjpass":
        agent = next((c for c in subj.head.children if c.dep_ == "agent"), None)
        subj = None if agent is None else next((g for g in agent.children if g.dep_ == "pobj"), None)
    return _crowd_of(subj) if subj is not None else None


def _crowd_of(tok: Token) -> Token:
    """"Hundreds of protesters", "a group of gunmen": the people the number or group is of, else the word itself."""
    if token_lemma(tok) not in _CROWD_HEADS and not tok.like_num:
        return tok
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            return next((g for g in c.children if g.dep_ == "pobj"), tok)
    return tok
