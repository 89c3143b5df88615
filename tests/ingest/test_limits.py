"""Per-file size and time limits."""

from __future__ import annotations

import threading
import time

import pytest

from pipeline.errors import FileTooLargeError, IngestTimeoutError
from pipeline.ingest import load_document
from pipeline.ingest.limits import Deadline, check_size, current_deadline, time_limit


def test_time_limit_interrupts_work_in_the_main_thread():
    with pytest.raises(IngestTimeoutError, match="time limit"):
        with time_limit(0.05, label="slow.pdf"):
            while True:
                sum(range(1000))


def test_time_limit_none_or_zero_means_no_limit():
    for seconds in (None, 0):
        with time_limit(seconds) as deadline:
            assert not deadline.expired()


def test_nested_limits_restore_the_outer_timer():
    with pytest.raises(IngestTimeoutError):
        with time_limit(0.2, label="outer"):
            with time_limit(5, label="inner"):
                pass
            while True:  # the outer limit must still fire after the inner one ended
                sum(range(1000))


def test_off_main_thread_the_deadline_is_cooperative():
    outcome = {}

    def work():
        try:
            with time_limit(0.01, label="worker") as deadline:
                assert current_deadline() is deadline
                time.sleep(0.05)
                deadline.check()
        except IngestTimeoutError as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert isinstance(outcome.get("error"), IngestTimeoutError)


def test_pdf_over_time_limit_in_a_thread(tmp_path, draw_redline):
    """The PDF reader checks the deadline between pages, so threads (API servers) are covered."""
    pdf = draw_redline(tmp_path / "long.pdf", [[[("Sec. 1. Words on a page.", None)]] * 20] * 30)
    outcome = {}

    def work():
        try:
            outcome["doc"] = load_document(pdf, timeout=1e-6)
        except IngestTimeoutError as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert "error" in outcome and "time limit" in str(outcome["error"])
    assert load_document(pdf).source.pages == 30  # without a limit it reads fine


def test_pdf_over_time_limit_in_the_main_thread(tmp_path, draw_redline):
    pdf = draw_redline(tmp_path / "long.pdf", [[[("Sec. 1. Words on a page.", None)]] * 20] * 30)
    with pytest.raises(IngestTimeoutError) as caught:
        load_document(pdf, timeout=1e-6)
    assert str(caught.value).startswith("long.pdf: took longer than")


def test_size_limit_checked_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2048)
    assert check_size(path, None) == 2048
    with pytest.raises(FileTooLargeError, match="over the size limit"):
        load_document(path, max_bytes=1024)
    assert load_document(path, max_bytes=4096).text == "x" * 2048


def test_deadline_without_seconds_never_expires():
    deadline = Deadline(None)
    deadline.check()
    assert not deadline.expired()
