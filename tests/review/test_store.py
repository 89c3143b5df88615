"""The review store: append-only history, carried-forward state, concurrent writers, pending."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import threading
import time

import pytest

from pipeline.review import (
    ReviewError,
    export_annotations,
    history,
    latest_decisions,
    pending,
    record_decision,
)
from pipeline.vocab import load_rubric


def write_draft(drafts, card):
    drafts.mkdir(exist_ok=True)
    (drafts / f"{card.bill_id}.json").write_text(json.dumps(card.to_dict()), encoding="utf-8")


def test_history_is_kept_and_append_only(tmp_path, ct_draft):
    db = tmp_path / "reviews.sqlite"
    first = record_decision(ct_draft, "public_records", "change", verdict="yes", reviewer="ann", db_path=db,
                            explanation="Yes. Records are public under the FOI act.")
    second = record_decision(ct_draft, "public_records", "change", verdict="partial", reviewer="bob", db_path=db,
                             explanation="Partially meets standard. Only sustained complaints open.")
    third = record_decision(ct_draft, "public_records", "note", note="see C.G.S. 1-210(b)(2)", reviewer="ann", db_path=db)
    rows = history(ct_draft.bill_id, "public_records", db_path=db)
    assert [d.id for d in rows] == [first.id, second.id, third.id]
    assert [d.final_verdict for d in rows] == ["yes", "partial", "partial"]  # a note keeps the verdict
    assert rows[2].explanation.startswith("Partially meets standard")  # ...and the explanation
    assert rows[0].draft_verdict == "partial" and rows[0].pipeline_version == "0.1.0"
    assert rows[0].model_version == "clause-clf-test" and len(rows[0].draft_sha256) == 64
    assert rows[0].decided_at.endswith("+00:00") and rows[0].decided_at < rows[2].decided_at
    latest = latest_decisions(ct_draft.bill_id, db_path=db)
    assert set(latest) == {"public_records"} and latest["public_records"].id == third.id
    with sqlite3.connect(db) as conn:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("UPDATE decisions SET final_verdict = 'no'")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("DELETE FROM decisions")
    assert len(history(ct_draft.bill_id, db_path=db)) == 3
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"action": "change"}, "needs the new verdict"),
        ({"action": "edit"}, "needs the edited explanation"),
        ({"action": "note"}, "needs the note"),
        ({"action": "accept", "verdict": "yes"}, "keeps the draft verdict"),
        ({"action": "approve"}, "unknown action"),
        ({"action": "change", "verdict": "maybe"}, "verdict must be one of"),
    ],
)
def test_invalid_decisions_are_refused(tmp_path, ct_draft, kwargs, message):
    with pytest.raises(ReviewError, match=message):
        record_decision(ct_draft, "attorney_fees", db_path=tmp_path / "r.sqlite", **kwargs)
    with pytest.raises(ReviewError, match="unknown criterion"):
        record_decision(ct_draft, "qi", "accept", db_path=tmp_path / "r.sqlite")


def _writer(db, draft_dict, worker, count, criteria):
    from pipeline.review import record_decision
    from pipeline.values import Scorecard

    draft = Scorecard.from_dict(draft_dict)
    verdicts = ("yes", "partial", "no")
    for i in range(count):
        cid = criteria[i % len(criteria)]
        if (i // len(criteria)) % 3 == 0:  # changes and notes interleave: a note must carry the verdict it follows
            record_decision(draft, cid, "change", verdict=verdicts[(worker + i) % 3], note=f"{worker}:{i}",
                            reviewer=f"reviewer-{worker}", db_path=db)
        else:
            record_decision(draft, cid, "note", note=f"{worker}:{i}", reviewer=f"reviewer-{worker}", db_path=db)


def test_concurrent_processes_lose_no_decision(tmp_path, ct_draft):
    db = tmp_path / "reviews.sqlite"
    workers, count = 6, 30
    criteria = list(load_rubric().ids[:3])  # everyone writes the same criteria at once
    context = multiprocessing.get_context("fork")
    start = context.Barrier(workers)

    def run(worker):
        import pipeline.review

        # widen the window between reading the previous decision and inserting the new one, so
        # that a store without proper transactions would interleave writers there
        pipeline.review._after_read = lambda: time.sleep(0.002)
        start.wait()
        _writer(db, ct_draft.to_dict(), worker, count, criteria)

    processes = [context.Process(target=run, args=(w,)) for w in range(workers)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(120)
        assert process.exitcode == 0
    rows = history(ct_draft.bill_id, db_path=db)
    assert len(rows) == workers * count
    assert {d.note for d in rows} == {f"{w}:{i}" for w in range(workers) for i in range(count)}
    assert len({d.id for d in rows}) == len(rows)
    # no decision was overwritten by a concurrent one: every note carries the verdict of the row
    # just before it on that criterion (read-then-insert is one transaction)
    for cid in criteria:
        chain = [d for d in rows if d.criterion == cid]
        for before, after in zip(chain, chain[1:]):
            if after.action == "note":
                assert after.final_verdict == before.final_verdict, (before, after)
    # per criterion, the latest decision is the row with the highest id
    latest = latest_decisions(ct_draft.bill_id, db_path=db)
    for cid in criteria:
        assert latest[cid].id == max(d.id for d in rows if d.criterion == cid)


def test_concurrent_threads_lose_no_decision(tmp_path, ct_draft, monkeypatch):
    import pipeline.review

    monkeypatch.setattr(pipeline.review, "_after_read", lambda: time.sleep(0.001))
    db = tmp_path / "reviews.sqlite"
    draft = ct_draft.to_dict()
    threads = [threading.Thread(target=_writer, args=(db, draft, w, 20, ["attorney_fees"])) for w in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(history(ct_draft.bill_id, "attorney_fees", db_path=db)) == 100


def test_pending_lists_unreviewed_noted_and_stale(tmp_path, ct_draft):
    db, drafts = tmp_path / "r.sqlite", tmp_path / "drafts"
    other = type(ct_draft).from_dict({**ct_draft.to_dict(), "bill_id": "other-bill"})
    write_draft(drafts, ct_draft)
    write_draft(drafts, other)
    (drafts / "summary.csv").write_text("bill_id\n")  # batch outputs beside drafts are ignored
    assert len(pending(drafts, db_path=db)) == 18
    assert len(pending(drafts, db_path=db, only_flagged=True)) == 6
    for cid in load_rubric().ids:
        record_decision(ct_draft, cid, "accept", reviewer="ann", db_path=db)
    record_decision(other, "attorney_fees", "note", note="ask counsel", reviewer="bob", db_path=db)
    items = pending(drafts, db_path=db)
    assert {i.bill_id for i in items} == {"other-bill"} and len(items) == 9
    assert {i.reason for i in items if i.criterion == "attorney_fees"} == {"note only"}
    # re-scoring changes a draft verdict: the sign-off no longer counts
    rescored = ct_draft.to_dict()
    rescored["criteria"]["attorney_fees"]["verdict"] = "yes"
    (drafts / f"{ct_draft.bill_id}.json").write_text(json.dumps(rescored))
    stale = [i for i in pending(drafts, db_path=db) if i.bill_id == ct_draft.bill_id]
    assert [(i.criterion, i.reason) for i in stale] == [("attorney_fees", "draft changed since review")]


def test_export_annotations_takes_confirmed_evidence_only(tmp_path, ct_draft, ct_document):
    db = tmp_path / "r.sqlite"
    record_decision(ct_draft, "end_qi_law_enforcement", "accept", reviewer="ann", db_path=db)
    record_decision(ct_draft, "attorney_fees", "edit", explanation="No. Fees are discretionary.", reviewer="ann",
                    db_path=db)
    record_decision(ct_draft, "full_compensation", "change", verdict="no", reviewer="bob", db_path=db,
                    explanation="No. The officer reimburses for wilful acts.")
    record_decision(ct_draft, "end_qi_state_constitution", "note", note="check art. 1", reviewer="bob", db_path=db)
    records = export_annotations(db)
    assert [r["labels"] for r in records] == [["good_faith_defense_retained"], ["fees_discretionary"]]
    for record in records:
        assert ct_document.text[record["start"]:record["end"]] == record["text"]
        assert record["method"] == "analyst review" and record["eval"] is False
        assert record["doc_id"] == "ct-cgs-52-571k" and record["source"] == "shared"
        assert record["doc_sha256"] == ct_document.source.sha256
        assert set(record) >= {"id", "doc_id", "doc_sha256", "source", "start", "end", "text", "labels", "method", "eval"}
    # restricted to a drafts folder: bills without a draft there are left out
    empty = tmp_path / "drafts"
    empty.mkdir()
    assert export_annotations(db, empty) == []


def test_export_annotations_from_a_real_draft_recovers_signal_labels(tmp_path):
    """Drafts label evidence by pattern/component; the signals are recovered by flagging again."""
    from pipeline.config import corpus_dir
    from pipeline.ingest import load_document
    from pipeline.run import scorecard_for as score_file
    from pipeline.vocab import signal_criteria as _signal_criteria

    path = corpus_dir() / "texts" / "ct-cgs-52-571k.txt"
    draft = score_file(path)
    document = load_document(path)
    with_evidence = [cid for cid, r in draft.criteria.items() if r.evidence]
    assert "end_qi_law_enforcement" in with_evidence  # the good-faith clause (RUBRIC.md example)
    db = tmp_path / "r.sqlite"
    for cid in with_evidence:
        record_decision(draft, cid, "accept", reviewer="ann", db_path=db)
    records = export_annotations(db)
    assert records
    spans = {(e.start, e.end) for cid in with_evidence for e in draft.criteria[cid].evidence}
    for record in records:
        assert (record["start"], record["end"]) in spans
        assert document.text[record["start"]:record["end"]] == record["text"]
        assert record["labels"] and all(_signal_criteria()[label] in record["criterion"] for label in record["labels"])
    good_faith = [r for r in records if "objectively good faith belief" in r["text"]]
    assert good_faith and "good_faith_defense_retained" in good_faith[0]["labels"]
