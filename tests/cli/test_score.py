"""``statute score`` progress lines: rates and ETAs from bills actually scored, warm-up left out."""

from __future__ import annotations

from pathlib import Path

from pipeline.batch import BatchResult
from pipeline.cli.score import _LogProgress, _final_line


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _progress(clock, lines):
    progress = _LogProgress()
    progress._clock = clock
    progress._say = lines.append
    return progress


def _scored(result, progress, clock, at, count=1):
    for _ in range(count):
        clock.now = at
        result.scored += 1
        progress.update(result, bill_id="x", outcome="scored")


def test_first_progress_line_does_not_count_the_warm_up():
    # 15 bills: the first one takes 12 s (model loading), the rest 0.25 s each
    clock, lines, result = _Clock(), [], BatchResult(total=15, out_dir=Path("out"))
    progress = _progress(clock, lines)
    progress.start(15)
    _scored(result, progress, clock, 12.0)
    assert all("ETA" not in line and "/s" not in line for line in lines)  # one bill says nothing of the rate
    for step in range(1, 9):
        _scored(result, progress, clock, 12.0 + 0.25 * step + (10.0 if step == 8 else 0.0))
    last = lines[-1]
    assert last.startswith("[9/15]") and "ETA" in last
    rate = float(last.split("· ")[-2].split(" ")[0])
    eta = float(last.rsplit("ETA ", 1)[1].rstrip("s"))
    assert rate == round(8 / 12.0, 1) and eta == round(6 / (8 / 12.0))


def test_a_resumed_run_with_nothing_to_score_reports_no_rate():
    clock, lines, result = _Clock(), [], BatchResult(total=40, out_dir=Path("out"))
    progress = _progress(clock, lines)
    progress.start(40)
    for second in range(40):
        clock.now = float(second)
        result.scored += 1
        result.skipped += 1
        progress.update(result, bill_id="x", outcome="skipped")
    result.elapsed = 40.0
    progress.finish(result)
    assert lines and all("/s" not in line and "ETA" not in line for line in lines)
    assert "40 up to date" in lines[-1]


def test_final_line_rate_counts_only_scored_bills():
    result = BatchResult(total=30, scored=30, skipped=20, elapsed=5.0, out_dir=Path("out"))
    assert "(2.0 bills/s)" in _final_line(result)
