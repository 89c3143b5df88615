"""Final evaluations: draft scorecards combined with the latest review decisions.

For every draft in a drafts folder (the ``--out`` of ``statute score``) that has decisions in the
review store, :func:`export_final` writes

* ``<bill_id>.json``: the scorecard JSON of CONTRACT.md with each signed-off criterion's verdict
  and explanation replaced by the latest decision and totals recomputed, plus ``reviewed_by``,
  ``review_status`` (``complete`` / ``partial`` / ``unreviewed``), the draft's sha256 and, per
  criterion, a ``review`` object (who, when, action, draft verdict, note, whether the draft has
  changed since);
* ``<bill_id>.md`` and ``<bill_id>.html``: the report of :mod:`pipeline.report` for that final
  evaluation;
* ``<bill_id>.page.html`` (signed-off bills only): the publishable scorecard page, laid out like
  the campaign's pages (:func:`publishable_page`), and ``<bill_id>.source.txt``, the text it links to;
* ``summary.csv``: one row per final evaluation in the folder (CONTRACT.md's columns plus
  ``review_status``, ``reviewed_by``, ``exported_at``).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.report import (
    bill_metadata,
    format_points,
    search_near,
    source_document,
    write_reports,
    write_text_atomic,
)
from pipeline.review import (
    Decision,
    draft_sha256,
    history,
    is_stale,
    iter_drafts,
    latest_decisions,
    signed_off,
    utc_now,
)
from pipeline.safety import checked_bill_id, csv_row
from pipeline.values import Scorecard
from pipeline.vocab import VERDICT_OPENING, VERDICT_WORDS, group_labels, load_rubric



#: How the explanation of a verdict changed without a new explanation begins (after the verdict).
REVIEWER_SET = "Verdict set by reviewer"


@dataclass
class ExportResult:
    """What :func:`export_final` did."""

    written: list[Path] = field(default_factory=list)
    bills: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # drafts without any decision
    published: list[str] = field(default_factory=list)  # signed-off bills with a publishable page


def review_info(latest: Decision, draft: Scorecard, signoff: Decision | None = None) -> dict[str, Any]:
    """The per-criterion ``review`` object of an exported evaluation.

    Who / when / what come from the latest sign-off when there is one (a later note does not
    make its author the one who decided); the note is the latest one.
    """
    decided = signoff or latest
    return {
        "status": "reviewed" if signoff is not None else "noted",
        "decision_id": decided.id,
        "reviewer": decided.reviewer,
        "decided_at": decided.decided_at,
        "action": decided.action,
        "draft_verdict": decided.draft_verdict,
        "final_verdict": latest.final_verdict,
        "draft_explanation": decided.draft_criterion.get("explanation"),
        "note": latest.note or decided.note,
        "last_decision_id": latest.id,
        "draft_pipeline_version": decided.pipeline_version,
        "draft_model_version": decided.model_version,
        "stale": is_stale(decided, draft),
    }


def final_evaluation(
    draft: Scorecard,
    latest: dict[str, Decision],
    signed: dict[str, Decision] | None = None,
    reviewers: list[str] | None = None,
) -> dict[str, Any]:
    """The final evaluation JSON of one bill from its draft and its latest decisions.

    ``latest`` maps criteria to their latest decision (any action); ``signed`` to their latest
    sign-off (defaults to the signing entries of ``latest``). Criteria without a sign-off keep
    the draft verdict and its ``needs_review``; signed-off ones take the decision's verdict and
    explanation and are no longer ``needs_review``.
    """
    if signed is None:
        signed = {cid: d for cid, d in latest.items() if d.signs_off}
    reviewers = reviewers if reviewers is not None else sorted({d.reviewer for d in [*latest.values(), *signed.values()]})
    criteria = {}
    reviews: dict[str, dict[str, Any]] = {}
    for cid in load_rubric().ids:
        result = draft.criteria[cid]
        decision = latest.get(cid)
        if decision is None:
            criteria[cid] = result
            continue
        reviews[cid] = review_info(decision, draft, signed.get(cid))
        if cid not in signed:  # a note only: the draft stands, the note is shown
            criteria[cid] = result
            continue
        verdict = decision.final_verdict
        explanation = decision.explanation
        if not explanation:
            if verdict == result.verdict:
                explanation = result.explanation
            else:
                explanation = (
                    f"{VERDICT_OPENING[verdict]}. {REVIEWER_SET} {decision.reviewer}; "
                    f"the draft said {VERDICT_WORDS[result.verdict].lower()}: {result.explanation}"
                )
        criteria[cid] = type(result)(
            verdict=verdict,
            confidence=1.0,
            needs_review=bool(reviews[cid]["stale"]),
            explanation=explanation,
            evidence=list(result.evidence),
        )
    final = Scorecard(
        bill_id=draft.bill_id,
        source=draft.source,
        pipeline=draft.pipeline,
        relevant=draft.relevant,
        criteria=criteria,
        title=draft.title,
        relevance_score=draft.relevance_score,
        schema_version=draft.schema_version,
    )
    data = final.to_dict()
    for cid, info in reviews.items():
        data["criteria"][cid]["review"] = info
        data["criteria"][cid]["draft_confidence"] = round(float(draft.criteria[cid].confidence), 3)
    n_signed = sum(1 for cid in signed if not reviews[cid]["stale"])
    data["reviewed_by"] = reviewers
    data["review_status"] = (
        "complete" if n_signed == len(load_rubric().ids) else "partial" if n_signed else "unreviewed"
    )
    data["draft_sha256"] = draft_sha256(draft)
    data["exported_at"] = utc_now()
    return data


def export_final(
    out_dir: str | os.PathLike[str],
    drafts_dir: str | os.PathLike[str],
    *,
    db_path: str | os.PathLike[str] | None = None,
    formats: tuple[str, ...] = ("md", "html"),
    include_unreviewed: bool = False,
    bill_ids: list[str] | None = None,
    on_error: Callable[[str], None] | None = None,
) -> ExportResult:
    """Write the final evaluation (JSON + reports) of every reviewed draft in ``drafts_dir``.

    Drafts without any decision are skipped unless ``include_unreviewed``; ``bill_ids``
    restricts the export to those bills. Drafts with an unsafe ``bill_id`` are skipped and
    reported to ``on_error`` (see :func:`pipeline.review.iter_drafts`).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    result = ExportResult()
    for draft in iter_drafts(drafts_dir, on_error):
        if bill_ids is not None and draft.bill_id not in bill_ids:
            continue
        latest = latest_decisions(draft.bill_id, db_path=db_path)
        if not latest and not include_unreviewed:
            result.skipped.append(draft.bill_id)
            continue
        signed = signed_off(draft.bill_id, db_path=db_path)
        reviewers = sorted({d.reviewer for d in history(draft.bill_id, db_path=db_path)})
        data = final_evaluation(draft, latest, signed, reviewers)
        path = out / f"{checked_bill_id(draft.bill_id)}.json"
        write_text_atomic(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        result.written.append(path)
        final = Scorecard.from_dict(data)
        reviews = {cid: info["review"] for cid, info in data["criteria"].items() if "review" in info}
        document = source_document(draft, search_near(drafts_dir))
        if data["review_status"] == "complete":  # only a signed-off bill is published
            result.written.extend(write_publishable_page(data, out, document))
            result.published.append(draft.bill_id)
        result.written.extend(
            write_reports(
                final,
                out,
                document,
                formats=formats,
                reviews=reviews,
                reviewed_by=data["reviewed_by"],
            )
        )
        result.bills.append(draft.bill_id)
    if result.bills:
        result.written.append(write_summary(out))
    return result


SUMMARY_EXTRA = ("review_status", "reviewed_by", "exported_at")


def write_summary(out_dir: str | os.PathLike[str]) -> Path:
    """``summary.csv`` of every final evaluation in ``out_dir``: CONTRACT.md's columns, then
    ``review_status``, ``reviewed_by`` (``;``-separated) and ``exported_at``."""
    import csv
    import io

    from pipeline.values import SUMMARY_COLUMNS

    out = Path(out_dir)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[*SUMMARY_COLUMNS, *SUMMARY_EXTRA], lineterminator="\n")
    writer.writeheader()
    for path in sorted(out.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            row = Scorecard.from_dict(data).summary_row()
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if "review_status" not in data:
            continue  # not a final evaluation
        row.update(
            review_status=data["review_status"],
            reviewed_by=";".join(data.get("reviewed_by", [])),
            exported_at=data.get("exported_at", ""),
        )
        writer.writerow(csv_row(row))
    path = out / "summary.csv"
    write_text_atomic(path, buffer.getvalue())
    return path


# --------------------------------------------------------------------------- publishable page
#
# The campaign's own scorecard pages: per criterion "Yes." / "No." / "Partially Meets Standard."
# and one sentence that quotes the law, the group totals as "2/4 legislation passed" and "1.5/5",
# "The statewide law ..." for an enacted statute and "The proposed legislation ..." for a bill.
# Nothing of the machinery shows: no confidences, offsets, signals or component names.

#: How a verdict opens on the published page (the campaign's capitalisation).
PUBLISHED_OPENING = {"yes": "Yes.", "partial": "Partially Meets Standard.", "no": "No."}
#: Longest quote printed on the page; longer evidence is cut at a word boundary.
QUOTE_CHARS = 360

_OPENING = re.compile(r"^\s*(yes|no|partial(?:ly)?(?: meets(?: the)? standard)?)\s*[.:;,\-\u2014]*\s*", re.I)
_SUBJECT = re.compile(r"\b(?:the|this) (?:bill|law|statute|act|proposed legislation|statewide law)\b", re.I)
_QUOTE_PAIR = re.compile(r"\"([^\"]*)\"|\u201c([^\u201d]*)\u201d")
_ENACTED = re.compile(r"\b(enacted|codified|chaptered|signed|public act|session law)\b", re.I)


def is_enacted(scorecard: Scorecard) -> bool:
    """True for an enacted statute (the manifest's or the source's status says so), else a bill."""
    status = bill_metadata(scorecard).get("status", "")
    return bool(_ENACTED.search(status)) and not status.lower().startswith(("introduced", "as amended"))


def law_subject(scorecard: Scorecard) -> str:
    """``"The statewide law"`` / ``"The federal law"`` for an enacted statute, else ``"The proposed legislation"``."""
    if not is_enacted(scorecard):
        return "The proposed legislation"
    jurisdiction = bill_metadata(scorecard).get("jurisdiction", "") or scorecard.bill_id.split("-", 1)[0]
    federal = jurisdiction.lower() in {"us", "united states", "federal", "congress"}
    return "The federal law" if federal else "The statewide law"


def _squash(text: str) -> str:
    return " ".join(text.split())


def _shorten(quote: str, limit: int = QUOTE_CHARS) -> str:
    quote = _squash(quote).strip(" .\u2026").removeprefix("... ").removeprefix("...").strip()
    if len(quote) <= limit:
        return quote
    cut = quote.rfind(" ", 0, limit)
    return quote[: cut if cut > limit // 2 else limit].rstrip(" ,;:") + " \u2026"


def chosen_quote(result: Any, document_text: str | None = None) -> str | None:
    """The one quote a criterion's page sentence shows.

    The reviewer chooses it by quoting in the explanation (the workspace's "quote this" fills the
    explanation with an evidence span): the first passage in double quotes that is words of the
    law (found in the document text or in an evidence span, whitespace aside). Otherwise the
    best evidence, which the scorer lists first. ``None`` when the verdict rests on no text.
    """
    haystacks = [_squash(e.text) for e in result.evidence]
    if document_text:
        haystacks.append(_squash(document_text))
    for _, words in _long_quotes(result.explanation or ""):
        quoted = _squash(words).strip(" .\u2026").removeprefix("...").strip()
        if quoted and any(quoted.rstrip(".").lower() in h.lower() for h in haystacks):
            return _shorten(quoted)
    if result.evidence:
        return _shorten(result.evidence[0].text)
    return None


def _long_quotes(text: str) -> list[tuple[int, str]]:
    """``(position, words)`` of each double-quoted passage long enough to be a quote of the law
    (a quoted single word such as "may" is the explanation's own wording)."""
    found = []
    for match in _QUOTE_PAIR.finditer(text):
        words = match.group(1) if match.group(1) is not None else match.group(2)
        if len(words.strip(" .\u2026")) >= 12:
            found.append((match.start(), words))
    return found


def published_sentence(result: Any, subject: str, quote: str | None) -> str:
    """The explanation as one sentence of the page: verdict word dropped (the page prints it),
    "the bill" / "the law" named as ``subject``, and at most one quote (``quote``)."""
    body = _OPENING.sub("", _squash(result.explanation or ""), count=1)
    quotes = _long_quotes(body)
    # the claim is what precedes the draft's own quote; the chosen quote replaces that quote
    claim = body[: quotes[0][0]] if quotes else body

    def name(match: re.Match[str]) -> str:
        at_start = match.start() == 0 or claim[: match.start()].rstrip().endswith((".", ":"))
        return subject if at_start else subject[0].lower() + subject[1:]

    claim = _SUBJECT.sub(name, claim).strip()
    if not quote:
        return claim if claim.endswith(".") else (claim or subject + " does not address this") + "."
    if not claim:
        claim = f"{subject} provides:"
    if claim.endswith("."):
        claim = claim[:-1] + ":"
    elif not claim.endswith(":") and not quotes:
        claim += ":"
    stop = "" if quote.endswith((".", "?", "!", "\u2026")) else "."
    return f'{claim} "{quote}{stop}"'


def _manifest_row(scorecard: Scorecard) -> dict[str, str]:
    from pipeline.config import corpus_dir
    from pipeline.report import _manifest_rows

    try:
        return _manifest_rows(str(corpus_dir())).get(scorecard.bill_id) or {}
    except OSError:
        return {}


def _source_link(scorecard: Scorecard, source_href: str | None) -> str | None:
    if source_href:
        return source_href
    url = str(scorecard.source.get("url") or _manifest_row(scorecard).get("source_url") or "")
    # only web links: a bill-controlled javascript: or data: URL never becomes an href
    return url if re.match(r"^https?://", url, re.I) else None


def publishable_page(
    final: Scorecard | dict[str, Any],
    document: Any = None,
    *,
    source_href: str | None = None,
) -> str:
    """The campaign-style scorecard page (HTML) of a final evaluation.

    ``final`` is the scorecard or the final-evaluation JSON of :func:`final_evaluation`;
    ``document`` (optional) lets a quote chosen in the explanation be checked against the law's
    words; ``source_href`` links the source text (default: the manifest's source URL).
    """
    from pipeline.templating import render

    scorecard = final if isinstance(final, Scorecard) else Scorecard.from_dict(final)
    text = getattr(document, "text", document if isinstance(document, str) else None)
    subject = law_subject(scorecard)
    rubric = load_rubric()
    totals = scorecard.totals
    meta = bill_metadata(scorecard)
    groups = []
    for group, label in group_labels().items():
        rows = []
        for criterion in (c for c in rubric.criteria if c.group == group):
            result = scorecard.criteria[criterion.id]
            quote = chosen_quote(result, text)
            if result.explanation.startswith(f"{VERDICT_OPENING[result.verdict]}. {REVIEWER_SET}"):
                # a verdict changed without a new explanation: the draft's claim argued the other
                # verdict, so the page quotes the law and claims nothing
                sentence = f'{subject} provides: "{quote}{"" if quote.endswith(".") else "."}"' if quote else ""
            else:
                sentence = published_sentence(result, subject, quote)
            rows.append(
                {
                    "id": criterion.id,
                    "label": criterion.label,
                    "verdict": result.verdict,
                    "opening": PUBLISHED_OPENING[result.verdict],
                    "sentence": sentence,
                }
            )
        score = f"{format_points(totals[group])}/{totals[group + '_of']}"
        groups.append(
            {"id": group, "label": label, "rows": rows,
             "total": f"{score} legislation passed" if group == "end" else score}
        )
    return render(
        "publish.html",
        title=meta.get("title") or scorecard.title or scorecard.bill_id,
        bill=meta.get("bill"),
        jurisdiction=meta.get("jurisdiction"),
        status=meta.get("status"),
        kind="Statewide law" if subject != "The proposed legislation" else "Proposed legislation",
        groups=groups,
        overall=f"{format_points(totals['overall'])}/{totals['overall_of']}",
        source_link=_source_link(scorecard, source_href),
    )


def write_publishable_page(
    final: dict[str, Any], out_dir: str | os.PathLike[str], document: Any = None
) -> list[Path]:
    """Write ``<bill_id>.page.html`` and, when the document is at hand, the source text it links to
    (``<bill_id>.source.txt``); returns the paths written."""
    out = Path(out_dir)
    written = []
    href = None
    text = getattr(document, "text", None)
    if text:
        source = out / f"{final['bill_id']}.source.txt"
        write_text_atomic(source, text)
        written.append(source)
        href = source.name
    page = out / f"{final['bill_id']}.page.html"
    write_text_atomic(page, publishable_page(final, document, source_href=href))
    written.append(page)
    return written
