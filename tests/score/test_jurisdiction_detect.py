"""The jurisdiction comes from the text, not the file name (issue 11). Sentences written by the team."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.jurisdiction import detect_jurisdiction, jurisdictions_dir

NM_BILL = (
    "AN ACT\nRELATING TO CIVIL RIGHTS; CREATING A REMEDY FOR THE DEPRIVATION OF RIGHTS.\n"
    "BE IT ENACTED BY THE LEGISLATURE OF THE STATE OF NEW MEXICO:\n"
    "SECTION 1. A. A public body or a person acting on behalf of a public body shall not deprive a person of a "
    "right secured by the bill of rights of the constitution of New Mexico. B. A person so deprived may bring an "
    "action for damages pursuant to the New Mexico Civil Rights Act, and qualified immunity shall not be a defense."
)
CT_STATUTE = (
    "Sec. 52-590q. Civil action for deprivation of rights by a police officer.\n"
    "(a) No police officer shall deprive any person of the equal protection of the laws of this state.\n"
    "(b) Any person aggrieved by a violation of subsection (a) of this section may bring a civil action in the "
    "Superior Court, subject to section 7-294x and section 29-6q."
)


@pytest.mark.parametrize("text, code", [
    ("Be it enacted by the Senate and House of Representatives of the United States of America in Congress "
     "assembled,\nSECTION 1. Section 1979 of the Revised Statutes (42 U.S.C. 1983) is amended.", "us"),
    ("Be it enacted by the General Assembly of the State of Colorado:\nSECTION 1. In Colorado Revised Statutes, "
     "add 13-21-140.", "co"),
    ("The People of the State of New York, represented in Senate and Assembly, do enact as follows:", "ny"),
    ("Be it enacted by the Senate and House of Representatives in General Assembly convened:\nSection 1. (NEW) "
     "Any person may bring an action.", "ct"),
    ("Be it enacted by the Senate and House of Representatives in General Court assembled, and by the authority "
     "of the same, as follows:", "ma"),
    ("SECTION 1. Chapter 19 of Title 14 of the Maine Revised Statutes is amended; see 14 M.R.S. \u00a7 8104-A.",
     "me"),
    ("Section 2. The following applies to actions under 740 ILCS 23/5 and 745 ILCS 10/2-202.", "il"),
    ("NEW SECTION. Sec. 3. A new section is added to chapter 4.92 RCW to read as follows: see RCW 4.92.090.",
     "wa"),
    (NM_BILL, "nm"),
    # territories legislate too (team-written enacting clauses, 2026-12-05)
    ("BE IT ENACTED BY THE PEOPLE OF GUAM:\nSection 1. A new Chapter 13 is added to Title 7, Guam Code Annotated.", "gu"),
    ("Be it enacted by the Legislature of the Virgin Islands:\nSECTION 1. Title 5 Virgin Islands Code is amended.", "vi"),
    (CT_STATUTE, "ct"),
    ("Section 1. Short title. This act may be cited as the Model Accountability Act.", None),
])
def test_jurisdiction_is_read_from_the_words(text, code):
    detection = detect_jurisdiction(text)
    assert detection.code == code
    assert detection.detected_from == ("text" if code else None)


def test_a_state_bill_citing_the_us_code_stays_a_state_bill():
    text = NM_BILL + " Nothing in this act limits a claim under 42 U.S.C. 1983 or 42 U.S.C. 1988."
    assert detect_jurisdiction(text).code == "nm"


@pytest.mark.parametrize("bill_id", ["co-sponsored-hb4", "hb-6004-police-accountability", "va-copy-of-bill"])
def test_a_misleading_file_name_does_not_override_the_text(bill_id):
    detection = detect_jurisdiction(NM_BILL, bill_id)
    assert (detection.code, detection.detected_from) == ("nm", "text")


def test_the_file_name_answers_only_when_the_text_names_nothing():
    text = "Section 1. Any person aggrieved may bring an action for damages."
    assert (detect_jurisdiction(text, "ia-code-1-2").code, detect_jurisdiction(text, "ia-code-1-2").detected_from) \
        == ("ia", "file name")
    assert detect_jurisdiction(text, "hb-6004").code is None


def test_an_explicit_code_overrides_the_text():
    detection = detect_jurisdiction(NM_BILL, "nm-bill", override="CO")
    assert (detection.code, detection.detected_from, detection.name) == ("co", "override", "Colorado")


def test_the_detection_shows_the_words_it_rests_on():
    detection = detect_jurisdiction(NM_BILL)
    shown = detection.to_dict(NM_BILL)
    assert shown["name"] == "New Mexico"
    assert all(NM_BILL[e["start"]:e["end"]] == e["text"] for e in shown["evidence"])
    assert any("LEGISLATURE OF THE STATE OF NEW MEXICO" in e["text"] for e in shown["evidence"])


def _score_file(tmp_path: Path, name: str, text: str, jurisdiction: str | None = None):
    from pipeline.run import ScoreOptions, score_file

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return score_file(path, ScoreOptions(jurisdiction=jurisdiction)).scorecard


def test_the_same_statute_under_a_misleading_name_scores_the_same(tmp_path):
    honest = _score_file(tmp_path, "ct-cgs-52-590q.txt", CT_STATUTE)
    renamed = _score_file(tmp_path, "HB 6004 police accountability.txt", CT_STATUTE)
    assert renamed.jurisdiction["code"] == honest.jurisdiction["code"] == "ct"
    assert renamed.jurisdiction["detected_from"] == "text"
    assert {c: r.verdict for c, r in renamed.criteria.items()} == {c: r.verdict for c, r in honest.criteria.items()}


def test_a_new_mexico_bill_named_like_a_colorado_file_is_judged_under_new_mexico_law(tmp_path):
    card = _score_file(tmp_path, "co-sponsored-hb4.txt", NM_BILL)
    data = card.to_dict()
    assert data["jurisdiction"]["code"] == "nm" and data["jurisdiction"]["name"] == "New Mexico"
    assert "New Mexico" in card.criteria["no_liability_caps"].explanation
    assert card.summary_row()["jurisdiction"] == "nm"


def test_an_unknown_jurisdiction_is_said_and_law_verdicts_go_to_review(tmp_path):
    text = ("Section 1. A peace officer who, under color of law, deprives a person of a right secured by the "
            "constitution is liable to the person injured. Qualified immunity is not a defense to an action under "
            "this section.")
    card = _score_file(tmp_path, "draft-bill.txt", text)
    assert card.jurisdiction["code"] is None
    caps = card.criteria["no_liability_caps"]
    assert caps.needs_review and "could not be determined" in caps.explanation


def test_the_override_reaches_the_scorecard(tmp_path):
    card = _score_file(tmp_path, "nm-bill.txt", NM_BILL, jurisdiction="co")
    assert card.jurisdiction == {"code": "co", "name": "Colorado", "detected_from": "override"}


def test_the_title_comes_from_the_text(tmp_path):
    card = _score_file(tmp_path, "HB 6004 police accountability.txt", CT_STATUTE)
    assert card.title == "Civil action for deprivation of rights by a police officer"
    assert card.summary_row()["title"] == card.title


def test_every_background_fact_that_gives_a_verdict_cites_law_not_the_rubric():
    for path in sorted(jurisdictions_dir().glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        for topic, fact in (raw.get("facts") or {}).items():
            words = " ".join(str(fact.get(k, "")) for k in ("summary", "source", "citation")).lower()
            assert "rubric" not in words and "worked example" not in words, f"{path.name} {topic}"
            if fact.get("status", "unknown") != "unknown":
                assert fact.get("citation"), f"{path.name} {topic}: a known fact needs a citation"
                assert fact.get("source"), f"{path.name} {topic}: a known fact needs a source"


def test_the_required_words_shortcut_gives_the_same_detection(monkeypatch):
    """``detect_jurisdiction`` skips a cue whose required words are not in the text; with the
    shortcut off (every cue run) the detections are the same, on the corpus and bulk bills."""
    import random

    from pipeline import jurisdiction
    from pipeline.config import corpus_dir

    corpus = corpus_dir()
    paths = sorted((corpus / "texts").glob("*.txt"))
    bulk = sorted((corpus / "bulk" / "texts").glob("*.txt"))
    if not paths or not bulk:
        pytest.skip("shared corpus not available")
    paths += random.Random(14).sample(bulk, 300)
    texts = [(p.name, p.read_text(encoding="utf-8", errors="replace")) for p in paths]
    texts.append(("long-s", "Be it enacted by the People of the State of Colorado: the Colorado ſtatutes."))
    with_shortcut = [jurisdiction.detect_jurisdiction(text, name) for name, text in texts]
    assert sum(1 for d in with_shortcut if d.detected_from == "text") > 250  # the cues do find things
    assert any(cue.needs for cue in jurisdiction._CUES)
    monkeypatch.setattr(jurisdiction._Cue, "needs", property(lambda self: None))
    assert [jurisdiction.detect_jurisdiction(text, name) for name, text in texts] == with_shortcut
