"""``statute annotations ...``: tools for the annotated clause corpus (``corpus/annotations``).

* ``suggest DOC_ID`` prints every clause of a document with the labels the rules (and keyword
  cues) propose, for a person to review; ``--jsonl`` writes draft records instead (labels empty,
  the proposal under an extra ``suggested`` key that the loader ignores).
* ``validate`` checks every record; exit status 1 on any problem.
* ``card`` writes the counts section of ``corpus/annotations/DATACARD.md``.
* ``manifest`` rewrites ``corpus/annotations/MANIFEST.csv``.
* ``realign`` repairs offsets after a change in ingestion moved text (records whose words can no
  longer be found are reported and dropped from the file, never guessed).

Bad input gives one ``error:`` line on stderr and exit status 1.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from typing import List, Optional

import typer

from pipeline.cli.app import app

annotations_app = typer.Typer(help="Tools for the annotated clause corpus (corpus/annotations).",
                              no_args_is_help=True)
app.add_typer(annotations_app, name="annotations")


@contextmanager
def _one_line_errors():
    from pipeline.errors import StatuteError

    try:
        yield
    except (StatuteError, ValueError, OSError) as error:
        typer.echo(f"error: {' '.join(str(error).split())}", err=True)
        raise typer.Exit(1)


@annotations_app.command("suggest")
def suggest_command(
    doc_id: str = typer.Argument(..., help="Document id in the shared corpus (or bulk)."),
    source: Optional[str] = typer.Option(None, "--source", help="shared or bulk (default: shared corpus, else bulk)."),
    jsonl: bool = typer.Option(False, "--jsonl", help="Write draft records (empty labels, proposal under 'suggested')."),
    no_rules: bool = typer.Option(False, "--no-rules", help="Keyword cues only."),
) -> None:
    """Print a document's clauses with proposed labels."""
    from pipeline.annotations import AnnotatedClause, clause_id, document_path, load_source_document, method_for, suggest

    with _one_line_errors():
        if source not in (None, "shared", "bulk"):
            raise ValueError(f"--source must be shared or bulk, not {source!r}")
        if source is None:
            source = "shared" if document_path(doc_id, "shared").exists() else "bulk"
        document = load_source_document(doc_id, source)
        suggestions = suggest(document, use_rules=not no_rules)
    for index, s in enumerate(suggestions):
        if jsonl:
            # A draft, not an annotation: labels stay empty until a person decides them; the
            # proposal is kept under "suggested" (ignored by the loader) and decides `method`.
            record = AnnotatedClause(clause_id(doc_id, s.start, s.end), doc_id, document.source.sha256, source,
                                     s.start, s.end, s.text, [], method_for(s.labels), True)
            typer.echo(json.dumps({**record.to_dict(), "suggested": s.labels}, ensure_ascii=False))
        else:
            shown = " ".join(s.text.split())
            typer.echo(f"[{index}] {s.start}-{s.end} rules={s.rule_labels} cues={s.cue_labels}\n    {shown}")


@annotations_app.command("validate")
def validate_command(paths: Optional[List[Path]] = typer.Argument(None, help="JSONL files (default: all).")) -> None:
    """Check every record against the shared corpus (exit 1 on any problem)."""
    from pipeline.annotations import load_annotations, validate

    with _one_line_errors():
        records = load_annotations(paths or None)
        problems = validate(records)
    for problem in problems:
        typer.echo(problem)
    typer.echo(f"{len(records)} records, {len(problems)} problems")
    if problems:
        raise typer.Exit(1)


@annotations_app.command("card")
def card_command(print_only: bool = typer.Option(False, "--print", help="Print instead of writing.")) -> None:
    """Regenerate the counts in DATACARD.md."""
    from pipeline.annotations import card_markdown, load_annotations, update_card

    with _one_line_errors():
        records = load_annotations()
        typer.echo(card_markdown(records) if print_only else update_card(records))


@annotations_app.command("manifest")
def manifest_command(date: Optional[str] = typer.Option(None, "--date", help="Date column (default: today).")) -> None:
    """Rewrite corpus/annotations/MANIFEST.csv."""
    from pipeline.annotations import write_manifest

    with _one_line_errors():
        typer.echo(write_manifest(date))


@annotations_app.command("realign")
def realign_command(paths: Optional[List[Path]] = typer.Argument(None, help="JSONL files (default: all).")) -> None:
    """Repair offsets that ingestion changes moved."""
    from pipeline.annotations import default_paths, load_annotations, realign, write_jsonl

    with _one_line_errors():
        for path in paths or default_paths():
            records = load_annotations([path])
            fixed, lost = realign(records)
            write_jsonl(fixed, path)
            typer.echo(f"{path.name}: {len(fixed)} kept, {len(lost)} lost {lost[:5]}")
