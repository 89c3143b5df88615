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
* ``summary.csv``: one row per final evaluation in the folder (CONTRACT.md's columns plus
  ``review_status``, ``reviewed_by``, ``exported_at``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.report import search_near, source_document, write_reports, write_text_atomic
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
from pipeline.vocab import VERDICT_OPENING, VERDICT_WORDS, load_rubric



@dataclass
class ExportResult:
    """What :func:`export_final` did."""

    written: list[Path] = field(default_factory=list)
    bills: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # drafts without any decision


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
                    f"{VERDICT_OPENING[verdict]}. Verdict set by reviewer {decision.reviewer}; "
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
        result.written.extend(
            write_reports(
                final,
                out,
                source_document(draft, search_near(drafts_dir)),
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
