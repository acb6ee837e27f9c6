"""A definite event noun ("the attack") is dated by its own clause only: a date of a conjoined clause belongs to
that clause ("condemned the attack and declared Wednesday a day of mourning"). Test sentences of our own."""
from __future__ import annotations

import pytest

from sitrep.records import Article


@pytest.mark.model
def test_a_conjoined_clause_does_not_date_the_attack_referred_back_to() -> None:
    from sitrep.pipeline import Pipeline

    text = ("Market attack in Gbarnga\n\nGunmen attacked a crowded market in Gbarnga, Liberia, on Sunday, killing "
            "four traders.\n\nThe president strongly condemned the attack and declared Wednesday a day of national "
            "mourning, his spokesman said.")
    evs = Pipeline().extract(Article(id="t", text=text, published="2021-04-19"))
    attacks = [e for e in evs if e.type == "Violence against civilians"]
    assert attacks, [(e.type, e.when) for e in evs]
    assert all(e.when.start in (None, "2021-04-18") for e in attacks), [(e.subtype, e.when) for e in attacks]
