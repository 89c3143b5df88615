"""statute compare: criteria that change verdict between versions, provisions side by side, word diff."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.compare import Version, compare_versions, counterpart, render_markdown, word_diff, without_line_numbers
from pipeline.values import Scorecard


def _rebuild(pieces, side):
    keep = {"old": ("equal", "delete"), "new": ("equal", "insert")}[side]
    return " ".join(p["text"] for p in pieces if p["op"] in keep)


def test_word_diff_marks_the_changed_word():
    old = "the court shall award reasonable attorney fees and costs"
    new = "the court may award reasonable attorney fees"
    pieces = word_diff(old, new)
    assert {"op": "delete", "text": "shall"} in pieces and {"op": "insert", "text": "may"} in pieces
    assert {"op": "delete", "text": "and costs"} in pieces
    assert _rebuild(pieces, "old") == old and _rebuild(pieces, "new") == new


def test_printed_line_numbers_are_not_words_but_other_numbers_are():
    words = "PROHIBITING THE 8 USE OF 9 QUALIFIED 10 IMMUNITY".split()
    assert without_line_numbers(words) == "PROHIBITING THE USE OF QUALIFIED IMMUNITY".split()
    kept = "liability shall not exceed 2 million dollars under section 6".split()
    assert without_line_numbers(kept) == kept


def test_counterpart_finds_the_reworded_passage():
    text = "Section 1. Short title. Section 2. The court may award reasonable attorney fees. Section 3. Other."
    found = counterpart("The court shall award reasonable attorney fees and costs.", text)
    assert found is not None and found["text"] == "The court may award reasonable attorney fees."
    assert text[found["start"] : found["end"]] == found["text"]
    assert counterpart("Records of complaints are public.", text) is None


def test_saved_scorecards_compare_and_a_missing_provision_gets_its_counterpart(ct_draft, ct_document):
    newer = ct_draft.to_dict()
    newer["bill_id"] = "ct-amended"
    newer["criteria"]["attorney_fees"] = {
        "verdict": "yes", "confidence": 0.9, "needs_review": False,
        "explanation": 'Yes. "the plaintiff shall be awarded costs and reasonable attorney\'s fees"', "evidence": [],
    }
    text = ct_document.text.replace("plaintiff may be awarded", "plaintiff shall be awarded")
    old_v = Version("old.json", ct_draft, ct_document.text)
    new_v = Version("new.json", Scorecard.from_dict(newer), text)
    comparison = compare_versions(old_v, new_v)
    assert [c["criterion"] for c in comparison["changed"]] == ["attorney_fees"]
    change = comparison["changed"][0]
    assert (change["old_verdict"], change["new_verdict"]) == ("no", "yes")
    assert change["new_provisions"][0]["matched"] is True
    assert "shall be awarded" in change["new_provisions"][0]["text"]
    assert {"op": "delete", "text": "may"} in change["diff"] and {"op": "insert", "text": "shall"} in change["diff"]
    assert len(comparison["unchanged"]) == 8
    markdown = render_markdown(comparison)
    assert "| Starts attorney fees | No | Yes |" in markdown and "~~may~~ **shall**" in markdown


@pytest.fixture(scope="module")
def nm_versions(corpus):
    texts = corpus / "texts"
    return texts / "nm-hb4-2021-introduced.txt", texts / "nm-hb4-2021-passed-hjc-amended.txt"


def test_new_mexico_hb4_introduced_to_amended_json(nm_versions):
    """The committee turned "MANDATING ATTORNEY FEES" into "PERMITTING ATTORNEY FEES": the rubric's
    fees criterion goes from yes to no, and the diff shows exactly that word."""
    result = CliRunner().invoke(app, ["compare", *map(str, nm_versions), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["old"]["bill_id"] == "nm-hb4-2021-introduced"
    changed = {c["criterion"]: c for c in data["changed"]}
    assert set(changed) | set(data["unchanged"]) == set(json.loads(json.dumps(data["unchanged"])) + list(changed))
    fees = changed["attorney_fees"]
    assert (fees["old_verdict"], fees["new_verdict"]) == ("yes", "no")
    assert {"op": "delete", "text": "MANDATING"} in fees["diff"] and {"op": "insert", "text": "PERMITTING"} in fees["diff"]
    for change in data["changed"]:
        for side in ("old", "new"):
            for provision in change[f"{side}_provisions"]:
                source = nm_versions[0] if side == "old" else nm_versions[1]
                assert " ".join(provision["text"].split()) in " ".join(source.read_text().split())


def test_cli_usage_errors(tmp_path):
    result = CliRunner().invoke(app, ["compare", str(tmp_path / "nope.txt"), str(tmp_path / "nope2.txt")])
    assert result.exit_code == 2 and "no such file" in result.output
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    result = CliRunner().invoke(app, ["compare", str(bad), str(bad)])
    assert result.exit_code == 1 and "not a scorecard" in result.output
