#!/usr/bin/env python3
"""The language test: py3langid (what check_article uses) against the function-word ratio sitrep had before.

usage: python bench/language.py [--json]

English: the ../shared/dev/coded-news articles (even half: the judging half; odd reported too), whole (long) and
their first sentence of at least 20 words (short). Other languages: the short reports below, written for this
bench (two sentences each in eleven languages), one sentence (short) and both (long). Without ../shared only
the non-English figures are given.

  english kept    share of English texts not quarantined as "not English" (higher is better)
  foreign caught  share of non-English texts quarantined as "not English" (higher is better)
  named           share of non-English texts whose language py3langid names correctly
  ms per text     CPU milliseconds per text, median of 3 runs (model loading excluded)
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

# written for this bench: two sentences of a news report in each language
FOREIGN: dict[str, list[str]] = {
    "fr": ["Des manifestants se sont rassemblés samedi devant la préfecture pour protester contre la hausse du prix "
           "du pain, et la police a dispersé la foule avec des gaz lacrymogènes en fin d'après-midi.",
           "Selon les autorités locales, au moins douze personnes ont été interpellées et trois policiers ont été "
           "légèrement blessés lors des affrontements qui ont duré plusieurs heures dans le centre-ville."],
    "es": ["Decenas de personas marcharon el domingo por las calles de la capital para exigir la liberación de los "
           "dirigentes sindicales detenidos la semana pasada, según informaron los organizadores de la protesta.",
           "La policía bloqueó el acceso a la plaza principal y varios manifestantes resultaron heridos cuando los "
           "agentes intentaron desalojar a los que se habían sentado frente al edificio del gobierno."],
    "de": ["Bei einem Angriff auf einen Militärkonvoi im Norden des Landes sind nach Angaben der Armee am Montag "
           "mindestens sechs Soldaten getötet und zahlreiche weitere verletzt worden, wie ein Sprecher mitteilte.",
           "Die Angreifer hätten eine Sprengfalle am Straßenrand gezündet und anschließend das Feuer auf die "
           "Fahrzeuge eröffnet, bevor sie sich in die umliegenden Wälder zurückzogen."],
    "pt": ["Um grupo armado atacou uma aldeia no norte da província durante a madrugada de terça-feira, matando "
           "pelo menos cinco civis e incendiando dezenas de casas, segundo testemunhas ouvidas pela imprensa local.",
           "As forças de segurança chegaram ao local horas depois e iniciaram uma operação de busca, mas nenhum "
           "suspeito foi detido até ao final do dia, disse um porta-voz da polícia."],
    "it": ["Migliaia di persone hanno partecipato sabato a una manifestazione nel centro della città per chiedere "
           "lavoro e salari più alti, mentre la polizia ha chiuso diverse strade per tutto il pomeriggio.",
           "Secondo gli organizzatori il corteo si è svolto in modo pacifico, ma alcuni giovani hanno lanciato "
           "bottiglie contro gli agenti vicino alla stazione e quattro di loro sono stati fermati."],
    "nl": ["Bij een explosie in een winkelstraat in het centrum van de stad zijn dinsdagavond drie mensen gewond "
           "geraakt, meldt de politie, die het gebied urenlang heeft afgezet voor onderzoek.",
           "Volgens getuigen was er kort voor de explosie een harde knal te horen en zagen zij een man wegrennen in "
           "de richting van het station, maar er is nog niemand aangehouden."],
    "id": ["Ratusan mahasiswa berunjuk rasa di depan gedung parlemen pada hari Kamis untuk menolak rancangan "
           "undang-undang baru, dan polisi menembakkan gas air mata untuk membubarkan massa yang melempari batu.",
           "Menurut juru bicara kepolisian, sedikitnya dua puluh orang ditangkap dan beberapa petugas mengalami "
           "luka ringan dalam bentrokan yang berlangsung hingga malam hari di pusat kota."],
    "sw": ["Watu watano wameuawa na wengine kadhaa kujeruhiwa baada ya watu wenye silaha kushambulia kijiji kimoja "
           "katika eneo la kaskazini usiku wa kuamkia Jumanne, polisi wamesema leo.",
           "Wakazi wa kijiji hicho wamesema washambuliaji walichoma moto nyumba nyingi na kuiba mifugo kabla ya "
           "kukimbilia msituni, na vikosi vya usalama vimeanza msako katika eneo hilo."],
    "tr": ["Başkentte cumartesi günü düzenlenen gösteride polis, meclis binasına yürümek isteyen kalabalığı "
           "dağıtmak için biber gazı ve tazyikli su kullandı, çok sayıda kişi gözaltına alındı.",
           "Yetkililerin açıklamasına göre olaylarda üç polis memuru hafif şekilde yaralandı ve gösterinin "
           "ardından kentin merkezindeki bazı yollar saatlerce trafiğe kapalı kaldı."],
    "pl": ["W wyniku ostrzału artyleryjskiego przedmieść miasta w nocy z poniedziałku na wtorek zginęły co "
           "najmniej cztery osoby, a kilkanaście zostało rannych, poinformowały lokalne władze.",
           "Pociski trafiły w kilka budynków mieszkalnych oraz w szkołę, a strażacy przez wiele godzin gasili "
           "pożary, które wybuchły w różnych częściach dzielnicy."],
    "ro": ["Câteva mii de oameni au protestat duminică în fața sediului guvernului, cerând demisia ministrului de "
           "interne după ce doi tineri au fost răniți de polițiști în timpul unei manifestații.",
           "Jandarmii au format un cordon în jurul clădirii, iar mai mulți protestatari au fost reținuți după ce au "
           "aruncat cu pietre și petarde spre forțele de ordine, au anunțat autoritățile."],
}


def first_sentence(text: str, min_words: int = 20) -> str:
    """The article's opening sentences, up to the first with at least `min_words` words in all."""
    out = []
    for sentence in re.split(r"(?<=[.!?])\s+", text.strip()):
        out.append(sentence)
        if len(" ".join(out).split()) >= min_words:
            break
    return " ".join(out)


def english_texts(shared: Path) -> dict[str, dict[str, list[str]]]:
    """{half: {short: [...], long: [...]}} of the coded-news articles ({} without ../shared)."""
    folder = shared / "dev" / "coded-news"
    if not (folder / "articles.jsonl").exists():
        return {}
    halves = {m["id"]: m["half"] for m in json.loads((folder / "manifest.json").read_text(encoding="utf-8"))}
    out: dict[str, dict[str, list[str]]] = {}
    for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            half = out.setdefault(halves.get(row["id"], "odd"), {"short": [], "long": []})
            half["short"].append(first_sentence(row["text"]))
            half["long"].append(row["text"])
    return out


def methods() -> dict[str, Callable[[str], tuple[bool, str | None]]]:
    """name → text → (quarantined as not English, language named)."""
    from sitrep.readers.checks import check_article, english_ratio
    from sitrep.readers.language import MIN_PROBABILITY, detect_language, language_of_reason

    def current(text: str) -> tuple[bool, str | None]:
        reason = check_article(text) or ""
        return reason.startswith("not English"), language_of_reason(reason)

    def py3langid(text: str) -> tuple[bool, str | None]:
        d = detect_language(text)
        return (d is not None and d.language != "en" and d.probability >= MIN_PROBABILITY), (d.language if d else None)

    def ratio(text: str) -> tuple[bool, str | None]:
        r = english_ratio(text)
        return (r is not None and r < 0.08), None

    return {"check_article": current, "py3langid": py3langid, "function-words": ratio}


def cpu_ms(fn: Callable[[str], Any], texts: list[str]) -> float:
    """CPU milliseconds per text, median of 3 runs."""
    runs = []
    for _ in range(3):
        start = time.process_time()
        for t in texts:
            fn(t)
        runs.append((time.process_time() - start) / max(1, len(texts)) * 1000)
    return round(statistics.median(runs), 3)


def measure(shared: Path) -> dict[str, Any]:
    """Figures per method, per text length (and per half for English)."""
    found = methods()
    found["py3langid"]("warm up the model " * 10)
    foreign = {"short": [(lang, s[0]) for lang, s in FOREIGN.items()],
               "long": [(lang, " ".join(s)) for lang, s in FOREIGN.items()]}
    english = english_texts(shared)
    out: dict[str, Any] = {}
    for name, fn in found.items():
        per: dict[str, Any] = {}
        for size in ("short", "long"):
            got = [fn(t) for _, t in foreign[size]]
            fig: dict[str, Any] = {"foreign caught": round(sum(q for q, _ in got) / len(got), 3),
                                   "foreign texts": len(got)}
            if name != "function-words":
                fig["named"] = round(sum(lang == g[1] for (lang, _), g in zip(foreign[size], got)) / len(got), 3)
            for half, texts in sorted(english.items()):
                kept = [not fn(t)[0] for t in texts[size]]
                fig[f"english kept ({half})"] = round(sum(kept) / len(kept), 3)
            all_texts = [t for _, t in foreign[size]] + [t for h in english.values() for t in h[size]]
            fig["ms per text"] = cpu_ms(fn, all_texts)
            per[size] = fig
        out[name] = per
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the figures."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--shared", type=Path, default=SHARED)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    figures = measure(args.shared)
    if args.json:
        print(json.dumps(figures, indent=2, sort_keys=True))
        return 0
    if not english_texts(args.shared):
        print(f"note: {args.shared}/dev/coded-news is absent: English figures left out")
    for name, per in figures.items():
        for size, fig in per.items():
            print(f"{name:15} {size:5} " + "  ".join(f"{k} {v}" for k, v in fig.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
