"""The clause classifier: the trained model loads, predicts, combines with rules, refuses bad files."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.classify import (
    COMBINATIONS,
    combine,
    detect_signals,
    load_clause_model,
    model_version,
    predict_proba,
    rule_signals_by_clause,
    signal_labels,
)
from pipeline.config import models_dir
from pipeline.errors import ModelError, UntrustedModelError
from pipeline.segment import segment_sections
from pipeline.values import Flag
from pipeline.model_io import TRUSTED_TYPES, dump_model, export_linear, load_model, untrusted_types

MODEL = models_dir() / "clause_classifier.skops"
needs_model = pytest.mark.skipif(not MODEL.exists(), reason="no trained model in models/ (run `statute train`)")

# Sentences written for these tests (not from the corpus), one clear signal each.
HELD_OUT = [
    ("In any action brought under this chapter, the court shall award reasonable attorney fees and costs "
     "to a plaintiff who prevails.", "fees_mandatory"),
    ("Qualified immunity shall not be a defense to liability in an action brought under this section.",
     "qi_barred"),
    ("A law enforcement officer who fails to intervene to prevent another officer from violating a person's "
     "rights shall be jointly liable for the violation.", "fti_liability"),
    ("The county shall indemnify its employees for any judgment or settlement entered against them in an "
     "action under this act.", "indemnify_mandatory"),
    ("The total liability of the state under this act for all claims arising from a single occurrence shall "
     "not exceed three hundred thousand dollars.", "cap_present"),
    ("Statutory immunities and statutory limitations on liability, damages, or attorney fees shall not apply "
     "to claims brought under this section.", "caps_lifted"),
    ("A person who, under color of law, deprives another of any right secured by the bill of rights of the "
     "state constitution is liable to the injured party.", "rights_all_state_constitution"),
]


@needs_model
def test_trained_model_loads_with_version_and_labels():
    bundle = load_clause_model()
    assert bundle is not None
    assert bundle["combination"] in COMBINATIONS
    assert set(bundle["labels"]) <= set(signal_labels())
    assert model_version().startswith("clause-clf-")
    assert untrusted_types(MODEL) == []
    assert type(bundle["pipeline"]).__module__ == "pipeline.linear"  # the run path reads the numpy pair


@needs_model
def test_predicts_labels_of_held_out_sentences():
    bundle = load_clause_model()
    texts = [text for text, _ in HELD_OUT]
    proba = predict_proba(bundle, texts, [set()] * len(texts))
    assert proba.shape == (len(texts), len(bundle["labels"]))
    assert np.all((proba >= 0) & (proba <= 1))
    labels = bundle["labels"]
    top = [labels[int(np.argmax(row))] for row in proba]
    right = sum(t == expected for t, (_, expected) in zip(top, HELD_OUT))
    # the model is small and the corpus thin; most, not all, of these must come out right
    assert right >= len(HELD_OUT) - 2, list(zip(top, [e for _, e in HELD_OUT]))


@needs_model
def test_unrelated_sentence_gets_low_probabilities():
    bundle = load_clause_model()
    proba = predict_proba(bundle, ["The Secretary shall publish the annual report on wheat exports in the "
                                   "Federal Register not later than March 1 of each year."], [set()])
    assert proba.max() < 0.5


def test_refuses_untrusted_file(tmp_path):
    from collections import Counter

    from sklearn.ensemble import RandomForestClassifier

    path = tmp_path / "evil.skops"
    dump_model({"pipeline": RandomForestClassifier(n_estimators=1), "extra": Counter(a=1)}, path)
    assert "sklearn.ensemble._forest.RandomForestClassifier" not in TRUSTED_TYPES
    with pytest.raises(UntrustedModelError) as caught:
        load_model(path)
    message = str(caught.value)
    assert "\n" not in message and "untrusted" in message and "RandomForestClassifier" in message
    assert caught.value.reason == "untrusted_model"


def test_refuses_non_skops_file(tmp_path):
    path = tmp_path / "clause_classifier.skops"
    path.write_bytes(b"\x80\x04not a zip at all")
    with pytest.raises(ModelError):
        load_model(path)
    with pytest.raises(ModelError):
        load_clause_model(tmp_path)


def test_no_model_means_rules_unchanged(tmp_path):
    from pipeline.ingest import document_from_text

    document = document_from_text("The court may award attorney fees.", "x")
    flag = Flag(signal="fees_discretionary", criterion="attorney_fees", start=4, end=33, text="x",
                clause_start=0, clause_end=34, clause_text="x", section=None, source="rule:test")
    assert detect_signals(document, segment_sections(document), [flag], models=tmp_path) == [flag]
    assert model_version(tmp_path) is None


def test_rule_signals_map_to_overlapping_clauses():
    spans = [(0, 10), (11, 30), (31, 50)]
    flags = [Flag("qi_barred", "end_qi_law_enforcement", 12, 20, "", 11, 30, "", None, "rule:a"),
             Flag("cap_present", "no_liability_caps", 25, 35, "", 11, 50, "", None, "rule:b"),
             Flag("fees_mandatory", "attorney_fees", 0, 5, "", 0, 10, "", None, "model", 0.9)]
    assert rule_signals_by_clause(spans, flags) == [set(), {"qi_barred", "cap_present"}, {"cap_present"}]


def test_combinations():
    labels = ["qi_barred", "covers_police_only", "fees_mandatory"]
    proba = np.array([[0.6, 0.9, 0.1], [0.2, 0.3, 0.85]])
    rules = [{"qi_barred"}, set()]
    assert combine("rules", rules, proba, labels) == [{"qi_barred"}, set()]
    assert combine("classifier", rules, proba, labels) == [{"qi_barred", "covers_police_only"}, {"fees_mandatory"}]
    assert combine("union_strict", rules, proba, labels) == [{"qi_barred", "covers_police_only"}, {"fees_mandatory"}]
    assert combine("union_thresholds", rules, proba, labels, {"fees_mandatory": 0.9, "covers_police_only": 0.95}) \
        == [{"qi_barred"}, set()]
    # rules_override: a rule for end_qi_law_enforcement does not block a label of another criterion
    assert combine("rules_override", [{"covers_all_public_employees"}, set()], proba, labels)[0] \
        == {"covers_all_public_employees", "qi_barred"}


@pytest.fixture(scope="module")
def union_models(tmp_path_factory):
    """The trained bundle re-saved with combination ``union`` (whatever ``statute train`` chose),
    so the model-flag path of ``detect_signals`` is exercised even when rules alone were chosen."""
    bundle = dict(load_model(MODEL))
    bundle["combination"] = "union"
    folder = tmp_path_factory.mktemp("models")
    export_linear(bundle, folder / "clause_classifier")  # the numpy pair the run path reads
    return folder


@needs_model
def test_detect_signals_adds_model_flags_with_clause_spans(union_models):
    from pipeline.ingest import document_from_text

    text = "\n\n".join(text for text, _ in HELD_OUT)
    document = document_from_text(text, "held-out")
    rule = Flag(signal="fees_mandatory", criterion="attorney_fees", start=0, end=10, text=text[:10],
                clause_start=0, clause_end=10, clause_text=text[:10], section=None, source="rule:test")
    sections = segment_sections(document)
    flags = detect_signals(document, sections, [rule], models=union_models)
    assert rule in flags
    model_flags = [f for f in flags if f.source == "model"]
    assert model_flags, "the classifier found nothing in seven clear clauses"
    # a rule flag for the same signal in the clause is not duplicated by a model flag
    assert not [f for f in model_flags if f.signal == "fees_mandatory" and f.clause_start == 0]
    for flag in model_flags:
        assert 0.5 <= flag.score <= 1.0
        assert document.text[flag.clause_start:flag.clause_end] == flag.clause_text
        assert (flag.start, flag.end) == (flag.clause_start, flag.clause_end)
    found = {f.signal for f in flags}
    # Only the dummy rule fired, so the model sees no rule features for the other clauses; when
    # the chosen model uses them (text+rules), text alone must still carry some clauses over
    # the calibrated threshold. With the real rule flags the pipeline finds them all:
    assert len(found & {label for _, label in HELD_OUT}) >= 2
    from pipeline.run import analyze

    analysis = analyze(document)
    combined = detect_signals(document, analysis.sections, analysis.rule_flags, models=union_models)
    assert len({f.signal for f in combined} & {label for _, label in HELD_OUT}) >= 6


@needs_model
def test_detect_signals_follows_the_chosen_combination():
    from pipeline.ingest import document_from_text

    document = document_from_text(HELD_OUT[0][0], "one")
    flags = detect_signals(document, segment_sections(document), [])
    if load_clause_model()["combination"] == "rules":
        assert flags == []
    else:
        assert all(f.source == "model" for f in flags)


def test_rule_signals_map_to_clauses_given_in_any_order():
    # annotation records come in file order, not text order; each flag must still land in
    # the clause that contains it (a bisect over unsorted starts once lost most rule hits)
    from pipeline.classify import rule_signals_by_clause
    from pipeline.values import Flag

    def flag(start, end, signal):
        return Flag(signal, "attorney_fees", start, end, "x", start, end, "x", None, "rule:test")

    spans = [(50, 60), (0, 10), (20, 30)]
    found = rule_signals_by_clause(spans, [flag(22, 25, "fees_mandatory"), flag(1, 2, "qi_barred"),
                                           flag(55, 56, "cap_present")])
    assert found == [{"cap_present"}, {"qi_barred"}, {"fees_mandatory"}]
