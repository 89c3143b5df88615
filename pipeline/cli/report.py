"""``statute report``: draft evaluation reports (Markdown and self-contained HTML) per bill.

Scores each input (``pipeline.run.score_file``) or reads scorecards saved by ``statute score``
(``--from-scores DIR``) and writes ``<bill_id>.md`` / ``<bill_id>.html``. The rendering is
:mod:`pipeline.report`; heavy imports happen inside the command body.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from pipeline.cli.app import app
from pipeline.config import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_SECONDS

USAGE_ERROR = 2


def _formats(fmt: str) -> tuple[str, ...]:
    choices = {"md": ("md",), "html": ("html",), "both": ("md", "html")}
    if fmt not in choices:
        typer.echo(f"Usage error: --format must be md, html or both, not {fmt!r}", err=True)
        raise typer.Exit(USAGE_ERROR)
    return choices[fmt]


@app.command()
def report(
    paths: list[str] = typer.Argument(
        None, metavar="PATH...", help="Bill files or folders to score (not needed with --from-scores)."
    ),
    out: Path = typer.Option(Path("reports"), "--out", "-o", help="Folder for <bill_id>.md / <bill_id>.html."),
    fmt: str = typer.Option("both", "--format", "-f", help="md, html or both."),
    from_scores: Optional[Path] = typer.Option(
        None,
        "--from-scores",
        help="Read scorecard JSON written by 'statute score --out DIR' instead of scoring "
        "(all of DIR, or only the bills named by PATH...).",
    ),
    context: int = typer.Option(220, "--context", min=0, help="Characters of bill text shown around evidence."),
    max_bytes: int = typer.Option(
        DEFAULT_MAX_BYTES, "--max-bytes", min=1, help="Larger input files are not read (when scoring)."
    ),
    timeout: float = typer.Option(
        DEFAULT_TIMEOUT_SECONDS, "--timeout", min=0.1, help="Seconds per file for the whole scoring ('inf': none)."
    ),
) -> None:
    """Write a draft evaluation report per bill: verdicts, explanations, evidence in context."""
    from pipeline.errors import StatuteError
    from pipeline.report import search_near, source_document, write_reports
    from pipeline.safety import printable

    formats = _formats(fmt)
    failures = 0
    written = 0

    def emit(scorecard, document) -> None:
        nonlocal written, failures
        try:
            paths_written = write_reports(scorecard, out, document, formats=formats, context_chars=context)
        except OSError as error:  # an unwritable --out: say so in one line, go on with the others
            typer.echo(f"error: {scorecard.bill_id}: cannot write the report ({error.strerror or error})", err=True)
            failures += 1
            return
        except StatuteError as error:  # an unsafe bill id from a hand-edited scorecard
            typer.echo(printable(f"error: {error}"), err=True)
            failures += 1
            return
        for path in paths_written:
            typer.echo(str(path))
        written += 1

    if from_scores is not None:
        from pipeline.review import ReviewError, iter_drafts, load_draft

        if not from_scores.is_dir():
            typer.echo(f"Usage error: --from-scores {from_scores} is not a folder", err=True)
            raise typer.Exit(USAGE_ERROR)
        if paths:
            drafts = []
            for name in paths:
                bill_id = Path(name).stem if name.endswith(".json") else name
                try:
                    drafts.append(load_draft(from_scores, bill_id))
                except ReviewError as error:
                    typer.echo(printable(f"error: {error}"), err=True)
                    failures += 1
        else:
            def skipped(message: str) -> None:
                nonlocal failures
                typer.echo(printable(f"error: {message}"), err=True)
                failures += 1

            drafts = list(iter_drafts(from_scores, skipped))
        for scorecard in drafts:
            emit(scorecard, source_document(scorecard, search_near(from_scores)))
    else:
        if not paths:
            typer.echo("Usage error: give bill files/folders, or --from-scores DIR", err=True)
            raise typer.Exit(USAGE_ERROR)
        from pipeline.batch import BatchUsageError, discover_inputs, score_within_limits
        from pipeline.run import ScoreOptions, score_file

        def result_for(path, *, max_bytes, timeout):
            return score_file(path, ScoreOptions(max_bytes=max_bytes, timeout=timeout))

        try:
            inputs = list(discover_inputs(paths))
        except BatchUsageError as error:
            typer.echo(f"Usage error: {error}", err=True)
            raise typer.Exit(USAGE_ERROR) from None
        seen: set[str] = set()
        for path in inputs:
            try:
                # the whole per-file pipeline under the time limit; the Result keeps the document
                result = score_within_limits(result_for, path, max_bytes=max_bytes, timeout=timeout)
            except StatuteError as error:
                typer.echo(printable(f"error: {path}: {error}"), err=True)
                failures += 1
                continue
            except Exception as error:  # noqa: BLE001 - a bug on one bill must not stop the others
                typer.echo(printable(f"error: {path}: unexpected {type(error).__name__}: {' '.join(str(error).split())}"), err=True)
                failures += 1
                continue
            scorecard = result.scorecard
            if scorecard.bill_id in seen:  # CONTRACT.md: colliding ids get a short content hash
                scorecard.bill_id = f"{scorecard.bill_id}-{str(scorecard.source.get('sha256', ''))[:8]}"
            seen.add(scorecard.bill_id)
            emit(scorecard, result.document)  # the document as scored: the file is read once
    typer.echo(f"{written} report(s) written to {out}, {failures} failed", err=True)
    if failures:
        raise typer.Exit(1)
