"""The ``statute`` Typer application object; command modules register on it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(
    name="statute",
    help="Draft qualified-immunity rubric scores for statutes and bills, with verbatim evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def main(
    corpus: Optional[Path] = typer.Option(
        None,
        "--corpus",
        help="Shared corpus folder (default: $STATUTE_CORPUS, else ../shared/corpus).",
        file_okay=False,
    ),
) -> None:
    """Draft qualified-immunity rubric scores for statutes and bills, with verbatim evidence."""
    if corpus is not None:
        # Through the environment so worker processes and every corpus_dir() call agree.
        os.environ["STATUTE_CORPUS"] = str(corpus.expanduser().resolve())


@app.command()
def version() -> None:
    """Print the pipeline version."""
    from pipeline import __version__

    typer.echo(__version__)
