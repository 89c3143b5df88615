"""The flagging pipeline as a spaCy object: build, components, save/load, offsets, API."""

from __future__ import annotations

import json

import pytest
import spacy

from pipeline.config import corpus_dir

QI_TEXTS = ["ct-cgs-52-571k.txt", "nm-nmsa-41-4a-2021.txt", "co-crs-13-21-131-current.txt",
            "us-s4036-2020.txt", "us-hr7951-2020.txt", "us-s3912-2020-sec102.txt"]


def _text(name: str) -> str:
    path = corpus_dir() / "texts" / name
    if not path.exists():
        pytest.skip(f"missing {path}")
    from pipeline.ingest import load_document

    return load_document(path).text


def _signature(doc):
    return [(s.label_, s.start_char, s.end_char, s._.signal_source) for s in doc.spans["qi_flags"]]


def test_pipeline_components_in_order(nlp):
    assert nlp.pipe_names[-6:] == ["qi_cues", "qi_cue_constraints", "qi_money", "qi_modality", "qi_scope", "qi_signals"]
    assert "lemmatizer" in nlp.pipe_names
    assert nlp.get_pipe("lemmatizer").mode == "lookup"
    assert nlp("The officers were indemnified")[3].lemma_ == "indemnify"


def test_components_registered_by_name():
    import pipeline.components  # noqa: F401

    for name in ("qi_span_ruler", "qi_cue_constraints", "qi_modality", "qi_scope", "qi_money", "qi_signals"):
        assert spacy.registry.factories.get(name) is not None


def test_to_disk_and_spacy_load_round_trip(nlp, tmp_path):
    nlp.to_disk(tmp_path / "qi_nlp")
    loaded = spacy.load(tmp_path / "qi_nlp")
    assert loaded.pipe_names == nlp.pipe_names
    for name in QI_TEXTS[:4]:
        text = _text(name)
        original, reloaded = nlp(text), loaded(text)
        assert _signature(original) == _signature(reloaded)
        assert [t.text for t in original] == [t.text for t in reloaded]
        assert [s.start for s in original.sents] == [s.start for s in reloaded.sents]


def _pattern_rows():
    """(family, row) for every line of the pattern files, as written (``load_patterns`` adds the
    line-break gaps)."""
    from pipeline.nlp import PATTERN_FAMILIES, PATTERNS_DIR

    for family in PATTERN_FAMILIES:
        for line in (PATTERNS_DIR / f"{family}.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield family, json.loads(line)


def test_patterns_are_data_with_unique_family_ids():
    from pipeline.nlp import PATTERN_FAMILIES, PATTERNS_DIR, load_patterns

    files = sorted(p.stem for p in PATTERNS_DIR.glob("*.jsonl"))
    assert sorted(PATTERN_FAMILIES) == files
    ids = []
    for family, row in _pattern_rows():
        assert row["id"].startswith(family + ".")
        ids.append(row["id"])
    assert len(load_patterns()) == len(ids)
    # An id may name several alternative patterns, but only within one family and label.
    assert len(set(ids)) >= len(ids) * 0.9


def test_signals_yaml_has_an_example_for_every_signal():
    import yaml

    from pipeline.config import PACKAGE_DATA

    raw = yaml.safe_load((PACKAGE_DATA / "signals.yaml").read_text(encoding="utf-8"))["signals"]
    assert len(raw) == 26
    for name, row in raw.items():
        assert row.get("example"), name
        assert row.get("example_source"), name


def test_examples_in_signals_yaml_fire(signals_of):
    """The documented example of each signal is itself flagged with that signal."""
    import yaml

    from pipeline.config import PACKAGE_DATA

    raw = yaml.safe_load((PACKAGE_DATA / "signals.yaml").read_text(encoding="utf-8"))["signals"]
    missed = [name for name, row in raw.items() if name not in signals_of(row["example"])]
    assert not missed


@pytest.mark.parametrize("name", QI_TEXTS)
def test_flag_offsets_point_into_document_text(name):
    from pipeline.ingest import load_document
    from pipeline.run import analyze
    from pipeline.vocab import CRITERIA_IDS

    document = load_document(corpus_dir() / "texts" / name)
    flags = analyze(document).rule_flags
    assert flags
    for flag in flags:
        assert document.text[flag.start:flag.end] == flag.text
        assert document.text[flag.clause_start:flag.clause_end] == flag.clause_text
        assert flag.clause_start <= flag.start < flag.end <= flag.clause_end
        assert flag.criterion in CRITERIA_IDS
        assert flag.source.startswith(("rule:", "component:"))
        assert flag.score is None


def test_analysis_doc_carries_flags_and_sections():
    from pipeline.flag import flags_from_doc
    from pipeline.ingest import load_document
    from pipeline.run import analyze

    document = load_document(corpus_dir() / "texts" / "ct-cgs-52-571k.txt")
    analysis = analyze(document)
    doc = analysis.doc
    spans = list(doc.spans["qi_flags"])
    assert spans and all(s._.signal_source for s in spans)
    assert {s._.criterion for s in spans} >= {"end_qi_law_enforcement", "attorney_fees"}
    assert flags_from_doc(doc, analysis.sections) == analysis.rule_flags
    retained = next(s for s in spans if s.label_ == "good_faith_defense_retained")
    assert doc._.section_of(retained) == "52-571k(d)(1)"


def test_given_sections_are_used():
    from pipeline.flag import flags_from_doc
    from pipeline.ingest import load_document
    from pipeline.nlp import get_nlp
    from pipeline.segment import segment_sections

    document = load_document(corpus_dir() / "texts" / "co-crs-13-21-131-current.txt")
    root = segment_sections(document)
    flags = flags_from_doc(get_nlp()(document.text), root)
    fees = next(f for f in flags if f.signal == "fees_mandatory")
    assert fees.section == "13-21-131(3)"


def test_analyze_many_matches_one_by_one():
    from pipeline.ingest import load_document
    from pipeline.run import analyze, analyze_many

    documents = [load_document(corpus_dir() / "texts" / name) for name in QI_TEXTS[:3]]
    together = [(a.rule_flags, a.flags) for a in analyze_many(documents)]
    assert together == [(a.rule_flags, a.flags) for a in map(analyze, documents)]


def test_empty_and_flagless_text(nlp):
    assert list(nlp("").spans["qi_flags"]) == []
    assert list(nlp("The bridge shall be painted blue.").spans["qi_flags"]) == []


def test_modality_and_scope_extensions(nlp):
    doc = nlp("The court may, in its discretion, award attorney fees unless the claim is frivolous.")
    fees = next(s for s in doc.spans["qi_cues"] if s.label_ == "FEES")
    assert fees._.modality == "permissive"
    assert "unless" in fees._.scope and fees._.exception_after
    doc = nlp("The liability shall not exceed two million dollars ($2,000,000) per claimant.")
    money = [s for s in doc.spans["qi_cues"] if s.label_ == "MONEY"]
    assert [m._.amount for m in money] == [2_000_000.0, 2_000_000.0]
    assert money[-1]._.per == "claimant"


def test_patterns_keep_bounded_gaps_small():
    """spaCy's Matcher expands "{0,n}" into n optional tokens, and the partial matches multiply:
    one pattern with a {1,40} gap took 24 GB on a 300-word bill. A long gap is written "+" or "*"
    with a NOT_IN set that stops it at the clause break instead."""
    for _, row in _pattern_rows():
        if not isinstance(row["pattern"], list):
            continue
        optional = 0
        for token in row["pattern"]:
            op = token.get("OP", "")
            if op == "?":
                optional += 1
            elif op.startswith("{"):
                low, high = op[1:-1].split(",")
                optional += int(high) - int(low or 0)
            elif op in ("+", "*"):
                assert "IN" in str(token), f"{row['id']}: an open gap needs a word set or a stop set"
        assert optional <= 20, f"{row['id']}: {optional} optional tokens"


@pytest.mark.parametrize("text,negated", [
    # "no" inside the bystander's relative clause negates an object, not the main verb
    ("An officer who has a reasonable opportunity to stop the deprivation but makes no attempt to do so "
     "shall be liable to the injured person.", False),
    ("A deputy who takes no step to halt another deputy's misconduct shall be liable for the harm.", False),
    # a negative subject still negates it
    ("No officer who acts under a warrant shall be liable to the person searched.", True),
    ("A trooper is sued under this section, and no trooper shall be liable for more than the judgment.", True),
])
def test_a_no_negates_the_modal_only_when_it_opens_the_subject(text, negated):
    from pipeline.components.context import modality_of
    from pipeline.nlp import get_nlp

    doc = get_nlp()(text)
    liable = next(span for span in doc.spans["qi_cues"] if span.text.lower() == "liable")
    assert modality_of(liable)[1] is negated
