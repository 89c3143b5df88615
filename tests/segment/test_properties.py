"""Property tests on generated documents: random nested numbering, legal abbreviations inside
sentences, blank lines, indentation and printed line numbers.

The generator knows the id every unit must get and how many sentences each leaf has, so the
properties are exact: the tree has exactly those ids, every offset gives back the unit's words,
and no sentence is split at an abbreviation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.segment import check_tree, iter_units, section_id_at, segment_text

WORDS = ["person", "officer", "court", "damages", "action", "claim", "relief", "State", "agency", "record"]
#: Abbreviations followed by a capitalised word: a naive splitter breaks there.
ABBREVIATED = [
    "42 U.S.C. 1983", "Pub. L. 96-170", "93 Stat. 1284", "Pierson v. Ray", "et seq. Congress",
    "e.g. Federal", "i.e. Tribal", "U.S. Constitution", "No. 5 Board", "Sec. 2 Records", "Widget Inc. Board",
]
ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii"]
LEVELS = [
    lambda n: chr(ord("a") + n),  # (a)
    lambda n: str(n + 1),  # (1)
    lambda n: chr(ord("A") + n),  # (A)
    lambda n: ROMAN[n],  # (i)
]
SECTION_STYLES = [
    (lambda n: f"SEC. {n}.", lambda n: f"SEC. {n}"),
    (lambda n: f"Sec. {n}.", lambda n: f"Sec. {n}"),
    (lambda n: f"§ {n}.", lambda n: f"§ {n}"),
    (lambda n: f"SECTION {n}.", lambda n: f"SECTION {n}"),
    (lambda n: f"12-3-{n}.", lambda n: f"12-3-{n}"),
]


@dataclass
class Generated:
    lines: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    leaf_sentences: dict[str, int] = field(default_factory=dict)


@st.composite
def sentences(draw, *, lead_in: bool) -> list[str]:
    count = draw(st.integers(1, 3))
    out = []
    for index in range(count):
        words = draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=7))
        if draw(st.booleans()):
            words.insert(draw(st.integers(1, len(words))), draw(st.sampled_from(ABBREVIATED)))
        text = " ".join(words)
        text = text[0].upper() + text[1:]
        last = index == count - 1
        out.append(text + (" includes:" if lead_in and last else "."))
    return out


@st.composite
def units(draw, level: int, prefix: str, out: Generated, indent: str) -> None:
    count = draw(st.integers(1, 10 if level == 0 else 4))
    for n in range(count):
        label = LEVELS[level](n)
        unit_id = f"{prefix}({label})"
        if level <= 1 and draw(st.integers(0, 5)) == 0:
            draw(amendment(label, unit_id, out, indent))
            continue
        has_children = level + 1 < len(LEVELS) and draw(st.integers(0, 3)) == 0
        body = draw(sentences(lead_in=has_children))
        out.lines.append(f"{indent}({label}) " + " ".join(body))
        out.ids.append(unit_id)
        if has_children:
            draw(units(level + 1, unit_id, out, indent + "    "))
        else:
            out.leaf_sentences[unit_id] = len(body)


@st.composite
def amendment(draw, label: str, unit_id: str, out: Generated, indent: str) -> None:
    """``(x) Section 5 of the Widget Act is amended by adding at the end the following:`` and a
    quoted block (GPO style, ````(c) ...''.``); its units are numbered under the amending unit."""
    out.lines.append(f"{indent}({label}) Section 5 of the Widget Act is amended by adding at the end the following:")
    out.ids.append(unit_id)
    inner = draw(st.integers(1, 3))
    for n in range(inner):
        inner_id = f"{unit_id}({chr(ord('c') + n)})"
        body = draw(sentences(lead_in=False))
        closing = "''." if n == inner - 1 else ""
        out.lines.append(f"{indent}    ``({chr(ord('c') + n)}) " + " ".join(body) + closing)
        out.ids.append(inner_id)
        out.leaf_sentences[inner_id] = len(body)


@st.composite
def documents(draw) -> tuple[str, Generated]:
    out = Generated()
    header, make_id = draw(st.sampled_from(SECTION_STYLES))
    out.lines.append("AN ACT concerning widgets.")
    for number in range(1, draw(st.integers(1, 4)) + 1):
        out.lines.append(f"{header(number)} " + draw(st.sampled_from(["Definitions.", "WIDGETS.", "Short title."])))
        out.ids.append(make_id(number))
        if draw(st.booleans()):
            draw(units(0, make_id(number), out, draw(st.sampled_from(["", "    "]))))
        else:
            body = draw(sentences(lead_in=False))
            out.lines.append(" ".join(body))
    # blank lines between some lines
    lines = []
    for line in out.lines:
        lines.append(line)
        if draw(st.integers(0, 4)) == 0:
            lines.append("")
    numbering = draw(st.sampled_from(["none", "spaced", "glued"]))
    if numbering != "none":
        numbered = []
        for index, line in enumerate(lines):
            number = index % 25 + 1  # a new page every 25 lines
            if index and number == 1:
                numbered.append(f"Page {index // 25 + 1} - 10LR0001(01)")
            gap = " " if numbering == "spaced" or not line.lstrip()[:1].isalpha() else ""
            numbered.append(f"{number}{gap}{line.strip()}" if line else f"{number}")
        lines = numbered
    return "\n".join(lines) + "\n", out


def _deepest(root, offset):
    best = None
    for unit in iter_units(root):
        if unit.start <= offset < unit.end and unit.kind != "sentence":
            best = unit.id  # pre-order: later hits are deeper
    return best


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.data())
def test_generated_documents_segment_exactly(generated, data):
    text, expected = generated
    root = segment_text(text)
    assert check_tree(text, root) == []
    assert [unit.id for unit in iter_units(root)] == expected.ids
    units_by_id = {unit.id: unit for unit in iter_units(root)}
    for unit_id, count in expected.leaf_sentences.items():
        found = [child for child in units_by_id[unit_id].children if child.kind == "sentence"]
        assert len(found) == count, [child.text(text) for child in found]
    for offset in data.draw(st.lists(st.integers(0, len(text)), max_size=20)):
        assert section_id_at(root, offset) == _deepest(root, offset)


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab(1).§ SEC\n\"`'-:;AIiv12")), max_size=300))
def test_any_text_keeps_the_invariants(text):
    """Arbitrary fragments of numbering characters never break offsets or nesting."""
    root = segment_text(text)
    assert check_tree(text, root) == []
