"""Final evaluations: the latest decision wins, totals are recomputed, reports say who reviewed."""

from __future__ import annotations

import csv
import json

from bs4 import BeautifulSoup

from pipeline.export import export_final
from pipeline.review import record_decision
from pipeline.vocab import load_rubric


def test_export_reflects_latest_decision(tmp_path, drafts_of, ct_draft):
    db, drafts, out = tmp_path / "r.sqlite", drafts_of(ct_draft), tmp_path / "final"
    record_decision(ct_draft, "public_records", "change", verdict="yes", reviewer="ann", db_path=db,
                    explanation="Yes. Records are public.")
    record_decision(ct_draft, "public_records", "change", verdict="no", reviewer="bob", db_path=db,
                    explanation="No. Records stay closed unless a complaint is sustained.")
    record_decision(ct_draft, "public_records", "note", note="double-checked", reviewer="ann", db_path=db)
    record_decision(ct_draft, "attorney_fees", "accept", reviewer="ann", db_path=db)
    record_decision(ct_draft, "failure_to_intervene", "note", note="no mention, agree?", reviewer="bob", db_path=db)

    result = export_final(out, drafts, db_path=db)
    assert result.bills == [ct_draft.bill_id]
    data = json.loads((out / f"{ct_draft.bill_id}.json").read_text())
    records = data["criteria"]["public_records"]
    assert records["verdict"] == "no" and records["explanation"].startswith("No. Records stay closed")
    assert records["needs_review"] is False
    # who decided is the last sign-off (bob's change), the note is the latest (ann's)
    assert records["review"]["reviewer"] == "bob" and records["review"]["action"] == "change"
    assert records["review"]["note"] == "double-checked"
    assert records["review"]["draft_verdict"] == "partial"
    # totals recomputed: the draft's 3.5 loses the 0.5 of public_records
    assert data["totals"]["start"] == 1.0 and data["totals"]["overall"] == 3.0
    assert ct_draft.totals["overall"] == 3.5
    assert data["reviewed_by"] == ["ann", "bob"] and data["review_status"] == "partial"
    # a note alone does not sign off: the draft stands and stays flagged as it was
    fti = data["criteria"]["failure_to_intervene"]
    assert fti["verdict"] == "no" and fti["review"]["status"] == "noted"
    assert "review" not in data["criteria"]["end_qi_law_enforcement"]
    assert set(data["criteria"]) == set(load_rubric().ids) and data["schema_version"] == 1
    with (out / "summary.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["bill_id"], r["overall"], r["public_records"], r["review_status"], r["reviewed_by"]) for r in rows] == [
        (ct_draft.bill_id, "3.0", "no", "partial", "ann;bob")
    ]
    # reports for the final evaluation say who reviewed what
    page = BeautifulSoup((out / f"{ct_draft.bill_id}.html").read_text(), "html.parser")
    assert page.find("h1").get_text().startswith("Partially reviewed evaluation")
    reviewed = page.find("section", id="public_records").find("div", class_="reviewed").get_text()
    assert "Reviewed by bob" in reviewed and "from partial to no" in reviewed
    markdown = (out / f"{ct_draft.bill_id}.md").read_text()
    assert "## Start Real Accountability (1/5 criteria met)" in markdown
    assert "double\\-checked" in markdown or "double-checked" in markdown


def test_fully_reviewed_bill_is_final_and_unreviewed_are_skipped(tmp_path, drafts_of, ct_draft):
    db, drafts, out = tmp_path / "r.sqlite", drafts_of(ct_draft), tmp_path / "final"
    other = ct_draft.to_dict() | {"bill_id": "other-bill"}
    (drafts / "other-bill.json").write_text(json.dumps(other))
    for cid in load_rubric().ids:
        record_decision(ct_draft, cid, "accept", reviewer="ann", db_path=db)
    result = export_final(out, drafts, db_path=db, formats=("html",))
    assert result.bills == [ct_draft.bill_id] and result.skipped == ["other-bill"]
    data = json.loads((out / f"{ct_draft.bill_id}.json").read_text())
    assert data["review_status"] == "complete" and data["totals"] == ct_draft.totals
    assert not (out / f"{ct_draft.bill_id}.md").exists()
    html = (out / f"{ct_draft.bill_id}.html").read_text()
    assert "<h1>Final evaluation" in html and "needs review</div>" not in html
    everything = export_final(tmp_path / "all", drafts, db_path=db, include_unreviewed=True, formats=())
    assert sorted(everything.bills) == sorted([ct_draft.bill_id, "other-bill"])
    assert json.loads((tmp_path / "all" / "other-bill.json").read_text())["review_status"] == "unreviewed"


def test_a_rescored_draft_makes_the_review_stale(tmp_path, drafts_of, ct_draft):
    db, drafts, out = tmp_path / "r.sqlite", drafts_of(ct_draft), tmp_path / "final"
    for cid in load_rubric().ids:
        record_decision(ct_draft, cid, "accept", reviewer="ann", db_path=db)
    rescored = ct_draft.to_dict()
    rescored["criteria"]["attorney_fees"]["verdict"] = "yes"  # the scorer changed its mind
    (drafts / f"{ct_draft.bill_id}.json").write_text(json.dumps(rescored))
    export_final(out, drafts, db_path=db, formats=("html",))
    data = json.loads((out / f"{ct_draft.bill_id}.json").read_text())
    fees = data["criteria"]["attorney_fees"]
    assert fees["review"]["stale"] is True and fees["needs_review"] is True
    assert fees["verdict"] == "no"  # the analyst's decision stands until someone reviews again
    assert data["review_status"] == "partial"
    page = BeautifulSoup((out / f"{ct_draft.bill_id}.html").read_text(), "html.parser")
    assert page.find("h1").get_text().startswith("Partially reviewed evaluation")
    assert "changed since this review" in page.find("section", id="attorney_fees").find("div", class_="banner").get_text()


def test_exported_files_get_normal_permissions_under_the_umask(tmp_path, drafts_of, ct_draft):
    """Reports and exports are shared files: 0o666 less the umask, not a temporary file's 0o600."""
    import os
    import stat

    db, drafts = tmp_path / "r.sqlite", drafts_of(ct_draft)
    for cid in load_rubric().ids:
        record_decision(ct_draft, cid, "accept", reviewer="ann", db_path=db)
    for umask, expected in ((0o022, 0o644), (0o027, 0o640)):
        out = tmp_path / f"final-{umask:o}"
        previous = os.umask(umask)
        try:
            written = export_final(out, drafts, db_path=db, formats=("md", "html")).written
        finally:
            os.umask(previous)
        assert len(written) >= 3
        assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in written} == {p.name: expected for p in written}
