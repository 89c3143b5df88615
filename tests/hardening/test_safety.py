"""The small guards of :mod:`pipeline.safety` on the inputs they exist for."""

from __future__ import annotations

import os

import pytest

from pipeline.safety import (UnsafeIdError, checked_bill_id, csv_cell, display_path, is_bill_id, printable,
                             reveal_controls, undisplay_path)


@pytest.mark.parametrize("raw", [
    b"plain.txt", b"caf\xe9.txt", b"\xff\xfe\x80.txt", b"\x1b[31mred.txt", "tab\there.txt".encode(),
    "back\\slash\\x41.txt".encode(), "rtl\u202eoverride.txt".encode(), "c1\u0085.txt".encode(),
    "nbsp\u00a0and é.txt".encode(), "zw\u200bj.txt".encode(),
])
def test_display_path_is_printable_encodable_and_reversible(raw):
    shown = display_path(raw)
    shown.encode("utf-8")  # no surrogates left
    assert all(ch.isprintable() or ch == "\u00a0" for ch in shown)  # a no-break space stays
    assert "\x1b" not in shown and "\u202e" not in shown
    assert os.fsencode(undisplay_path(shown)) == raw


def test_printable_escapes_terminal_and_bidi_controls_only():
    assert printable("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert printable("x\u202ey") == "x\\u202ey"
    assert printable("§ 1983 — “liable”") == "§ 1983 — “liable”"


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "\uff1dcmd"])
def test_formula_cells_are_neutralised(cell):
    assert csv_cell(cell) == "'" + cell


def test_other_cells_and_numbers_are_unchanged():
    assert csv_cell("me-130-ld0001") == "me-130-ld0001"
    assert csv_cell(-1.5) == -1.5 and csv_cell(None) is None


@pytest.mark.parametrize("value", ["../x", "..", ".", "/etc/passwd", "a/b", "A", "x" * 201, "", None, 3, "a\x00"])
def test_unsafe_bill_ids_are_refused(value):
    assert not is_bill_id(value)
    with pytest.raises(UnsafeIdError):
        checked_bill_id(value)


@pytest.mark.parametrize("value", ["me-130-ld0001", "hr-1234", "-1--bill", "x" * 200, "co-sb25-065.v2"])
def test_pipeline_ids_are_accepted(value):
    assert checked_bill_id(value) == value


def test_reveal_controls_marks_bidi_and_zero_width():
    assert reveal_controls("a\u202eb\u200bc") == "a\u27e8U+202E\u27e9b\u27e8U+200B\u27e9c"
    assert reveal_controls("plain § text") == "plain § text"
