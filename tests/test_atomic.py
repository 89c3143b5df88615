"""The one atomic-write helper (batch scorecards, reports, exports)."""

from __future__ import annotations

import threading

from pipeline.atomic import write_atomic
from pipeline.batch import write_atomic as batch_write_atomic
from pipeline.report import write_text_atomic


def test_text_is_utf8_with_newlines_kept_and_bytes_are_verbatim(tmp_path):
    target = tmp_path / "a.csv"
    write_atomic(target, "x,\u00a7 1\r\ny\n")
    assert target.read_bytes() == "x,\u00a7 1\r\ny\n".encode("utf-8")
    write_atomic(target, b"\x00\xff", fsync=False)
    assert target.read_bytes() == b"\x00\xff"
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]


def test_batch_and_report_use_the_same_helper(tmp_path):
    assert batch_write_atomic is write_atomic
    write_text_atomic(tmp_path / "r.md", "# r\n")
    assert (tmp_path / "r.md").read_text(encoding="utf-8") == "# r\n"


def test_concurrent_writers_of_one_path_never_leave_a_mixed_file(tmp_path):
    target = tmp_path / "card.json"
    texts = [str(i) * 100_000 for i in range(8)]
    threads = [threading.Thread(target=write_atomic, args=(target, t), kwargs={"fsync": False}) for t in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert target.read_text(encoding="utf-8") in texts
    assert [p.name for p in tmp_path.iterdir()] == ["card.json"]
