"""The event's place from the article around its sentence, when the sentence names none (events/context_place.py):
"there" refers back and never forward, a paragraph's fronted place frames what it goes on to tell, and a next
sentence that tells no happening of its own gives the place (sentences written for these tests)."""
from __future__ import annotations

import pytest

from sitrep.records import Article


def _places(extractor, text: str, published: str = "2024-03-12") -> dict[str, str | None]:  # noqa: ANN001
    """{first evidence sentence: place name} of the article's events."""
    art = Article(id="t", text=text, title="Test report", published=published)
    return {e.evidence[0].text: (e.where.name if e.where else None) for e in extractor.extract(art)}


@pytest.mark.model
def test_there_refers_back_not_to_a_later_paragraph(extractor) -> None:  # noqa: ANN001
    got = _places(extractor, "A bomb exploded in a crowded market in Lahore on Monday, killing six people, police said.\n\n"
                  "It was the second attack on the market this year. In February, a suicide bomber killed nine "
                  "shoppers there.\n\nThe government condemned the bombing.\n\n"
                  "Last month's attack on a police convoy in Quetta killed four officers.")
    feb = [k for k in got if "February" in k or "second attack" in k]
    assert feb and got[feb[0]] == "Lahore"


@pytest.mark.model
def test_a_roundup_paragraph_frames_its_later_sentences(extractor) -> None:  # noqa: ANN001
    got = _places(extractor, "Demonstrations over the shooting spread to many cities on Saturday.\n\n"
                  "- In Dayton, Ohio, marchers blocked a highway on Saturday. Officers used pepper spray to push "
                  "them back. Later, a group of men smashed the windows of a bank downtown.\n\n"
                  "- In Boise, a crowd rallied outside the statehouse on Saturday.", published="2024-06-02")
    smashed = [k for k in got if "smashed" in k]
    assert smashed and got[smashed[0]] == "Dayton"


def test_fronted_lead_in_words() -> None:
    from types import SimpleNamespace

    from sitrep.events.context_place import lead_in
    from sitrep.lexicon import load_lexicon

    ctx = SimpleNamespace(lex=load_lexicon())
    for before in ("", "In ", "- In ", "\u2014 And in ", "Back in ", "Elsewhere in ", "Meanwhile, in "):
        assert lead_in(ctx, before), before  # type: ignore[arg-type]
    for before in ("Police in ", "Protesters marched in ", "The mayor of "):
        assert not lead_in(ctx, before), before  # type: ignore[arg-type]


@pytest.mark.model
def test_there_names_the_last_place_told_not_an_earlier_town(extractor) -> None:  # noqa: ANN001
    got = _places(extractor, "Rebels seized the airport of Kidal in January.\n\nSince then the unrest has spread "
                  "across Mali.\n\nGunmen killed 40 villagers there on Monday.")
    monday = [k for k in got if "villagers" in k]
    assert monday and got[monday[0]] == "Mali"


@pytest.mark.model
def test_there_takes_the_town_named_in_its_province(extractor) -> None:  # noqa: ANN001
    got = _places(extractor, "Troops fought rebels in the town of Bauchi in Bauchi state on Monday.\n\n"
                  "The next day, soldiers arrested 12 men there.")
    arrested = [k for k in got if "arrested" in k]
    assert arrested and got[arrested[0]] == "Bauchi"


@pytest.mark.model
def test_the_same_site_is_where_it_was_first_told(extractor) -> None:  # noqa: ANN001
    got = _places(extractor, "A bomb exploded in a crowded market in Lahore on Monday, killing six people, police "
                  "said.\n\nIt was the second attack on the market this year.\n\nIn February, a suicide bomber killed "
                  "nine shoppers at the same market.\n\nLast month an attack on a police convoy in Quetta killed four "
                  "officers.")
    feb = [k for k in got if "February" in k]
    assert feb and got[feb[0]] == "Lahore"


@pytest.mark.model
def test_a_place_fronted_mid_paragraph_frames_what_follows(extractor) -> None:  # noqa: ANN001
    got = _places(extractor, "Protests over the ruling spread to several cities on Saturday. In Tulsa, marchers "
                  "blocked a bridge on Saturday. Officers fired tear gas. Later, a group of men smashed the windows "
                  "of a bank.", published="2024-06-02")
    smashed = [k for k in got if "smashed" in k]
    assert smashed and got[smashed[0]] == "Tulsa"


@pytest.mark.model
def test_adverbs_that_refer_back(model) -> None:  # noqa: ANN001
    from types import SimpleNamespace

    from sitrep.events.context_place import refers_back
    from sitrep.lexicon import load_lexicon

    ctx = SimpleNamespace(lex=load_lexicon())
    for text, word, want in [("An hour later, a second bomb went off nearby.", "went", True),
                             ("Gunmen killed two guards there on Friday.", "killed", True),
                             ("There were clashes on Friday.", "clashes", False),
                             ("Gunmen attacked a nearby village.", "attacked", False)]:
        doc = model(text)
        tok = next(t for t in doc if t.text == word)
        assert refers_back(ctx, tok) is want, text  # type: ignore[arg-type]
