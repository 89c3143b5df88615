"""``statute compare OLD NEW [--json]``: criteria that change verdict between two versions of a bill."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from pipeline.cli.app import app


@app.command("compare")
def compare_command(
    old: Path = typer.Argument(..., metavar="OLD", help="Older version: a bill file or its scorecard JSON."),
    new: Path = typer.Argument(..., metavar="NEW", help="Newer version: a bill file or its scorecard JSON."),
    as_json: bool = typer.Option(False, "--json", help="Print the comparison as JSON."),
) -> None:
    """Which criteria change verdict between two versions, and the deciding provisions side by side."""
    for path in (old, new):
        if not path.is_file():
            typer.echo(f"error: {path}: no such file", err=True)
            raise typer.Exit(2)
    from pipeline.compare import compare_versions, render_markdown
    from pipeline.errors import StatuteError

    try:
        comparison = compare_versions(old, new)
    except (StatuteError, ValueError, OSError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    if as_json:
        typer.echo(json.dumps(comparison, indent=2, ensure_ascii=False))
    else:
        typer.echo(render_markdown(comparison), nl=False)
