"""Ids, headings and nesting on real statutes and bills from the shared corpus."""

from __future__ import annotations

from pipeline.segment import find_section, iter_units, section_id_at


def _ids(root) -> list[str]:
    return [unit.id for unit in iter_units(root)]


def _unit(document, root, unit_id):
    unit = find_section(root, unit_id)
    assert unit is not None, f"{unit_id!r} not in {_ids(root)[:40]}"
    return unit, unit.text(document)


def test_connecticut_statute_sections_subsections_paragraphs(load):
    document, root = load("texts", "ct-cgs-52-571k.txt", sentences=False)
    section, _ = _unit(document, root, "52-571k")
    assert section.kind == "section" and section.label == "Sec. 52-571k."
    assert section.heading.startswith("Action for equitable relief or damages")
    unit, text = _unit(document, root, "52-571k(d)(1)")
    assert unit.kind == "paragraph"
    assert text.startswith("(1) In any civil action brought under this section, governmental immunity")
    assert text.endswith("solely for equitable relief.")
    subsection, text = _unit(document, root, "52-571k(d)")
    assert subsection.kind == "subsection" and text.startswith("(d) (1) In any civil action")
    assert [child.id for child in subsection.children] == ["52-571k(d)(1)", "52-571k(d)(2)"]
    offset = document.text.index("no interlocutory appeal")
    assert section_id_at(root, offset) == "52-571k(d)(1)"


def test_new_mexico_compilation_lettered_subsections(load):
    document, root = load("texts", "nm-nmsa-41-4a-2021.txt", sentences=False)
    unit, text = _unit(document, root, "41-4A-3(B)")
    assert unit.label == "B." and text.startswith("B. A person who claims to have suffered")
    section, _ = _unit(document, root, "41-4A-4")
    assert section.heading == "Prohibiting the use of the defense of qualified immunity"
    top = [unit.id for unit in root.children]
    assert top[:3] == ["41-4A-1", "41-4A-2", "41-4A-3"] and len(top) == 13


def test_federal_bill_section_sign_ids_and_quoted_amendment(load):
    document, root = load("texts", "us-hr233-2023.txt", sentences=False)
    assert [unit.id for unit in root.children] == ["§ 1", "§ 2", "§ 3"]
    assert find_section(root, "§ 1").heading == "Short title"
    # "(2) by adding at the end the following new subsection:" then the new (b), (c) indented
    inserted, text = _unit(document, root, "§ 3(a)(2)(b)(1)(A)")
    assert inserted.quoted and text.startswith("(A) the right, privilege, or immunity")
    # after the inserted matter, the bill's own (b) is back under § 3 and not quoted
    effective, text = _unit(document, root, "§ 3(b)")
    assert not effective.quoted and text.startswith("(b) Effective date")


def test_gpo_section_with_quoted_paragraphs(load):
    document, root = load("texts", "us-s3912-2020-sec102.txt", sentences=False)
    section, _ = _unit(document, root, "SEC. 102")
    assert section.heading == "QUALIFIED IMMUNITY REFORM"
    first, text = _unit(document, root, "SEC. 102(1)")
    assert first.quoted and text.startswith("``(1) the defendant was acting in good faith")
    second, text = _unit(document, root, "SEC. 102(2)")
    assert text.endswith("conduct was lawful.''.")


def test_gpo_bill_table_of_contents_is_not_sections(load):
    document, root = load("texts", "us-s3912-2020.txt", sentences=False)
    ids = _ids(root)
    assert "SEC. 102" in ids and "SECTION 1" in ids
    assert not any(unit_id.startswith("Sec. ") for unit_id in ids)  # the "Sec. 101." TOC lines
    assert "TITLE I" in ids and "TITLE I Subtitle A" in ids
    assert len(ids) == len(set(ids))
    collided = [unit_id for unit_id in ids if "~" in unit_id]
    assert len(collided) <= len(ids) // 100
    # deep GPO amendments: roman items under a lettered item, and (i) after (h) is a letter
    assert find_section(root, "SEC. 365(b)(1)(E)(f)(1)(D)(ii)") is not None
    assert find_section(root, "SEC. 365(b)(1)(E)(i)").heading == "Notice to Congress of Property Downgrades"


def test_line_numbered_new_mexico_bill(load):
    """One long line with printed line numbers: sections and subsections still found."""
    document, root = load("texts", "nm-hb4-2021-passed-hjc-amended.txt", sentences=False)
    assert [unit.id for unit in root.children] == ["SECTION 1", "SECTION 2", "SECTION 3"]
    assert find_section(root, "SECTION 1").heading == "SHORT TITLE"
    unit, text = _unit(document, root, "SECTION 3(A)")
    assert text.startswith("A. A public body or person acting on behalf of,")
    assert text.endswith("New Mexico.")  # the next line's number "11" is not part of it


def test_amending_bill_inserted_code_section(load):
    document, root = load("texts", "nm-sb146-2026-introduced.txt", sentences=False)
    unit, text = _unit(document, root, "SECTION 1/41-4A-2(B)")
    assert unit.quoted and text.startswith("B. includes a person acting on behalf of")
    assert find_section(root, "SECTION 1/41-4A-2").heading == "DEFINITION"
    assert find_section(root, "SECTION 2") is not None


def test_iowa_inline_numbered_subsections(load):
    """Extraction ran subsections 2-5 into one line after "b."; the sequence 1. 2. 3. is kept."""
    document, root = load("texts", "ia-code-669-14a.txt", sentences=False)
    assert [child.id for child in find_section(root, "669.14A").children] == [
        f"669.14A({n})" for n in range(1, 6)
    ]
    unit, text = _unit(document, root, "669.14A(4)")
    assert text == "4. Any decision by the district court denying qualified immunity shall be immediately appealable."
    assert find_section(root, "669.14A(1)(b)") is not None


def test_new_hampshire_roman_subsections(load):
    document, root = load("texts", "nh-sb96-2021-amdt-2021-1244h.txt", sentences=False)
    unit, text = _unit(document, root, "507-H:2(II)")
    assert text.startswith("II. An employee is an agent")
    assert find_section(root, "507-H:2").heading == "Employer Liability"


def test_colorado_bill_with_page_and_line_heads(load):
    document, root = load("texts", "co-sb25-065-introduced.txt", sentences=False)
    unit, text = _unit(document, root, "SECTION 1/13-21-131(4)(a)")
    assert text.startswith("(a) Notwithstanding any other provision of law")


def test_illinois_line_numbered_sections(load):
    document, root = load("texts", "il-hb1727-2021-introduced.txt", sentences=False)
    assert find_section(root, "Section 1").heading == "Short title"
    unit, text = _unit(document, root, "Section 5(b)")
    assert text.startswith("(b) Sovereign immunity, statutory immunities, and")


def test_us_code_section(load):
    document, root = load("texts", "us-usc-42-1983.txt", sentences=False)
    unit, _ = _unit(document, root, "§ 1983")
    assert unit.heading == "Civil action for deprivation of rights"


def test_virginia_code_section_added_by_bill(load):
    document, root = load("texts", "va-sb5065-2020sp1-senate-sub.txt", sentences=False)
    ids = _ids(root)
    assert any(unit_id.endswith("8.01-42.6(B)") for unit_id in ids), ids


def test_gpo_pdf_sections(load):
    document, root = load("pdfs", "us-hr1500-2019-rh.pdf", sentences=False)
    ids = _ids(root)
    assert "SEC. 2" in ids and "SEC. 2(a)(9)(I)" in ids  # (I) after (H) is a letter
    assert find_section(root, "SEC. 2(a)").heading == "FINDINGS"
    assert sum("~" in unit_id for unit_id in ids) <= len(ids) // 50


def test_gpo_pdf_wrapped_captions(load):
    document, root = load("pdfs", "us-hr100-2021-ih.pdf", sentences=False)
    assert find_section(root, "SEC. 2(a)").heading == "REQUIREMENT"
    assert find_section(root, "SEC. 2(a)(2)").heading == "REDISTRICTING FOR STATE LEGISLATIVE DISTRICTS"
