"""Helpers for the scorer tests: hand-built flags over sentences written for these tests.

The sentences are the team's own wording (not copied from corpus documents), so the decision
logic is tested on phrasings it was not written against.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import pytest
import yaml

from pipeline.config import PACKAGE_DATA
from pipeline.values import Document, Source
from pipeline.values import Flag


@lru_cache(maxsize=1)
def signal_criteria() -> dict[str, str]:
    raw = yaml.safe_load((PACKAGE_DATA / "signals.yaml").read_text(encoding="utf-8"))
    return {name: body["criterion"] for name, body in raw["signals"].items()}


class Bill:
    """A tiny document assembled from sentences, with flags pointing at them."""

    def __init__(self, bill_id: str = "zz-test-bill"):
        self.bill_id = bill_id
        self.sentences: list[str] = []
        self.flags: list[Flag] = []

    @property
    def text(self) -> str:
        return " ".join(self.sentences)

    def add(self, sentence: str, *signals: str, source: str = "rule:test", score: float | None = None) -> "Bill":
        start = len(self.text) + (1 if self.sentences else 0)
        self.sentences.append(sentence)
        end = start + len(sentence)
        for signal in signals:
            self.flags.append(Flag(signal=signal, criterion=signal_criteria()[signal], start=start, end=end,
                                   text=sentence, clause_start=start, clause_end=end, clause_text=sentence,
                                   section=None, source=source if score is None else "model", score=score))
        return self

    def document(self) -> Document:
        raw = self.text.encode()
        source = Source(path=f"{self.bill_id}.txt", sha256=hashlib.sha256(raw).hexdigest(), format="txt",
                        bytes=len(raw))
        return Document(text=self.text, source=source)


@pytest.fixture
def bill():
    return Bill()


@pytest.fixture
def make_bill():
    """``make_bill("us-hr1-2031")``: a Bill whose id (and so inferred jurisdiction) is chosen."""
    return Bill
