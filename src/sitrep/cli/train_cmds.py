"""`sitrep train`: fit the learned typer on a user's own coded events; `--typer` for the commands that type."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer

from sitrep.cli.apps import app
from sitrep.cli.common import EXIT_OK, _run

TYPER_HELP = ("Event typing: 'learned' (the default: the shipped learned typer beside the rules, leading in event "
              "notes; trained on ACLED notes, non-commercial terms: see README Credits), 'rules' (trigger and refine "
              "rules alone), or the "
              "folder of a model from `sitrep train`.")


def _check_typer(value: Optional[str]) -> Optional[str]:
    """Load a model path once up front, so a bad file is a usage error naming it before anything runs."""
    if value is None or value in ("rules", "learned"):
        return value
    from sitrep.typer import TyperError, load_typer

    try:
        load_typer(value)
    except TyperError as exc:
        raise typer.BadParameter(str(exc), param_hint="--typer") from None
    return value


def typer_option() -> Any:
    """The --typer option (default: $SITREP_TYPER, else 'learned')."""
    return typer.Option(None, "--typer", metavar="rules|learned|PATH", help=TYPER_HELP, callback=_check_typer)


def settings_with(typer_spec: Optional[str], **kw: Any) -> Any:
    """Settings with the chosen typer (None: the settings' own default) and the other fields given."""
    from sitrep.settings import Settings

    if typer_spec is not None:
        kw["typer"] = typer_spec
    return Settings(**kw)


@app.command("train")
def train_cmd(
    gold: Path = typer.Argument(..., metavar="GOLD", help="ACLED-column CSV (text in `notes`, label in "
                                "`sub_event_type`; an empty one is a text with no event) or a CASE 2021 task-2 TSV."),
    output: Path = typer.Option(..., "--output", "-o", help="The model folder to write (model.json, model.npz)."),
    held_out: int = typer.Option(10, "--held-out", min=1, max=50, help="Percent of rows held out for the score."),
    c: float = typer.Option(0.5, "--c", min=1e-4, max=1e4, help="The linear SVM's C (inverse regularisation)."),
    force: bool = typer.Option(False, "--force", help="Replace a model already in the output folder."),
) -> None:
    """Train the learned typer on your own coded events; use it with `--typer FOLDER`."""
    if output.exists() and not output.is_dir():
        raise typer.BadParameter(f"{output}: exists and is not a folder; give a new folder name", param_hint="--output")
    if (output / "model.json").exists() and not force:
        raise typer.BadParameter(f"{output}: holds a model already; use --force to replace it", param_hint="--output")
    if output.resolve() == gold.resolve():
        raise typer.BadParameter(f"{output}: is the gold file", param_hint="--output")

    def body() -> int:
        from sitrep import evaluate as evaluate_mod
        from sitrep.typer.train import train_rows

        gold_file = evaluate_mod.read_gold(gold)
        rows = [(r.text, r.sub_event_type or "") for r in gold_file.records if r.text]
        typer.echo(f"training on {gold} ({gold_file.format}, {len(rows)} rows; {held_out}% held out) ...", err=True)
        model, report = train_rows(rows, share=held_out, c=c, meta={"trained_on": gold.name})
        output.mkdir(parents=True, exist_ok=True)
        model.save(output / "model.json")
        typer.echo(f"held-out rows: {report.n_held_out} (trained on {report.n_train}); "
                   f"accuracy {report.accuracy:.3f}, macro-F1 over sub-types {report.macro_f1:.3f}")
        typer.echo(f"model: {output}/model.json ({len(report.labels)} labels); use it with --typer {output}")
        return EXIT_OK

    _run(body)
