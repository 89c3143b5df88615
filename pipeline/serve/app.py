"""The Flask application of the review workspace (see :mod:`pipeline.serve`)."""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, redirect, request, url_for

from pipeline.compare import Version, compare_versions
from pipeline.export import final_evaluation, publishable_page
from pipeline.report import bill_metadata, format_points, search_near, source_document
from pipeline.review import (
    ReviewError,
    default_reviewer,
    history,
    is_stale,
    iter_drafts,
    latest_decisions,
    load_draft,
    record_decision,
    signed_off,
)
from pipeline.serve.text import evidence_anchor, text_segments
from pipeline.templating import render
from pipeline.values import Scorecard
from pipeline.vocab import VERDICT_OPENING, VERDICT_WORDS, VERDICTS, group_labels, load_rubric

PACKAGE = Path(__file__).resolve().parent.parent


def _jurisdiction(card: Scorecard) -> str:
    return bill_metadata(card).get("jurisdiction") or card.bill_id.split("-", 1)[0].upper()


def _status(card: Scorecard, db_path: Any) -> dict[str, Any]:
    """Per criterion: the state after review (final verdict, signed off, stale, latest decision)."""
    signed = signed_off(card.bill_id, db_path=db_path)
    latest = latest_decisions(card.bill_id, db_path=db_path)
    out = {}
    for cid in load_rubric().ids:
        draft = card.criteria[cid]
        sign = signed.get(cid)
        fresh = sign is not None and not is_stale(sign, card)
        last = latest.get(cid)
        out[cid] = {
            "signed": fresh,
            "stale": sign is not None and not fresh,
            "verdict": sign.final_verdict if fresh else draft.verdict,
            # a verdict changed without an explanation has none yet (the draft's argued the old verdict)
            "explanation": (
                (sign.explanation or (draft.explanation if sign.final_verdict == draft.verdict else ""))
                if fresh
                else draft.explanation
            ),
            "latest": last,
        }
    return out


def create_app(
    drafts_dir: str | os.PathLike[str],
    *,
    db_path: str | os.PathLike[str] | None = None,
    reviewer: str | None = None,
) -> Flask:
    """The workspace over ``drafts_dir`` (scorecards of ``statute score``) and the review store."""
    drafts = Path(drafts_dir)
    app = Flask(
        "pipeline.serve",
        static_folder=str(PACKAGE / "static"),
    )
    app.config.update(DRAFTS=drafts, DB=db_path, REVIEWER=reviewer or default_reviewer(), TOKEN=secrets.token_urlsafe(24))
    documents: dict[tuple[str, str], Any] = {}
    rubric = load_rubric()

    def document_of(card: Scorecard) -> Any:
        key = (card.bill_id, str(card.source.get("sha256")))
        if key not in documents:
            documents[key] = source_document(card, search_near(drafts))
        return documents[key]

    def draft_or_404(bill_id: str) -> Scorecard:
        try:
            return load_draft(drafts, bill_id)
        except ReviewError:
            abort(404, f"no draft for bill {bill_id!r}")

    def check_token() -> None:
        sent = request.form.get("token", "")
        if not hmac.compare_digest(sent, app.config["TOKEN"]):
            abort(403, "missing or wrong form token (reload the page)")

    def common() -> dict[str, Any]:
        return {
            "token": app.config["TOKEN"],
            "reviewer": app.config["REVIEWER"],
            "verdict_words": VERDICT_WORDS,
            "verdicts": VERDICTS,
            "rubric": rubric,
            "points": format_points,
        }

    def render_page(template: str, **context: Any) -> str:
        """A workspace page from the package's one Jinja2 environment (:mod:`pipeline.templating`:
        autoescape, the ``reveal`` filter), with Flask's ``url_for`` and the values every page shows."""
        return render(template, url_for=url_for, **common(), **context)

    @app.get("/")
    def queue() -> str:
        criterion = request.args.get("criterion") or None
        jurisdiction = request.args.get("jurisdiction") or None
        verdict = request.args.get("verdict") or None
        if criterion is not None and criterion not in rubric.ids:
            abort(400, f"unknown criterion {criterion!r}")
        if verdict is not None and verdict not in VERDICTS:
            abort(400, f"verdict must be one of {', '.join(VERDICTS)}")
        rows, jurisdictions = [], set()
        for card in iter_drafts(drafts):
            status = _status(card, app.config["DB"])
            where = _jurisdiction(card)
            jurisdictions.add(where)
            looked_at = [criterion] if criterion else list(rubric.ids)
            if jurisdiction and where != jurisdiction:
                continue
            if verdict and not any(status[c]["verdict"] == verdict for c in looked_at):
                continue
            pending = [c for c in rubric.ids if not status[c]["signed"]]
            flagged = [c for c in pending if card.criteria[c].needs_review]
            if criterion and criterion not in pending and not verdict:
                continue
            rows.append(
                {
                    "bill_id": card.bill_id,
                    "title": bill_metadata(card).get("title") or card.title or "",
                    "jurisdiction": where,
                    "relevant": card.relevant,
                    "pending": len(pending),
                    "flagged": len(flagged),
                    "verdicts": {c: status[c]["verdict"] for c in rubric.ids},
                    "signed": {c: status[c]["signed"] for c in rubric.ids},
                    "overall": format_points(rubric.totals({c: status[c]["verdict"] for c in rubric.ids})["overall"]),
                }
            )
        rows.sort(key=lambda r: (r["flagged"] == 0, r["pending"] == 0, -r["flagged"], r["bill_id"]))
        return render_page(
            "queue.html",
            rows=rows,
            jurisdictions=sorted(jurisdictions),
            selected={"criterion": criterion, "jurisdiction": jurisdiction, "verdict": verdict},
        )

    @app.get("/bill/<bill_id>")
    def bill(bill_id: str) -> str:
        card = draft_or_404(bill_id)
        document = document_of(card)
        status = _status(card, app.config["DB"])
        evidence = {cid: card.criteria[cid].evidence for cid in rubric.ids}
        segments = text_segments(document.text, evidence, document.dropped) if document is not None else None
        criteria = []
        for criterion in rubric.criteria:
            result = card.criteria[criterion.id]
            labels = sorted({label for e in result.evidence for label in e.labels})
            criteria.append(
                {
                    "id": criterion.id,
                    "label": criterion.label,
                    "group": group_labels().get(criterion.group, criterion.group),
                    "draft": result,
                    "state": status[criterion.id],
                    "labels": labels,
                    "evidence": [(evidence_anchor(criterion.id, i), e) for i, e in enumerate(result.evidence)],
                    "history": history(bill_id, criterion.id, db_path=app.config["DB"]),
                    "opening": VERDICT_OPENING,
                }
            )
        return render_page(
            "bill.html",
            card=card,
            meta=bill_metadata(card),
            segments=segments,
            criteria=criteria,
            pending=sum(1 for s in status.values() if not s["signed"]),
            message=request.args.get("message"),
        )

    @app.post("/bill/<bill_id>/decide")
    def decide(bill_id: str) -> Response:
        check_token()
        card = draft_or_404(bill_id)
        form = request.form
        criterion, action = form.get("criterion", ""), form.get("action", "")
        explanation = (form.get("explanation") or "").strip()
        if explanation == (form.get("shown_explanation") or "").strip():
            explanation = ""  # unchanged text in the editor is no edit
        kwargs: dict[str, Any] = {"reviewer": app.config["REVIEWER"], "db_path": app.config["DB"]}
        if action == "change":
            kwargs.update(verdict=form.get("verdict"), explanation=explanation or None)
        elif action == "edit":
            kwargs.update(explanation=explanation or None)
        elif action == "note":
            kwargs.update(note=form.get("note"))
        elif action == "accept":
            kwargs.update(explanation=explanation or None, note=form.get("note") or None)
        try:
            decision = record_decision(card, criterion, action, **kwargs)
        except ReviewError as error:
            abort(400, str(error))
        message = f"{decision.criterion}: {decision.action} recorded ({VERDICT_WORDS[decision.final_verdict]})"
        return redirect(url_for("bill", bill_id=bill_id, message=message, _anchor=f"c-{criterion}"), code=303)

    @app.post("/bill/<bill_id>/signoff")
    def sign_off(bill_id: str) -> Response:
        """Accept the draft verdict of every criterion nobody has signed off yet (or whose draft changed)."""
        check_token()
        card = draft_or_404(bill_id)
        status = _status(card, app.config["DB"])
        for cid in rubric.ids:
            if not status[cid]["signed"]:
                record_decision(card, cid, "accept", reviewer=app.config["REVIEWER"], db_path=app.config["DB"])
        return redirect(url_for("page", bill_id=bill_id), code=303)

    @app.get("/bill/<bill_id>/page")
    def page(bill_id: str) -> str:
        card = draft_or_404(bill_id)
        db = app.config["DB"]
        data = final_evaluation(card, latest_decisions(bill_id, db_path=db), signed_off(bill_id, db_path=db))
        return publishable_page(data, document_of(card), source_href=url_for("source", bill_id=bill_id))

    @app.get("/bill/<bill_id>/source")
    def source(bill_id: str) -> Response:
        document = document_of(draft_or_404(bill_id))
        if document is None:
            abort(404, "the source file of this draft is not available (moved or changed since scoring)")
        return Response(document.text, mimetype="text/plain")

    @app.get("/compare")
    def compare() -> str:
        old_id, new_id = request.args.get("old", ""), request.args.get("new", "")
        versions = []
        for bill_id in (old_id, new_id):
            card = draft_or_404(bill_id)
            document = document_of(card)
            versions.append(Version(bill_id, card, getattr(document, "text", None)))
        return render_page("compare.html", comparison=compare_versions(*versions))

    return app
