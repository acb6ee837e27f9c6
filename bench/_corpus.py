"""Bench corpora: Reuters-21578 bodies from ../shared (read in place, never copied) or the bundled examples."""
from __future__ import annotations

import html
import re
import tarfile
from datetime import datetime
from pathlib import Path

from sitrep.records import Article

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
REUTERS = SHARED / "dev" / "reuters21578" / "reuters21578_sgm.tar.gz"
EXAMPLES = ROOT / "examples"
CODED_NEWS = SHARED / "dev" / "coded-news"

_DOC = re.compile(r"<REUTERS\b[^>]*\bNEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", re.S)
_TAG = {name: re.compile(rf"<{name}>(.*?)</{name}>", re.S) for name in ("DATE", "TITLE", "BODY")}
# SGML character references below 32 are transmission control codes, not text
_CONTROL = re.compile(r"&#(?:[0-9]|[12][0-9]|3[01]);")
_SIGNOFF = re.compile(r"\s*\bReuter\s*$")


def _field(name: str, doc: str) -> str:
    m = _TAG[name].search(doc)
    return m.group(1) if m else ""


def _clean_body(raw: str) -> str:
    """Body text with control codes, the "Reuter" sign-off and hard line wraps removed."""
    text = html.unescape(_CONTROL.sub("", raw))
    text = _SIGNOFF.sub("", text.rstrip())
    # paragraphs start with an indented line; inside one, newlines are only the wire's line wrap
    paras = re.split(r"\n\s{3,}", text.strip())
    return "\n\n".join(" ".join(p.split()) for p in paras if p.strip())


def _iso_date(raw: str) -> str | None:
    try:
        return datetime.strptime(raw.strip()[:11], "%d-%b-%Y").date().isoformat()
    except ValueError:
        return None


def reuters_articles(limit: int, path: Path = REUTERS, split: str | None = None) -> list[Article]:
    """The first `limit` Reuters-21578 documents that have a non-empty body, in file order; with `split`
    ("TRAIN", "TEST" or "NOT-USED"), only those whose LEWISSPLIT attribute says so."""
    out: list[Article] = []
    with tarfile.open(path, "r:gz") as tar:
        members = sorted((m for m in tar.getmembers() if m.name.endswith(".sgm")), key=lambda m: m.name)
        for member in members:
            handle = tar.extractfile(member)
            if handle is None:
                continue
            sgml = handle.read().decode("latin-1")
            for m in _DOC.finditer(sgml):
                if split is not None and f'LEWISSPLIT="{split}"' not in m.group(0)[:m.group(0).index(">")]:
                    continue
                body = _clean_body(_field("BODY", m.group(2)))
                if not body:
                    continue
                title = " ".join(html.unescape(_CONTROL.sub("", _field("TITLE", m.group(2)))).split())
                out.append(Article(id=f"reuters-{m.group(1)}", text=body, title=title,
                                   published=_iso_date(_field("DATE", m.group(2))), source="Reuters"))
                if len(out) >= limit:
                    return out
    return out


def example_articles(folder: Path = EXAMPLES) -> list[Article]:
    """The bundled examples, read as `sitrep extract` reads them (dates from datelines included)."""
    from sitrep.readers import iter_inputs

    return [item for _, item in iter_inputs([str(folder)]) if isinstance(item, Article)]


def coded_news_articles(folder: Path = CODED_NEWS) -> list[Article]:
    """The coded-news articles and their `extra.jsonl` companions (read in place), as `sitrep extract` reads them."""
    from sitrep.readers import iter_inputs

    paths = [str(p) for p in (folder / "articles.jsonl", folder / "extra.jsonl") if p.exists()]
    if not paths:
        raise FileNotFoundError(f"{folder} has no articles.jsonl")
    return [item for _, item in iter_inputs(paths) if isinstance(item, Article)]


def load_articles(limit: int, corpus: str = "auto") -> tuple[str, list[Article]]:
    """(name, articles): Reuters when asked or present ("auto"), the coded-news articles and extras (at most
    `limit`, not repeated) when asked, else the examples repeated up to `limit`."""
    if corpus == "coded-news":
        return "coded-news+extra", coded_news_articles()[:limit]
    if corpus in ("auto", "reuters") and REUTERS.exists():
        return "reuters21578", reuters_articles(limit)
    if corpus == "reuters":
        raise FileNotFoundError(f"{REUTERS} not found")
    base = example_articles()
    # repeat with new ids so that a short example set still gives a measurable batch
    arts = [a.replace(id=f"{a.id}#{i // len(base)}") for i, a in enumerate(base * (limit // len(base) + 1))][:limit]
    return "examples", arts
