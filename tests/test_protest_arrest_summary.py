"""Arrests told in the present perfect at protests are one intervention, not a tally (sentences written here).

The real model is loaded once for the module.
"""
from __future__ import annotations

import pytest

from sitrep.records import Article

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def pipe():  # noqa: ANN201
    """The real pipeline, loaded once for this module."""
    from sitrep.pipeline import Pipeline

    return Pipeline()


def _subtypes(pipe, text: str) -> list[str]:  # noqa: ANN001
    return [e.subtype for e in pipe.extract(Article(id="t", text=text, published="2022-03-02"))]


def test_arrests_during_protests_are_a_protest_with_intervention(pipe) -> None:  # noqa: ANN001
    text = "Several students have been arrested during unauthorised protests in two cities against the new tax law."
    assert _subtypes(pipe, text) == ["Protest with intervention"]


def test_deaths_in_clashes_stay_a_summary(pipe) -> None:  # noqa: ANN001
    assert _subtypes(pipe, "Dozens have been killed in clashes between the two militias.") == []
