"""``statute text``: print the normalised text of files or folders."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from pipeline.cli.app import app
from pipeline.config import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_SECONDS


@app.command()
def text(
    paths: List[Path] = typer.Argument(..., help="Files, folders or glob patterns (.txt .pdf .xml .html .docx)."),
    max_bytes: Optional[int] = typer.Option(None, "--max-bytes", help=f"Refuse files larger than this many bytes (default {DEFAULT_MAX_BYTES:,}; 0: no limit)."),
    timeout: Optional[float] = typer.Option(None, "--timeout", help=f"Seconds allowed per file (default {DEFAULT_TIMEOUT_SECONDS:g}; 0: no limit)."),
    dropped: bool = typer.Option(False, "--dropped", help="Also list text left out (deleted words struck through, page furniture) and repaired words after each file."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per file per line: Document.to_dict() (text, source, page and line spans, dropped)."),
) -> None:
    """Print the normalised text. A folder prints each file under a header; errors go to stderr, one line each."""
    import json

    from pipeline.errors import StatuteError
    from pipeline.ingest import load_document
    from pipeline.ingest.discover import iter_input_files
    from pipeline.safety import display_path, printable

    max_bytes = DEFAULT_MAX_BYTES if max_bytes is None else (max_bytes or None)
    timeout = DEFAULT_TIMEOUT_SECONDS if timeout is None else (timeout or None)
    failed = printed = 0
    try:
        files = list(iter_input_files(paths))
    except StatuteError as exc:
        typer.echo(printable(f"error: {exc}"), err=True)
        raise typer.Exit(1)
    with_headers = len(files) > 1 or any(p.is_dir() for p in paths)
    for path in files:
        try:
            document = load_document(path, max_bytes=max_bytes, timeout=timeout)
        except StatuteError as exc:
            failed += 1
            typer.echo(printable(f"error: {path}: {_without_name(str(exc), path)} [{exc.reason}]"), err=True)
            continue
        if as_json:
            typer.echo(json.dumps(document.to_dict(), ensure_ascii=False))
            printed += 1
            continue
        if with_headers:
            if printed:
                typer.echo("")
            pages = f", {document.source.pages} pages" if document.source.pages else ""
            typer.echo(f"===== {display_path(path)} ({document.source.format}{pages}) =====")
        typer.echo(document.text)
        printed += 1
        if dropped and (document.dropped or document.changed or document.conventions):
            _print_dropped(document, path)
    if failed:
        typer.echo(f"{failed} of {len(files)} file(s) failed", err=True)
        raise typer.Exit(1)


def _print_dropped(document, path: Path) -> None:
    """Deleted words shown struck through, furniture and repairs with page:line and offset.

    A deleted span is shown struck (rich's strike style on a terminal, ``~~words~~`` when the
    output is piped or saved, where styles are lost) and then in the amended text around where it
    stood. Printed line numbers taken off a plain text are only counted: they are kept as line spans.
    """
    from rich.console import Console
    from rich.markup import escape

    from pipeline.values import DELETION_REASONS

    console = Console(highlight=False, soft_wrap=True)
    numbers = sum(1 for span in document.dropped if span.reason == "line_number")
    typer.echo(f"----- dropped from {path.name}: {document.deleted_word_count} word(s) treated as deleted -----")
    for span in document.dropped:
        if span.reason == "line_number":
            continue
        where = f"p{span.page}" + (f":{span.line}" if span.line else "") if span.page else ""
        if span.reason in DELETION_REASONS:
            words = _struck(span.text, console.is_terminal)
            before, after = _around(document.text, span.offset)
            line = f"{words}  in: {escape(before)} {words} {escape(after)}".rstrip()
        else:
            line = escape(span.text)
        console.print(f"\\[{span.reason} {where} @{span.offset}] {line}")
    if numbers:
        typer.echo(f"({numbers} printed line numbers taken off the text)")
    for span in document.conventions:
        where = "/".join(str(part) for part in document.locate(span.start) if part is not None)
        typer.echo(f"[{span.convention} @{span.start}-{span.end}{' p' + where if where else ''}] amended section in Arizona's "
                   "CAPITALS-for-new-law style: its lower-case words may be struck law this text cannot show")
    for span in document.changed:
        typer.echo(f"[{span.reason} @{span.start}] {span.original!r} -> {document.text[span.start:span.end]!r}")


def _struck(words: str, terminal: bool) -> str:
    """Deleted words as rich markup: struck on a terminal, between ``~~`` otherwise."""
    from rich.markup import escape

    flat = escape(" ".join(words.split()))
    return f"[strike]{flat}[/strike]" if terminal else f"~~{flat}~~"


def _around(text: str, offset: int, width: int = 40) -> tuple[str, str]:
    """Up to ``width`` characters of the amended text each side of ``offset``, on one line."""
    before = " ".join(text[max(0, offset - width) : offset].split())
    after = " ".join(text[offset : offset + width].split())
    return ("\u2026" + before if offset > width else before), (after + "\u2026" if offset + width < len(text) else after)


def _without_name(message: str, path: Path) -> str:
    """Error messages start with the file name; the CLI line already shows the path."""
    prefix = f"{path.name}: "
    return message[len(prefix):] if message.startswith(prefix) else message
