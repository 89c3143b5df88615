"""``statute serve``: the review workspace in a browser."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from pipeline.cli.app import app


@app.command("serve")
def serve_command(
    drafts: Path = typer.Option(..., "--drafts", "-d", help="Folder of draft scorecards ('statute score --out')."),
    db: Optional[Path] = typer.Option(
        None, "--db", help="Review store (default: $STATUTE_REVIEW_DB, else ./reviews.sqlite)."
    ),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (default: this machine only)."),
    port: int = typer.Option(8765, "--port", help="Port to listen on."),
    reviewer: Optional[str] = typer.Option(
        None, "--reviewer", help="Name recorded with each decision (default: $STATUTE_REVIEWER, else the login name)."
    ),
) -> None:
    """Review drafts in the browser: the queue at /, one bill per page, decisions in the review store."""
    if not drafts.is_dir():
        typer.echo(f"error: --drafts {drafts} is not a folder", err=True)
        raise typer.Exit(2)
    from pipeline.serve import create_app

    application = create_app(drafts, db_path=db, reviewer=reviewer)
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"warning: serving on {host}: anyone who can reach it can record decisions", err=True)
    typer.echo(f"review workspace on http://{host}:{port}/ (Ctrl+C stops)", err=True)
    application.run(host=host, port=port, debug=False, use_reloader=False)
