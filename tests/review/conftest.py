"""Shared helpers for the review tests."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def drafts_of(tmp_path):
    """``drafts_of(card) -> folder`` holding the card as a draft JSON, as `statute score --out` writes it."""

    def write(card):
        drafts = tmp_path / "drafts"
        drafts.mkdir(exist_ok=True)
        (drafts / f"{card.bill_id}.json").write_text(json.dumps(card.to_dict()), encoding="utf-8")
        return drafts

    return write
