"""``statute evaluate``: compare draft scorecards with the gold scorecards.

The work is :mod:`pipeline.evaluate`; this module parses options and prints tables.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from pipeline.cli.app import app

USAGE_ERROR = 2


@app.command()
def evaluate(
    gold: Optional[Path] = typer.Option(None, "--gold", help="Folder of gold scorecards (*.yaml) [default: the "
                                                             "project's corpus/gold]."),
    pred: Path = typer.Option(..., "--pred", help="Folder of draft scorecards (*.json, as `statute score --out`)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Folder for the CSV files (default: the --pred folder)."),
    show_disagreements: bool = typer.Option(True, "--disagreements/--no-disagreements",
                                            help="List each criterion where draft and gold differ."),
    score: bool = typer.Option(False, "--score", help="First score every gold document that has no draft in --pred "
                                                      "(its shared-corpus text), writing the JSON there."),
) -> None:
    """Per-criterion agreement, confusion matrix and evidence recall of drafts against gold.

    Writes evaluation_agreement.csv, evaluation_confusion.csv, evaluation_splits.csv,
    evaluation_calibration.csv, evaluation_documents.csv and evaluation_disagreements.csv into
    --out (default: the --pred folder).
    """
    from rich.console import Console
    from rich.table import Table

    from pipeline.evaluate import evaluate as run_evaluation
    from pipeline.evaluate import load_gold, load_predictions, score_missing
    from pipeline.vocab import VERDICTS

    console = Console()
    if gold is None:
        from pipeline.config import project_corpus_dir

        gold = project_corpus_dir() / "gold"
    try:
        gold_cards = load_gold(gold)
        if score:
            with console.status("scoring gold documents without a draft...") as status:
                score_missing(gold_cards, pred, progress=lambda doc_id: status.update(f"scored {doc_id}"))
        pred_cards = load_predictions(pred)
    except (FileNotFoundError, ValueError) as exc:
        typer.echo(f"Usage error: {' '.join(str(exc).split())}", err=True)
        raise typer.Exit(USAGE_ERROR) from None
    if not gold_cards:
        typer.echo(f"Usage error: no gold scorecards (*.yaml) in {gold}", err=True)
        raise typer.Exit(USAGE_ERROR)

    result = run_evaluation(gold_cards, pred_cards)

    table = Table(title=f"Drafts vs gold ({len(gold_cards) - len(result.missing)} of {len(gold_cards)} gold documents scored)")
    for column in ("criterion", "n", "agree", "agreement", "kappa", "evidence recall (found/quotes)"):
        table.add_column(column, justify="left" if column == "criterion" else "right", no_wrap=column == "criterion")
    for row in result.per_criterion():
        recall = "-" if row["evidence_recall"] is None else f"{row['evidence_recall']:.2f} ({row['quotes_found']}/{row['quotes']})"
        table.add_row(row["criterion"], str(row["n"]), str(row["agree"]),
                      "-" if row["agreement"] is None else f"{row['agreement']:.2f}",
                      "-" if row["kappa"] is None else f"{row['kappa']:.2f}", recall,
                      style="bold" if row["criterion"] == "all" else None)
    console.print(table)

    matrix = Table(title="Confusion matrix, all criteria (rows: gold, columns: draft)")
    matrix.add_column("gold \\ draft")
    for verdict in VERDICTS:
        matrix.add_column(verdict, justify="right")
    confusion = result.confusion()
    for g in VERDICTS:
        matrix.add_row(g, *(str(confusion[(g, p)]) for p in VERDICTS))
    console.print(matrix)
    splits = Table(title="Agreement by corpus split (texts: the shared texts the rules were written against)")
    for column in ("split", "documents", "judged criteria", "agreement", "always-'no' baseline"):
        splits.add_column(column, justify="right")
    for row in result.per_split():
        splits.add_row(row["split"], str(row["documents"]), str(row["n"]), f"{row['agreement']:.2f}",
                       f"{row['all_no_baseline']:.2f}")
    console.print(splits)

    bands = Table(title="Agreement by draft confidence")
    for column in ("confidence", "n", "agreement", "needs review", "disagreements (flagged for review)"):
        bands.add_column(column, justify="right")
    for row in result.calibration():
        bands.add_row(row["confidence"], str(row["n"]), "-" if row["agreement"] is None else f"{row['agreement']:.2f}",
                      str(row["needs_review"]), f"{row['disagreements']} ({row['disagreements_flagged']})")
    console.print(bands)
    agree, compared = result.relevance_agreement()
    console.print(f"Relevance triage agrees with gold on {agree}/{compared} documents.")

    if show_disagreements and result.disagreements():
        diff = Table(title="Disagreements")
        for column in ("document", "criterion", "gold", "draft", "review?"):
            diff.add_column(column)
        for row in result.disagreements():
            diff.add_row(row["doc_id"], row["criterion"], row["gold"], row["pred"], "yes" if row["needs_review"] else "no")
        console.print(diff)
    if result.missing:
        console.print(f"[yellow]No draft for {len(result.missing)} gold document(s):[/yellow] {', '.join(result.missing)}")

    written = result.write_csv(out or pred)
    console.print(f"Wrote {', '.join(str(p) for p in written)}")
