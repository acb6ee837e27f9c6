"""No Doc outlives its article: the event-place cache is keyed weakly by the Doc, and nothing in its values may
hold the Doc (a Span does), or every article with an event stays in memory for the life of the process (a worker,
a Ray actor, `sitrep watch`). Test sentences of our own."""
from __future__ import annotations

import gc


def test_the_event_place_cache_lets_each_doc_go() -> None:
    from sitrep.pipeline import Pipeline
    from sitrep.records import Article
    from sitrep.resolve import event_place

    pipe = Pipeline()
    for n in range(3):
        events = pipe.extract(Article(id=f"d{n}", published="2024-05-02", text=(
            "Gunmen attacked a police post in Kano on Tuesday, killing two officers, police said. "
            "Residents of Kano said the shooting lasted an hour.")))
        assert events and events[0].where is not None
    gc.collect()
    assert len(event_place._BY_DOC) == 0
