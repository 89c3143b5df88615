"""One ``statute score`` batch over a folder built to break it (issue 13, classes 1, 3 and 7).

Names that are not UTF-8, 240-byte names, formula and escape-sequence names, a bidi override,
a FIFO, a symlink loop (file and folder), a 1,000-level tree, a name with glob characters
given explicitly, and a 1 MB PDF whose content stream inflates to 1 GiB. The batch must go on:
each input is scored or has one ``errors.csv`` row, nothing is written outside ``--out``, no
traceback, no raw escape sequence on the terminal, every process under 1 GB.
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path

import pytest

from pipeline.safety import undisplay_path

from .conftest import ONE_GB, assert_clean_failure, read_csv, remove_tree, run_cli, tree

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def deflate_zeros(n_mib: int) -> bytes:
    """A zlib stream of ``n_mib`` MiB of zero bytes, built without compressing all of it:
    after a full flush every further MiB of zeros compresses to the same bytes."""
    zeros = b"\0" * (1 << 20)
    co = zlib.compressobj(9)
    first = co.compress(zeros) + co.flush(zlib.Z_FULL_FLUSH)
    block = co.compress(zeros) + co.flush(zlib.Z_FULL_FLUSH)
    tail = co.flush()
    adler = 1
    for _ in range(n_mib):
        adler = zlib.adler32(zeros, adler)
    return first + block * (n_mib - 1) + tail[:-4] + adler.to_bytes(4, "big")


def bomb_pdf(n_mib: int) -> bytes:
    """A one-page PDF whose content stream inflates to ``n_mib`` MiB."""
    stream = deflate_zeros(n_mib)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_deflate_zeros_is_a_valid_stream():
    assert zlib.decompress(deflate_zeros(3)) == b"\0" * (3 << 20)


@pytest.fixture(scope="module")
def hostile_batch(tmp_path_factory):
    text = ("Section 1. A peace officer who, under color of law, deprives a person of any right secured "
            "by the constitution is liable to the injured party. Qualified immunity is not a defense.\n")
    base = tmp_path_factory.mktemp("hostile")
    inputs = base / "in"
    inputs.mkdir()
    b_inputs = os.fsencode(inputs)

    def put(name: bytes | str, content: str | bytes = text) -> None:
        raw = name if isinstance(name, bytes) else os.fsencode(name)
        with open(os.path.join(b_inputs, raw), "wb") as fh:
            fh.write(content.encode() if isinstance(content, str) else content)

    put("good.txt")
    put(b"caf\xe9 latin1.txt")  # not UTF-8: scored, name written reversibly
    put(b"empty\xff.txt", "")  # not UTF-8 and empty: the row of the original crash
    put("a" * 240 + ".txt")  # a bill id longer than a file name may be
    put("=HYPERLINK(evil).txt")  # scored: its bill id starts with '-'
    put("=cmd.txt", "")  # failed: formula in bill id, path and message
    put("\x1b[2J\x1b[31mred.txt", "")  # terminal escape in the name
    put("evil\u202etxt.exe.txt", "")  # bidi override in the name
    put("br[ac]ket.txt")
    os.mkfifo(inputs / "fifo.txt")
    os.symlink("self.txt", inputs / "self.txt")  # a symlink loop
    (inputs / "sub").mkdir()
    os.symlink("..", inputs / "sub" / "up")  # a folder loop: never entered
    deep = inputs / "deep"
    deep.mkdir()
    os.chdir(deep)  # build 1,000 levels with short relative paths
    try:
        for _ in range(1000):
            os.mkdir("d")
            os.chdir("d")
        Path("deep.txt").write_text(text)
    finally:
        os.chdir(base)
    put("bomb.pdf", bomb_pdf(1024))
    assert (inputs / "bomb.pdf").stat().st_size < 2_000_000

    before = tree(base)
    out = base / "out"
    run = run_cli("score", "in", "in/br[ac]ket.txt", "--out", "out", "--workers", "2", "--timeout", "60",
                  cwd=base, timeout=600)
    after = tree(base)
    yield run, base, out, before, after
    remove_tree(deep)


def test_batch_goes_on_and_reports_every_input(hostile_batch):
    run, base, out, _, _ = hostile_batch
    assert run.returncode == 1, run.stderr  # some inputs failed, the rest were scored
    assert_clean_failure(run)
    errors = read_csv(out / "errors.csv")
    summary = read_csv(out / "summary.csv")
    by_reason = {}
    for row in errors:
        by_reason.setdefault(row["reason"], []).append(row["path"])
    assert sorted(by_reason["empty"]) == sorted([
        "in/empty\\xff.txt", "in/=cmd.txt", "in/\\x1b[2J\\x1b[31mred.txt", "in/evil\\u202etxt.exe.txt"])
    assert by_reason["not_a_file"] == ["in/fifo.txt"]
    assert by_reason["unreadable"] == ["in/self.txt"]
    assert by_reason["out_of_memory"] == ["in/bomb.pdf"]
    assert len(errors) == 7
    scored = {row["bill_id"].lstrip("'") for row in summary}
    assert {"good", "caf--latin1", "-hyperlink-evil-", "br-ac-ket", "deep"} <= scored
    assert any(b.startswith("aaaa") and len(b) <= 200 for b in scored)
    assert len(summary) == 6
    assert len(list(out.glob("*.json"))) == 6


def test_non_utf8_name_is_scored_with_a_reversible_name(hostile_batch):
    _, base, out, _, _ = hostile_batch
    card = json.loads((out / "caf--latin1.json").read_text(encoding="utf-8"))
    written = card["source"]["path"]
    assert written == "in/caf\\xe9 latin1.txt"
    assert os.fsencode(undisplay_path(written)) == b"in/caf\xe9 latin1.txt"
    assert os.path.exists(os.path.join(os.fsencode(base), os.fsencode(undisplay_path(written))))


def test_csv_cells_are_not_formulas(hostile_batch):
    _, _, out, _, _ = hostile_batch
    for name in ("errors.csv", "summary.csv"):
        for row in read_csv(out / name):
            for column, cell in row.items():
                assert not cell.startswith(FORMULA_START), (name, column, cell)
    rows = {r["path"]: r for r in read_csv(out / "errors.csv")}
    assert rows["in/=cmd.txt"]["bill_id"] == "'-cmd"
    assert rows["in/=cmd.txt"]["message"].startswith("'=cmd.txt")


def test_names_are_printed_escaped(hostile_batch):
    run, _, _, _, _ = hostile_batch
    assert "\\x1b[2J\\x1b[31mred.txt" in run.stderr
    assert "\u202e" not in run.stderr and "\\u202e" in run.stderr


def test_nothing_written_outside_out(hostile_batch):
    _, base, out, before, after = hostile_batch
    assert {p for p in after - before if not p.startswith(str(out))} == set()


def test_every_process_stays_under_one_gigabyte(hostile_batch):
    run, _, _, _, _ = hostile_batch
    assert 0 < run.peak_bytes < ONE_GB
