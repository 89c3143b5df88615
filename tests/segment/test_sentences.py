"""Sentence splitting: the legal tokenizer exceptions and the ``legal_sentencizer`` component."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from pipeline.segment import find_section, iter_sentences
from pipeline.segment.sentences import get_sentence_nlp
from pipeline.tokenizer import add_legal_sentencizer, customize_tokenizer, sentence_start_indices, sentence_starts


def _sentences(text: str) -> list[str]:
    return [sent.text.strip() for sent in get_sentence_nlp()(text).sents]


@pytest.mark.parametrize(
    "text",
    [
        # written for these tests
        "The claim arises under 42 U.S.C. 1983 and may be brought in any court.",
        "See Smith v. Jones, 123 U.S. 456 (1999), for the rule.",
        "The grant program under 34 U.S.C. 10151 et seq. Applies to each State.",
        "Funds appropriated by Pub. L. 116-94, 133 Stat. 2534, remain available.",
        "As provided in Sec. 5 of this Act, the Board shall act.",
        "Each agency (e.g. A police department) shall report.",
        "A public body, i.e. A State agency, shall pay.",
        "Payment is due under Contract No. 12 Before the deadline.",
        "The Widget Co. And its subsidiaries are exempt.",
        "Acme Inc. Shall provide notice, etc. To each person.",
        "The rule in Doe v. Roe applies.",
        "A State agency, as defined in 5 U.S.C. 551, is covered.",
        "The Jan. 6 report and the Dec. 1 report were filed.",
    ],
)
def test_no_break_at_legal_abbreviations(text):
    assert _sentences(text) == [text]


@pytest.mark.parametrize(
    "text",
    [
        # from the shared corpus (us-hr1470-2021, us-usc-42-1983, us-s3912-2020)
        "(6) In 1967, the Supreme Court in Pierson v. Ray, 386 U.S. 547, suddenly found that government actors "
        "had a good faith defense for making arrests under unconstitutional statutes based on a common law "
        "defense for the tort of false arrest.",
        "(R.S. § 1979; Pub. L. 96-170, § 1, Dec. 29, 1979, 93 Stat. 1284; Pub. L. 104-317, title III, § 309(c), "
        "Oct. 19, 1996, 110 Stat. 3853.)",
        "The term ``Byrne grant program'' means any grant program under subpart 1 of part E of title I of the "
        "Omnibus Crime Control and Safe Streets Act of 1968 (34 U.S.C. 10151 et seq.), without regard to whether "
        "the funds are characterized as being made available under the Edward Byrne Memorial State and Local Law "
        "Enforcement Assistance Programs.",
    ],
)
def test_real_sentences_stay_whole(text):
    assert _sentences(text) == [text]


def test_breaks_between_sentences_and_at_enumerated_items():
    text = (
        "The Court later extended this beyond false arrests. It applies to officials. "
        "Section 1979 is amended--\n(1) by inserting ``(a)'' before ``Every person''; and\n(2) by adding at the end."
    )
    assert _sentences(text) == [
        "The Court later extended this beyond false arrests.",
        "It applies to officials.",
        "Section 1979 is amended--",
        "(1) by inserting ``(a)'' before ``Every person''; and",
        "(2) by adding at the end.",
    ]


def test_a_sentence_runs_on_across_a_page_break():
    # team-written lines in the shape of a bill's page break (2026-12-06): no stop before the blank lines and a
    # lower-case word after them is one sentence; a stop or a capital after a blank line still ends it
    text = ("All other records of the agency's investigation of that conduct\n\n\n\n remain confidential. "
            "The agency shall keep them\n\nSec. 5. Fees\n\nThe court shall award fees.")
    assert _sentences(text) == [
        "All other records of the agency's investigation of that conduct\n\n\n\n remain confidential.",
        "The agency shall keep them",
        "Sec. 5. Fees",
        "The court shall award fees.",
    ]


def test_enumerators_inside_a_sentence_do_not_break_it():
    text = "Every person has the right to (1) inspect records, (2) copy records, or (3) receive a copy."
    assert _sentences(text) == [text]
    text = "A grant under paragraph\n(1) shall be made in writing."
    assert _sentences(text) == [text]


def test_break_after_colon_enumerator_and_quoted_sentence_end():
    assert _sentences("The term means: (A) a State; or (B) a unit of local government.") == [
        "The term means:", "(A) a State; or", "(B) a unit of local government.",
    ]
    assert _sentences('This act may be cited as the "Widget Act". The act applies.') == [
        'This act may be cited as the "Widget Act".', "The act applies.",
    ]


def test_components_are_registered_by_name_and_idempotent():
    nlp = spacy.blank("en")
    customize_tokenizer(nlp)
    customize_tokenizer(nlp)
    add_legal_sentencizer(nlp)
    add_legal_sentencizer(nlp)
    assert nlp.pipe_names == ["legal_sentencizer"]
    assert [t.text for t in nlp.tokenizer("under 42 U.S.C. 1983 et seq. and (a)(1)(A)")] == [
        "under", "42", "U.S.C.", "1983", "et", "seq.", "and", "(", "a", ")", "(", "1", ")", "(", "A", ")",
    ]
    nlp2 = spacy.blank("en")
    nlp2.add_pipe("legal_sentencizer")  # usable by name in any pipeline
    assert len(list(nlp2("One. Two.").sents)) == 2


def test_corpus_sentences_in_tree(load):
    document, root = load("texts", "us-hr7085-2020.txt")
    finding = find_section(root, "§ 2(5)")
    sentences = [s.text(document) for s in finding.children if s.kind == "sentence"]
    assert sentences == [finding.text(document)]  # "Pierson v. Ray, 386 U.S. 547" does not split
    section = find_section(root, "§ 4")
    texts = [s.text(document) for s in section.children if s.kind == "sentence"]
    assert texts[0] == "§ 4. Removal of qualified immunity"
    assert texts[1].startswith("Section 1979 of the Revised Statutes (42 U.S.C. 1983) is amended")
    assert texts[-1].startswith("Nor shall it be a defense or immunity")
    assert all(s.id.startswith(s.id.split("#")[0]) for s in iter_sentences(root))


@pytest.mark.parametrize("name", ["us-s3912-2020-sec102.txt", "ct-cgs-1-210.txt", "nm-hb4-2021-passed-hjc-amended.txt"])
def test_fast_path_matches_the_registered_component(load, name):
    """Segmentation's tokenizer-only fast path gives the same sentences as running the
    ``legal_sentencizer`` component in an ordinary pipeline."""
    from pipeline.segment import segment_sections

    document, root = load("texts", name)
    nlp = spacy.blank("en")
    add_legal_sentencizer(nlp)
    other = segment_sections(document, nlp=nlp)
    assert [(s.id, s.start, s.end) for s in iter_sentences(other)] == [
        (s.id, s.start, s.end) for s in iter_sentences(root)
    ]


def test_sentence_ends_that_look_like_abbreviations_still_break():
    assert _sentences("This applies under the Internal Revenue Code. The Secretary shall act.") == [
        "This applies under the Internal Revenue Code.", "The Secretary shall act.",
    ]
    assert _sentences("The court shall award fees to the plaintiff. No fee shall be awarded twice.") == [
        "The court shall award fees to the plaintiff.", "No fee shall be awarded twice.",
    ]


_TOKENS = [
    "The", "court", "shall", "act", ".", "!", "?", "(", ")", "a", "1", "iv", "A", ":", ";", "and", "or", "-",
    "--", "\"", "''", "]", "Sec.", "SEC.", "§", "5", "382", "paragraph", "U.S.C.", "v.", "\n", "\n\n", "\n    ",
    "Section", "TITLE", "I", "FINDINGS", "Findings", "of", "`", "571k", "\n", "\n",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_TOKENS), st.booleans()), min_size=1, max_size=60))
def test_array_rules_equal_the_reference_rules(tokens):
    """``sentence_start_indices`` (array version used in the pipeline) gives exactly the starts of
    ``sentence_starts`` (plain version) on arbitrary token sequences."""
    nlp = get_sentence_nlp()
    words = [word for word, _ in tokens]
    spaces = [space and not word.isspace() for word, space in tokens]
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    expected = [i for i, flag in enumerate(sentence_starts([t.text for t in doc])) if flag]
    assert sentence_start_indices(doc) == expected


def test_margin_numbers_and_bullets_are_not_sentences():
    from pipeline.segment import find_section, segment_text

    text = (
        "Page 1 - 999LR0001(01)1Be it enacted by the People as follows:\n"
        "2Sec. 1.  12 MRSA §100, as amended by PL 2019, c. 5, §1, is further amended\n"
        "3 to read:\n"
        "4 A.  A widget seller must register;\n"
        "5 B.  A widget seller must keep records.\n"
    )
    root = segment_text(text)
    section = find_section(root, "Sec. 1")
    sentences = [s.text(text) for s in section.children if s.kind == "sentence"]
    assert sentences == ["Sec. 1.  12 MRSA §100, as amended by PL 2019, c. 5, §1, is further amended\n3 to read:"]
    bullets = "(a) Definitions In this section:\n  - (1) The term widget means a device; or\n  - (2) a gadget.\n"
    root = segment_text(bullets)
    texts = [s.text(bullets) for s in iter_sentences(root)]
    assert texts == ["(a) Definitions In this section:", "(1) The term widget means a device; or", "(2) a gadget."]


# --- line structure: headings without a full stop, section labels opening a line -------------


@pytest.mark.parametrize(
    "heading, following",
    [
        # from the shared corpus: model-ij-pecra-2020 (a heading followed directly by its text)
        ("Section 1: Findings", "Government’s most important responsibility is to protect the rights under the "
         "laws and constitutions of this State and the United States."),
        # from the shared corpus (us-s1196-2023 § 4, here without the blank line after the heading)
        ("§ 4. Removal of qualified immunity", "Section 1979 of the Revised Statutes (42 U.S.C. 1983) is amended—"),
        # written for these tests
        ("SEC. 12. LIABILITY OF EMPLOYING AGENCIES", "A county that employs a deputy sheriff is liable for the deputy's acts."),
        ("Sec. 52-571z. Indemnification of municipal employees", "Each municipality shall pay any judgment."),
        ("Section 3 - Waiver of sovereign immunity", "The State waives its immunity from suit under this Act."),
        ("TITLE II--DATA COLLECTION", "SEC. 201. SHORT TITLE."),
        ("§8.01-42.6. Civil action for unlawful force", "(A) Any person may bring an action."),
        ("Sec. 7. Severability", "If any provision of this act is held invalid, the rest remains in force."),
    ],
)
def test_a_heading_line_without_full_stop_ends_its_sentence(heading, following):
    sentences = _sentences(f"{heading}\n{following}")
    assert sentences[-1] == following
    # the heading is not run into the text (a multi-token label such as "Sec. 52-571z." may
    # stand apart from its caption; segmentation joins a label-only sentence to the next)
    assert " ".join(sentences[:-1]) == " ".join(heading.split())


@pytest.mark.parametrize(
    "text",
    [
        # from the shared corpus (us-s3912-2020): a reference opening a line runs on
        "Section 501(a)(1) of title I of the Omnibus Crime Control and Safe\nStreets Act of 1968 "
        "(34 U.S.C. 10152(a)(1)) is amended by adding at the end the following:",
        # written for these tests: wrapped headings and wrapped references stay whole
        "SEC. 202. CERTIFICATION REQUIREMENTS FOR LAW ENFORCEMENT\nOFFICERS.",
        "Sec. 5. Duty to intervene and\nReport misconduct.",
        "Section 9. Civil actions against officers,\nEmployees, and agents.",
        "Section 1983 of title 42 applies to any person who, under color of\nState law, deprives another of a right.",
        "Section 2. Any person who, acting under color of law, deprives another person of any right secured by the\n"
        "Constitution is liable.",
    ],
)
def test_wrapped_headings_and_references_do_not_break(text):
    assert _sentences(text) == [text]


def test_a_reference_opening_a_line_after_a_preposition_does_not_break():
    # written for these tests
    sentences = _sentences("Damages are available as provided in\nSection 5. The court may award costs.")
    assert sentences[0].startswith("Damages are available as provided in\nSection 5.")


def test_a_section_label_opening_a_line_after_a_lead_in_starts_a_sentence():
    # from the shared corpus (us-s3912-2020, inserted matter without a closing full stop)
    text = "(a) Offense.--Chapter 13 of title 18, United States Code, is\namended by adding at the end the following:\n``Sec. 250. Lynching\n    ``Whoever conspires with another person to violate section 245."
    sentences = _sentences(text)
    assert sentences[-1] == "``Whoever conspires with another person to violate section 245."
    assert sentences[-2].endswith("Lynching") and sentences[-3].startswith("``Sec. 250")
    # written for these tests
    assert _sentences("The Code is amended by adding the following new section:\n§ 1307. Private right of action\n"
                      "Any individual injured may sue.") == [
        "The Code is amended by adding the following new section:", "§ 1307. Private right of action",
        "Any individual injured may sue.",
    ]


def test_heading_rules_hold_in_the_flagging_pipeline(load):
    from pipeline.nlp import get_nlp

    document, _ = load("texts", "model-ij-pecra-2020.txt")
    sentences = [s.text.strip() for s in get_nlp()(document.text).sents]
    assert "Section 1: Findings" in sentences
    # abbreviations inside the heading's body still do not split
    assert not any(s.endswith(("U.S.", "v.")) for s in sentences)


def test_a_typed_em_dash_ending_a_lead_in_is_its_own_token():
    # Federal bills type the em dash as "--" at the end of a lead-in ("shall not make available to the
    # public--"); glued to the word, it hid "public" from every pattern that ends in it.
    from pipeline.nlp import get_nlp

    doc = get_nlp().make_doc("The Attorney General shall not make available to the public--\n(1) any complaint")
    assert [t.text for t in doc][8:11] == ["the", "public", "--"]
