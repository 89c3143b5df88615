"""Draft (and final) evaluation reports: one scorecard -> Markdown or self-contained HTML.

The layout follows the rubric's scorecards: the bill (title, status, jurisdiction when known),
the two groups with their totals (``End Qualified Immunity (2/4 criteria met)``), then every
criterion with its verdict, explanation and the evidence shown in context with the quoted span
marked. A criterion the draft is unsure of carries a ``DRAFT - needs review`` banner; once an
analyst has signed it off (see :mod:`pipeline.review` and :mod:`pipeline.export`) the banner is
replaced by who reviewed it and what they decided.

Bill text is untrusted input. Everything that comes from a document (evidence, context, titles,
explanations that quote the bill, reviewer notes) goes through :func:`escape_html` or
:func:`escape_markdown`, so a bill containing ``<script>``, ``[x](javascript:...)``, backticks,
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

from pipeline.safety import reveal_controls
from pipeline.values import Evidence, Scorecard
from pipeline.vocab import VERDICT_SYMBOLS, VERDICT_WORDS, group_labels, load_rubric

#: Characters of document text shown on each side of an evidence span.
CONTEXT_CHARS = 220

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


def escape_html(text: Any) -> str:
    """Escape untrusted text for HTML element content and attribute values (bidi controls shown)."""
    return html.escape(reveal_controls(text), quote=True)


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
    """An evidence span with the document text around it (``before + span + after``)."""

    before: str
    span: str
    after: str
    in_context: bool  # False when the document text was not available or did not match


def _document_text(document: Any) -> str | None:
    if document is None:
        return None
    if isinstance(document, str):
        return document
    return getattr(document, "text", None)


def evidence_snippet(evidence: Evidence, text: str | None, width: int = CONTEXT_CHARS) -> Snippet:
    """Cut a window of ``width`` characters each side of the span, snapped to word boundaries.

    The span is located by its offsets; when they do not match the text (a draft scored from a
    different rendering), the first verbatim occurrence is used instead, and failing that the
    evidence is shown on its own.
    """
    start, end = evidence.start, evidence.end
    if text is not None and text[start:end] != evidence.text:
        found = text.find(evidence.text) if evidence.text else -1
        start, end = (found, found + len(evidence.text)) if found >= 0 else (-1, -1)
    if text is None or start < 0:
        return Snippet("", reveal_controls(evidence.text), "", in_context=False)
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
    # Bidi controls are made visible in the data itself, so every view (HTML, Markdown, the
    # review terminal) shows the quote in the order its characters were scored.
    return Snippet(reveal_controls(before), reveal_controls(text[start:end]), reveal_controls(after), in_context=True)


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
    text = _document_text(document)
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
            out.extend(_markdown_criterion(scorecard, cid, text, reviews.get(cid), context_chars))
    out.append("---")
    out.append("")
    out.append(f"Generated by {escape_markdown(_versions(scorecard))}. Criterion ids follow RUBRIC.md.")
    out.append("")
    return "\n".join(out)


def _review_cell(needs_review: bool, review: Mapping[str, Any] | None) -> str:
    if _is_signed_off(review):
        return "reviewed by " + escape_markdown(review.get("reviewer", "?"))  # type: ignore[union-attr]
    return f"**{DRAFT_BANNER}**" if needs_review else "draft"


def _markdown_criterion(
    scorecard: Scorecard, cid: str, text: str | None, review: Mapping[str, Any] | None, width: int
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
    lead = snippet.before + snippet.span[: len(snippet.span) - len(snippet.span.lstrip())]
    trail = snippet.span[len(snippet.span.rstrip()) :] + snippet.after
    before, span, after = escape_markdown(lead), escape_markdown(core), escape_markdown(trail)
    gap_before = " " if before and (lead[-1].isspace() or not core[0].isalnum()) else ""
    gap_after = " " if after and (trail[0].isspace() or not core[-1].isalnum()) else ""
    return f"{before}{gap_before}**{span}**{gap_after}{after}"


# --------------------------------------------------------------------------- HTML

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;color:#1b1b1b;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.3rem}h2{margin-top:2rem;border-bottom:2px solid #ddd;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{border:1px solid #ccc;padding:.25rem .6rem;
text-align:left;vertical-align:top}th{background:#f3f3f3}
.banner{background:#fff3cd;border:1px solid #e0b400;padding:.5rem .8rem;margin:.5rem 0;font-weight:600}
.reviewed{background:#e7f4ea;border:1px solid #3c9a55;padding:.5rem .8rem;margin:.5rem 0}
.criterion{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;margin:1rem 0}
.criterion h3{margin:.2rem 0 .4rem;font-size:1.1rem}
.verdict{display:inline-block;min-width:4.5rem;text-align:center;border-radius:4px;padding:0 .4rem;
color:#fff;font-weight:700;margin-right:.4rem}
.v-yes{background:#2e7d32}.v-partial{background:#b26a00}.v-no{background:#b3261e}
.meta{color:#555;font-size:.9rem}.ctx{white-space:pre-wrap;background:#fafafa;border-left:4px solid #999;
margin:.3rem 0 .8rem;padding:.4rem .8rem;font-family:Georgia,serif}
mark{background:#ffe066;padding:0 .1rem}.loc{color:#555;font-size:.85rem}
.note{font-style:italic}footer{margin-top:2rem;color:#555;font-size:.85rem;border-top:1px solid #ddd}
"""


def render_html(
    scorecard: Scorecard,
    document: Any = None,
    *,
    reviews: Mapping[str, Mapping[str, Any]] | None = None,
    reviewed_by: list[str] | None = None,
    context_chars: int = CONTEXT_CHARS,
) -> str:
    """The evaluation as one self-contained HTML page (inline CSS, no scripts, no links).

    Arguments as for :func:`render_markdown`. All bill-derived text is escaped.
    """
    rubric = load_rubric()
    e = escape_html
    text = _document_text(document)
    meta = bill_metadata(scorecard)
    totals = scorecard.totals
    reviews = reviews or {}
    kind = _kind(scorecard, reviews)
    title = meta.get("title") or scorecard.bill_id
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(kind)}: {e(title)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{e(kind)}: {e(title)}</h1>",
    ]
    if kind == "Draft evaluation":
        out.append(
            '<div class="banner">DRAFT \u2014 machine-generated, not reviewed. Every verdict below is a '
            "draft for an analyst to check against the bill text.</div>"
        )
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
    if reviewed_by:
        rows.append(("Reviewed by", ", ".join(reviewed_by)))
    rows.append(("Versions", _versions(scorecard)))
    out.append('<table class="bill">')
    out.extend(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in rows)
    out.append("</table>")
    out.append(
        f"<p><strong>Overall: {format_points(totals['overall'])}/{totals['overall_of']}</strong> "
        f"(end {format_points(totals['end'])}/{totals['end_of']}, "
        f"start {format_points(totals['start'])}/{totals['start_of']})</p>"
    )
    if not scorecard.relevant:
        out.append(f'<p class="note">{e(NOT_RELEVANT)}</p>')
    for group, ids in _groups():
        out.append(f"<h2>{e(_group_heading(scorecard, group))}</h2>")
        out.append("<table><tr><th>Criterion</th><th>Verdict</th><th>Confidence</th><th>Review</th></tr>")
        for cid in ids:
            result = scorecard.criteria[cid]
            review = reviews.get(cid)
            if _is_signed_off(review):
                state = "reviewed by " + e(review.get("reviewer", "?"))  # type: ignore[union-attr]
            elif result.needs_review:
                state = f"<strong>{e(DRAFT_BANNER)}</strong>"
            else:
                state = "draft"
            out.append(
                f'<tr><td><a href="#{e(cid)}">{e(rubric[cid].label)}</a></td>'
                f"<td>{_html_verdict(result.verdict)}</td><td>{result.confidence:.2f}</td><td>{state}</td></tr>"
            )
        out.append("</table>")
        for cid in ids:
            out.extend(_html_criterion(scorecard, cid, text, reviews.get(cid), context_chars))
    out.append(f"<footer><p>Generated by {e(_versions(scorecard))}. Criterion ids follow RUBRIC.md.</p></footer>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _html_verdict(verdict: str) -> str:
    return f'<span class="verdict v-{verdict}">{VERDICT_SYMBOLS[verdict]} {VERDICT_WORDS[verdict]}</span>'


def _html_criterion(
    scorecard: Scorecard, cid: str, text: str | None, review: Mapping[str, Any] | None, width: int
) -> list[str]:
    e = escape_html
    result = scorecard.criteria[cid]
    out = [f'<section class="criterion" id="{e(cid)}">']
    out.append(f"<h3>{_html_verdict(result.verdict)}{e(load_rubric()[cid].label)}</h3>")
    out.append(f'<div class="meta"><code>{e(cid)}</code> \u00b7 confidence {result.confidence:.2f}</div>')
    if _is_signed_off(review):
        css = "banner" if review.get("stale") else "reviewed"  # type: ignore[union-attr]
        out.append(f'<div class="{css}">{e(_review_line(review))}</div>')  # type: ignore[arg-type]
    elif result.needs_review:
        out.append(
            f'<div class="banner">\u26a0 {e(DRAFT_BANNER)}. The draft is unsure of this verdict; '
            "check it against the bill.</div>"
        )
    out.append(f'<p class="explanation">{e(result.explanation)}</p>')
    if review and review.get("note"):
        out.append(f'<p class="note">Reviewer\'s note: {e(review["note"])}</p>')
    if review and review.get("action") == "change" and review.get("draft_explanation"):
        out.append(f'<p class="note">Draft said ({e(review.get("draft_verdict"))}): {e(review["draft_explanation"])}</p>')
    if result.evidence:
        out.append("<p>Evidence:</p><ol>")
        for evidence in result.evidence:
            snippet = evidence_snippet(evidence, text, width)
            found_by = f" \u00b7 found by {e(', '.join(evidence.signals))}" if evidence.signals else ""
            out.append(
                f'<li><div class="loc">{e(evidence_location(evidence))}{found_by}</div>'
                f'<blockquote class="ctx">{e(snippet.before)}<mark>{e(snippet.span)}</mark>{e(snippet.after)}'
                "</blockquote></li>"
            )
        out.append("</ol>")
    else:
        out.append("<p>Evidence: none (the verdict rests on what the text does not say).</p>")
    out.append("</section>")
    return out


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


def _current_umask() -> int:
    """The process umask (Python < 3.13 can only read it by setting it, then putting it back)."""
    import os

    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def write_text_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and ``os.replace``: readers see the old or the new file, never a part."""
    import os
    import tempfile

    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp creates 0o600; a report is a shared file, so give it what open() would: 0o666 less the umask
        os.fchmod(handle, 0o666 & ~_current_umask())
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render_criterion_html(
    scorecard: Scorecard,
    criterion: str,
    document: Any = None,
    *,
    review: Mapping[str, Any] | None = None,
    context_chars: int = CONTEXT_CHARS,
) -> str:
    """One criterion as an HTML fragment (with the report's CSS), for notebooks."""
    body = "\n".join(_html_criterion(scorecard, criterion, _document_text(document), review, context_chars))
    return f"<div><style>{_CSS}</style>{body}</div>"
