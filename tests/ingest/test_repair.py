"""Text repair on damaged copies of clean corpus texts, and no false repairs on clean text.

The damage is made at test time (``damage.py``) from the clean texts of ``corpus/texts`` in the styles
real extractions leave: words split by a space, words run together, printed line numbers glued
to each line with Maine page slugs, "Printed on recycled paper" in mid-sentence, and New
Mexico bracketed deletions under the bill's legend.
"""

from __future__ import annotations

import random
import re

import pytest

from pipeline.config import corpus_dir
from pipeline.ingest import document_from_text, load_document, normalize_text
from pipeline.ingest.repair import repair_text, unrepaired_text

from damage import damage  # test helpers registered by conftest.py
from word_agreement import agreement

CORPUS = corpus_dir()
TEXTS = sorted((CORPUS / "texts").glob("*.txt")) if CORPUS else []
needs_corpus = pytest.mark.skipif(not TEXTS, reason="shared corpus not available")
#: Clean texts long enough to damage (the short excerpts give too few words to measure 0.5 %).
DAMAGE_SOURCES = [path for path in TEXTS if path.stat().st_size > 6000]


def _head(text: str, limit: int = 40_000) -> str:
    """The first ``limit`` characters, to whole lines (keeps the word alignment quick)."""
    return text if len(text) <= limit else text[: text.rindex("\n", 0, limit)]


@needs_corpus
@pytest.mark.parametrize("path", DAMAGE_SOURCES, ids=lambda p: p.name)
def test_damaged_copy_repairs_to_the_clean_words(path):
    clean = _head(load_document(path).text)
    damaged, _ = damage(clean, random.Random(path.name))
    document = document_from_text(damaged, name="damaged")
    after = agreement(clean, document.text)
    # the damage is real (the measure can fail) ...
    assert agreement(clean, damaged).ratio < 0.99
    # ... and after repair the clean words come back, in order, with nothing added
    assert after.coverage_a >= 0.995, (path.name, after.to_dict())
    assert after.ratio >= 0.995, (path.name, after.to_dict())
    # every repair is on record: putting dropped and changed spans back gives the damaged text
    assert unrepaired_text(document.text, document.dropped, document.changed) == normalize_text(damaged)
    # page and printed line of the text are known again
    assert document.lines and document.locate(document.lines[-1].start)[0] == (len(damaged.splitlines()) - 1) // 30 + 1


@needs_corpus
def test_bracketed_deletions_leave_the_text_and_stay_in_dropped_with_page_and_line():
    # a source with no brackets of its own: under the legend, every bracket is a deletion
    clean = next(_head(text) for text in (load_document(p).text for p in DAMAGE_SOURCES) if "[" not in _head(text))
    damaged, deletions = damage(clean, random.Random(7), split_rate=0, join_rate=0, brackets=25)
    document = document_from_text(damaged, name="nm-style")
    bracketed = [span for span in document.dropped if span.reason == "bracketed"]
    assert [span.text.strip(" []") for span in bracketed] == deletions
    assert all(span.page and span.line for span in bracketed)
    assert document.deleted_word_count == 2 * len(deletions)
    assert agreement(clean, document.text.split("delete\n", 1)[1]).ratio >= 0.998


def test_bracket_convention_is_decided_per_document():
    nm = ("underscored material = new\n[bracketed material] = delete\n"
          "SECTION 1. [NEW MATERIAL] The court [may] shall award fees under Section 4 [41-4A-4 NMSA 1978].\n")
    document = document_from_text(nm)
    assert "[may]" not in document.text and "shall award" in document.text
    assert "[NEW MATERIAL]" in document.text and "[41-4A-4 NMSA 1978]" in document.text
    assert [span.text for span in document.dropped] == ["[may] "]
    nj = ("EXPLANATION - Matter enclosed in bold-faced brackets [thus] in the above bill is not enacted and is "
          "intended to be omitted in the law.\nThe officer 1[may]1 shall be liable [in his official capacity] as "
          "provided in [C.2A:62A-1].\n")
    document = document_from_text(nj)
    assert "1[may]1" not in document.text and "[in his official capacity]" not in document.text
    assert "[C.2A:62A-1]" in document.text and "[thus]" in document.text
    assert document.deleted_word_count == 5
    # the same brackets without a legend or a bracket legislature are ordinary brackets
    plain = "The officer [may] shall be liable, as the court held, and ``condemn[ed]'' it.\n"
    assert "[may] shall" in document_from_text(plain).text and not document_from_text(plain).dropped


@needs_corpus
def test_new_mexico_bill_without_its_legend_drops_brackets_only_in_amended_text():
    document = load_document(CORPUS / "texts" / "nm-sb146-2026-introduced.txt")
    assert [span.text.strip() for span in document.dropped if span.reason == "bracketed"] == ["[not including]"]
    assert "but does not mean an acequia" in document.text
    codified = load_document(CORPUS / "texts" / "nm-nmsa-41-4a-2021.txt")
    assert "[41-4A-NMSA 1978]" in codified.text and not codified.dropped


def test_split_and_run_together_words_are_repaired_and_recorded():
    text = ("The defens e of qualifi ed immunity shall not be available to any gove rnment employee. "
            "If any of the followingapply, the court shall award fees. The court shall award fees under "
            "subsection1. A person may sue under subsection 2.\n")
    document = document_from_text(text)
    assert "defense of qualified immunity" in document.text
    assert "government employee" in document.text
    assert "following apply" in document.text and "subsection 1." in document.text
    originals = {span.original for span in document.changed}
    assert {"defens e", "qualifi ed", "gove rnment", "followingapply", "subsection1"} <= originals
    for span in document.changed:
        assert document.text[span.start : span.end].replace(" ", "") == span.original.replace(" ", "")


def test_right_words_are_never_changed():
    # compounds, inflections, names and acronyms that a word splitter gets wrong
    text = ("Subparagraphs (A) and (B) apply to permittees, subgrantees and carryback claims. "
            "The redesignated Office of NACOLE shall review chokeholds, strangleholds and neckholds, "
            "and Representative Georgene Louis may ask for the audiological report on the millsite. "
            "The person shall be liable to the party injured in an action at law.\n")
    assert document_from_text(text).changed == []


@needs_corpus
def test_no_false_repairs_on_the_corpus_texts():
    """Clean texts: no split or run-together repair except on tokens that are not English words,
    and repairing the repaired text changes nothing."""
    from pipeline.ingest.words import zipf

    for path in TEXTS:
        document = load_document(path)
        for span in document.changed:
            tokens = span.original.lower().split()
            assert any(zipf(token) < 2.0 for token in tokens), (path.name, span)
        again = repair_text(document.text)
        assert again.changed == [] and again.dropped == [], path.name
    # official federal bill texts (typeset from XML): nothing to repair at all
    for path in TEXTS:
        if path.name.startswith("us-"):
            assert load_document(path).changed == [], path.name


@needs_corpus
def test_no_false_repairs_on_a_bulk_federal_sample():
    texts = sorted((CORPUS / "bulk" / "texts").glob("us-*.txt"))
    sample = random.Random(20261203).sample(texts, min(150, len(texts)))
    changed = [(path.name, span.original) for path in sample for span in load_document(path).changed]
    assert changed == []


@needs_corpus
def test_maine_raw_extraction_loses_line_numbers_and_page_slugs():
    texts = sorted((CORPUS / "bulk" / "texts").glob("me-*.txt"))
    sample = [path for path in random.Random(5).sample(texts, 40) if path.stat().st_size > 3000]
    for path in sample:
        document = load_document(path)
        assert "Printed on recycled paper" not in document.text
        assert not re.search(r"Page \d+ - \d+LR\d+", document.text)
        assert "LAW AND LEGISLATIVE DIGITAL LIBRARY" not in document.text
        lines = document.text.split("\n")
        glued = [line for line in lines if re.match(r"\d{1,2}(Sec\.|[a-z]{3})", line)]
        assert len(glued) <= 1, (path.name, glued)
        assert document.lines and all(span.line for span in document.lines)
        raw = normalize_text(path.read_bytes().decode("utf-8"))
        assert unrepaired_text(document.text, document.dropped, document.changed) == raw


def test_statute_text_dropped_lists_deletions_and_repairs(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    path = tmp_path / "nm-bill.txt"
    path.write_text("underscored material = new\n[bracketed material] = delete\n"
                    "SECTION 1. The officer [may] shall be liable for the defens e of any of the followingapply.\n")
    result = CliRunner().invoke(app, ["text", str(path), "--dropped"])
    assert result.exit_code == 0, result.output
    assert "The officer shall be liable for the defense of any of the following apply." in result.output
    assert "1 word(s) treated as deleted" in result.output
    assert "[bracketed" in result.output and "[may]" in result.output
    assert "'defens e' -> 'defense'" in result.output and "'followingapply' -> 'following apply'" in result.output


@needs_corpus
@pytest.mark.parametrize("name", ["us-hr7085-2020.txt", "nm-nmsa-41-4a-2021.txt"])
def test_damaged_copy_scores_like_the_clean_copy(name):
    """The verdicts drafted from a damaged copy equal those of the clean copy (score with triage)."""
    from pipeline.api import score

    path = CORPUS / "texts" / name
    clean = load_document(path).text
    damaged, _ = damage(clean, random.Random(name))
    jurisdiction = {"us": "US", "nm": "NM", "co": "CO"}[name[:2]]
    clean_card = score(clean, name=name[:-4], jurisdiction=jurisdiction)
    damaged_card = score(damaged, name=name[:-4], jurisdiction=jurisdiction)
    assert damaged_card.relevant == clean_card.relevant
    assert any(r.verdict != "no" for r in clean_card.criteria.values())  # a bill with something to find
    assert {cid: r.verdict for cid, r in damaged_card.criteria.items()} == {cid: r.verdict for cid, r in clean_card.criteria.items()}


@needs_corpus
def test_offsets_made_before_repair_map_onto_the_repaired_text():
    from pipeline.ingest.repair import offset_mapper

    path = sorted((CORPUS / "bulk" / "texts").glob("me-*.txt"))[100]
    document = load_document(path)
    before = normalize_text(path.read_bytes().decode("utf-8"))
    to_new = offset_mapper(document.text, document.dropped, document.changed)
    kept = [offset for offset in range(len(before)) if to_new.kept(offset)]
    rewritten = sum(span.end - span.start for span in document.changed)
    assert len(kept) == len(document.text) - rewritten  # the rest of the repaired text is kept characters
    assert all(document.text[to_new(offset)] == before[offset] for offset in kept)
    assert not to_new.kept(before.index("Printed on recycled paper"))


def test_bracket_conventions_of_more_legislatures():
    # Sentences written by the team in each legislature's amendment style (not quoted from a bill).
    nv = ("EXPLANATION - Matter in bolded italics is new; matter between brackets [omitted material] is material "
          "to be omitted.\nSec. 2. NRS 41.0349 is hereby amended to read as follows:\n41.0349 The State shall "
          "indemnify the officer for any judgment [unless the act was wanton or malicious] in an action under "
          "section 1.\n")
    document = document_from_text(nv)
    assert "judgment in an action" in document.text and "[omitted material]" in document.text
    assert [span.text.strip() for span in document.dropped] == ["[unless the act was wanton or malicious]"]
    # a Nevada bill without its legend: brackets inside the amended section only
    nv_plain = ("THE PEOPLE OF THE STATE OF NEVADA, REPRESENTED IN SENATE AND ASSEMBLY, DO ENACT AS FOLLOWS:\n"
                "Section 1. A note [see NRS 41.035] stays.\nSec. 2. NRS 41.035 is hereby amended to read as follows:\n"
                "41.035 An award [may] must not include punitive damages.\n")
    document = document_from_text(nv_plain)
    assert "[see NRS 41.035] stays" in document.text and "An award must not" in document.text
    md = ("EXPLANATION: CAPITALS INDICATE MATTER ADDED TO EXISTING LAW.\n[Brackets] indicate matter deleted from "
          "existing law.\n5-301. The liability of a local government [may] SHALL not exceed $400,000.\n")
    document = document_from_text(md)
    assert "government SHALL not exceed" in document.text and "[Brackets] indicate" in document.text
    hi = ("BE IT ENACTED BY THE LEGISLATURE OF THE STATE OF HAWAII:\nSECTION 2. Section 662-2, Hawaii Revised "
          "Statutes, is amended to read as follows:\n\"§662-2 The State [shall not] shall be liable for the acts of "
          "its employees.\"\n")
    assert "The State shall be liable" in document_from_text(hi).text
    ak = ("BE IT ENACTED BY THE LEGISLATURE OF THE STATE OF ALASKA:\n* Section 1. AS 09.65.070(c) is amended to "
          "read:\n(c) A municipality [MAY NOT] may be held liable for the acts of its officers.\n")
    assert "A municipality may be held" in document_from_text(ak).text


def test_connecticut_brackets_mark_deletions_in_substituted_sections():
    # Connecticut repeals a section and substitutes the new text, printing deleted words in brackets; its
    # legend is itself in brackets and stays. Sentences written by the team (2026-12-06).
    ct = ("Be it enacted by the Senate and House of Representatives in General Assembly convened:\n"
          "Section 1. Section 7-101a of the general statutes is repealed and the following is substituted in lieu "
          "thereof (Effective October 1, 2027):\n(b) The town shall [, in its discretion,] pay the judgment.\n"
          "[(c) An employee may raise the defense of good faith.]\n"
          "[Proposed deletions are enclosed in brackets. Proposed additions are indicated by underline.]\n")
    document = document_from_text(ct)
    assert "The town shall pay the judgment." in document.text and "good faith" not in document.text
    assert "[Proposed deletions are enclosed in brackets." in document.text
    # without the legend, brackets inside the substituted section only
    ct_plain = ("Be it enacted by the Senate and House of Representatives in General Assembly convened:\n"
                "Section 1. (NEW) A note [see section 2] stays.\nSec. 2. Section 52-557n of the general statutes is "
                "repealed and the following is substituted in lieu thereof:\n(a) A municipality [shall not] shall be "
                "liable.\n")
    document = document_from_text(ct_plain)
    assert "[see section 2] stays" in document.text and "A municipality shall be liable" in document.text


def test_bracket_conventions_of_new_york_texas_pennsylvania_and_printers_notes():
    # Sentences written by the team (2026-12-06) in each legislature's amendment style, not quoted from a bill.
    ny = ("The People of the State of New York, represented in Senate and Assembly, do enact as follows:\n"
          "Section 1. Section 50-k of the general municipal law is amended to read as follows:\n"
          "3. The city shall [, at its option,] indemnify the employee.\n"
          " EXPLANATION--Matter in italics (underscored) is new; matter in brackets\n  [ ] is old law to be omitted.\n")
    document = document_from_text(ny)
    assert "The city shall indemnify the employee." in document.text and "brackets\n  [ ] is old law" in document.text
    tx = ("BE IT ENACTED BY THE LEGISLATURE OF THE STATE OF TEXAS:\nSECTION 1. Section 101.023, Civil Practice and "
          "Remedies Code, is amended to read as follows:\nSec. 101.023. (a) Liability of the state [is limited to "
          "money damages in a maximum amount of $250,000] is not limited.\n")
    assert "Liability of the state is not limited." in document_from_text(tx).text
    glued = tx.replace("Liability of the state [is limited", "An officer who deprives a person of a right[, or who fails to "
                       "intervene,] is liable. Liability of the state [is limited")
    assert "deprives a person of a right is liable." in document_from_text(glued).text
    pa = ("The General Assembly of the Commonwealth of Pennsylvania hereby enacts as follows:\nSection 1. Section 8550 "
          "of Title 42 is amended to read:\nThe local agency [may] shall indemnify the employee.\n")
    assert "The local agency shall indemnify" in document_from_text(pa).text
    nj = ("EXPLANATION - Text within bold-faced brackets [thus] in this bill is not enacted.\n"
          "a. An employer that employs a 1[public employee]1 1law enforcement officer1 shall pay.\n")
    assert "employs a law enforcement officer shall pay" in document_from_text(nj).text
    assert "the 2nd session" in document_from_text(nj.replace("shall pay", "shall pay in the 2nd session")).text
    assert "(C.10:6-2)" in document_from_text(nj.replace("shall pay", "shall pay under (C.10:6-2)")).text
    # a printer's note that says how deletions survive in plain text; a bracket that labels itself a deletion
    note = ("[Plain-text copy: deleted material appears in [brackets].]\nSection 2. The fund [may] shall pay.\n")
    assert "The fund shall pay." in document_from_text(note).text
    labelled = "Section 3. Damages may not exceed [deleted: two hundred thousand dollars] the actual loss.\n"
    assert "may not exceed the actual loss" in document_from_text(labelled).text
    double = ("[Plain-text copy: deleted language appears within [[double brackets]].]\nSECTION 4. The officer "
              "[[shall not]] shall be liable.\n")
    assert "The officer shall be liable." in document_from_text(double).text
    # without a convention, brackets stay
    assert "[may]" in document_from_text("Section 5. The fund [may] shall pay.\n").text


def test_minnesota_page_dot_line_numbers_are_taken_off_with_page_and_line():
    # Minnesota prints "page.line" in the margin ("2.11"); a plain text keeps them at the line starts. Team-written
    # lines (2026-12-06), 24 on page 1 and 6 on page 2.
    body = [f"word{n} of the bill text on this line" for n in range(1, 25)]
    body[10] = "Subd. 6. Reports. (a) A peace officer who observes conduct by"
    body[11] = "another peace officer that violates a right must report it."
    lines = [f"1.{n}\t{text}" for n, text in enumerate(body, start=1)]
    lines += [f"2.{n}  more words of page two, line {n}" for n in range(1, 7)]
    document = document_from_text("\n".join(lines) + "\n")
    assert "observes conduct by\nanother peace officer" in document.text
    assert not any(line.startswith(("1.", "2.")) for line in document.text.splitlines())
    spans = {(span.page, span.line) for span in document.lines}
    assert (1, 11) in spans and (2, 6) in spans
    # a statute whose sections are numbered "1.1", "1.2" keeps them: too few lines to be a margin count
    statute = "1.1 Definitions. In this chapter:\n1.2 Scope. This chapter applies to the state.\n"
    assert document_from_text(statute).text.startswith("1.1 Definitions")


def test_a_line_amendment_attached_to_the_bill_removes_the_lines_it_names():
    # A Florida floor amendment after the bill: "Remove lines 6-8 and insert:" the new text. Team-written lines
    # (2026-12-06); the bill's line numbers run on across its pages, the amendment numbers its own from 1.
    bill = [f"word{n} of the bill on this line" for n in range(1, 31)]
    bill[5] = "(3) FAILURE TO INTERVENE.--An officer who fails to intervene"
    bill[6] = "in any deprivation of rights by another officer is jointly"
    bill[7] = "and severally liable."
    lines = [f"{n:3d}  {line}" for n, line in enumerate(bill, start=1)]
    amendment = ["Amendment (with title amendment)", "Remove lines 6-8 and insert:",
                 "(3) FAILURE TO INTERVENE.--An officer who fails to stop", "another officer's use of excessive force is liable.",
                 "Remove lines 2-3 and insert:", "providing liability for failing to intervene in excessive force;"]
    lines += ["", "HOUSE AMENDMENT", "Amendment No. 1"] + [f"{n:3d}  {line}" for n, line in enumerate(amendment, start=1)]
    document = document_from_text("\n".join(lines) + "\n")
    assert "in any deprivation of rights" not in document.text and "word2 of the bill" not in document.text
    assert "another officer's use of excessive force is liable." in document.text
    assert "word9 of the bill" in document.text and "word5 of the bill" in document.text
    removed = [span for span in document.dropped if span.reason == "deleted"]
    assert [span.line for span in removed] == [2, 3, 6, 7, 8]
    # without a directive nothing is removed
    plain = document_from_text("\n".join(lines[:30]) + "\n")
    assert "in any deprivation of rights" in plain.text


def test_washington_double_parentheses_mark_deletions_in_amended_sections():
    wa = ("BE IT ENACTED BY THE LEGISLATURE OF THE STATE OF WASHINGTON:\nSec. 1. RCW 4.92.075 and 2021 c 8 s 2 are "
          "each amended to read as follows:\n(1) The state ((may)) shall defend and indemnify the officer, as provided "
          "in subsection (2) of this section, ((except for acts (a) outside the scope of employment)) for any judgment.\n")
    document = document_from_text(wa)
    assert "The state shall defend" in document.text and "subsection (2) of this section" in document.text
    assert "outside the scope" not in document.text
    assert [span.reason for span in document.dropped] == ["bracketed", "bracketed"]
    # double parentheses outside a Washington amended section are left alone
    other = "The officer ((as defined)) is liable.\n"
    assert "((as defined))" in document_from_text(other).text and not document_from_text(other).dropped


def test_words_hyphenated_at_line_ends_of_a_plain_text_are_rejoined():
    # a plain-text bill wrapped with hyphens at line ends (team-written sentences, 2026-12-05)
    text = ("S 2. Every covered person who subjects any other person to the dep-\n"
            "        rivation of any rights secured by the consti-\n"
            "        tution of this state shall be liable to the party injured. A self-\n"
            "        executing duty applies; the self-executing clause and the law-\n"
            "        enforcement officer are named twice: law-enforcement officer.\n")
    document = document_from_text(text)
    assert "deprivation of any rights" in document.text
    assert "secured by the constitution of this state" in document.text
    # compounds of two words are left as printed (hyphen and line break); no word is invented
    assert "selfexecuting" not in document.text and "lawenforcement" not in document.text
    assert "self-\n" in document.text and "law-\n" in document.text
    assert {"hyphenation"} == {span.reason for span in document.dropped}
    assert all(span.text.startswith("-\n") for span in document.dropped)


def test_rarer_legal_words_hyphenated_at_line_ends_are_rejoined_when_neither_piece_is_a_word():
    # team-written lines of a wrapped plain-text bill (2026-12-06): legal vocabulary is rarer than the
    # everyday words the first rule joins ("indemnify" is below its frequency floor)
    text = ("S 3. The political subdivision shall indem-\n"
            "        nify the officer for the full amount of any judgment, and the sub-\n"
            "        division may not re-\n"
            "        cover any part of it.\n")
    document = document_from_text(text)
    assert "shall indemnify the officer" in document.text
    # "sub-" / "division" and "re-" / "cover" are pieces that are words or prefixes of their own: left as printed
    assert "sub-\n" in document.text and "re-\n" in document.text


def test_a_hyphen_before_a_line_break_that_joins_no_word_is_left_alone():
    text = "The fee is due on July 1-\n        15 of each year, and the co-\n        op may collect it.\n"
    document = document_from_text(text)
    assert "July 1-" in document.text and "co-" in document.text
