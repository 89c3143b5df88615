"""``analyze``: one pipeline pass for segmentation and flagging, and the speed-ups it relies on
(array lemmatizer, anchored span ruler, cached doc text) must not change any result."""

from __future__ import annotations

import pytest
import spacy



@pytest.fixture
def load(corpus_file):
    """``load("texts", "x.txt") -> Document`` from the shared corpus."""
    from pipeline.ingest import load_document

    return lambda *parts: load_document(corpus_file(*parts))


#: QI texts of several numbering styles, a line-numbered bill with margins glued to its
#: lines (the case where the whole-text tokens differ from segmentation's own pass), a PDF.
DOCUMENTS = [
    ("texts", "us-s1196-2023.txt"),
    ("texts", "ct-cgs-52-571k.txt"),
    ("texts", "nm-hb4-2021-passed-hjc-amended.txt"),
    ("texts", "us-s3912-2020.txt"),
    ("texts", "co-crs-13-21-131-current.txt"),
    ("bulk", "texts", "me-130-ld0157.txt"),
    ("pdfs", "us-hr1500-2019-ih.pdf"),
]


@pytest.mark.parametrize("parts", DOCUMENTS, ids=lambda parts: parts[-1])
def test_analyze_equals_segmenting_then_flagging(load, parts):
    from pipeline.flag import flags_from_doc
    from pipeline.nlp import get_nlp
    from pipeline.run import analyze
    from pipeline.segment import check_tree, segment_sections

    document = load(*parts)
    root = segment_sections(document)
    analysis = analyze(document)
    sections, doc, flags = analysis.sections, analysis.doc, analysis.rule_flags
    assert not check_tree(document.text, sections)
    assert sections.to_dict() == root.to_dict()
    assert flags == flags_from_doc(get_nlp()(document.text), root)
    assert len(doc) and doc.text == document.text
    for flag in flags:
        assert document.text[flag.start:flag.end] == flag.text
        assert document.text[flag.clause_start:flag.clause_end] == flag.clause_text


def test_flags_from_doc_places_flags_in_the_given_tree(load):
    from pipeline.flag import flags_from_doc
    from pipeline.nlp import get_nlp
    from pipeline.segment import segment_sections

    document = load("texts", "us-hr7085-2020.txt")
    root = segment_sections(document)
    flags = flags_from_doc(get_nlp()(document.text), root)
    assert any(flag.signal == "qi_barred" for flag in flags)
    units = {unit.id for unit in root.walk()}
    assert all(flag.section is None or flag.section in units for flag in flags)


def test_segment_sections_rejects_a_doc_of_another_text():
    from pipeline.ingest import document_from_text
    from pipeline.nlp import get_nlp
    from pipeline.segment import segment_sections

    document = document_from_text("Sec. 1. Short title.\nThis Act may be cited as the Widget Act.", "widget")
    other = get_nlp().make_doc("Sec. 1. Something else entirely, and longer.")
    with pytest.raises(ValueError):
        segment_sections(document, doc=other)


def test_array_lemmatizer_reads_spacy_lookup_table_by_lower_case_form(load):
    from pipeline.nlp import get_nlp

    document = load("texts", "us-s3912-2020.txt")
    from pipeline.tokenizer import customize_tokenizer

    stock = spacy.blank("en")
    customize_tokenizer(stock)
    stock.add_pipe("lemmatizer", config={"mode": "lookup"}).initialize()
    table = stock.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    # the stock table, read with each token's lower-case form (a word it does not list keeps that form)
    expected = [table.get(token.lower_, token.lower_) for token in stock.make_doc(document.text)]
    nlp = get_nlp()
    doc = nlp.get_pipe("lemmatizer")(nlp.make_doc(document.text))
    assert [token.lemma_ for token in doc] == expected
    # written for these tests: inflections the patterns match by lemma, in any case (new law printed in
    # capitals must read like the same words in lower case)
    doc = nlp.get_pipe("lemmatizer")(nlp.make_doc("The officers were indemnified; the city indemnifies them. "
                                                  "THE CITY SHALL INDEMNIFY THE OFFICER; Indemnifies."))
    assert [t.lemma_ for t in doc if t.lower_.startswith("indemnif")] == ["indemnify"] * 4


@pytest.mark.parametrize("name", ["us-s4036-2020.txt", "nm-nmsa-41-4a-2021.txt", "us-s3912-2020.txt"])
def test_anchored_matching_equals_running_every_family_matcher(load, name):
    """Each pattern runs only on windows holding its required words; the cues must be exactly
    those of running each family's full matcher on all its windows."""
    from pipeline.nlp import get_nlp

    nlp = get_nlp()
    ruler = nlp.get_pipe("qi_cues")
    doc = nlp.make_doc(load("texts", name).text)
    for component_name, component in nlp.pipeline:
        if component_name == "qi_cues":
            break
        doc = component(doc)
    expected = set()
    for family, windows in ruler.family_windows(doc).items():
        for start, end in windows:
            for match_id, s, e in ruler._family_matchers[family](doc[start:end]):
                expected.add((match_id, start + s, start + e))
    found = {(span.label, span.start, span.end, span.id) for span in ruler.match(doc)}
    reference = {
        (nlp.vocab.strings.add(ruler._match_label_id_map[m]["label"]), s, e,
         nlp.vocab.strings.add(ruler._match_label_id_map[m]["id"]))
        for m, s, e in expected if s != e
    }
    assert found == reference and found


def test_doc_text_is_built_once_and_checked():
    from pipeline.components.extensions import TEXT_KEY, doc_text
    from pipeline.nlp import get_nlp

    doc = get_nlp().make_doc("A peace officer shall not be entitled to qualified immunity.")
    assert doc_text(doc) == doc.text and doc.user_data[TEXT_KEY] == doc.text
    doc.user_data[TEXT_KEY] = "stale text of another length"
    assert doc_text(doc) == doc.text
