"""``statute segment``: print the section tree of files or folders."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from pipeline.cli.app import app

_FIRST_WORDS = 60


@app.command()
def segment(
    paths: List[Path] = typer.Argument(..., help="Files or folders (.txt .pdf .xml .html .docx)."),
    as_json: bool = typer.Option(False, "--json", help="Machine output: a JSON list with one tree per document."),
    sentences: bool = typer.Option(True, "--sentences/--no-sentences", help="Include sentence units (spaCy pass)."),
    max_bytes: Optional[int] = typer.Option(None, "--max-bytes", help="Refuse files larger than this many bytes. [default: pipeline.config.DEFAULT_MAX_BYTES]"),
    timeout: Optional[float] = typer.Option(None, "--timeout", help="Seconds allowed per file. [default: pipeline.config.DEFAULT_TIMEOUT_SECONDS]"),
) -> None:
    """Print each document's section tree (id, heading, first words). Errors go to stderr, one line each."""
    import json
    import sys

    from pipeline import config
    from pipeline.errors import StatuteError
    from pipeline.ingest import load_document
    from pipeline.ingest.limits import time_limit
    from pipeline.safety import display_path, printable
    from pipeline.segment import segment_sections

    max_bytes = config.DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    timeout = config.DEFAULT_TIMEOUT_SECONDS if timeout is None else timeout
    try:
        files = list(_input_files(paths))
    except StatuteError as exc:
        typer.echo(printable(f"error: {exc}"), err=True)
        raise typer.Exit(1)
    failed = 0
    written = 0  # JSON trees are streamed one by one, so a large folder never sits in memory
    console = None
    if not as_json:
        from rich.console import Console

        console = Console(highlight=False, soft_wrap=False)
    for path in files:
        try:
            with time_limit(timeout, label=path.name):  # reading and segmenting, not reading only
                document = load_document(path, max_bytes=max_bytes, timeout=timeout)
                root = segment_sections(document, sentences=sentences)
        except StatuteError as exc:
            failed += 1
            typer.echo(printable(f"error: {path}: {exc.reason}: {exc}"), err=True)
            continue
        if as_json:
            sys.stdout.write("[\n" if not written else ",\n")
            json.dump({"path": display_path(path), "bill_id": document.bill_id, "tree": root.to_dict(sentences=sentences)},
                      sys.stdout, ensure_ascii=False)
            written += 1
        else:
            console.print(_rich_tree(document, root, display_path(path)))
    if as_json:
        sys.stdout.write("\n]\n" if written else "[]\n")
    if failed:
        typer.echo(f"{failed} of {len(files)} file(s) failed", err=True)
        raise typer.Exit(1)


def _input_files(paths: list[Path]):
    from pipeline.ingest.discover import iter_input_files

    yield from iter_input_files(paths)


def _first_words(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= _FIRST_WORDS else words[: _FIRST_WORDS - 1].rstrip() + "…"


def _rich_tree(document, root, title: str):
    from rich.markup import escape
    from rich.tree import Tree

    tree = Tree(f"[bold]{escape(title)}[/bold] [dim]({len(document.text):,} chars)[/dim]")

    def add(branch, unit) -> None:
        for child in unit.children:
            text = _first_words(child.text(document))
            if child.kind == "sentence":
                node = branch.add(f"[dim]{escape(child.id.rsplit('#', 1)[-1])}[/dim] {escape(text)}")
            else:
                heading = f" [italic]{escape(child.heading)}[/italic]" if child.heading else ""
                quoted = " [magenta]quoted[/magenta]" if child.quoted else ""
                node = branch.add(
                    f"[bold cyan]{escape(child.id)}[/bold cyan] [dim]{child.kind}[/dim]{quoted}{heading}"
                    + ("" if child.heading else f" {escape(text)}")
                )
            add(node, child)

    add(tree, root)
    return tree
