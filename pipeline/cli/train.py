"""``statute train``: rebuild the clause classifier and the relevance model from the corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from pipeline.cli.app import app


@app.command()
def train(
    out: Optional[Path] = typer.Option(None, "--models", "--out", help="Folder for the models (default: models/ or "
                                                                       "$STATUTE_MODELS)."),
    with_reviews: bool = typer.Option(False, "--with-reviews", help="Also train on clauses reviewed in the review "
                                      "store (training data only; needs --models DIR or $STATUTE_MODELS)."),
    review_db: Optional[Path] = typer.Option(None, "--review-db", help="Review store (default: $STATUTE_REVIEW_DB or ./reviews.sqlite)."),
    folds: int = typer.Option(5, "--folds", min=2, help="Grouped cross-validation folds."),
    no_relevance: bool = typer.Option(False, "--no-relevance", help="Skip the document relevance model."),
    date: Optional[str] = typer.Option(None, "--date", help="Version date YYYY-MM-DD (default: today, UTC)."),
    convert: bool = typer.Option(False, "--convert", help="Only write the numpy .npz/.json pair of the "
                                 "existing .skops models (what the run path reads); no retraining."),
) -> None:
    """Cross-validate rules, classifier and combinations by document; save models and MODEL_CARD.md."""
    from rich.console import Console
    from rich.markup import escape

    from pipeline.config import models_dir
    from pipeline.errors import StatuteError
    from pipeline.train_models import convert_models, load_reviewed, train_all

    import os

    console = Console(stderr=True)
    if with_reviews and out is None and not os.environ.get("STATUTE_MODELS"):
        # reviews are this machine's data: a model trained on them must not replace the shipped, committed one
        typer.echo("Usage error: --with-reviews writes models trained on local reviews; give --models DIR "
                   "(the shipped models/ stays as committed)", err=True)
        raise typer.Exit(2)
    target = models_dir(out)
    if convert:
        try:
            written = convert_models(target)
        except StatuteError as error:
            console.print(f"[red]error:[/red] {error}")
            raise typer.Exit(1)
        if not written:
            console.print(f"[red]error:[/red] no .skops models in {target}")
            raise typer.Exit(1)
        for path in written:
            typer.echo(f"wrote {path}")
        return

    def say(message: str) -> None:
        console.log(escape(message))

    extra = load_reviewed(review_db, say) if with_reviews else None
    try:
        metrics = train_all(target, extra=extra, relevance=not no_relevance, n_splits=folds, date=date, progress=say)
    except StatuteError as error:
        console.print(f"[red]error:[/red] {error}")
        raise typer.Exit(1)
    clause = metrics["clause"]
    chosen = clause["metrics"][clause["chosen"]]["micro"]
    rules = clause["metrics"]["rules"]["micro"]
    typer.echo(f"model {metrics['version']}: chosen {clause['chosen']}; micro P/R "
               f"{chosen['precision']:.3f}/{chosen['recall']:.3f} (rules {rules['precision']:.3f}/{rules['recall']:.3f})")
    if "relevance" in metrics:
        rel = metrics["relevance"]["relevance() as shipped"]
        typer.echo(f"relevance {metrics['relevance']['version']}: P/R {rel['precision']:.3f}/{rel['recall']:.3f}")
    typer.echo(f"wrote {target}")
