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
                                                      "(its shared-corpus text), writing the JSON into "
                                                      "<out>/gold-scored (never into --pred), and evaluate both."),
    lojo: bool = typer.Option(False, "--lojo", help="Also run leave-one-jurisdiction-out: per jurisdiction, retrain "
                                                    "the clause model and similarity thresholds without its "
                                                    "annotations and score its (non-frozen) gold documents into "
                                                    "<pred>/lojo."),
    lojo_only: Optional[str] = typer.Option(None, "--lojo-only", help="Comma-separated jurisdictions to hold out "
                                                                      "(default: every jurisdiction in the gold)."),
    lojo_cache: Optional[Path] = typer.Option(None, "--lojo-cache", help="Folder for the per-jurisdiction models "
                                                                         "(default: a temporary folder)."),
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

    import sys

    # piped into a file (benchmarks/results, CI logs) the tables keep their columns instead of 80-column ellipses
    console = Console() if sys.stdout.isatty() else Console(width=160)
    if gold is None:
        from pipeline.config import project_corpus_dir

        gold = project_corpus_dir() / "gold"
    try:
        gold_cards = load_gold(gold)
        # with --score an absent drafts folder is an empty one: every gold document gets scored
        pred_cards = {} if score and not pred.exists() else load_predictions(pred)
        if score:
            # the drafts folder is read, never written: new drafts go to their own folder
            scored_dir = Path(out or pred) / "gold-scored"
            failed: list[str] = []
            with console.status("scoring gold documents without a draft...") as status:
                new_ids = score_missing(gold_cards, scored_dir, existing=pred_cards, failed=failed,
                                        progress=lambda doc_id: status.update(f"scored {doc_id}"))
            pred_cards = {**load_predictions(scored_dir), **pred_cards}
            console.print(f"{len(new_ids)} gold document(s) scored into {scored_dir}", soft_wrap=True)
            for line in failed:
                typer.echo(f"could not score {line}", err=True)
    except (FileNotFoundError, ValueError) as exc:
        typer.echo(f"Usage error: {' '.join(str(exc).split())}", err=True)
        raise typer.Exit(USAGE_ERROR) from None
    if not gold_cards:
        typer.echo(f"Usage error: no gold scorecards (*.yaml) in {gold}", err=True)
        raise typer.Exit(USAGE_ERROR)

    result = run_evaluation(gold_cards, pred_cards)
    lojo_result = None
    if lojo:
        import tempfile

        from pipeline.evaluate import score_lojo

        import time

        lojo_dir = Path(pred) / "lojo"
        wall, cpu = time.perf_counter(), time.process_time()
        with tempfile.TemporaryDirectory(prefix="statute-lojo-") as temporary:
            with console.status("leave-one-jurisdiction-out...") as status:
                held_out = score_lojo(gold_cards, lojo_dir, lojo_cache or temporary,
                                      jurisdictions=[j.strip().lower() for j in lojo_only.split(",")] if lojo_only
                                      else None, progress=lambda message: status.update(message))
        console.print(f"Leave-one-jurisdiction-out: {len(held_out)} jurisdictions ({', '.join(held_out)}) retrained "
                      f"and scored in {time.perf_counter() - wall:.0f} s wall, {time.process_time() - cpu:.0f} s CPU.")
        lojo_result = run_evaluation({k: g for k, g in gold_cards.items() if not g.held_out}, load_predictions(lojo_dir))
        lojo_result.missing = []  # held-out jurisdictions not asked for are not "missing"
    _print_honest(console, result, lojo_result)

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
    splits = Table(title="Agreement by corpus split (texts: plain texts; bulk: bulk bill texts)")
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
    written += _write_honest(result, lojo_result, out or pred)
    console.print(f"Wrote {', '.join(str(p) for p in written)}")


HONEST_COLUMNS = ["set", "criterion", "n", "agreement", "baseline_agreement", "kappa", "baseline_kappa", "recall",
                  "positives_found", "positives", "baseline_recall", "wrong", "confident_errors",
                  "baseline_confident_errors", "review_load", "brier"]


SET_TITLES = {
    "frozen": "frozen split (out of sample)",
    "blind": "blind set (out of sample, written by a team member who never read the rules)",
    "dev": "dev set (written blind, then read for error analysis: in-sample since)",
    "in-sample": "in-sample (gold the rules were written against, committed models)",
}


def _set_title(key: str) -> str:
    """``frozen-test-2026-12-04`` -> "frozen split frozen-test-2026-12-04 (out of sample)"; known words by SET_TITLES."""
    if key in SET_TITLES:
        return SET_TITLES[key]
    if key.startswith("frozen"):
        return f"frozen split {key} (out of sample)"
    if key.startswith("blind"):
        return f"blind set {key} (out of sample, written by a team member who never read the rules)"
    return f"{key} split (out of sample)"


def _set_order(key: str) -> tuple[int, str]:
    """Frozen splits first, then the blind sets (each oldest first), then the rest."""
    return (0 if key.startswith("frozen") else 1 if key.startswith("blind") else 2, key)


def _honest_sets(result, lojo_result) -> list[tuple[str, list, list]]:
    """(title, judged rows, review rows) per set: held-out sets first, then LOJO, then in-sample."""
    from pipeline.evaluate import split_rows

    parts, reviews = split_rows(result.rows), split_rows(result.review)
    held_out = [key for key in parts if key != "in-sample"]
    sets = [(_set_title(key), parts[key], reviews.get(key, [])) for key in sorted(held_out, key=_set_order)]
    if lojo_result is not None:
        sets.append(("leave-one-jurisdiction-out (rules fixed, written on these texts)", lojo_result.rows,
                     lojo_result.review))
    sets.append((SET_TITLES["in-sample"], parts["in-sample"], reviews["in-sample"]))
    return [(name, rows, review) for name, rows, review in sets if rows]


def _fmt(value, digits: int = 2) -> str:
    return "-" if value is None else (f"{value:.{digits}f}" if isinstance(value, float) else str(value))


def _print_honest(console, result, lojo_result) -> None:
    from rich.table import Table

    from pipeline.evaluate import honest_table, reliability_table

    for name, rows, review in _honest_sets(result, lojo_result):
        table = Table(title=f"{name}: draft (always-'no' baseline)")
        for column in ("criterion", "n", "agreement", "kappa", "yes/partial recall", "confident errors",
                       "review load*", "Brier"):
            table.add_column(column, justify="left" if column == "criterion" else "right", no_wrap=True)
        for row in honest_table(rows, review):
            table.add_row(row["criterion"], str(row["n"]),
                          f"{_fmt(row['agreement'])} ({_fmt(row['baseline_agreement'])})",
                          f"{_fmt(row['kappa'])} ({_fmt(row['baseline_kappa'])})",
                          f"{_fmt(row['recall'])} {row['positives_found']}/{row['positives']} "
                          f"({_fmt(row['baseline_recall'])})",
                          f"{row['confident_errors']}/{row['wrong']} ({row['baseline_confident_errors']})",
                          _fmt(row["review_load"]), _fmt(row["brier"], 3),
                          style="bold" if row["criterion"] == "all" else None)
        console.print(table)
    console.print("* review load: share of all nine criteria of the gold-relevant bills sent to review "
                  "(judged or not), what an analyst has to read; goal under 0.25.")
    held_out = [(n, r) for n, r, _ in _honest_sets(result, lojo_result) if not n.startswith("in-sample")]
    for name, rows in held_out:
        bands = Table(title=f"Reliability, {name.split(' (')[0]}: confidence band vs observed accuracy")
        for column in ("confidence", "n", "mean confidence", "accuracy", "needs review"):
            bands.add_column(column, justify="right")
        for row in reliability_table(rows):
            bands.add_row(row["confidence"], str(row["n"]), _fmt(row["mean_confidence"]), _fmt(row["accuracy"]),
                          str(row["needs_review"]))
        console.print(bands)


def _write_honest(result, lojo_result, directory) -> list[Path]:
    import csv

    from pipeline.evaluate import honest_table, reliability_table

    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "evaluation_honest.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=HONEST_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for name, rows, review in _honest_sets(result, lojo_result):
            for row in honest_table(rows, review):
                writer.writerow({"set": name, **row})
    reliability = folder / "evaluation_reliability.csv"
    with reliability.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["set", "confidence", "n", "mean_confidence", "accuracy",
                                                    "needs_review"])
        writer.writeheader()
        for name, rows, _ in _honest_sets(result, lojo_result):
            for row in reliability_table(rows):
                writer.writerow({"set": name, **row})
    return [path, reliability]
