"""A paragraph after a line with no closing stop (a title, a subheading, a photo credit) starts a sentence, and the
sentence keeps its first word: the parser, given the start, used to end the sentence after that word ("Orders\n\n
Security | sources said ..."), parting the subject from its verb. Texts of our own."""
from __future__ import annotations

import pytest

from sitrep.records import Article

pytestmark = pytest.mark.model


@pytest.mark.parametrize("head", ["Iraq", "Arrest orders", "Photo: a checkpoint near the city. REUTERS/Jane Roe"])
def test_the_first_word_of_a_paragraph_stays_in_its_sentence(pipe, head: str) -> None:  # noqa: ANN001
    text = head + "\n\nGunmen killed three soldiers near Mosul on Monday, the army said."
    doc = pipe.extractor.parse(text)
    sents = [s.text.strip() for s in doc.sents]
    assert "Gunmen killed three soldiers near Mosul on Monday, the army said." in sents, sents
    evs = pipe.extract(Article(id="t", text=text, published="2021-04-20"))
    assert [v.text for e in evs for v in e.evidence][:1] == [sents[-1]], evs

