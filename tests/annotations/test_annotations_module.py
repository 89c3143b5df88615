"""The loader, validator, clause splitter and suggester, on small inputs written for these tests."""

from __future__ import annotations

import json

import pytest

from pipeline.annotations import (
    AnnotatedClause,
    card_markdown,
    clause_id,
    cue_labels,
    load_annotations,
    load_source_document,
    method_for,
    realign,
    split_clauses,
    validate,
)


def _spans_text(text):
    return [text[start:end] for start, end in split_clauses(text)]


def test_split_clauses_sentences_items_and_abbreviations():
    text = (
        "Sec. 12-34. Civil action.\n\n"
        "(a) A deputy sheriff who violates 42 U.S.C. 1983 is liable. The county shall pay the judgment.\n"
        "(b) The court may award fees:\n"
        "(1) to a prevailing plaintiff; and\n"
        "(2) to no one else."
    )
    assert _spans_text(text) == [
        "Sec. 12-34. Civil action.",
        "(a) A deputy sheriff who violates 42 U.S.C. 1983 is liable.",
        "The county shall pay the judgment.",
        "(b) The court may award fees:",
        "(1) to a prevailing plaintiff; and",
        "(2) to no one else.",
    ]


def test_split_clauses_line_numbered_text_and_inline_items():
    text = (
        "7    (a) A peace officer who subjects any person to the\n"
        "8deprivation of rights is liable.\n"
        "9    (b) The officer shall pay: (1) the costs of suit; (2) reasonable attorney fees."
    )
    assert _spans_text(text) == [
        "7    (a) A peace officer who subjects any person to the\n8deprivation of rights is liable.",
        "9    (b) The officer shall pay:",
        "(1) the costs of suit;",
        "(2) reasonable attorney fees.",
    ]


def test_split_clauses_offsets_are_exact_and_ordered():
    text = "First sentence here. Second sentence follows!\n\n\n(c) Third item."
    spans = split_clauses(text)
    assert spans == sorted(spans)
    assert all(text[s:e].strip() == text[s:e] and text[s:e] for s, e in spans)


def test_cue_labels_propose_and_method_is_honest():
    assert "fees_mandatory" in cue_labels("The court shall award reasonable attorney fees to the plaintiff.")
    assert "qi_barred" in cue_labels("Qualified immunity is not a defense to a claim under this part.")
    assert cue_labels("The Secretary shall submit a report on wetlands.") == []
    assert method_for(["qi_barred"]) == "rule-suggested, reviewed"
    assert method_for([]) == "written by hand"


def test_validate_reports_tampered_records():
    document = load_source_document("ct-cgs-52-571k", "shared")
    start = document.text.index("(f) In any civil action")
    end = document.text.index("attorney's fees.", start) + len("attorney's fees.")
    good = AnnotatedClause(
        clause_id("ct-cgs-52-571k", start, end), "ct-cgs-52-571k", document.source.sha256, "shared",
        start, end, document.text[start:end], ["fees_discretionary"], "rule-suggested, reviewed", True,
    )
    assert validate([good]) == []
    shifted = AnnotatedClause(**{**good.to_dict(), "id": "x1", "start": start + 1})
    unknown = AnnotatedClause(**{**good.to_dict(), "id": "x2", "labels": ["fees_generous"]})
    wrong_sha = AnnotatedClause(**{**good.to_dict(), "id": "x3", "doc_sha256": "0" * 64})
    para_eval = AnnotatedClause("p1", "paraphrase", None, "paraphrase", 0, 4, "text", [], "paraphrase (team-written)", True)
    problems = validate([shifted, unknown, wrong_sha, para_eval])
    assert any("x1" in p and "does not match" in p for p in problems)
    assert any("x2" in p and "unknown labels" in p for p in problems)
    assert any("x3" in p and "sha256" in p for p in problems)
    assert any("p1" in p and "eval" in p for p in problems)


def test_realign_moves_shifted_offsets_back_onto_the_text():
    document = load_source_document("us-usc-42-1983", "shared")
    start = document.text.index("Every person")
    end = start + len("Every person who, under color of any statute")
    record = AnnotatedClause(
        "r", "us-usc-42-1983", document.source.sha256, "shared", start + 3, end + 3,
        document.text[start:end], [], "written by hand", True,
    )
    fixed, lost = realign([record])
    assert lost == [] and (fixed[0].start, fixed[0].end) == (start, end)


def test_loader_reads_a_file_and_rejects_incomplete_records(tmp_path):
    good = {"id": "p", "doc_id": "paraphrase", "doc_sha256": None, "source": "paraphrase", "start": 0, "end": 3,
            "text": "abc", "labels": [], "method": "paraphrase (team-written)", "eval": False}
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(good) + "\n\n", encoding="utf-8")
    assert [r.id for r in load_annotations([path])] == ["p"]
    bad = dict(good)
    del bad["labels"]
    path.write_text(json.dumps(bad) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="a.jsonl:1"):
        load_annotations([path])


def test_card_counts_are_computed_from_records():
    records = [
        AnnotatedClause("p1", "paraphrase", None, "paraphrase", 0, 3, "abc", ["qi_barred"], "paraphrase (team-written)", False),
        AnnotatedClause("p2", "paraphrase", None, "paraphrase", 0, 3, "def", [], "paraphrase (team-written)", False),
    ]
    card = card_markdown(records)
    assert "Records: **2** clauses (1 with at least one label, 1 read and given no label)" in card
    assert "| `qi_barred` | end_qi_law_enforcement | 0 | 0 | 1 | 0 | 0 |" in card


def _statute_annotations(*args):
    from typer.testing import CliRunner

    from pipeline.cli import app

    return CliRunner().invoke(app, ["annotations", *args])


def test_cli_reports_bad_input_in_one_line():
    result = _statute_annotations("suggest", "no-such-document")
    assert result.exit_code == 1
    err = result.stderr.strip()
    assert err.startswith("error:") and "\n" not in err


def test_cli_suggest_prints_every_clause_with_cues():
    result = _statute_annotations("suggest", "us-usc-42-1983", "--no-rules")
    assert result.exit_code == 0
    out = result.stdout
    assert out.count("\n[") + out.startswith("[") == len(split_clauses(load_source_document("us-usc-42-1983", "shared").text))
    assert "covers_all_public_employees" in out


def test_cli_validate_flags_a_broken_file(tmp_path):
    bad = {"id": "p", "doc_id": "paraphrase", "doc_sha256": None, "source": "paraphrase", "start": 0, "end": 3,
           "text": "abc", "labels": ["no_such_label"], "method": "paraphrase (team-written)", "eval": False}
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(bad) + "\n", encoding="utf-8")
    result = _statute_annotations("validate", str(path))
    assert result.exit_code == 1
    assert "unknown labels" in result.stdout


def test_realign_accepts_the_same_words_with_new_whitespace_and_reports_lost_text():
    document = load_source_document("us-usc-42-1983", "shared")
    start = document.text.index("Every person")
    end = start + len("Every person who, under color of any statute")
    spaced = document.text[start:end].replace(" ", "\n", 2)
    moved = AnnotatedClause("r1", "us-usc-42-1983", document.source.sha256, "shared", 0, len(spaced), spaced,
                            [], "written by hand", True)
    gone = AnnotatedClause("r2", "us-usc-42-1983", document.source.sha256, "shared", 0, 9, "xyzzy plugh",
                           [], "written by hand", True)
    fixed, lost = realign([moved, gone])
    assert lost == ["r2"]
    assert (fixed[0].start, fixed[0].end) == (start, end) and fixed[0].text == document.text[start:end]
