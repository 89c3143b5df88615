"""``statute review`` and ``statute export``: turn drafts into signed-off evaluations.

``statute review BILL_ID --drafts DIR`` walks a draft criterion by criterion in the terminal and
records decisions (accept / change verdict / edit explanation / note) in the review store; with
``--criterion`` plus ``--accept`` / ``--verdict`` / ``--explanation`` / ``--note`` it records one
decision without prompting (for scripts). ``statute review --status --drafts DIR`` lists what still
awaits review; ``--history`` prints a bill's decisions. ``statute export DIR --drafts DIR`` writes
the final evaluations. The logic is :mod:`pipeline.review` and :mod:`pipeline.export`.

Bill text is shown through ``rich.text.Text`` objects, never as console markup, so a bill cannot
inject styles or escape sequences into the terminal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from pipeline.cli.app import app

USAGE_ERROR = 2

_VERDICT_STYLE = {"yes": "bold green", "partial": "bold yellow", "no": "bold red"}


def _usage(message: str) -> typer.Exit:
    typer.echo(f"Usage error: {message}", err=True)
    return typer.Exit(USAGE_ERROR)


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(1)


@app.command()
def review(
    bill_id: Optional[str] = typer.Argument(None, help="The bill to review (its draft is DRAFTS/<bill_id>.json)."),
    drafts: Path = typer.Option(..., "--drafts", "-d", help="Folder of draft scorecards ('statute score --out')."),
    db: Optional[Path] = typer.Option(
        None, "--db", help="Review store (default: $STATUTE_REVIEW_DB, else ./reviews.sqlite)."
    ),
    reviewer: Optional[str] = typer.Option(
        None, "--reviewer", "-r", help="Your name (default: $STATUTE_REVIEWER, else the login name)."
    ),
    status: bool = typer.Option(False, "--status", help="List bills and criteria still awaiting review."),
    only_flagged: bool = typer.Option(
        False, "--only-flagged", help="With --status or interactively: only criteria the draft marks needs_review."
    ),
    pending_only: bool = typer.Option(
        False, "--pending-only", help="Interactively: skip criteria already signed off (resume a review)."
    ),
    limit: int = typer.Option(200, "--limit", min=0, help="With --status: rows shown at most (0: all)."),
    as_json: bool = typer.Option(False, "--json", help="With --status: print the pending criteria as JSON lines."),
    show_history: bool = typer.Option(False, "--history", help="Print every decision recorded on BILL_ID."),
    criterion: Optional[str] = typer.Option(
        None, "--criterion", "-c", help="Decide one criterion without prompting (with --accept/--verdict/...)."
    ),
    accept: bool = typer.Option(False, "--accept", help="Accept the draft verdict of --criterion."),
    verdict: Optional[str] = typer.Option(None, "--verdict", help="Set the final verdict: yes, partial or no."),
    explanation: Optional[str] = typer.Option(None, "--explanation", help="Replace the explanation."),
    note: Optional[str] = typer.Option(None, "--note", help="Add a note to the decision."),
    context: int = typer.Option(220, "--context", min=0, help="Characters of bill text shown around evidence."),
) -> None:
    """Review a draft scorecard criterion by criterion and record the decisions."""
    from pipeline.review import ReviewError

    if not drafts.is_dir():
        raise _usage(f"--drafts {drafts} is not a folder")
    try:
        if status:
            _print_status(drafts, db, only_flagged, limit, as_json)
            return
        if not bill_id:
            raise _usage("give a BILL_ID to review, or --status")
        if show_history:
            _print_history(bill_id, db)
            return
        _require_draft(drafts, bill_id)
        if criterion or accept or verdict or explanation or note:
            if not criterion:
                raise _usage("--accept/--verdict/--explanation/--note need --criterion ID")
            _decide_once(bill_id, drafts, db, reviewer, criterion, accept, verdict, explanation, note)
            return
        _interactive(bill_id, drafts, db, reviewer, only_flagged, context, pending_only)
    except ReviewError as error:
        raise _fail(str(error)) from None


def _require_draft(drafts: Path, bill_id: str) -> None:
    """A bill id with no draft is a usage error (exit 2), like any other wrong argument.

    An unsafe id (``../x``) stays the one-line error of :func:`pipeline.review.load_draft`
    (exit 1), as in ``statute report``.
    """
    from pipeline.safety import UnsafeIdError, checked_bill_id

    try:
        checked_bill_id(bill_id, where="bill id")
    except UnsafeIdError:
        return
    if not (drafts / f"{bill_id}.json").is_file():
        raise _usage(f"no draft for bill {bill_id!r} in {drafts} ('statute review --status' lists them)")


def _still_pending_note(cid: str) -> str:
    return f"{cid} is still pending: a note does not sign it off (accept, change or edit does)"


def _action_for(accept: bool, verdict: str | None, explanation: str | None, note: str | None, draft_verdict: str) -> str:
    if accept and verdict is not None and verdict != draft_verdict:
        raise _usage("--accept keeps the draft verdict; drop it to set --verdict")
    if accept or (verdict is not None and verdict == draft_verdict):
        return "accept"
    if verdict is not None:
        return "change"
    if explanation:
        return "edit"
    if note:
        return "note"
    raise _usage("say what to record: --accept, --verdict, --explanation or --note")


def _decide_once(bill_id, drafts, db, reviewer, criterion, accept, verdict, explanation, note) -> None:
    from pipeline.review import load_draft, record_decision
    from pipeline.vocab import VERDICTS, load_rubric

    if criterion not in load_rubric().ids:
        raise _usage(f"unknown criterion {criterion!r}; known: {', '.join(load_rubric().ids)}")
    if verdict is not None and verdict not in VERDICTS:
        raise _usage(f"--verdict must be one of {', '.join(VERDICTS)}")
    draft = load_draft(drafts, bill_id)
    action = _action_for(accept, verdict, explanation, note, draft.criteria[criterion].verdict)
    decision = record_decision(
        draft,
        criterion,
        action,
        reviewer=reviewer,
        verdict=verdict if action == "change" else None,
        explanation=explanation,
        note=note,
        db_path=db,
    )
    typer.echo(
        f"recorded #{decision.id}: {bill_id} {criterion} {decision.action} "
        f"({decision.draft_verdict} -> {decision.final_verdict}) by {decision.reviewer}"
    )
    if decision.action == "note":
        typer.echo(_still_pending_note(criterion))


# --------------------------------------------------------------------------- interactive


def _console():
    from rich.console import Console

    return Console(highlight=False)


def _criterion_panel(draft, cid: str, index: int, document, latest, width: int):
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    from pipeline.report import DRAFT_BANNER, evidence_location, evidence_snippet
    from pipeline.vocab import load_rubric

    result = draft.criteria[cid]
    criterion = load_rubric()[cid]
    parts = []
    head = Text()
    head.append(f"{result.verdict.upper()}", style=_VERDICT_STYLE[result.verdict])
    head.append(f"   confidence {result.confidence:.2f}   ({cid}, group {criterion.group})", style="dim")
    parts.append(head)
    if result.needs_review:
        parts.append(Text(f"\u26a0 {DRAFT_BANNER}", style="bold black on yellow"))
    parts.append(Text(result.explanation))
    for number, evidence in enumerate(result.evidence, 1):
        snippet = evidence_snippet(evidence, document, width)
        where = f"\n[{number}] {evidence_location(evidence)}  {', '.join(evidence.signals)}"
        line = Text(where + "\n", style="dim")
        # words the bill deletes (struck, bracketed) stand struck where they were printed
        for pieces, style in ((snippet.before_parts, ""), (snippet.span_parts, "bold black on bright_yellow"),
                              (snippet.after_parts, "")):
            for kind, words in pieces:
                line.append(words, style=f"{style} strike red".strip() if kind == "deleted" else style)
        parts.append(line)
    if not result.evidence:
        parts.append(Text("(no evidence: the verdict rests on what the text does not say)", style="dim"))
    if latest is not None:
        parts.append(
            Text(
                f"\nLatest decision: {latest.action} by {latest.reviewer} at {latest.decided_at[:19]} "
                f"-> {latest.final_verdict}" + (f"; note: {latest.note}" if latest.note else ""),
                style="cyan",
            )
        )
    title = Text(f"[{index}/9] {criterion.label}")
    return Panel(Group(*parts), title=title, title_align="left")


def _interactive(bill_id, drafts, db, reviewer, only_flagged, width, pending_only=False) -> None:
    from rich.text import Text

    from pipeline.config import review_db_path
    from pipeline.report import bill_metadata, search_near, source_document
    from pipeline.review import default_reviewer, is_stale, latest_decisions, load_draft, record_decision, signed_off
    from pipeline.vocab import VERDICTS, load_rubric

    console = _console()
    draft = load_draft(drafts, bill_id)
    reviewer = reviewer or default_reviewer()
    document = source_document(draft, search_near(drafts))
    meta = bill_metadata(draft)
    totals = draft.totals
    header = Text(f"{bill_id}", style="bold")
    if meta.get("title"):
        header.append(f" \u2014 {meta['title']}")
    if meta.get("status"):
        header.append(f" ({meta['status']})", style="dim")
    console.print(header)
    console.print(
        Text(
            f"Draft: end {totals['end']:g}/{totals['end_of']}, start {totals['start']:g}/{totals['start_of']}, "
            f"overall {totals['overall']:g}/{totals['overall_of']}; {draft.needs_review_count} flagged for review; "
            f"pipeline {draft.pipeline.get('version')}, model {draft.pipeline.get('model')}; reviewer {reviewer}; "
            f"store {review_db_path(db)}"
        )
    )
    if document is None:
        console.print(Text("(source document not found or changed: evidence shown without context)", style="dim"))
    recorded = 0
    latest = latest_decisions(bill_id, db_path=db)
    done = {cid for cid, d in signed_off(bill_id, db_path=db).items() if not is_stale(d, draft)}
    for index, cid in enumerate(load_rubric().ids, 1):
        result = draft.criteria[cid]
        if (only_flagged and not result.needs_review) or (pending_only and cid in done):
            continue
        console.print(_criterion_panel(draft, cid, index, document, latest.get(cid), width))
        choice = typer.prompt(
            "[a]ccept  [c]hange verdict  [e]dit explanation  [n]ote  [s]kip  [q]uit",
            default="s",
            show_default=True,
        ).strip().lower()[:1]
        if choice == "q":
            break
        if choice not in {"a", "c", "e", "n"}:
            continue
        kwargs: dict = {"reviewer": reviewer, "db_path": db}
        if choice == "a":
            action = "accept"
            extra = typer.prompt("Note (optional)", default="", show_default=False)
            kwargs["note"] = extra or None
        elif choice == "c":
            action = "change"
            new = typer.prompt(f"New verdict ({'/'.join(VERDICTS)})").strip().lower()
            while new not in VERDICTS:
                console.print(Text(f"{new!r} is not a verdict; answer {', '.join(VERDICTS[:-1])} or {VERDICTS[-1]}",
                                   style="red"))
                new = typer.prompt(f"New verdict ({'/'.join(VERDICTS)})").strip().lower()
            kwargs["verdict"] = new
            kwargs["explanation"] = typer.prompt("Explanation (why)", default="", show_default=False) or None
            kwargs["note"] = typer.prompt("Note (optional)", default="", show_default=False) or None
        elif choice == "e":
            action = "edit"
            kwargs["explanation"] = typer.prompt("New explanation")
            kwargs["note"] = typer.prompt("Note (optional)", default="", show_default=False) or None
        else:
            action = "note"
            kwargs["note"] = typer.prompt("Note")
        decision = record_decision(draft, cid, action, **kwargs)
        recorded += 1
        console.print(
            Text(f"recorded #{decision.id}: {decision.action} ({decision.draft_verdict} -> {decision.final_verdict})",
                 style="green")
        )
        if action == "note":
            console.print(Text(_still_pending_note(cid), style="yellow"))
    console.print(Text(f"{recorded} decision(s) recorded for {bill_id}."))
    done = {cid for cid, d in signed_off(bill_id, db_path=db).items() if not is_stale(d, draft)}
    left = [cid for cid in load_rubric().ids if cid not in done]
    if left:
        console.print(Text(f"{len(left)} of {len(load_rubric().ids)} criteria still pending: {', '.join(left)}"))
    else:
        console.print(Text(f"All {len(load_rubric().ids)} criteria of {bill_id} are signed off."))


# --------------------------------------------------------------------------- status / history


def _print_status(drafts: Path, db, only_flagged: bool, limit: int = 0, as_json: bool = False) -> None:
    from rich.table import Table
    from rich.text import Text

    from pipeline.review import iter_drafts, pending

    items = pending(drafts, db_path=db, only_flagged=only_flagged)
    if as_json:
        import json

        for item in items:
            typer.echo(json.dumps(item.to_dict()))
        return
    n_bills = sum(1 for _ in iter_drafts(drafts))
    console = _console()
    if not items:
        console.print(Text(f"Nothing awaits review ({n_bills} draft(s) in {drafts})."))
        return
    table = Table(title=f"Awaiting review: {len(items)} criteria in {len({i.bill_id for i in items})} of {n_bills} bills")
    shown = items if not limit else items[:limit]
    # ids are copied into commands: in a narrow terminal they wrap, never end in an ellipsis
    for column in ("bill", "criterion", "draft", "flagged", "why pending"):
        table.add_column(column, overflow="fold")
    for item in shown:
        table.add_row(
            Text(item.bill_id),
            Text(item.criterion),
            Text(item.draft_verdict, style=_VERDICT_STYLE[item.draft_verdict]),
            Text("yes", style="bold yellow") if item.needs_review else Text(""),
            Text(item.reason),
        )
    console.print(table)
    if len(shown) < len(items):
        console.print(Text(f"... and {len(items) - len(shown)} more (--limit 0 shows all)"))


def _print_history(bill_id: str, db) -> None:
    from rich.table import Table
    from rich.text import Text

    from pipeline.review import history

    decisions = history(bill_id, db_path=db)
    console = _console()
    if not decisions:
        console.print(Text(f"No decisions recorded for {bill_id}."))
        return
    table = Table(title=f"Decisions on {bill_id}")
    for column in ("#", "time (UTC)", "reviewer", "criterion", "action", "draft", "final", "note / explanation"):
        table.add_column(column, overflow="fold")
    for d in decisions:
        table.add_row(
            str(d.id), d.decided_at[:19], Text(d.reviewer), d.criterion, d.action, d.draft_verdict, d.final_verdict,
            Text(" | ".join(x for x in (d.note, d.explanation) if x)),
        )
    console.print(table)


# --------------------------------------------------------------------------- export


@app.command("export")
def export_command(
    out: Path = typer.Argument(..., metavar="DIR", help="Folder for the final evaluations."),
    drafts: Path = typer.Option(..., "--drafts", "-d", help="Folder of draft scorecards ('statute score --out')."),
    db: Optional[Path] = typer.Option(
        None, "--db", help="Review store (default: $STATUTE_REVIEW_DB, else ./reviews.sqlite)."
    ),
    fmt: str = typer.Option("both", "--format", "-f", help="Reports besides the JSON: md, html, both or none."),
    include_unreviewed: bool = typer.Option(
        False, "--all", help="Also export drafts nobody has reviewed yet (marked review_status: unreviewed)."
    ),
    bills: Optional[list[str]] = typer.Option(None, "--bill", help="Export only these bill ids (repeatable)."),
    annotations: Optional[Path] = typer.Option(
        None, "--annotations", help="Also write reviewed evidence clauses as annotation JSONL to this file."
    ),
) -> None:
    """Write final evaluations: drafts with the latest review decisions (JSON, Markdown, HTML)."""
    import json

    from pipeline.export import export_final
    from pipeline.review import ReviewError, export_annotations

    choices = {"md": ("md",), "html": ("html",), "both": ("md", "html"), "none": ()}
    if fmt not in choices:
        raise _usage("--format must be md, html, both or none")
    if not drafts.is_dir():
        raise _usage(f"--drafts {drafts} is not a folder")
    from pipeline.safety import printable

    skipped: list[str] = []

    def unsafe(message: str) -> None:
        skipped.append(message)
        typer.echo(printable(f"error: {message}"), err=True)

    try:
        result = export_final(
            out, drafts, db_path=db, formats=choices[fmt], include_unreviewed=include_unreviewed, bill_ids=bills,
            on_error=unsafe,
        )
        records = export_annotations(db, drafts) if annotations is not None else []
    except ReviewError as error:
        raise _fail(str(error)) from None
    except OSError as error:
        raise _fail(f"cannot write to {out}: {error.strerror or error}") from None
    for path in result.written:
        typer.echo(str(path))
    typer.echo(
        f"{len(result.bills)} evaluation(s) exported to {out} ({len(result.published)} signed off, with a publishable "
        f"<bill_id>.page.html); {len(result.skipped)} draft(s) without decisions skipped",
        err=True,
    )
    if annotations is not None:
        from pipeline.report import write_text_atomic

        try:
            annotations.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(annotations, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
        except OSError as error:
            raise _fail(f"cannot write {annotations}: {error.strerror or error}") from None
        typer.echo(f"{len(records)} reviewed clause(s) written to {annotations}", err=True)
    if skipped:
        raise typer.Exit(1)
