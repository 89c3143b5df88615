"""Draft (and final) evaluation reports: one scorecard -> Markdown or self-contained HTML.

The layout follows the rubric's scorecards: the bill (title, status, jurisdiction when known),
the two groups with their totals (``End Qualified Immunity (2/4 criteria met)``), then every
criterion with its verdict, explanation and the evidence shown in context with the quoted span
marked. A criterion the draft is unsure of carries a ``DRAFT - needs review`` banner; once an
analyst has signed it off (see :mod:`pipeline.review` and :mod:`pipeline.export`) the banner is
replaced by who reviewed it and what they decided.

Bill text is untrusted input. Everything that comes from a document (evidence, context, titles,
explanations that quote the bill, reviewer notes) is escaped: in HTML by the Jinja2 templates in
``pipeline/templates/report*.html`` (autoescaping, after the ``reveal`` filter has made bidi controls
visible; see :mod:`pipeline.templating`), in Markdown by :func:`escape_markdown`, so a bill containing ``<script>``, ``[x](javascript:...)``, backticks,
pipes, ``#`` or ``*`` renders as inert text. The HTML has inline CSS only: no scripts, no links,
no external assets.
"""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.atomic import write_atomic
from pipeline.safety import reveal_controls
from pipeline.values import DELETION_REASONS, DroppedSpan, Evidence, Scorecard
from pipeline.vocab import VERDICT_SYMBOLS, VERDICT_WORDS, group_labels, load_rubric

#: Characters of document text shown on each side of an evidence span.
CONTEXT_CHARS = 220
#: Deleted spans listed at the end of a report (``statute text --dropped`` lists them all).
DELETIONS_LISTED = 40
DELETED_ROW = "Words treated as deleted (not scored)"
DELETED_HERE = "Deleted within this evidence, not scored"

DRAFT_BANNER = "DRAFT \u2014 needs review"
NOT_RELEVANT = (
    "Triage found this document unrelated to the civil liability of public officials, so every criterion "
    "is no. If it does create or amend such a cause of action, score it again without the triage "
    "(Python: pipeline.score(path, triage=False))."
)

# Markdown: these are escaped with a backslash wherever they occur in untrusted text (CommonMark
# lets any ASCII punctuation be backslash-escaped): code spans, emphasis, link/image brackets (with
# ``[`` and ``]`` escaped, parentheses and ``!`` can no longer form a link), table pipes and
# strikethrough. ``<``, ``>`` and ``&`` become entities, so no raw HTML, autolink or entity trick
# survives either.
_MD_INLINE = re.compile(r"([\\`*_\[\]|~])")
# ...and these only matter at the start of a line (lists, headings, setext underlines, quotes).
_MD_LINE_START = re.compile(r"^(\s*)([-+=:#]|\d+[.)])")


def escape_markdown(text: Any) -> str:
    """Make untrusted text inert in Markdown: one line, entities for HTML, escaped punctuation.

    Whitespace (including line breaks) collapses to single spaces so bill text cannot start a
    heading, list, code block or table row of its own.
    """
    flat = " ".join(reveal_controls(text).split())
    flat = html.escape(flat, quote=False)
    flat = _MD_INLINE.sub(r"\\\1", flat)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), flat)


def format_points(value: float) -> str:
    """``2.0`` -> ``"2"``, ``1.5`` -> ``"1.5"`` (as the rubric prints totals)."""
    return f"{value:g}"


# --------------------------------------------------------------------------- bill metadata


@lru_cache(maxsize=4)
def _manifest_rows(corpus: str) -> dict[str, dict[str, str]]:
    """``id -> row`` of the shared corpus manifests (``manifest.csv`` and ``bulk/manifest.csv``)."""
    rows: dict[str, dict[str, str]] = {}
    for manifest in (Path(corpus) / "bulk" / "manifest.csv", Path(corpus) / "manifest.csv"):
        if not manifest.is_file():
            continue
        with manifest.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row.get("id"):
                    rows[row["id"].lower()] = row  # the main manifest wins (read last)
    return rows


def bill_metadata(scorecard: Scorecard) -> dict[str, str]:
    """Title, status, jurisdiction and bill number when known.

    Comes from the scorecard itself (``title``, ``source["status"]``...) and, for documents of
    the shared corpus, from its manifest. Unknown fields are simply absent.
    """
    meta: dict[str, str] = {}
    try:
        from pipeline.config import corpus_dir

        row = _manifest_rows(str(corpus_dir())).get(scorecard.bill_id)
    except OSError:
        row = None
    if row:
        for key in ("title", "status", "jurisdiction", "bill"):
            if row.get(key):
                meta[key] = row[key]
        if "status" not in meta and row.get("version"):
            meta["status"] = row["version"]
    for key in ("title", "status", "jurisdiction", "bill"):
        value = scorecard.source.get(key)
        if value:
            meta[key] = str(value)
    if scorecard.title:
        meta["title"] = scorecard.title
    return meta


# --------------------------------------------------------------------------- evidence in context


@dataclass(frozen=True)
class Snippet:
    """An evidence span with the document text around it (``before + span + after``).

    ``before_parts``, ``span_parts`` and ``after_parts`` are the same three stretches with the
    words the source marks as deleted (struck through, bracketed, tracked deletions) put back
    where they stood: ``(kind, text)`` pairs, kind ``"text"`` or ``"deleted"``, so a reader sees
    the law as amended *and* what it strikes. ``deleted`` lists those spans (page, line, reason),
    ``deleted_in_span`` those within the quoted evidence or at its edges.
    """

    before: str
    span: str
    after: str
    in_context: bool  # False when the document text was not available or did not match
    before_parts: tuple[tuple[str, str], ...] = ()
    span_parts: tuple[tuple[str, str], ...] = ()
    after_parts: tuple[tuple[str, str], ...] = ()
    deleted: tuple[DroppedSpan, ...] = ()
    #: The deletions that stood inside the quoted span or at its edges (they belong to this evidence).
    deleted_in_span: tuple[DroppedSpan, ...] = ()


def _document_text(document: Any) -> str | None:
    if document is None:
        return None
    if isinstance(document, str):
        return document
    return getattr(document, "text", None)


def document_deletions(document: Any) -> list[DroppedSpan]:
    """The spans of ``document`` the source marks as deleted, by offset (none for a bare text)."""
    dropped = getattr(document, "dropped", None) or ()
    return sorted((span for span in dropped if span.reason in DELETION_REASONS and span.text.strip()),
                  key=lambda span: span.offset)


def _with_deletions(text: str, lo: int, hi: int, deletions: list[DroppedSpan]) -> list[tuple[int, str, str]]:
    """``text[lo:hi]`` as ``(offset, kind, text)`` pieces with each deletion inserted at its offset.

    Kinds: ``"text"`` (document text from ``offset``), ``"deleted"`` and ``"pad"`` (zero-width
    at ``offset``). A pad space goes around a deleted piece where the text itself has none (the
    deletion took its space with it), so "the court ~~may~~ shall" does not read "court~~may~~shall".
    """
    pieces: list[tuple[int, str, str]] = []
    position = lo
    for span in deletions:
        at = span.offset
        if at > position:
            pieces.append((position, "text", text[position:at]))
            position = at
        last = pieces[-1][1] if pieces else "text"
        if last == "deleted" or (last == "text" and at > 0 and not text[at - 1].isspace()):
            pieces.append((at, "pad", " "))  # also between two deletions at one offset
        pieces.append((at, "deleted", " ".join(span.text.split())))
        if at < len(text) and (text[at].isalnum() or text[at] in "([\"'"):
            pieces.append((at, "pad", " "))
    if hi > position:
        pieces.append((position, "text", text[position:hi]))
    return pieces


def _parts(pieces: list[tuple[int, str, str]], lo: int, hi: int, *, with_lo: bool,
           with_hi: bool) -> tuple[tuple[str, str], ...]:
    """The pieces between ``lo`` and ``hi`` (text cut at the bounds), bidi controls revealed.

    A deletion exactly at ``lo`` (``hi``) belongs to this stretch only when ``with_lo``
    (``with_hi``): one at the span's first character stood before it, so it is shown before.
    """
    out: list[tuple[str, str]] = []
    for offset, kind, words in pieces:
        if kind != "text":
            if lo < offset < hi or (offset == lo and with_lo) or (offset == hi and with_hi):
                out.append(("deleted" if kind == "deleted" else "text", reveal_controls(words)))
            continue
        start, end = max(offset, lo), min(offset + len(words), hi)
        if start < end:
            out.append(("text", reveal_controls(words[start - offset : end - offset])))
    return tuple(out)


def evidence_snippet(evidence: Evidence, text: Any, width: int = CONTEXT_CHARS) -> Snippet:
    """Cut a window of ``width`` characters each side of the span, snapped to word boundaries.

    ``text`` is the document text, or the :class:`~pipeline.values.Document` itself, whose
    deleted words (``Document.dropped``) are then put back, marked, where they stood in the window.
    The span is located by its offsets; when they do not match the text (a draft scored from a
    different rendering), the first verbatim occurrence is used instead, and failing that the
    evidence is shown on its own.
    """
    deletions = document_deletions(text)
    text = _document_text(text)
    start, end = evidence.start, evidence.end
    if text is not None and text[start:end] != evidence.text:
        found = text.find(evidence.text) if evidence.text else -1
        start, end = (found, found + len(evidence.text)) if found >= 0 else (-1, -1)
    if text is None or start < 0:
        alone = reveal_controls(evidence.text)
        return Snippet("", alone, "", in_context=False, span_parts=(("text", alone),))
    lo = max(0, start - width)
    hi = min(len(text), end + width)
    if lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    if hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space >= 0 else hi
    before = ("\u2026" if lo > 0 else "") + text[lo:start]
    after = text[end:hi] + ("\u2026" if hi < len(text) else "")
    near = [span for span in deletions if lo <= span.offset <= hi]
    pieces = _with_deletions(text, lo, hi, near)
    before_parts = _parts(pieces, lo, start, with_lo=True, with_hi=True)
    span_parts = _parts(pieces, start, end, with_lo=False, with_hi=False)
    after_parts = _parts(pieces, end, hi, with_lo=end > start, with_hi=True)
    if lo > 0:
        before_parts = (("text", "\u2026"), *before_parts)
    if hi < len(text):
        after_parts = (*after_parts, ("text", "\u2026"))
    # Bidi controls are made visible in the data itself, so every view (HTML, Markdown, the
    # review terminal) shows the quote in the order its characters were scored.
    return Snippet(reveal_controls(before), reveal_controls(text[start:end]), reveal_controls(after), in_context=True,
                   before_parts=before_parts, span_parts=span_parts, after_parts=after_parts, deleted=tuple(near),
                   deleted_in_span=tuple(span for span in near if start <= span.offset <= end))


def deletion_note(span: DroppedSpan) -> str:
    """Where a deleted span stood and why it counts as deleted: ``"struck through; page 2, line 7"``."""
    how = {"strikethrough": "struck through", "bracketed": "in brackets", "deleted": "marked deleted"}.get(
        span.reason, span.reason)
    where = []
    if span.page is not None:
        where.append(f"page {span.page}")
    if span.line is not None:
        where.append(f"line {span.line}")
    return "; ".join([how, ", ".join(where)]) if where else how


def evidence_location(evidence: Evidence) -> str:
    parts = []
    if evidence.section:
        section = evidence.section.strip()
        parts.append(section if section.startswith("\u00a7") else f"\u00a7 {section}")
    if evidence.page is not None:
        parts.append(f"page {evidence.page}")
    if evidence.line is not None:
        parts.append(f"line {evidence.line}")
    parts.append(f"chars {evidence.start}\u2013{evidence.end}")
    return ", ".join(parts)


# --------------------------------------------------------------------------- shared view model


def _versions(scorecard: Scorecard) -> str:
    version = scorecard.pipeline.get("version") or "unknown"
    model = scorecard.pipeline.get("model") or "none (rules only)"
    return f"statute-pipeline {version}; model {model}"


def _review_line(review: Mapping[str, Any]) -> str:
    """One line saying who signed a criterion off and what they decided (plain text)."""
    action = review.get("action", "")
    what = {
        "accept": "accepted the draft verdict",
        "change": f"changed the verdict from {review.get('draft_verdict')} to {review.get('final_verdict')}",
        "edit": "edited the explanation",
        "note": "added a note",
    }.get(action, action)
    when = str(review.get("decided_at", ""))[:16].replace("T", " ")
    line = f"Reviewed by {review.get('reviewer', '?')} ({when} UTC): {what}."
    if review.get("stale"):
        line += " The draft has changed since this review."
    return line


def _is_signed_off(review: Mapping[str, Any] | None) -> bool:
    return bool(review) and review.get("action") in {"accept", "change", "edit"}


def _kind(scorecard: Scorecard, reviews: Mapping[str, Any] | None) -> str:
    if not reviews:
        return "Draft evaluation"
    signed = sum(
        1 for cid in load_rubric().ids if _is_signed_off(reviews.get(cid)) and not reviews[cid].get("stale")
    )
    return "Final evaluation" if signed == len(load_rubric().ids) else "Partially reviewed evaluation"




def _group_heading(scorecard: Scorecard, group: str) -> str:
    totals = scorecard.totals
    label = group_labels().get(group, group)
    return f"{label} ({format_points(totals[group])}/{totals[group + '_of']} criteria met)"


def _groups() -> list[tuple[str, list[str]]]:
    rubric = load_rubric()
    order: list[str] = []
    for criterion in rubric.criteria:
        if criterion.group not in order:
            order.append(criterion.group)
    return [(g, [c.id for c in rubric.criteria if c.group == g]) for g in order]


# --------------------------------------------------------------------------- Markdown


def render_markdown(
    scorecard: Scorecard,
    document: Any = None,
    *,
    reviews: Mapping[str, Mapping[str, Any]] | None = None,
    reviewed_by: list[str] | None = None,
    context_chars: int = CONTEXT_CHARS,
) -> str:
    """The evaluation as Markdown (GitHub / CommonMark with tables).

    ``document`` (a :class:`~pipeline.values.Document` or its text) lets evidence be shown in
    context; without it only the quoted spans are shown. ``reviews`` maps criterion ids to the
    review info of :mod:`pipeline.export` and turns the draft into a (partly) final evaluation.
    """
    rubric = load_rubric()
    meta = bill_metadata(scorecard)
    totals = scorecard.totals
    reviews = reviews or {}
    kind = _kind(scorecard, reviews)
    out: list[str] = []
    title = meta.get("title") or scorecard.bill_id
    out.append(f"# {kind}: {escape_markdown(title)}")
    out.append("")
    if kind == "Draft evaluation":
        out.append(
            "> **DRAFT \u2014 machine-generated, not reviewed.** Every verdict below is a draft for an "
            "analyst to check against the bill text."
        )
        out.append("")
    out.append("| | |")
    out.append("|---|---|")
    out.append(f"| Bill id | {escape_markdown(scorecard.bill_id)} |")
    for key, label in (("bill", "Bill"), ("title", "Title"), ("jurisdiction", "Jurisdiction"), ("status", "Status")):
        if meta.get(key):
            out.append(f"| {label} | {escape_markdown(meta[key])} |")
    source = scorecard.source
    src = f"{source.get('path', '')} ({source.get('format', '?')}, sha256 {str(source.get('sha256', ''))[:12]})"
    out.append(f"| Source | {escape_markdown(src)} |")
    relevance = "yes" if scorecard.relevant else "no"
    if scorecard.relevance_score is not None:
        relevance += f" (score {scorecard.relevance_score:.2f})"
    out.append(f"| Relevant to civil liability of officials | {relevance} |")
    out.append(f"| Criteria flagged for review | {scorecard.needs_review_count} of {len(rubric.ids)} |")
    if scorecard.deleted_words:
        out.append(f"| {DELETED_ROW} | {_deleted_words_cell(scorecard)} |")
    if reviewed_by:
        out.append(f"| Reviewed by | {escape_markdown(', '.join(reviewed_by))} |")
    out.append(f"| Versions | {escape_markdown(_versions(scorecard))} |")
    out.append("")
    out.append(
        f"**Overall: {format_points(totals['overall'])}/{totals['overall_of']}** "
        f"(end {format_points(totals['end'])}/{totals['end_of']}, "
        f"start {format_points(totals['start'])}/{totals['start_of']})"
    )
    out.append("")
    if not scorecard.relevant:
        out.append(f"*{NOT_RELEVANT}*")
        out.append("")
    for group, ids in _groups():
        out.append(f"## {_group_heading(scorecard, group)}")
        out.append("")
        out.append("| Criterion | Verdict | Confidence | Review |")
        out.append("|---|---|---|---|")
        for cid in ids:
            result = scorecard.criteria[cid]
            out.append(
                f"| {rubric[cid].label} | {VERDICT_SYMBOLS[result.verdict]} {VERDICT_WORDS[result.verdict]} "
                f"| {result.confidence:.2f} | {_review_cell(result.needs_review, reviews.get(cid))} |"
            )
        out.append("")
        for cid in ids:
            out.extend(_markdown_criterion(scorecard, cid, document, reviews.get(cid), context_chars))
    deletions = document_deletions(document)
    if deletions:
        out.append("## Words treated as deleted")
        out.append("")
        out.append(_DELETIONS_INTRO)
        out.append("")
        for span, note in _listed_deletions(deletions):
            out.append(f"- ~~{_markdown_inline([('text', span.text)])}~~ ({escape_markdown(note)})")
        if len(deletions) > DELETIONS_LISTED:
            out.append(f"- \u2026 and {len(deletions) - DELETIONS_LISTED} more (`statute text --dropped` lists them all)")
        out.append("")
    out.append("---")
    out.append("")
    out.append(f"Generated by {escape_markdown(_versions(scorecard))}. Criterion ids follow RUBRIC.md.")
    out.append("")
    return "\n".join(out)


_DELETIONS_INTRO = (
    "The source marks these words as deleted (struck through, in brackets under the legislature's "
    "convention, or tracked deletions). They are not part of the text that was scored."
)


def _deleted_words_cell(scorecard: Scorecard) -> str:
    return f"{scorecard.deleted_words} (shown struck through near the evidence)"


def _listed_deletions(deletions: list[DroppedSpan]) -> list[tuple[DroppedSpan, str]]:
    """The first :data:`DELETIONS_LISTED` deletions with their note (reason, page, line, offset)."""
    return [(span, f"{deletion_note(span)}; at char {span.offset}") for span in deletions[:DELETIONS_LISTED]]


def _review_cell(needs_review: bool, review: Mapping[str, Any] | None) -> str:
    if _is_signed_off(review):
        return "reviewed by " + escape_markdown(review.get("reviewer", "?"))  # type: ignore[union-attr]
    return f"**{DRAFT_BANNER}**" if needs_review else "draft"


def _markdown_criterion(
    scorecard: Scorecard, cid: str, text: Any, review: Mapping[str, Any] | None, width: int
) -> list[str]:
    result = scorecard.criteria[cid]
    label = load_rubric()[cid].label
    out = [f"### {VERDICT_SYMBOLS[result.verdict]} {VERDICT_WORDS[result.verdict]} \u2014 {label}", ""]
    out.append(f"`{cid}` \u00b7 confidence {result.confidence:.2f}")
    out.append("")
    if _is_signed_off(review):
        warn = "\u26a0 " if review.get("stale") else ""  # type: ignore[union-attr]
        out.append(f"> **{warn}{escape_markdown(_review_line(review))}**")  # type: ignore[arg-type]
        out.append("")
    elif result.needs_review:
        out.append(f"> **\u26a0 {DRAFT_BANNER}.** The draft is unsure of this verdict; check it against the bill.")
        out.append("")
    out.append(escape_markdown(result.explanation))
    out.append("")
    if review and review.get("note"):
        out.append(f"*Reviewer's note:* {escape_markdown(review['note'])}")
        out.append("")
    if review and review.get("action") == "change" and review.get("draft_explanation"):
        out.append(f"*Draft said ({escape_markdown(review.get('draft_verdict'))}):* {escape_markdown(review['draft_explanation'])}")
        out.append("")
    if result.evidence:
        out.append("Evidence:")
        out.append("")
        for number, evidence in enumerate(result.evidence, 1):
            snippet = evidence_snippet(evidence, text, width)
            out.append(f"{number}. {escape_markdown(evidence_location(evidence))}")
            out.append("")
            out.append(f"   > {_markdown_marked(snippet)}")
            out.append("")
            if snippet.deleted_in_span:
                out.append(f"   {deleted_here_line(snippet)}")
                out.append("")
    else:
        out.append("Evidence: none (the verdict rests on what the text does not say).")
        out.append("")
    return out


def _markdown_marked(snippet: Snippet) -> str:
    """``before **span** after`` on one line, with the span in bold.

    Whitespace at the span's edges moves outside the ``**`` and a space is added where
    CommonMark's flanking rules would otherwise not see the ``**`` as emphasis (a span that
    starts or ends with punctuation glued to a word).
    """
    raw = snippet.before + snippet.span + snippet.after
    core = snippet.span.strip()
    if not core:
        return escape_markdown(raw)
    if snippet.deleted:
        return _markdown_marked_with_deletions(snippet)
    lead = snippet.before + snippet.span[: len(snippet.span) - len(snippet.span.lstrip())]
    trail = snippet.span[len(snippet.span.rstrip()) :] + snippet.after
    before, span, after = escape_markdown(lead), escape_markdown(core), escape_markdown(trail)
    gap_before = " " if before and (lead[-1].isspace() or not core[0].isalnum()) else ""
    gap_after = " " if after and (trail[0].isspace() or not core[-1].isalnum()) else ""
    return f"{before}{gap_before}**{span}**{gap_after}{after}"


def _markdown_inline(parts: tuple[tuple[str, str], ...] | list[tuple[str, str]]) -> str:
    """Pieces as one escaped line, deleted words as ``~~struck~~`` (GFM strikethrough).

    Line-start escapes are left to the caller: applied to every piece they would put a visible
    backslash before a number ("\\1.") in the middle of the line.
    """
    out = []
    for kind, words in parts:
        flat = _MD_INLINE.sub(r"\\\1", html.escape(" ".join(reveal_controls(words).split()), quote=False))
        if kind == "deleted":
            out.append(f"~~{flat}~~" if flat else "")
            continue
        if words[:1].isspace():
            flat = " " + flat
        if words[-1:].isspace() and flat.strip():
            flat += " "
        out.append(flat)
    return re.sub(" {2,}", " ", "".join(out)).strip()


def _markdown_marked_with_deletions(snippet: Snippet) -> str:
    """As :func:`_markdown_marked`, with the deleted words near the evidence shown struck."""
    span = snippet.span
    lead_space, trail_space = span[: len(span) - len(span.lstrip())], span[len(span.rstrip()) :]
    core_parts = list(snippet.span_parts)
    if core_parts and core_parts[0][0] == "text":
        core_parts[0] = ("text", core_parts[0][1].lstrip())
    if core_parts and core_parts[-1][0] == "text":
        core_parts[-1] = ("text", core_parts[-1][1].rstrip())
    lead_parts = [*snippet.before_parts, ("text", lead_space)]
    trail_parts = [("text", trail_space), *snippet.after_parts]
    lead = "".join(words for _, words in lead_parts)
    trail = "".join(words for _, words in trail_parts)
    core = span.strip()
    before, marked, after = _markdown_inline(lead_parts), _markdown_inline(core_parts), _markdown_inline(trail_parts)
    gap_before = " " if before and (lead[-1:].isspace() or not core[0].isalnum()) else ""
    gap_after = " " if after and (trail[:1].isspace() or not core[-1].isalnum()) else ""
    line = f"{before}{gap_before}**{marked}**{gap_after}{after}"
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line)


def deleted_here_line(snippet: Snippet) -> str:
    """The Markdown line listing the deleted words inside an evidence's quote, or ``""``."""
    if not snippet.deleted_in_span:
        return ""
    items = [f"~~{_markdown_inline([('text', span.text)])}~~ ({escape_markdown(deletion_note(span))})"
             for span in snippet.deleted_in_span]
    return f"*{DELETED_HERE}:* " + "; ".join(items)


# --------------------------------------------------------------------------- HTML
# The page is pipeline/templates/report.html (autoescaped; bill text through the ``reveal`` filter,
# see pipeline/templating.py). This module only builds the plain values it shows.


def _criterion_view(
    scorecard: Scorecard, cid: str, text: Any, review: Mapping[str, Any] | None, width: int
) -> dict[str, Any]:
    """What the templates show of one criterion: plain strings, nothing escaped yet."""
    result = scorecard.criteria[cid]
    signed = _is_signed_off(review)
    evidence = []
    for item in result.evidence:
        snippet = evidence_snippet(item, text, width)
        evidence.append(
            {
                "location": evidence_location(item),
                "signals": ", ".join(item.signals),
                "before": snippet.before,
                "span": snippet.span,
                "after": snippet.after,
                "before_parts": snippet.before_parts,
                "span_parts": snippet.span_parts,
                "after_parts": snippet.after_parts,
                "deleted": bool(snippet.deleted),
                "deleted_here": [(" ".join(span.text.split()), deletion_note(span)) for span in snippet.deleted_in_span],
            }
        )
    draft_said = None
    if review and review.get("action") == "change" and review.get("draft_explanation"):
        draft_said = {"verdict": review.get("draft_verdict"), "explanation": review["draft_explanation"]}
    return {
        "id": cid,
        "label": load_rubric()[cid].label,
        "verdict": result.verdict,
        "symbol": VERDICT_SYMBOLS[result.verdict],
        "word": VERDICT_WORDS[result.verdict],
        "confidence": f"{result.confidence:.2f}",
        "needs_review": result.needs_review,
        "reviewer": review.get("reviewer", "?") if signed else None,  # type: ignore[union-attr]
        "review_line": _review_line(review) if signed else None,  # type: ignore[arg-type]
        "stale": bool(review and review.get("stale")),
        "explanation": result.explanation,
        "note": review.get("note") if review else None,
        "draft_said": draft_said,
        "evidence": evidence,
    }


def render_html(
    scorecard: Scorecard,
    document: Any = None,
    *,
    reviews: Mapping[str, Mapping[str, Any]] | None = None,
    reviewed_by: list[str] | None = None,
    context_chars: int = CONTEXT_CHARS,
) -> str:
    """The evaluation as one self-contained HTML page (inline CSS, no scripts, no links).

    Arguments as for :func:`render_markdown`. All bill-derived text is escaped (Jinja2
    autoescaping, after bidi controls are made visible).
    """
    from pipeline.templating import render

    rubric = load_rubric()
    deletions = document_deletions(document)
    meta = bill_metadata(scorecard)
    totals = scorecard.totals
    reviews = reviews or {}
    rows = [("Bill id", scorecard.bill_id)]
    for key, label in (("bill", "Bill"), ("title", "Title"), ("jurisdiction", "Jurisdiction"), ("status", "Status")):
        if meta.get(key):
            rows.append((label, meta[key]))
    source = scorecard.source
    rows.append(
        ("Source", f"{source.get('path', '')} ({source.get('format', '?')}, sha256 {str(source.get('sha256', ''))[:12]})")
    )
    relevance = "yes" if scorecard.relevant else "no"
    if scorecard.relevance_score is not None:
        relevance += f" (score {scorecard.relevance_score:.2f})"
    rows.append(("Relevant to civil liability of officials", relevance))
    rows.append(("Criteria flagged for review", f"{scorecard.needs_review_count} of {len(rubric.ids)}"))
    if scorecard.deleted_words:
        rows.append((DELETED_ROW, _deleted_words_cell(scorecard)))
    if reviewed_by:
        rows.append(("Reviewed by", ", ".join(reviewed_by)))
    rows.append(("Versions", _versions(scorecard)))
    groups = [
        {
            "heading": _group_heading(scorecard, group),
            "criteria": [_criterion_view(scorecard, cid, document, reviews.get(cid), context_chars) for cid in ids],
        }
        for group, ids in _groups()
    ]
    return render(
        "report.html",
        kind=_kind(scorecard, reviews),
        title=meta.get("title") or scorecard.bill_id,
        rows=rows,
        overall=f"{format_points(totals['overall'])}/{totals['overall_of']}",
        parts=(
            f"end {format_points(totals['end'])}/{totals['end_of']}, "
            f"start {format_points(totals['start'])}/{totals['start_of']}"
        ),
        not_relevant=None if scorecard.relevant else NOT_RELEVANT,
        groups=groups,
        deletions=[(" ".join(span.text.split()), note) for span, note in _listed_deletions(deletions)],
        deletions_more=max(0, len(deletions) - DELETIONS_LISTED),
        deletions_intro=_DELETIONS_INTRO,
        deleted_here=DELETED_HERE,
        versions=_versions(scorecard),
        draft_banner=DRAFT_BANNER,
    ) + "\n"


# --------------------------------------------------------------------------- writing files


def search_near(folder: str | Path) -> tuple[Path, ...]:
    """A drafts folder and its two parents: where relative source paths were likely relative to."""
    resolved = Path(folder).resolve()
    return (resolved, *list(resolved.parents)[:2])


def source_candidates(path: str | None, search: tuple[str | Path, ...] = ()) -> list[Path]:
    """Where a scorecard's source file may be now: as recorded, beside ``search`` folders, or
    under the shared corpus by file name (drafts often record paths relative to where
    ``statute score`` ran)."""
    if not path:
        return []
    from pipeline.safety import undisplay_path

    recorded = Path(path)
    candidates = [recorded]
    if undisplay_path(path) != path:  # a name written escaped (not UTF-8, control characters)
        recorded = Path(undisplay_path(path))
        candidates.insert(0, recorded)
    if not recorded.is_absolute():
        candidates += [Path(folder) / recorded for folder in search]
    try:
        from pipeline.config import corpus_dir

        root = corpus_dir()
        for sub in ("texts", "pdfs", "bulk/texts", "bulk/pdfs", "bulk/xml"):
            candidates.append(root / sub / recorded.name)
    except OSError:
        pass
    return candidates


def source_document(scorecard: Scorecard | Mapping[str, Any], search: tuple[str | Path, ...] = ()) -> Any:
    """Re-load the source document of a scorecard (or of its ``source`` dict) for context, or ``None``.

    Used when a report is made from a saved scorecard (``--from-scores``, reviews, exports):
    the file must still exist and its sha256 must match the one scored, otherwise the offsets
    could point at different text and the report shows the quoted spans on their own.
    """
    source = scorecard if isinstance(scorecard, Mapping) else scorecard.source
    expected = source.get("sha256")
    for candidate in source_candidates(source.get("path"), search):
        if not candidate.is_file():
            continue
        try:
            from pipeline.run import load_document

            document = load_document(candidate)
        except Exception:  # noqa: BLE001 - context is optional; any failure means "no context"
            continue
        if expected and document.source.sha256 != expected:
            continue
        return document
    return None


FORMATS = {"md": render_markdown, "html": render_html}


def write_reports(
    scorecard: Scorecard,
    out_dir: str | Path,
    document: Any = None,
    *,
    formats: tuple[str, ...] = ("md", "html"),
    **render_options: Any,
) -> list[Path]:
    """Write ``<out_dir>/<bill_id>.md`` and/or ``.html``; returns the paths written.

    The id is checked again here, where it becomes a file name: a scorecard read from a
    hand-edited draft must not write outside ``out_dir``.
    """
    from pipeline.safety import checked_bill_id

    checked_bill_id(scorecard.bill_id)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        path = out / f"{scorecard.bill_id}.{fmt}"
        write_text_atomic(path, FORMATS[fmt](scorecard, document, **render_options))
        written.append(path)
    return written


def write_text_atomic(path: Path, text: str) -> None:
    """Write a report via :func:`pipeline.atomic.write_atomic` (no fsync: a report can be made again)."""
    write_atomic(path, text, fsync=False)


def render_criterion_html(
    scorecard: Scorecard,
    criterion: str,
    document: Any = None,
    *,
    review: Mapping[str, Any] | None = None,
    context_chars: int = CONTEXT_CHARS,
) -> str:
    """One criterion as an HTML fragment (with the report's CSS), for notebooks."""
    from pipeline.templating import render

    view = _criterion_view(scorecard, criterion, document, review, context_chars)
    return render("report_criterion.html", c=view, draft_banner=DRAFT_BANNER, deleted_here=DELETED_HERE)
