"""The scorer on real texts of the shared corpus (rules from engineer C; classifier when trained).

Slow part: flagging. Every document is scored once per session (``scored`` fixture); the spaCy
pipeline is built once per process by ``pipeline.nlp``.
"""

from __future__ import annotations

import pytest
import yaml

from pipeline.config import corpus_dir, project_corpus_dir
from pipeline.ingest import load_document
from pipeline.vocab import load_rubric
from pipeline.run import scorecard_for as score_file

TEXTS = corpus_dir() / "texts"
pytestmark = pytest.mark.skipif(not TEXTS.is_dir(), reason="shared corpus not available")

CODIFY_QI = ["us-hr7951-2020", "us-hr288-2021", "us-hr233-2023"]
ENDING_QI_ACT = ["us-hr1470-2021", "us-s492-2021", "us-hr2847-2023", "us-s1196-2023", "us-hr7085-2020"]
CONNECTICUT = "ct-cgs-52-571k"
#: Criteria of the worked example that rest on the statute's own text (public_records rests on
#: the FOI act and full_compensation is the documented disagreement, both tested separately).
CT_OWN_TEXT = ["end_qi_law_enforcement", "end_qi_public_employees", "end_qi_state_constitution",
               "no_liability_caps", "failure_to_intervene", "attorney_fees", "individual_accountability"]


@pytest.fixture(scope="session")
def scored():
    cards, texts = {}, {}
    for doc_id in [CONNECTICUT, *CODIFY_QI, *ENDING_QI_ACT, "nm-nmsa-41-4a-2021"]:
        path = TEXTS / f"{doc_id}.txt"
        cards[doc_id] = score_file(path)
        texts[doc_id] = load_document(path).text
    return cards, texts


@pytest.fixture(scope="session")
def ct_gold():
    return yaml.safe_load((project_corpus_dir() / "gold" / f"{CONNECTICUT}.yaml").read_text(encoding="utf-8"))


def _covers(card, criterion, text, quote):
    start = text.index(quote)
    end = start + len(quote)
    return any(ev.start < end and start < ev.end for ev in card.criteria[criterion].evidence)


@pytest.mark.parametrize("criterion", CT_OWN_TEXT)
def test_connecticut_reproduces_the_worked_example(scored, ct_gold, criterion):
    cards, texts = scored
    card = cards[CONNECTICUT]
    gold = ct_gold["criteria"][criterion]
    assert card.criteria[criterion].verdict == gold["verdict"]
    for quote in gold["quotes"]:
        assert _covers(card, criterion, texts[CONNECTICUT], quote), quote


def test_connecticut_explanations_read_like_the_rubric(scored):
    card = scored[0][CONNECTICUT]
    qi = card.criteria["end_qi_law_enforcement"].explanation
    assert qi.startswith("No.") and "objectively good faith belief" in qi
    fees = card.criteria["attorney_fees"].explanation
    assert fees.startswith("No.") and '"may"' in fees


def test_connecticut_public_records_rest_on_the_foi_act_and_need_review(scored):
    result = scored[0][CONNECTICUT].criteria["public_records"]
    assert result.verdict == "partial"  # the worked example's verdict, from corpus/jurisdictions/ct.yaml
    assert result.needs_review
    assert "1-210" in result.explanation


def test_connecticut_reimbursement_clause_does_not_defeat_full_compensation(scored, ct_gold):
    """RUBRIC.md change of 2026-12-03: full compensation asks whether the victim is paid in full;
    the municipality's reimbursement from the officer after a judgment for a malicious, wanton or
    wilful act (C.G.S. 52-571k(e)) does not defeat yes, as the published scorecard grades it."""
    cards, texts = scored
    result = cards[CONNECTICUT].criteria["full_compensation"]
    assert ct_gold["criteria"]["full_compensation"]["verdict"] == "yes"
    assert result.verdict == "yes"
    assert _covers(cards[CONNECTICUT], "full_compensation", texts[CONNECTICUT],
                   ct_gold["criteria"]["full_compensation"]["quotes"][0])


@pytest.mark.parametrize("doc_id", CODIFY_QI)
def test_bills_codifying_qi_score_zero(scored, doc_id):
    card = scored[0][doc_id]
    assert card.relevant
    assert card.totals["overall"] == 0.0
    assert "codifies qualified immunity" in card.criteria["end_qi_law_enforcement"].explanation


@pytest.mark.parametrize("doc_id", ENDING_QI_ACT)
def test_ending_qualified_immunity_act_ends_qi_for_officers_and_all_public_employees(scored, doc_id):
    card = scored[0][doc_id]
    assert card.criteria["end_qi_law_enforcement"].verdict == "yes"
    assert card.criteria["end_qi_public_employees"].verdict == "yes"
    assert card.criteria["end_qi_law_enforcement"].evidence


def test_new_mexico_cap_and_discretionary_fees(scored):
    card = scored[0]["nm-nmsa-41-4a-2021"]
    assert card.criteria["no_liability_caps"].verdict == "no"
    assert card.criteria["attorney_fees"].verdict == "no"
    assert card.criteria["end_qi_public_employees"].verdict == "yes"


def test_every_scorecard_is_complete_and_its_evidence_verbatim(scored):
    cards, texts = scored
    for doc_id, card in cards.items():
        assert list(card.criteria) == list(load_rubric().ids) or set(card.criteria) == set(load_rubric().ids)
        assert card.pipeline["version"] and card.pipeline["model"]
        for cid, result in card.criteria.items():
            assert result.explanation.split(" ", 1)[0] in ("Yes.", "No.", "Partially"), (doc_id, cid)
            assert 0.0 <= result.confidence <= 1.0
            for ev in result.evidence:
                assert ev.text == texts[doc_id][ev.start:ev.end], (doc_id, cid)
        assert card.to_dict()["totals"]["overall_of"] == 9


def test_irrelevant_bill_is_not_relevant(tmp_path):
    path = tmp_path / "zz-fish.txt"
    path.write_text("A BILL to designate the brook trout as the official state fish and to set the opening day "
                    "of trout season on the first Saturday of April.\n", encoding="utf-8")
    card = score_file(path)
    assert card.relevant is False
    assert all(r.verdict == "no" for r in card.criteria.values())
    assert all("not about the civil liability" in r.explanation for r in card.criteria.values())


def test_irrelevant_bulk_resolution_is_not_relevant():
    path = corpus_dir() / "bulk" / "texts" / "us-117-hres1000-ih.txt"
    if not path.is_file():
        pytest.skip("bulk corpus not available")
    card = score_file(path)
    assert card.relevant is False and card.totals["overall"] == 0.0


def test_pdf_evidence_points_to_pages(tmp_path):
    """A QI statute printed to PDF: same verdicts as the text, evidence located on a page."""
    textwrap = pytest.importorskip("textwrap")
    canvas_module = pytest.importorskip("reportlab.pdfgen.canvas")
    from reportlab.lib.pagesizes import letter

    source = (TEXTS / f"{CONNECTICUT}.txt").read_text(encoding="utf-8")
    path = tmp_path / "ct-52-571k-printed.pdf"
    pdf = canvas_module.Canvas(str(path), pagesize=letter)
    y = 750
    for paragraph in source.splitlines():
        for line in textwrap.wrap(paragraph, 95) or [""]:
            if y < 60:
                pdf.showPage()
                y = 750
            pdf.drawString(40, y, line)
            y -= 14
    pdf.save()

    card = score_file(path, jurisdiction="ct")
    document = load_document(path)
    assert card.relevant
    assert card.criteria["end_qi_law_enforcement"].verdict == "no"
    assert card.criteria["attorney_fees"].verdict == "no"
    pages = [ev.page for r in card.criteria.values() for ev in r.evidence]
    assert pages and all(isinstance(p, int) and p >= 1 for p in pages)
    for result in card.criteria.values():
        for ev in result.evidence:
            assert ev.text == document.text[ev.start:ev.end]
