"""Web text read as such (issue 11, item 5): photo credits in their several forms make a caption, and a
related-story line ("SEE ALSO: ...") is another story's headline, never a sentence that makes an event.
Test sentences of our own."""
from __future__ import annotations

import pytest

from sitrep.records import Article
from sitrep.resolve.dateline import is_caption, related_line_spans


@pytest.mark.parametrize("paragraph", [
    "Protesters block the road to the harbour [Jane Roe/Agency]",
    "Troops move in to clear the square in the capital, Sunday, May 2, 2021.AP Photo",
    "Firefighters work near the depot. Photograph: Jane Roe/Agency",
    "A view of the port at dusk. Picture taken May 2, 2021. AGENCY/Jane Roe",
])
def test_credit_lines_of_every_form_make_a_caption(paragraph: str) -> None:
    assert is_caption(paragraph)


@pytest.mark.parametrize("paragraph", [
    "Soldiers patrolled a street in Harbel on Sunday (the third day of the curfew).",
    "The deal was signed by the US/UK",
    "He said the photo was faked.",
    "Police fired on the crowd [sic], witnesses said.",
])
def test_story_sentences_are_no_captions(paragraph: str) -> None:
    assert not is_caption(paragraph)


def test_related_story_lines_are_found_by_their_label() -> None:
    text = ("Rebels took the town.\nSEE ALSO: Gunmen kill ten in raid\nRelated to the talks, rebels said more.\n"
            "Read more - Troops fire on a crowd\nRelated stories: Floods hit the coast\n")
    got = [text[a:b] for a, b in related_line_spans(text)]
    assert got == ["SEE ALSO: Gunmen kill ten in raid", "Read more - Troops fire on a crowd",
                   "Related stories: Floods hit the coast"]


@pytest.mark.model
def test_a_related_story_line_makes_no_event() -> None:
    from sitrep.pipeline import Pipeline

    text = ("Clash in Gbarnga\n\nSoldiers and rebels clashed in Gbarnga, Liberia, on Sunday, killing four fighters.\n\n"
            "SEE ALSO: Gunmen abducted twelve pupils from a school in Kano on Friday\n\n"
            "The army said calm had returned to the town.")
    evs = Pipeline().extract(Article(id="t", text=text, published="2021-04-19"))
    assert evs, "the clash is an event"
    assert not [e for e in evs if e.where is not None and e.where.name == "Kano"], [
        (e.subtype, e.where and e.where.name) for e in evs]
    assert not [e for e in evs if e.subtype == "Abduction/forced disappearance"]
