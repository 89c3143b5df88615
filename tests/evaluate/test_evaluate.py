"""Agreement, confusion matrix and evidence recall, on hand-made drafts; and the CLI."""

from __future__ import annotations

import csv
import json

import yaml
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.evaluate import evaluate, load_gold, load_predictions, quote_found
from pipeline.vocab import load_rubric
from pipeline.values import CriterionResult, Evidence, Scorecard

TEXT = "Section 1. Qualified immunity is not a defense. Section 2. The court may award fees."
IDS = load_rubric().ids


def _gold(tmp_path, verdicts, quotes=None, judgeable=None):
    criteria = {}
    for cid in IDS:
        entry = {"verdict": verdicts.get(cid, "no"), "reasoning": "r", "quotes": (quotes or {}).get(cid, [])}
        if judgeable and cid in judgeable:
            entry = {"verdict": None, "judgeable": False, "reasoning": "cut off", "quotes": []}
        criteria[cid] = entry
    folder = tmp_path / "gold"
    folder.mkdir(exist_ok=True)
    (folder / "zz-doc.yaml").write_text(yaml.safe_dump({"doc_id": "zz-doc", "judged_by": "team (not an official scorecard)",
                                                        "criteria": criteria}), encoding="utf-8")
    return folder


def _pred(tmp_path, verdicts, evidence=None):
    criteria = {cid: CriterionResult(verdict=verdicts.get(cid, "no"), confidence=0.7, needs_review=False,
                                     explanation="x", evidence=(evidence or {}).get(cid, []))
                for cid in IDS}
    card = Scorecard(bill_id="zz-doc", source={"path": str(tmp_path / "missing.txt"), "sha256": None, "format": "txt"},
                     pipeline={"version": "t", "model": "rules-only"}, relevant=True, criteria=criteria)
    folder = tmp_path / "pred"
    folder.mkdir(exist_ok=True)
    (folder / "zz-doc.json").write_text(json.dumps(card.to_dict()), encoding="utf-8")
    (folder / "summary.json").write_text("[]", encoding="utf-8")  # not a scorecard: ignored
    (folder / "half-written.json").write_text('{"criteria": {', encoding="utf-8")  # skipped, not a crash
    return folder


def _span(phrase):
    start = TEXT.index(phrase)
    return Evidence(text=phrase, start=start, end=start + len(phrase))


def test_agreement_and_confusion(tmp_path):
    gold = load_gold(_gold(tmp_path, {"end_qi_law_enforcement": "yes", "public_records": "partial"},
                           judgeable={"no_liability_caps"}))
    preds = load_predictions(_pred(tmp_path, {"end_qi_law_enforcement": "yes", "attorney_fees": "yes"}))
    result = evaluate(gold, preds)
    per = {row["criterion"]: row for row in result.per_criterion()}
    assert per["all"]["n"] == 8  # the unjudgeable criterion is left out
    assert result.relevance_agreement() == (1, 1)
    (split,) = result.per_split()
    assert split["split"] == "texts" and split["n"] == 8
    assert split["all_no_baseline"] == 6 / 8  # six of the eight judged gold verdicts are "no"
    assert per["all"]["agree"] == 6
    assert per["end_qi_law_enforcement"]["agreement"] == 1.0
    assert per["attorney_fees"]["agreement"] == 0.0
    confusion = result.confusion()
    assert confusion[("yes", "yes")] == 1
    assert confusion[("partial", "no")] == 1
    assert confusion[("no", "yes")] == 1
    assert confusion[("no", "no")] == 5
    assert {(r["doc_id"], r["criterion"]) for r in result.disagreements()} == {
        ("zz-doc", "public_records"), ("zz-doc", "attorney_fees")}


def test_evidence_recall_counts_overlapping_spans(tmp_path):
    quotes = {"end_qi_law_enforcement": ["Qualified immunity is not a defense"], "attorney_fees": ["may award fees"]}
    gold = load_gold(_gold(tmp_path, {"end_qi_law_enforcement": "yes"}, quotes=quotes))
    evidence = {"end_qi_law_enforcement": [_span("immunity is not")],  # overlaps the quote
                "attorney_fees": [_span("Section 2")]}  # next to it, no overlap
    result = evaluate(gold, load_predictions(_pred(tmp_path, {"end_qi_law_enforcement": "yes"}, evidence)))
    per = {row["criterion"]: row for row in result.per_criterion()}
    assert per["end_qi_law_enforcement"]["evidence_recall"] == 1.0
    assert per["attorney_fees"]["evidence_recall"] == 0.0
    assert per["all"]["quotes"] == 2 and per["all"]["quotes_found"] == 1


def test_quote_found_with_text_uses_offsets():
    evidence = [_span("Section 2. The court")]
    assert quote_found("The court may award fees.", evidence, TEXT)
    assert not quote_found("Qualified immunity", evidence, TEXT)
    assert quote_found("The court", evidence, None)  # no text: containment
    assert not quote_found("The court may", evidence, None)


def test_cli_prints_and_writes_csv(tmp_path):
    gold_dir = _gold(tmp_path, {"end_qi_law_enforcement": "yes"})
    pred_dir = _pred(tmp_path, {"end_qi_law_enforcement": "no"})
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(gold_dir), "--pred", str(pred_dir), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "end_qi_law_enforcement" in result.output
    with (out / "evaluation_agreement.csv").open() as fh:
        rows = {row["criterion"]: row for row in csv.DictReader(fh)}
    assert rows["end_qi_law_enforcement"]["agreement"] == "0.0"
    assert rows["all"]["n"] == "9"
    assert (out / "evaluation_confusion.csv").is_file()
    assert (out / "evaluation_calibration.csv").is_file()
    assert (out / "evaluation_disagreements.csv").is_file()


def test_cli_usage_error_on_missing_folder(tmp_path):
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(tmp_path / "nope"), "--pred", str(tmp_path)])
    assert result.exit_code == 2


def test_score_writes_missing_drafts_beside_the_pred_folder_not_into_it(tmp_path):
    """``--score`` leaves the drafts folder it reads as it was, and says where the new drafts went."""
    import shutil

    from pipeline.config import project_corpus_dir

    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    shutil.copy(project_corpus_dir() / "gold" / "ia-code-670-4a.yaml", gold_dir)
    pred_dir = tmp_path / "pred"
    pred_dir.mkdir()
    out = tmp_path / "eval"
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(gold_dir), "--pred", str(pred_dir), "--out", str(out),
                                      "--score", "--no-disagreements"], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert list(pred_dir.iterdir()) == []
    scored = out / "gold-scored"
    assert [p.name for p in scored.glob("*.json")] == ["ia-code-670-4a.json"]
    assert "1 gold document(s) scored into" in result.output and "gold-scored" in result.output
    assert "1 of 1 gold documents scored" in result.output  # the new draft is evaluated


def _held_out_set(tmp_path, split):
    """A one-bill gold set laid out like corpus/blind: <set>/gold/x.yaml judging <set>/texts/x.txt."""
    root = tmp_path / "set"
    (root / "texts").mkdir(parents=True)
    (root / "gold").mkdir()
    (root / "texts" / "zz-act.txt").write_text(
        "AN ACT concerning civil actions against peace officers.\n\nSection 1. A peace officer who, under color "
        "of law, deprives a person of a right secured by the constitution of this state is liable to the person "
        "injured. Qualified immunity is not a defense to an action under this section.\n", encoding="utf-8")
    criteria = {cid: {"verdict": "no", "reasoning": "r", "quotes": []} for cid in IDS}
    criteria["end_qi_law_enforcement"]["verdict"] = "yes"
    (root / "gold" / "zz-act.yaml").write_text(yaml.safe_dump(
        {"doc_id": "zz-act", "source": "texts/zz-act.txt", "split": split, "relevant": True,
         "judged_by": "team (not an official scorecard)", "criteria": criteria}), encoding="utf-8")
    return root


def test_a_named_split_is_reported_as_its_own_out_of_sample_set_with_texts_beside_its_gold(tmp_path):
    """A blind set outside the shared corpus is scored from its own texts folder and titled as held out,
    and its review load counts every criterion of its relevant bills."""
    root = _held_out_set(tmp_path, "blind-test-2099-01-01")
    out = tmp_path / "eval"
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(root / "gold"), "--pred", str(tmp_path / "absent"),
                                      "--out", str(out), "--score"], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert "1 gold document(s) scored" in result.output
    assert "blind set blind-test-2099-01-01 (out of sample" in result.output and "in-sample" not in result.output
    with (out / "evaluation_honest.csv").open() as fh:
        rows = [row for row in csv.DictReader(fh) if row["criterion"] == "all"]
    assert [row["set"].split(" (")[0] for row in rows] == ["blind set blind-test-2099-01-01"]
    draft = json.loads(next((out / "gold-scored").glob("*.json")).read_text(encoding="utf-8"))
    flagged = sum(c["needs_review"] for c in draft["criteria"].values())
    assert float(rows[0]["review_load"]) == round(flagged / len(IDS), 3)


def test_held_out_gold_is_never_in_leave_one_jurisdiction_out(tmp_path):
    from pipeline.evaluate import score_lojo

    gold = load_gold(_held_out_set(tmp_path, "blind-test-2099-01-01") / "gold")
    assert all(card.held_out and card.set_name == "blind-test-2099-01-01" for card in gold.values())
    assert score_lojo(gold, tmp_path / "lojo", tmp_path / "work", data=[]) == []


def test_frozen_and_blind_splits_are_each_measured_apart_oldest_first(tmp_path):
    """A later frozen split never blurs an earlier one's figure: each gets its own table, oldest first."""
    from pipeline.cli.evaluate import _honest_sets
    from pipeline.evaluate import split_rows

    rows = [{"set": "frozen-test-2099-02-01", "gold": "yes", "pred": "yes"},
            {"set": "frozen-test-2099-01-01", "gold": "no", "pred": "no"},
            {"set": "blind-test-2099-03-01", "gold": "no", "pred": "no"},
            {"set": "blind-test-2099-01-01", "gold": "no", "pred": "no"},
            {"set": "in-sample", "gold": "no", "pred": "no"}]
    assert set(split_rows(rows)) == {"frozen-test-2099-01-01", "frozen-test-2099-02-01", "blind-test-2099-01-01",
                                     "blind-test-2099-03-01", "in-sample"}

    class Result:
        review: list = []

    Result.rows = rows
    titles = [title for title, _, _ in _honest_sets(Result, None)]
    assert titles[:2] == ["frozen split frozen-test-2099-01-01 (out of sample)",
                          "frozen split frozen-test-2099-02-01 (out of sample)"]
    assert titles[2].startswith("blind set blind-test-2099-01-01")
    assert titles[3].startswith("blind set blind-test-2099-03-01") and titles[4].startswith("in-sample")
