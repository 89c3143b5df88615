"""``statute review`` / ``statute export`` through typer's CliRunner: scripted and interactive."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.review import history

runner = CliRunner()


def _setup(tmp_path, ct_draft):
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / f"{ct_draft.bill_id}.json").write_text(json.dumps(ct_draft.to_dict()))
    return drafts, tmp_path / "reviews.sqlite"


def test_scripted_review_status_and_export(tmp_path, ct_draft):
    drafts, db = _setup(tmp_path, ct_draft)
    bill = ct_draft.bill_id
    base = ["--drafts", str(drafts), "--db", str(db)]

    status = runner.invoke(app, ["review", "--status", *base], env={"COLUMNS": "200"})
    assert status.exit_code == 0, status.output
    assert "9 criteria in 1 of 1 bills" in status.output and "individual_accountability" in status.output

    ok = runner.invoke(app, ["review", bill, *base, "-c", "end_qi_law_enforcement", "--accept", "-r", "ann"])
    assert ok.exit_code == 0, ok.output
    assert "accept (no -> no) by ann" in ok.output
    change = runner.invoke(app, ["review", bill, *base, "-c", "public_records", "--verdict", "no",
                                 "--explanation", "No. Records stay closed.", "--note", "FOI 1-210", "-r", "bob"])
    assert change.exit_code == 0 and "change (partial -> no)" in change.output
    noted = runner.invoke(app, ["review", bill, *base, "-c", "attorney_fees", "--note", "may award"],
                          env={"STATUTE_REVIEWER": "cy"})
    assert noted.exit_code == 0 and "note (no -> no) by cy" in noted.output

    assert [d.action for d in history(bill, db_path=db)] == ["accept", "change", "note"]
    flagged = runner.invoke(app, ["review", "--status", "--only-flagged", *base], env={"COLUMNS": "200"})
    assert "2 criteria in 1 of 1 bills" in flagged.output  # public_records was signed off
    as_json = runner.invoke(app, ["review", "--status", "--only-flagged", "--json", *base])
    rows = [json.loads(line) for line in as_json.output.splitlines()]
    assert {(r["criterion"], r["reason"]) for r in rows} == {("no_liability_caps", "not reviewed"),
                                                             ("individual_accountability", "not reviewed")}
    hist = runner.invoke(app, ["review", bill, "--history", *base], env={"COLUMNS": "200"})
    assert hist.exit_code == 0 and "FOI 1-210" in hist.output

    out = tmp_path / "final"
    exported = runner.invoke(app, ["export", str(out), *base, "--annotations", str(tmp_path / "ann.jsonl")])
    assert exported.exit_code == 0, exported.output
    data = json.loads((out / f"{bill}.json").read_text())
    assert data["criteria"]["public_records"]["verdict"] == "no" and data["totals"]["overall"] == 3.0
    assert data["reviewed_by"] == ["ann", "bob", "cy"]
    assert (out / f"{bill}.md").exists() and (out / f"{bill}.html").exists()
    lines = (tmp_path / "ann.jsonl").read_text().splitlines()
    assert [json.loads(line)["labels"] for line in lines] == [["good_faith_defense_retained"]]


def test_usage_errors(tmp_path, ct_draft):
    drafts, db = _setup(tmp_path, ct_draft)
    base = ["--drafts", str(drafts), "--db", str(db)]
    bill = ct_draft.bill_id
    assert runner.invoke(app, ["review", bill, *base, "--accept"]).exit_code == 2  # no --criterion
    assert runner.invoke(app, ["review", bill, *base, "-c", "fees", "--accept"]).exit_code == 2
    assert runner.invoke(app, ["review", bill, *base, "-c", "attorney_fees", "--verdict", "maybe"]).exit_code == 2
    assert runner.invoke(app, ["review", bill, *base, "-c", "attorney_fees", "--accept", "--verdict", "yes"]).exit_code == 2
    missing = runner.invoke(app, ["review", "no-such-bill", *base, "-c", "attorney_fees", "--accept"])
    assert missing.exit_code == 2 and missing.stderr.count("\n") == 1 and "no draft" in missing.stderr
    assert runner.invoke(app, ["review", "--status", "--drafts", str(tmp_path / "nope")]).exit_code == 2
    assert history(bill, db_path=db) == []


def test_interactive_review(tmp_path, ct_draft):
    drafts, db = _setup(tmp_path, ct_draft)
    bill = ct_draft.bill_id
    # criterion 1: accept (no note); 2: change to partial with a reason; 3: edit; 4: note; 5: skip; quit
    answers = "\n".join([
        "a", "",
        "c", "maybe", "partial", "Partially meets standard. Sheriffs are covered too.", "",
        "e", "Yes. Article first as a whole.", "",
        "n", "look at caps in chapter 170",
        "s",
        "q",
    ]) + "\n"
    result = runner.invoke(app, ["review", bill, "--drafts", str(drafts), "--db", str(db), "-r", "dee"],
                           input=answers, env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "objectively good faith belief" in result.output  # evidence shown in context
    assert "4 decision(s) recorded" in result.output
    decisions = history(bill, db_path=db)
    assert [(d.criterion, d.action, d.final_verdict) for d in decisions] == [
        ("end_qi_law_enforcement", "accept", "no"),
        ("end_qi_public_employees", "change", "partial"),
        ("end_qi_state_constitution", "edit", "yes"),
        ("no_liability_caps", "note", "yes"),
    ]
    assert decisions[1].explanation == "Partially meets standard. Sheriffs are covered too."
    assert {d.reviewer for d in decisions} == {"dee"}


def test_interactive_resume_skips_signed_off_criteria(tmp_path, ct_draft):
    drafts, db = _setup(tmp_path, ct_draft)
    bill = ct_draft.bill_id
    base = ["review", bill, "--drafts", str(drafts), "--db", str(db), "-r", "eve"]
    for cid in ("end_qi_law_enforcement", "end_qi_public_employees"):
        assert runner.invoke(app, [*base, "-c", cid, "--accept"]).exit_code == 0
    result = runner.invoke(app, [*base, "--pending-only"], input="a\n\nq\n", env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "[1/9]" not in result.output and "[3/9]" in result.output
    assert [d.criterion for d in history(bill, db_path=db)][-1] == "end_qi_state_constitution"


def test_a_store_that_is_not_sqlite_is_a_one_line_error(tmp_path, ct_draft):
    drafts, _ = _setup(tmp_path, ct_draft)
    bogus = tmp_path / "reviews.sqlite"
    bogus.write_text("this is not a database\n" * 100)
    result = runner.invoke(app, ["review", ct_draft.bill_id, "--drafts", str(drafts), "--db", str(bogus),
                                 "-c", "attorney_fees", "--accept"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "cannot open the review store" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_terminal_review_prints_bill_text_literally(tmp_path, ct_draft):
    """Console markup in a bill (``[bold]``, ``[link=...]``) is shown as text, not interpreted."""
    from pipeline.ingest import load_document
    from pipeline.values import CriterionResult, Evidence, Scorecard

    bill = tmp_path / "markup-bill.txt"
    clause = "Qualified immunity [link=https://evil.example]is not[/link] a [bold red]defense[/]."
    bill.write_text(f"SECTION 1. {clause}\n", encoding="utf-8")
    document = load_document(bill)
    start = document.text.index(clause)
    criteria = dict(ct_draft.criteria)
    criteria["end_qi_law_enforcement"] = CriterionResult(
        "yes", 0.9, True, f'Yes. "{clause}"', [Evidence(clause, start, start + len(clause))]
    )
    draft = Scorecard(document.bill_id, document.source.to_dict(), ct_draft.pipeline, True, criteria)
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / f"{draft.bill_id}.json").write_text(json.dumps(draft.to_dict()))
    result = runner.invoke(app, ["review", draft.bill_id, "--drafts", str(drafts), "--db", str(tmp_path / "r.sqlite")],
                           input="q\n", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "[link=https://evil.example]is not[/link] a [bold red]defense[/]" in result.output


def test_unknown_bill_id_is_a_usage_error_interactively_too(tmp_path, ct_draft):
    drafts, db = _setup(tmp_path, ct_draft)
    result = runner.invoke(app, ["review", "no-such-bill", "--drafts", str(drafts), "--db", str(db)], input="q\n")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "no draft for bill 'no-such-bill'" in result.stderr


def test_note_only_answer_says_the_criterion_stays_pending(tmp_path, ct_draft):
    drafts, db = _setup(tmp_path, ct_draft)
    bill = ct_draft.bill_id
    base = ["review", bill, "--drafts", str(drafts), "--db", str(db), "-r", "fay"]
    result = runner.invoke(app, base, input="n\nask the clerk\nq\n", env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "end_qi_law_enforcement is still pending" in result.output
    scripted = runner.invoke(app, [*base, "-c", "attorney_fees", "--note", "may award"])
    assert scripted.exit_code == 0 and "attorney_fees is still pending" in scripted.output
    accepted = runner.invoke(app, [*base, "-c", "attorney_fees", "--accept"])
    assert "still pending" not in accepted.output


def test_invalid_verdict_is_named_before_the_prompt_repeats(tmp_path, ct_draft):
    drafts, db = _setup(tmp_path, ct_draft)
    answers = "c\nmaybe\npartial\n\n\nq\n"
    result = runner.invoke(app, ["review", ct_draft.bill_id, "--drafts", str(drafts), "--db", str(db)],
                           input=answers, env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "'maybe' is not a verdict; answer yes, partial or no" in result.output
    assert [d.final_verdict for d in history(ct_draft.bill_id, db_path=db)] == ["partial"]


def test_interactive_review_ends_with_what_is_still_pending(tmp_path, ct_draft):
    drafts, db = _setup(tmp_path, ct_draft)
    result = runner.invoke(app, ["review", ct_draft.bill_id, "--drafts", str(drafts), "--db", str(db)],
                           input="a\n\nn\nlater\nq\n", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    tail = result.output.split("decision(s) recorded", 1)[1]
    assert "8 of 9 criteria still pending" in tail
    assert "end_qi_public_employees" in tail and "end_qi_law_enforcement" not in tail
