"""``statute segment``: rich tree, ``--json``, folders, and one-line errors."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()


def test_tree_output_shows_ids_and_headings(corpus_file):
    path = corpus_file("texts", "ct-cgs-52-571k.txt")
    result = runner.invoke(app, ["segment", str(path), "--no-sentences"])
    assert result.exit_code == 0, result.output
    assert "52-571k(d)(1)" in result.output and "Action for equitable relief" in result.output
    assert "#s1" not in result.output and " s1 " not in result.output


def test_json_output_is_a_list_of_trees_with_offsets(corpus_file):
    path = corpus_file("texts", "nm-nmsa-41-4a-2021.txt")
    result = runner.invoke(app, ["segment", str(path), "--json"])
    assert result.exit_code == 0, result.output
    trees = json.loads(result.stdout)
    assert isinstance(trees, list) and len(trees) == 1
    tree = trees[0]["tree"]
    assert tree["kind"] == "document" and trees[0]["bill_id"] == "nm-nmsa-41-4a-2021"
    section = next(child for child in tree["children"] if child["id"] == "41-4A-3")
    subsection = next(child for child in section["children"] if child["id"] == "41-4A-3(B)")
    assert subsection["kind"] == "subsection" and subsection["label"] == "B."
    assert any(child["kind"] == "sentence" for child in subsection["children"])
    from pipeline.ingest import load_document

    normalised = load_document(path).text
    assert normalised[subsection["start"] : subsection["end"]].startswith("B. A person who claims")


def test_folder_with_a_broken_file_reports_one_line_and_exit_1(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("SEC. 1. SHORT TITLE.\nThis Act may be cited as the Widget Act.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["segment", str(tmp_path), "--json", "--no-sentences"])
    assert result.exit_code == 1
    trees = json.loads(result.stdout)
    assert [tree["bill_id"] for tree in trees] == ["good"]
    assert trees[0]["tree"]["children"][0]["id"] == "SEC. 1"
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "empty.txt" in errors[0]
