"""``statute flags FILE``: the rule flags of one document, grouped by rubric criterion."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from pipeline.cli.app import app

#: One colour per criterion for the displaCy span view.
CRITERION_COLOURS = {
    "end_qi_law_enforcement": "#f4a261",
    "end_qi_public_employees": "#e9c46a",
    "end_qi_state_constitution": "#a8dadc",
    "no_liability_caps": "#e76f51",
    "failure_to_intervene": "#b5e48c",
    "full_compensation": "#90caf9",
    "attorney_fees": "#cdb4db",
    "individual_accountability": "#ffafcc",
    "public_records": "#d4d4d4",
}


def render_flags_html(doc) -> str:
    """A standalone HTML page: the document with its ``qi_flags`` spans highlighted.

    displaCy escapes every token, so markup in a bill (``<script>``) is shown as text.
    """
    from spacy import displacy

    from pipeline.components.extensions import signal_criteria

    colours = {signal: CRITERION_COLOURS.get(criterion, "#ddd") for signal, criterion in signal_criteria().items()}
    return displacy.render(
        doc, style="span", page=True, minify=True,
        options={"spans_key": "qi_flags", "colors": colours},
    )


@app.command()
def flags(
    path: Path = typer.Argument(..., help="A statute or bill (.txt .pdf .xml .html .docx)."),
    as_json: bool = typer.Option(False, "--json", help="Print the flags as a JSON list."),
    html: Optional[Path] = typer.Option(None, "--html", help="Also write a displaCy span view of the document to this file."),
    max_bytes: Optional[int] = typer.Option(None, "--max-bytes", help="Refuse files larger than this many bytes."),
    timeout: Optional[float] = typer.Option(None, "--timeout", help="Seconds allowed for reading the file."),
) -> None:
    """List the clauses the rubric turns on (rule flags), grouped by criterion, with their text."""
    import json
    import sys

    from pipeline.errors import StatuteError
    from pipeline.ingest.limits import time_limit
    from pipeline.run import ScoreOptions, analyze, load_document
    from pipeline.safety import display_path, printable
    from pipeline.vocab import load_rubric

    try:
        with time_limit(timeout, label=path.name):  # reading and flagging, not reading only
            document = load_document(path, ScoreOptions(max_bytes=max_bytes, timeout=timeout))
            analysis = analyze(document)
            doc, found = analysis.doc, analysis.rule_flags
    except StatuteError as exc:
        typer.echo(printable(f"error: {path}: {exc.reason}: {exc}"), err=True)
        raise typer.Exit(1)
    except OSError as exc:
        typer.echo(printable(f"error: {path}: {exc.strerror or exc}"), err=True)
        raise typer.Exit(1)
    if html is not None:
        html.write_text(render_flags_html(doc), encoding="utf-8")
    if as_json:
        json.dump([flag.to_dict() for flag in found], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.padding import Padding

    console = Console(highlight=False)
    rubric = load_rubric()
    console.print(f"[bold]{escape(display_path(path))}[/bold]: {len(found)} flag(s)")
    for criterion in rubric.criteria:
        rows = [flag for flag in found if flag.criterion == criterion.id]
        if not rows:
            continue
        console.rule(f"[bold]{criterion.id}[/bold] - {escape(criterion.label)}", align="left")
        for flag in rows:
            console.print(
                f"[bold cyan]{flag.signal}[/bold cyan]  [dim]section[/dim] {escape(flag.section or '-')}"
                f"  [dim]{escape(flag.source)}[/dim]"
            )
            before = document.text[flag.clause_start:flag.start] if flag.clause_start <= flag.start else ""
            after = document.text[flag.end:flag.clause_end] if flag.end <= flag.clause_end else ""
            clause = " ".join(f"{escape(before)}[bold yellow]{escape(flag.text)}[/bold yellow]{escape(after)}".split())
            console.print(Padding(clause, (0, 0, 1, 4)))
    if html is not None:
        console.print(f"wrote {escape(str(html))}")
