"""A report's lead tells its main happening; the body then goes through it. An undated happening the lead tells
at a town, told again undated at that town later in the story, is one happening, however far apart the two
tellings are. Two undated tellings at a town neither of which is the lead's may be two happenings and stay apart.
Test text of our own."""
from __future__ import annotations

import pytest

from sitrep.records import Article

FILLER = ("The government has promised to restore order in the region.\n\n"
          "Aid agencies have warned of food shortages.\n\n"
          "The rebel movement wants more autonomy for the north.\n\n")


def _events(pipe, text: str) -> list[tuple[str, str | None]]:  # noqa: ANN001
    evs = pipe.extract(Article(id="t", title="Fighting in the north", text=text, published="2020-06-07"))
    return [(e.subtype, e.where.name if e.where else None) for e in evs]


@pytest.mark.model
def test_the_leads_happening_told_again_at_its_town_is_one(pipe) -> None:  # noqa: ANN001
    text = ("Rebels fought soldiers in the town of Harbel, residents said.\n\n" + FILLER
            + "Soldiers exchanged fire with rebels near the market in Harbel, a witness said.")
    assert _events(pipe, text) == [("Armed clash", "Harbel")]


@pytest.mark.model
def test_two_undated_tellings_in_the_body_stay_apart(pipe) -> None:  # noqa: ANN001
    text = ("Rebels fought soldiers in the town of Gbarnga, residents said.\n\n"
            "Soldiers exchanged fire with rebels near the market in Harbel, a witness said.\n\n" + FILLER
            + "Rebels fought troops in Harbel again, a witness said.")
    assert _events(pipe, text).count(("Armed clash", "Harbel")) == 2
