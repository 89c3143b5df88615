"""Time limits cover the whole per-file pipeline; ``inf`` means no limit; no regular
expression in the package backtracks catastrophically (issue 13, class 4)."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from pipeline.batch import score_within_limits
from pipeline.errors import IngestTimeoutError
from pipeline.ingest import load_document
from pipeline.ingest.limits import time_limit

from .conftest import ROOT, run_cli


def test_timeout_inf_means_no_limit(tmp_path, bill_text):
    (tmp_path / "bill.txt").write_text(bill_text)
    run = run_cli("text", "bill.txt", "--timeout", "inf", cwd=tmp_path, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "Qualified immunity" in run.stdout
    with time_limit(float("inf")) as deadline:
        assert not deadline.expired()
    assert load_document(tmp_path / "bill.txt", timeout=float("inf")).text.startswith("Section 1.")


def test_timeout_covers_scoring_not_only_reading(tmp_path, bill_text):
    (tmp_path / "bill.txt").write_text(bill_text)

    def slow_scorer(path, *, max_bytes=None, timeout=None):
        load_document(path, max_bytes=max_bytes, timeout=timeout)  # reading is quick...
        end = time.monotonic() + 30
        while time.monotonic() < end:  # ...the analysis after it is not
            sum(range(1000))
        raise AssertionError("the time limit did not stop the analysis")

    began = time.monotonic()
    with pytest.raises(IngestTimeoutError) as caught:
        score_within_limits(slow_scorer, tmp_path / "bill.txt", max_bytes=None, timeout=1.0)
    assert caught.value.reason == "timeout"
    assert time.monotonic() - began < 15


#: Searches every module-level pattern of the package (except ``ingest/detect.py``, whose
#: ``_HTML_START`` is fixed with the text repair) with inputs built to trigger exponential
#: backtracking: runs of one token followed by a character that makes the match fail. A
#: quadratic pattern takes milliseconds on these 40-token inputs; an exponential one takes hours.
_AUDIT = r"""
import importlib, pkgutil, re, time
import pipeline
patterns = {}
for info in pkgutil.walk_packages(pipeline.__path__, "pipeline."):
    if info.name.endswith((".detect", "__main__")) or ".cli" in info.name:
        continue
    module = importlib.import_module(info.name)
    patterns.update({f"{info.name}.{k}": v for k, v in vars(module).items() if isinstance(v, re.Pattern)})
tokens = ["1", "a", "A", " ", "\n", ".", "-", "(", ")", "1.", "a ", "A.", "1 ", "\u00a7", "Sec. ", "1a",
          "' ", '"', "<", "<!--a-->", ",", "\t", "11 ", ". 1"]
slowest = (0.0, None)
for name, pattern in patterns.items():
    for token in tokens:
        for before in ("", ".", "\n", "(", "Section "):
            for after in ("", "!", "x", "\x00", " ", "\n"):
                text = before + token * 40 + after
                began = time.perf_counter()
                pattern.search(text)
                slowest = max(slowest, (time.perf_counter() - began, name))
print(len(patterns), slowest)
"""


def test_no_regex_backtracks_catastrophically():
    done = subprocess.run([sys.executable, "-c", _AUDIT], capture_output=True, text=True, timeout=300,
                          cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    count, (seconds, name) = eval(done.stdout.strip().split(" ", 1)[0]), eval(done.stdout.strip().split(" ", 1)[1])
    assert count > 50
    assert seconds < 1.0, f"{name} took {seconds:.1f}s on a 40-token input"


def test_margin_pattern_is_linear_on_long_digit_runs():
    from pipeline.segment.sentences import _MARGIN

    began = time.monotonic()
    assert _MARGIN.search("." + "1" * 80 + "x") is None  # took hours before the atomic group
    assert _MARGIN.search("New Mexico. 11 ").group().strip() == "11"
    assert time.monotonic() - began < 1.0
