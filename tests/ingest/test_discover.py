"""Input discovery: bill files only, sorted, never outside the given folders."""

from __future__ import annotations

import os

import pytest

from pipeline.errors import IngestError, OutsidePathError
from pipeline.ingest.discover import ensure_inside, iter_input_files


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "bills"
    (root / "sub").mkdir(parents=True)
    for name in ["b.txt", "a.pdf", "c.XML", "d.htm", "e.html", "manifest.csv", "README.txt", ".hidden.txt", "notes.docx",
                 "~$notes.docx", "old.doc"]:
        (root / name).write_text("x")
    (root / "sub" / "z.txt").write_text("x")
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "passwd.txt").write_text("root")
    os.symlink(outside / "passwd.txt", root / "link-out.txt")
    os.symlink(outside, root / "dir-out")
    os.symlink(root / "b.txt", root / "link-in.txt")
    return root


def test_folder_walk_is_sorted_filtered_and_stays_inside(tree):
    found = [p.relative_to(tree).as_posix() for p in iter_input_files([tree])]
    # link-in.txt repeats b.txt; "~$notes.docx" is Word's lock file beside an open document
    assert found == ["a.pdf", "b.txt", "c.XML", "d.htm", "e.html", "notes.docx", "sub/z.txt"]


def test_globs_and_explicit_files(tree):
    found = [p.name for p in iter_input_files([str(tree / "*.txt"), tree / "a.pdf", tree / "a.pdf"])]
    assert found == ["b.txt", "a.pdf"]
    # a file named explicitly is passed on whatever its extension; the reader decides
    assert [p.name for p in iter_input_files([tree / "notes.docx"])] == ["notes.docx"]


def test_missing_inputs_raise(tree):
    with pytest.raises(IngestError):
        list(iter_input_files([tree / "nope"]))
    with pytest.raises(IngestError):
        list(iter_input_files([str(tree / "*.nothing")]))


def test_ensure_inside(tree):
    assert ensure_inside(tree / "b.txt", [tree]) == (tree / "b.txt").resolve()
    with pytest.raises(OutsidePathError):
        ensure_inside(tree / "link-out.txt", [tree])
