"""The fold stage: a dated event told with no place of its own takes the place of an event of its family told
BEFORE it, never of one told after it on another day (a place is told before what refers to it). Test sentences
of our own."""
from __future__ import annotations

import pytest

from test_one_happening import _brief, _events

pytestmark = pytest.mark.model


def test_a_placeless_lead_does_not_take_a_later_days_town(pipe) -> None:  # noqa: ANN001
    evs = _events(pipe, "Crackdown\n\nSecurity forces shot dead at least 30 protesters on Saturday, witnesses said."
                        "\n\nTroops opened fire on a funeral in Lira on Sunday, killing two mourners.")
    lead = [e for e in evs if e.when.start == "2021-04-17"]
    assert len(lead) == 1, _brief(evs)
    # (the report's only town may still be given as the article's town, marked so: `where.strategy` article-town)
    assert lead[0].where is None or lead[0].where.name != "Lira" or lead[0].where.strategy == "article-town", \
        lead[0].where
