"""The ``statute`` Typer application object; command modules register on it."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="statute",
    help="Draft qualified-immunity rubric scores for statutes and bills, with verbatim evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def main() -> None:
    """Draft qualified-immunity rubric scores for statutes and bills, with verbatim evidence."""


@app.command()
def version() -> None:
    """Print the pipeline version."""
    from pipeline import __version__

    typer.echo(__version__)
