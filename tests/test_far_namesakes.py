"""A town name the gazetteer lacks is not resolved to a small namesake in a country the article never names
(resolve/places.py FAR_KM). Test sentences of our own."""
from __future__ import annotations

import pytest

from test_one_happening import _brief

pytestmark = pytest.mark.model


def test_a_town_the_gazetteer_lacks_is_not_a_namesake_village_of_an_unnamed_neighbour(pipe) -> None:  # noqa: ANN001
    from sitrep.records import Article

    evs = pipe.extract(Article(id="t", published="2021-04-20", text=(
        "Fuel blockade\n\nLA PAZ, Bolivia (Agency) - Truckers blocked roads into La Paz on Monday.\n\n"
        "On Sunday, protesters in El Alto burned tyres and blocked the main highway to Oruro.")))
    assert all(e.where is None or e.where.country == "BO" for e in evs), _brief(evs)


def test_a_site_named_by_a_faith_or_people_is_no_named_site(pipe) -> None:  # noqa: ANN001
    from sitrep.records import Article

    evs = pipe.extract(Article(id="t", published="2021-04-20", text=(
        "Mosque blast\n\nA suicide bomber blew himself up inside a Shi'ite mosque in eastern Uganda during Friday "
        "prayers, killing 12 worshippers, police said.")))
    assert evs and all(e.where is None or "Shi" not in (e.where.text or "") for e in evs), _brief(evs)
