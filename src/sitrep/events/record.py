"""Drafts to Event records, in the order they are first told."""
from __future__ import annotations

from sitrep.records import Event, Evidence, Source, event_id

from .common import historical
from .context import DocContext, Draft


def events_of(ctx: DocContext, drafts: list[Draft]) -> list[Event]:
    """The events of the finished drafts, ordered by where they are first told."""
    return [event_of(ctx, d) for d in sorted(drafts, key=lambda d: min(d.sents))]


def event_of(ctx: DocContext, d: Draft) -> Event:
    art = ctx.article
    evidence = []
    for si in sorted(d.sents):
        s = ctx.sents[si]
        text = s.text.strip()
        start = s.start_char + (len(s.text) - len(s.text.lstrip()))
        if art.text[start:start + len(text)].lower() == text.lower():
            text = art.text[start:start + len(text)]  # the article's own words (a lower-cased text was recased)
        evidence.append(Evidence(text=text, start=start, end=start + len(text)))
    sources = tuple(d.sources) or (Source(text="", name=art.source, kind="reporter"),)
    trigger = ctx.doc[d.anchor.token_i].text
    return Event(
        id=event_id(art.id, d.type, d.subtype, evidence[0].start if evidence else 0, trigger, d.part),
        article=art.id, type=d.type, subtype=d.subtype, plover=d.plover,
        actor1=d.actor1, actor2=d.actor2, where=d.where, when=d.when,
        killed=d.counts.get("killed"), injured=d.counts.get("injured"), arrested=d.counts.get("arrested"),
        participants=d.counts.get("participants"), released=d.counts.get("released"),
        sources=sources, certainty=d.certainty, historical=historical(ctx, d), evidence=tuple(evidence),
        articles=(art.id,), trigger=trigger,
    )
