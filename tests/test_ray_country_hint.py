"""The article's country hint travels to the Ray actors with the rest of the article (no Ray needed: the rows
and the Arrow schema that carry articles to the actor pool)."""
from __future__ import annotations


def test_an_articles_country_hint_reaches_the_actor() -> None:
    import pyarrow as pa

    from sitrep.engines.ray_engine import ARTICLE_FIELDS, _ARTICLE_SCHEMA, article_of
    from sitrep.records import Article

    sent = [Article(id="a", text="Gunmen attacked Paris on Monday.", published="2024-05-02", country="US"),
            Article(id="b", text="Police arrested two men in Lyon on Friday.", published="2024-05-03")]
    rows = [{"seq": i, **{f: getattr(a, f) for f in ARTICLE_FIELDS}} for i, a in enumerate(sent)]
    got = [article_of(r) for r in pa.Table.from_pylist(rows, schema=_ARTICLE_SCHEMA()).to_pylist()]
    assert got == sent
    assert [a.country for a in got] == ["US", None]
