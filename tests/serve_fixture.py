"""A small store for the `sitrep serve` tests (no spaCy: hand-made records over our own made-up sentences),
and a server on 127.0.0.1 running it in a thread.

The store holds: two reports of one ambush in Alderford (5 killed in one, 12 in the other: they merge into one
happening), a protest in Cressington, a historical battle in Dunmere, a shelling in a far-off Eastvale, and a
hostile article whose title, text, actor names, place and URL carry markup and script."""
from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Iterator

from sitrep.dedup.cluster import recluster
from sitrep.records import Actor, Article, Count, Event, Evidence, Place, Source, When, stable_hash
from sitrep.store import Store, WriteBatch

HOSTILE_TITLE = '<script>alert("title")</script> Riot in <img src=x onerror=alert(1)>'
HOSTILE_SENTENCE = ('A crowd rioted <script>alert("text")</script> near the <img src=x onerror=alert(2)> depot and '
                    '<a href="javascript:alert(3)">burned</a> two lorries, witnesses said.')
HOSTILE_ACTOR = '<svg onload=alert(4)>Rioters'
HOSTILE_PLACE = '<b onmouseover=alert(5)>Fernwick</b>'
MARKUP = ("<script", "<img", "<svg", "<b ", "<a ")


def _span(text: str, sentence: str) -> Evidence:
    start = text.index(sentence)
    return Evidence(sentence, start, start + len(sentence))


def _event(article: Article, sentence: str, *, type_: str, subtype: str, place: Place, day: str,
           killed: Count | None = None, actor1: Actor | None = None, actor2: Actor | None = None,
           historical: bool = False, certainty: str = "reported", n: int = 0) -> Event:
    return Event(id=stable_hash(article.id, n), article=article.id, type=type_, subtype=subtype, plover="ASSAULT",
                 actor1=actor1, actor2=actor2, where=place, when=When(day, day, day, "day"), killed=killed,
                 sources=(Source("officials", None, "official"),), certainty=certainty, historical=historical,
                 evidence=(_span(article.text, sentence),), trigger="x")


ALDERFORD = Place("Alderford", "Alderford", 1001, "place", "North Vale", "NG", 10.0, 20.0, 1)
CRESSINGTON = Place("Cressington", "Cressington", 1002, "place", "South Vale", "KE", -1.0, 37.0, 1)
DUNMERE = Place("Dunmere", "Dunmere", 1003, "place", "West Vale", "SY", 35.0, 38.0, 1)
EASTVALE = Place("Eastvale", "Eastvale", None, "admin1", "Eastvale", "UA", 48.0, 37.5, 3)
FERNWICK = Place(HOSTILE_PLACE, HOSTILE_PLACE, 1005, "place", "<i>Vale</i>", "CO", 4.6, -74.0, 1)

AMBUSH_A = "Gunmen ambushed a convoy outside Alderford on Tuesday, killing five soldiers, officials said."
AMBUSH_B = "Gunmen ambushed an army convoy outside Alderford on Tuesday and killed twelve soldiers, officials said."
PROTEST = "Hundreds of teachers marched through Cressington on Friday to demand unpaid wages."
HISTORY = "In 1998 rebels fought the army for a week in Dunmere."
SHELLING = "Artillery shelled villages across Eastvale overnight, regional officials said."


def build_store(path: Path) -> Path:
    """Write the small store at `path` (and merge its reports, as ingest does); the path."""
    gunmen = Actor("Gunmen", "Unidentified Armed Group", "rebels", "NG")
    army = Actor("soldiers", "Military Forces of Nigeria", "state_forces", "NG")
    a1 = Article(id="ambush-wire", title="Convoy ambushed near Alderford", published="2024-03-06",
                 source="Wire One", url="https://news.example/ambush",
                 text=f"Convoy ambushed near Alderford\n\n{AMBUSH_A} The road was closed afterwards.")
    a2 = Article(id="ambush-herald", title="Twelve soldiers killed in Alderford ambush", published="2024-03-06",
                 source="Herald Two", url="javascript:alert('url')",
                 text=f"Twelve soldiers killed\n\nALDERFORD - {AMBUSH_B} Residents heard gunfire for an hour.")
    a3 = Article(id="teachers", title="Teachers march in Cressington", published="2024-03-09", source="Wire One",
                 text=f"Teachers march\n\n{PROTEST} The march ended peacefully.")
    a4 = Article(id="history", title="Dunmere remembers", published="2024-03-10", source="Wire One",
                 text=f"Dunmere remembers\n\n{HISTORY} The town now holds a yearly memorial.")
    a5 = Article(id="shelling", title="Shelling across Eastvale", published="2024-03-20", source="Gazette Three",
                 text=f"Shelling\n\n{SHELLING} No casualty figures were given.")
    a6 = Article(id="hostile", title=HOSTILE_TITLE, published="2024-03-12", source="<script>src</script>",
                 url="javascript:alert(6)", text=f"Lorries burned\n\n{HOSTILE_SENTENCE} Police arrived later.")
    records = [
        (a1, [_event(a1, AMBUSH_A, type_="Battles", subtype="Armed clash", place=ALDERFORD, day="2024-03-05",
                     killed=Count(5, 5, 5, "five"), actor1=gunmen, actor2=army)]),
        (a2, [_event(a2, AMBUSH_B, type_="Battles", subtype="Armed clash", place=ALDERFORD, day="2024-03-05",
                     killed=Count(12, 12, 12, "twelve"), actor1=gunmen, actor2=army)]),
        (a3, [_event(a3, PROTEST, type_="Protests", subtype="Peaceful protest", place=CRESSINGTON, day="2024-03-08",
                     actor1=Actor("teachers", "Teachers", "protesters", "KE"), certainty="confirmed")]),
        (a4, [_event(a4, HISTORY, type_="Battles", subtype="Armed clash", place=DUNMERE, day="1998-05-01",
                     historical=True)]),
        (a5, [_event(a5, SHELLING, type_="Explosions/Remote violence", subtype="Shelling/artillery/missile attack",
                     place=EASTVALE, day="2024-03-19", certainty="claimed")]),
        (a6, [_event(a6, HOSTILE_SENTENCE, type_="Riots", subtype="Violent demonstration", place=FERNWICK,
                     day="2024-03-11", actor1=Actor(HOSTILE_ACTOR, HOSTILE_ACTOR, "rioters", "CO"))]),
    ]
    with Store.open(path) as store:
        store.write_batch(WriteBatch([(a, evs, "fixture") for a, evs in records]))
        recluster(store)
    return path


@contextlib.contextmanager
def running(db: Path, **kwargs: object) -> Iterator[str]:
    """A sitrep server on 127.0.0.1 (a free port) in a thread; its base URL."""
    from sitrep.serve import Server

    server = Server(db, host="127.0.0.1", port=0, **kwargs)  # type: ignore[arg-type]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.url
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.close()
