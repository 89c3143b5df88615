"""Numbering styles on short texts written for these tests (not taken from the corpus)."""

from __future__ import annotations

import pytest

from pipeline.segment import check_tree, find_section, iter_units, segment_text, section_id_at


def _tree(text: str, sentences: bool = False):
    root = segment_text(text, sentences=sentences)
    assert check_tree(text, root) == []
    return root


def _ids(root) -> list[str]:
    return [unit.id for unit in iter_units(root)]


def test_roman_after_lead_in_and_letter_after_h():
    text = (
        "SEC. 4. LICENSES.\n"
        "(a) Issuance.--The board shall--\n"
        "(1) review each application;\n"
        "(2) consider--\n"
        "(A) whether the applicant--\n"
        "(i) holds a bond; and\n"
        "(ii) has no violation; and\n"
        "(B) any objection.\n"
        "(b) Fees.--A fee applies.\n"
        "(c) C.\n(d) D.\n(e) E.\n(f) F.\n(g) G.\n(h) H.\n"
        "(i) Renewal.--A license may be renewed.\n"
    )
    root = _tree(text)
    ids = _ids(root)
    assert "SEC. 4(a)(2)(A)(i)" in ids and "SEC. 4(a)(2)(A)(ii)" in ids
    assert "SEC. 4(a)(2)(B)" in ids
    renewal = find_section(root, "SEC. 4(i)")
    assert renewal is not None and renewal.heading == "Renewal" and renewal.kind == "subsection"
    assert find_section(root, "SEC. 4(a)").heading == "Issuance"


def test_roman_v_and_x_continue_a_roman_list():
    items = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]
    text = "Sec. 9. Terms.\n(a) The term covers:\n" + "".join(f"({r}) item {r};\n" for r in items)
    root = _tree(text)
    assert [child.id for child in find_section(root, "Sec. 9(a)").children] == [f"Sec. 9(a)({r})" for r in items]


def test_upper_roman_after_lower_roman_and_upper_letter_after_h():
    text = (
        "§ 3. Rules\n(a) Scope:\n(i) one:\n(I) first;\n(II) second;\n(ii) two.\n"
        "(b) Classes:\n(1) kinds:\n(A) a\n(B) b\n(C) c\n(D) d\n(E) e\n(F) f\n(G) g\n(H) h\n(I) i\n"
    )
    root = _tree(text)
    ids = _ids(root)
    assert "§ 3(a)(i)(I)" in ids and "§ 3(a)(i)(II)" in ids and "§ 3(a)(ii)" in ids
    assert "§ 3(b)(1)(I)" in ids  # letter I after H, not roman one


def test_dotted_styles_and_code_sections():
    text = (
        "12-3-4. Permits.\n"
        "A. A permit is required.\n"
        "B. A permit expires:\n"
        "(1) after one year; or\n"
        "(2) on transfer.\n"
        "12-3-5. Appeals.\n"
        "1. Any person may appeal.\n"
        "a. Within ten days.\n"
        "b. In writing.\n"
        "2. The board decides.\n"
    )
    root = _tree(text)
    assert _ids(root) == [
        "12-3-4", "12-3-4(A)", "12-3-4(B)", "12-3-4(B)(1)", "12-3-4(B)(2)",
        "12-3-5", "12-3-5(1)", "12-3-5(1)(a)", "12-3-5(1)(b)", "12-3-5(2)",
    ]
    assert find_section(root, "12-3-5").heading == "Appeals"


def test_glued_margin_line_numbers_and_page_heads():
    """Maine-style extraction: line numbers glued to the text, page heads before line 1."""
    text = (
        "An Act Concerning Widgets\n"
        "Page 1 - 999LR0001(01)1Be it enacted by the People as follows:\n"
        "2Sec. 1.  12 MRSA §100 is enacted to read:\n"
        "3§100.  Widgets\n"
        "41.  Definitions.  As used in this section, the following terms have the following\n"
        "5 meanings.\n"
        "6 A.  \"Widget\" means a small device.\n"
        "7 B.  \"Seller\" means a person who sells widgets.\n"
        "82.  Sale.  A seller may sell widgets.\n"
        "Page 2 - 999LR0001(01)1Sec. 2.  Effective date.  This Act takes effect July 1.\n"
        "2 SUMMARY\n"
        "3 This bill regulates widgets.\n"
    )
    root = _tree(text)
    assert _ids(root) == [
        "Sec. 1", "Sec. 1/§ 100", "Sec. 1/§ 100(1)", "Sec. 1/§ 100(1)(A)", "Sec. 1/§ 100(1)(B)",
        "Sec. 1/§ 100(2)", "Sec. 2", "SUMMARY",
    ]
    assert find_section(root, "SUMMARY").text(text) == "SUMMARY\n3 This bill regulates widgets."
    definitions = find_section(root, "Sec. 1/§ 100(1)")
    assert definitions.heading == "Definitions" and definitions.quoted
    assert definitions.text(text).startswith("1.  Definitions.")  # the "4" before it is left out
    assert find_section(root, "Sec. 2").heading == "Effective date"


def test_run_together_line_numbers():
    words = (
        "1 AN ACT 2 RELATING TO WIDGETS; PROVIDING FOR THE SALE OF WIDGETS 3 BY LICENSED SELLERS. "
        "4 BE IT ENACTED BY THE LEGISLATURE: 5 SECTION 1. SHORT TITLE.--This act may be cited as 6 the "
        "Widget Act. 7 SECTION 2. SALES.--A. A seller shall keep 8 records of each sale for three years. "
        "9 B. A seller shall post a notice 10 of the price of every widget offered for 11 sale in the store. "
        "12 SECTION 3. EFFECTIVE DATE.--The effective date of 13 the provisions of this act is July 1, 2030."
    )
    root = _tree(words)
    assert [unit.id for unit in root.children] == ["SECTION 1", "SECTION 2", "SECTION 3"]
    assert find_section(root, "SECTION 2").heading == "SALES"
    unit = find_section(root, "SECTION 2(B)")
    assert unit.text(words) == "B. A seller shall post a notice 10 of the price of every widget offered for 11 sale in the store."


def test_gpo_quoted_block_ends_at_closing_quote():
    text = (
        "SEC. 5. AMENDMENT.\n"
        "    (a) In General.--Section 10 of the Widget Act is amended--\n"
        "            (1) in subsection (b), by striking ``shall'' and inserting ``may''; and\n"
        "            (2) by adding at the end the following:\n"
        "    ``(d) Records.--A seller shall--\n"
        "            ``(1) keep records; and\n"
        "            ``(2) produce them on request.''.\n"
        "    (b) Effective Date.--This section takes effect on enactment.\n"
    )
    root = _tree(text)
    inner = find_section(root, "SEC. 5(a)(2)(d)(2)")
    assert inner is not None and inner.quoted
    assert find_section(root, "SEC. 5(a)(2)(d)").heading == "Records"
    outer = find_section(root, "SEC. 5(b)")
    assert outer is not None and not outer.quoted and outer.heading == "Effective Date"


def test_findings_list_is_not_inserted_matter():
    text = "SEC. 2. FINDINGS.\nCongress makes the following findings:\n(1) One.\n(2) Two.\n"
    root = _tree(text)
    assert not find_section(root, "SEC. 2(1)").quoted


def test_wrapped_cross_reference_is_not_a_unit():
    text = (
        "Sec. 7. Grants.\n(a) Eligibility.--A State is eligible for a grant under paragraph\n"
        "(1) if it applies.\n(b) Amount.--Each grant is $10.\n"
    )
    root = _tree(text)
    assert _ids(root) == ["Sec. 7", "Sec. 7(a)", "Sec. 7(b)"]


def test_inline_continuation_of_a_list():
    text = "(1) Existing law requires a permit. The bill would not. (2) Existing law sets a fee. The bill would raise it."
    root = _tree(text)
    assert _ids(root) == ["(1)", "(2)"]
    assert find_section(root, "(2)").text(text).startswith("(2) Existing law sets a fee.")


def test_divisions_hold_sections_without_prefixing_their_ids():
    text = (
        "TITLE I--GENERAL\n\nSEC. 101. DEFINITIONS.\nIn this title, terms mean what they say.\n"
        "Subtitle A--Rules\n\nSEC. 111. RULE.\nA rule.\n"
        "TITLE II--OTHER\n\nSubtitle A--More\n\nSEC. 201. MORE.\nMore text.\n"
    )
    root = _tree(text)
    assert _ids(root) == [
        "TITLE I", "SEC. 101", "TITLE I Subtitle A", "SEC. 111", "TITLE II", "TITLE II Subtitle A", "SEC. 201",
    ]
    assert find_section(root, "TITLE II").heading == "OTHER"


def test_ids_stay_unique_when_numbering_repeats():
    text = "SEC. 2. ONE.\nText one.\nSEC. 2. TWO.\nText two.\n"
    root = _tree(text)
    assert _ids(root) == ["SEC. 2", "SEC. 2~2"]


def test_table_of_contents_lines_are_text():
    toc = "".join(f"Sec. {n}. Heading {n}.\n" for n in range(1, 6))
    body = "".join(f"SEC. {n}. HEADING {n}.\nThe body of section {n} is here.\n" for n in range(1, 6))
    text = "SECTION 1. SHORT TITLE; TABLE OF CONTENTS.\n(a) Contents.--\n" + toc + body
    root = _tree(text)
    ids = [unit.id for unit in root.children]
    assert ids[0] == "SECTION 1" and ids[1:] == [f"SEC. {n}" for n in range(2, 6)] or ids == [
        "SECTION 1", *[f"SEC. {n}" for n in range(1, 6)]
    ]
    assert not any(unit_id.startswith("Sec.") for unit_id in _ids(root))


@pytest.mark.parametrize(
    "line",
    ["Section 1979 of the Revised Statutes is amended.", "Title 5, section 3 applies.", "(USA) is a country.",
     "H. R. 1500", "2021-1244h"],
)
def test_prose_that_looks_numbered_is_not_a_unit(line):
    root = _tree(line + "\n")
    assert _ids(root) == []


def test_section_id_at_points_to_deepest_unit_and_none_outside():
    text = "A BILL\n\nSEC. 1. X.\n(a) Alpha.\n(1) One one.\n(b) Beta.\n"
    root = _tree(text, sentences=True)
    assert section_id_at(root, 0) is None
    assert section_id_at(root, text.index("One one")) == "SEC. 1(a)(1)"
    assert section_id_at(root, text.index("Beta")) == "SEC. 1(b)"
    assert section_id_at(root, text.index("X.")) == "SEC. 1"
    assert section_id_at(root, len(text) + 10) is None
    assert section_id_at(None, 3) is None  # a document without a tree (flagging, scoring call this)


def test_upper_case_captions_wrapped_onto_a_second_line():
    text = (
        "SEC. 7. REQUIREMENTS FOR THE SALE OF WIDGETS BY\nLICENSED SELLERS.\n"
        "(a) SALES.-A seller may sell.\n"
        "(b) RECORDS OF SALES KEPT BY LICENSED\nSELLERS.-Each seller keeps records.\n"
    )
    root = _tree(text)
    assert find_section(root, "SEC. 7").heading == "REQUIREMENTS FOR THE SALE OF WIDGETS BY LICENSED SELLERS"
    assert find_section(root, "SEC. 7(a)").heading == "SALES"
    assert find_section(root, "SEC. 7(b)").heading == "RECORDS OF SALES KEPT BY LICENSED SELLERS"


def test_unquoted_inserted_section_of_the_same_style():
    """Plain-text bills that lost the quotes: an inserted "§ 420." right after the announcement
    is inside the amendment; the bill's next section "§ 4." ends it."""
    text = (
        "§ 3. Task forces\n\n"
        "(a) In general Subtitle B of title IV of the Act is amended by adding at the end the following new section:\n"
        "§ 420. Task Forces\n\n"
        "(a) Establishment There is established a program.\n"
        "(b) Purpose The program shall address threats.\n"
        "§ 4. Updates\n\n"
        "Section 5 of the Act is amended by striking the items and inserting the following new items:\n\n"
        "§ 5. Effective date\n\nThis Act takes effect on enactment.\n"
    )
    root = _tree(text)
    assert [unit.id for unit in root.children] == ["§ 3", "§ 4", "§ 5"]
    inserted = find_section(root, "§ 3(a)/§ 420(b)")
    assert inserted is not None and inserted.quoted


def test_inserted_division_holds_the_inserted_sections():
    text = (
        "Sec. 2. 10 MRSA c. 9, sub-c. 2 is enacted to read:\n"
        "SUBCHAPTER 2\nWIDGET PROGRAM\n"
        "§101. Program established\nThe program is established.\n"
        "§102. Eligibility\n1. Residents. A resident is eligible.\n2. Others. Others are not.\n"
        "Sec. 3. Appropriations. Funds are appropriated.\n"
        "SUMMARY\nThis bill creates a program.\n"
    )
    root = _tree(text)
    assert [unit.id for unit in root.children] == ["Sec. 2", "Sec. 3", "SUMMARY"]
    assert _ids(root)[:6] == [
        "Sec. 2", "Sec. 2/SUBCHAPTER 2", "Sec. 2/§ 101", "Sec. 2/§ 102", "Sec. 2/§ 102(1)", "Sec. 2/§ 102(2)",
    ]
    program = find_section(root, "Sec. 2/SUBCHAPTER 2")
    assert [child.id for child in program.children] == ["Sec. 2/§ 101", "Sec. 2/§ 102"]
    assert find_section(root, "Sec. 2/§ 102(1)").heading == "Residents"


def test_wrapped_code_citation_is_not_a_section():
    text = (
        "12-3-4. Benefits.\nBenefits are paid as provided in sections 12-3-5 and\n12-3-6. Each claim is reviewed.\n"
        "12-3-5. Claims.\nA claim is filed.\n"
    )
    root = _tree(text)
    assert _ids(root) == ["12-3-4", "12-3-5"]


def test_short_line_numbered_bill_after_long_front_matter():
    front = "".join(f"Front matter line {n} of the printed cover page.\n" for n in range(20))
    text = front + (
        "Page 1 - 999LR0002(01)1Be it enacted by the People as follows:\n"
        "2Sec. 1.  36 MRSA §1760, sub-§115 is enacted to read:\n"
        "3115.  Widgets.  Sales of widgets are exempt.\n"
        "4SUMMARY\n"
        "5 This bill exempts widgets.\n"
    )
    root = _tree(text)
    assert _ids(root) == ["Sec. 1", "Sec. 1(115)", "SUMMARY"]


def test_numbered_list_is_not_taken_for_line_numbers():
    text = "1. That the Code is amended.\n2. That this act applies.\n3. That it expires.\n4. That it is so.\n"
    root = _tree(text)
    assert _ids(root) == ["(1)", "(2)", "(3)", "(4)"]


def test_to_dict_round_trip_and_text():
    from pipeline.segment import Section

    text = "SEC. 1. X.\n(a) Alpha beta.\n(1) One.\n"
    root = _tree(text, sentences=True)
    data = root.to_dict()
    again = Section.from_dict(data)
    assert again.to_dict() == data
    assert [u.id for u in again.walk()] == [u.id for u in root.walk()]
    structure = root.to_dict(sentences=False)
    assert all(child["kind"] != "sentence" for child in structure["children"][0]["children"])
    assert find_section(again, "SEC. 1(a)(1)").text(text) == "(1) One."


def test_mixed_case_caption_wrapped_before_its_dash():
    text = (
        "SEC. 9. DEFINITIONS.\n"
        "    In this Act:\n"
        "            (1) Independent prosecution of law enforcement\n"
        "        misconduct.--The term means a prosecution.\n"
        "            (2) In general\n"
        "            (A) the term includes a widget.--as described.\n"
    )
    root = _tree(text)
    assert find_section(root, "SEC. 9(1)").heading == "Independent prosecution of law enforcement misconduct"
    assert find_section(root, "SEC. 9(2)").heading is None  # does not run into "(A)"
    assert find_section(root, "SEC. 9(2)(A)") is not None



def test_subsection_numbers_survive_when_ingestion_already_removed_line_numbers(corpus):
    # Maine bills arrive as raw PDF extractions with printed line numbers glued to the text
    # ("41-F.  Single individuals" is line 4 + subsection "1-F."). Ingestion's repair takes the
    # line numbers off and records them in Document.lines; the segmenter must not look for line
    # numbers again, or it strips the "1-" of "1-F." as well.
    from pipeline.ingest import load_document
    from pipeline.segment import segment_sections

    path = corpus / "bulk" / "texts" / "me-130-ld0532.txt"
    if not path.exists():
        pytest.skip("bulk corpus not available")
    document = load_document(path)
    assert any(span.line is not None for span in document.lines)
    ids = [section.id for section in _walk(segment_sections(document, sentences=False))]
    assert "Sec. 1/1-F" in ids, ids


def _walk(section):
    yield section
    for child in section.children:
        yield from _walk(child)
