"""Fixtures for the batch tests: small input folders built from real shared-corpus bills."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.values import Scorecard

#: Real bills from the shared corpus: two that concern official liability, two that do not
#: (bulk bills), so both the full analysis and the triage path run.
GOOD_TEXTS = (
    "texts/nm-nmsa-41-4a-2021.txt",
    "texts/co-sb25-065-introduced.txt",
    "texts/ia-code-670-4a.txt",
    "bulk/texts/me-130-ld0001.txt",
    "bulk/texts/me-130-ld0002.txt",
)


def _copy_inputs(corpus: Path, dest: Path, names=GOOD_TEXTS) -> list[Path]:
    """Copy corpus files into a temporary input folder (never into the repo)."""
    dest.mkdir(parents=True, exist_ok=True)
    copied = []
    for name in names:
        target = dest / Path(name).name
        shutil.copyfile(corpus / name, target)
        copied.append(target)
    return copied


def _run_cli(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args],
        capture_output=True, text=True, cwd=cwd, timeout=timeout,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _scorecards(out: Path) -> dict[str, Scorecard]:
    """Every ``*.json`` in ``out``, parsed (a truncated file would raise here)."""
    cards = {}
    for path in sorted(out.glob("*.json")):
        card = Scorecard.from_dict(json.loads(path.read_text(encoding="utf-8")))
        assert card.bill_id == path.stem
        cards[card.bill_id] = card
    return cards


def _assert_summary_matches(out: Path) -> None:
    """summary.csv has exactly one row per JSON present, with the JSON's verdicts and totals."""
    cards = _scorecards(out)
    rows = {row["bill_id"]: row for row in _read_csv(out / "summary.csv")}
    assert set(rows) == set(cards)
    for bill_id, card in cards.items():
        expected = card.summary_row()
        for column, value in expected.items():
            assert rows[bill_id][column] == str(value), (bill_id, column)


class BatchHelpers:
    """Helpers shared by the batch tests (a fixture, since tests are imported by path)."""

    good_texts = GOOD_TEXTS
    copy_inputs = staticmethod(_copy_inputs)
    run_cli = staticmethod(_run_cli)
    read_csv = staticmethod(_read_csv)
    scorecards = staticmethod(_scorecards)
    assert_summary_matches = staticmethod(_assert_summary_matches)


@pytest.fixture(scope="session")
def helpers() -> type[BatchHelpers]:
    return BatchHelpers
