"""The notebook API: pipeline.score, Scorecard.to_frame, load_batch, show_flags."""

from __future__ import annotations

import json
import shutil

import pytest

import pipeline
from pipeline.api import CLAUSE_COLUMNS, clause_rows, load_batch, show_flags, signal_of
from pipeline.batch import BatchOptions, run_batch
from pipeline.config import corpus_dir
from pipeline.ingest import load_document
from pipeline.vocab import load_rubric
from pipeline.values import FRAME_COLUMNS, Evidence, Scorecard

pytestmark = pytest.mark.timeout(180)

NM_ACT = "texts/nm-nmsa-41-4a-2021.txt"  # New Mexico Civil Rights Act: bars qualified immunity
BATCH = (NM_ACT, "texts/co-sb25-065-introduced.txt", "texts/ct-cgs-52-571k.txt", "bulk/texts/me-130-ld0001.txt")


@pytest.fixture(scope="module")
def corpus():
    root = corpus_dir()
    if not (root / "texts").is_dir():
        pytest.skip(f"shared corpus not found at {root}")
    return root


@pytest.fixture(scope="module")
def batch_dir(corpus, tmp_path_factory):
    inputs = tmp_path_factory.mktemp("api-in")
    for name in BATCH:
        shutil.copyfile(corpus / name, inputs / (name.rsplit("/", 1)[-1]))
    out = tmp_path_factory.mktemp("api-out")
    result = run_batch([inputs], BatchOptions(out_dir=out, workers=2))
    assert result.exit_code == 0
    return out


def test_score_a_path_and_the_same_text_agree(corpus):
    path = corpus / NM_ACT
    from_path = pipeline.score(path)
    from_text = pipeline.score(path.read_text(encoding="utf-8"), name="nm-nmsa-41-4a-2021")
    assert isinstance(from_path, Scorecard) and from_path.bill_id == "nm-nmsa-41-4a-2021"
    assert from_text.bill_id == from_path.bill_id
    assert from_path.relevant and from_text.relevant
    assert {c: r.verdict for c, r in from_text.criteria.items()} == {
        c: r.verdict for c, r in from_path.criteria.items()
    }


def test_pipeline_score_stays_callable_after_the_module_is_imported(corpus):
    import pipeline.scoring  # noqa: F401  (the scoring stage no longer shadows the verb)

    card = pipeline.score(str(corpus / NM_ACT))
    assert isinstance(card, Scorecard)


def test_score_text_triage_and_missing_file():
    irrelevant = pipeline.score("The state fish shall be the brook trout. This act takes effect July 1.")
    assert irrelevant.relevant is False
    assert {r.verdict for r in irrelevant.criteria.values()} == {"no"}
    with pytest.raises(FileNotFoundError):
        pipeline.score("no/such/bill.txt")


def test_to_frame_has_one_row_per_criterion(corpus):
    card = pipeline.score(corpus / NM_ACT)
    frame = card.to_frame()
    assert list(frame.columns) == list(FRAME_COLUMNS)
    assert list(frame["criterion"]) == list(load_rubric().ids)
    for row in frame.itertuples():
        result = card.criteria[row.criterion]
        assert row.verdict == result.verdict and row.evidence_count == len(result.evidence)
    assert frame["points"].sum() == card.totals["overall"]


def test_load_batch_frames_match_the_json(batch_dir):
    bills, clauses = load_batch(batch_dir)
    cards = {p.stem: Scorecard.from_dict(json.loads(p.read_text(encoding="utf-8"))) for p in batch_dir.glob("*.json")}
    assert sorted(bills["bill_id"]) == sorted(cards)
    assert list(clauses.columns) == list(CLAUSE_COLUMNS)
    for row in bills.itertuples():
        assert row.overall == cards[row.bill_id].totals["overall"]
    evidence_count = sum(len(r.evidence) for c in cards.values() for r in c.criteria.values())
    assert evidence_count > 0, "the relevant bills in the batch should carry evidence"
    assert clauses.groupby(["bill_id", "criterion", "start", "end"]).ngroups == evidence_count
    texts = {b: load_document(cards[b].source["path"]).text for b in clauses["bill_id"].unique()}
    for row in clauses.itertuples():
        assert texts[row.bill_id][row.start:row.end] == row.text
        assert row.verdict == cards[row.bill_id].criteria[row.criterion].verdict
    assert not clauses[clauses["bill_id"] == "me-130-ld0001"].shape[0]  # irrelevant: no evidence


def test_load_batch_needs_a_folder(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_batch(tmp_path / "never-ran")


def test_signal_of_reads_evidence_labels():
    assert signal_of("model:0.93") == (None, "model", 0.93)
    assert signal_of("rule:qi_barred") == ("qi_barred", "rule", None)
    signal, source, _ = signal_of("rule:good_faith_defense_retained_objective")
    assert (signal, source) == ("good_faith_defense_retained", "rule")


def test_show_flags_highlights_evidence_in_context(batch_dir):
    card = Scorecard.from_dict(json.loads((batch_dir / "nm-nmsa-41-4a-2021.json").read_text(encoding="utf-8")))
    rows = clause_rows(card)
    view = show_flags(card)
    assert view.spans == len(rows) > 0
    assert "displacy" in view.html or "spans" in view.html
    assert view._repr_html_() == str(view) == view.html
    one = rows[0]
    filtered = show_flags(card, criterion=one["criterion"])
    assert 0 < filtered.spans <= view.spans
    assert show_flags(card, criterion="public_records", signal="no-such-signal").spans == 0


def test_show_flags_escapes_bill_text(tmp_path):
    text = "Section 1. <script>alert('x')</script> Qualified immunity is not a defense to an action under this act."
    path = tmp_path / "escape-test.txt"
    path.write_text(text, encoding="utf-8")
    document = load_document(path)
    start = document.text.index("Qualified")
    card = pipeline.score(path, triage=False)
    # A hand-made piece of evidence on the real text, so the test does not depend on the flagger.
    card.criteria["end_qi_law_enforcement"].evidence = [
        Evidence(text=document.text[start:], start=start, end=len(document.text), signals=["rule:qi_barred"])
    ]
    html = str(show_flags(card, context=None))
    assert "<script" not in html and "</script" not in html
    assert "&lt;" in html and "&gt;" in html  # shown as text, not markup
    assert "Qualified" in html


def test_show_flags_quotes_verbatim_and_finds_a_relative_source(tmp_path, monkeypatch, ct_draft, ct_document):
    """The highlighted text is the bill's own (no "fees ." re-joined tokens), and a scorecard whose
    source path is relative to another folder (where ``statute score`` ran) still finds its text."""
    from bs4 import BeautifulSoup

    from pipeline.config import corpus_dir

    run = tmp_path / "project" / "runs" / "drafts"
    run.mkdir(parents=True)
    data = ct_draft.to_dict()
    data["source"]["path"] = "corpus-link/texts/ct-cgs-52-571k.txt"  # relative to tmp/project
    (tmp_path / "project" / "corpus-link").symlink_to(corpus_dir())
    card_path = run / "ct.json"
    card_path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # not where it was scored
    monkeypatch.setenv("STATUTE_CORPUS", str(tmp_path / "nowhere"))  # no corpus fallback either
    view = show_flags(card_path, criterion="attorney_fees", context=None)
    soup = BeautifulSoup(view.html, "html.parser")
    for sup in soup.find_all("sup"):
        sup.decompose()
    assert soup.select_one("div.spans").get_text() == ct_document.text
    marked = soup.select_one("div.spans mark").get_text()
    assert marked == "the plaintiff may be awarded costs and reasonable attorney's fees"
