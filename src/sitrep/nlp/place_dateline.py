"""The dateline in capitals a report opens with ("RIO DE JANEIRO — ", "KABUL, Afghanistan (Reuters) - "): its
pattern and the place name it opens with, read by the place finder (the other readings of datelines live in
`sitrep.resolve.dateline`, which re-exports these)."""
from __future__ import annotations

import re

# a dateline in capitals at the start of a line
LEAD_DATELINE = re.compile(r"\s*[A-Z][A-Z .'\u2019-]{2,40}(?:,[^\n]{0,60}?)?\s*(?:\([^)\n]{1,40}\))?\s*[-\u2013\u2014]{1,2}\s")
DATELINE_HEAD = 3000  # datelines open a report: only lines of its head are read as such
_CAPS_NAME = re.compile(r"\s*([A-Z][A-Z .'\u2019-]*[A-Z])")


def dateline_name_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the place name in capitals that opens a dateline line of the head ("RIO DE JANEIRO" in
    "RIO DE JANEIRO — ...", "KABUL" in "KABUL, Afghanistan (Reuters) - "): a name the model rarely tags as such,
    where the report was filed (never an event's place: see `sitrep.resolve.dateline.dateline_spans`)."""
    out = []
    for a in [0] + [k + 1 for k, c in enumerate(text[:DATELINE_HEAD]) if c == "\n"]:
        if LEAD_DATELINE.match(text, a, min(len(text), a + 160)) is None:
            continue
        name = _CAPS_NAME.match(text, a)
        if name is not None:
            out.append((name.start(1), name.end(1)))
    return out
