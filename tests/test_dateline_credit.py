"""An embedded post's credit line ('— Name (@handle) March 3, 2021') is a line about the report, like a dateline:
it never dates an event (issue 11, item 3). Test sentences of our own."""
from __future__ import annotations


def test_an_embedded_posts_credit_is_a_line_about_the_report() -> None:
    from sitrep.resolve.dateline import in_spans, meta_line_spans

    text = ("Officials said 40 people were hurt #Harbel pic.twitter.com/AbC123 \u2014 Harbel News (@harbelnews) "
            "March 3, 2021\n\nThe army said the clashes ended on Friday.")
    spans = meta_line_spans(text)
    assert in_spans(text.index("March 3"), spans)
    assert not in_spans(text.index("Friday"), spans) and not in_spans(text.index("Officials"), spans)
