"""Unit containment read from section ids (``pipeline.segment.model.within_unit``)."""

from __future__ import annotations

from pipeline.segment.model import within_unit


def test_children_extend_their_parent_id_with_a_label_or_a_number():
    assert within_unit("Sec. 2(3)", "Sec. 2")
    assert within_unit("Sec. 2(3)(b)", "Sec. 2(3)")
    assert within_unit("Section 1/09.65.400", "Section 1")
    assert within_unit("Sec. 2", "Sec. 2")


def test_a_longer_number_is_a_sibling_not_a_child():
    assert not within_unit("Sec. 20", "Sec. 2")
    assert not within_unit("Sec. 2(3)", "Sec. 2(30)")
    assert not within_unit(None, "Sec. 2")


def test_text_outside_any_unit_holds_everything():
    assert within_unit("Sec. 2(3)", "") and within_unit(None, None)
