"""Shared helpers for the segmentation tests: corpus paths and a cached loader."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from pipeline.config import corpus_dir


def corpus_path(*parts: str) -> Path:
    path = corpus_dir().joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared corpus file missing: {path}")
    return path


@lru_cache(maxsize=None)
def _load(path: str):
    from pipeline.ingest import load_document

    return load_document(path)


@lru_cache(maxsize=None)
def _segment(path: str, sentences: bool):
    from pipeline.segment import segment_sections

    return segment_sections(_load(path), sentences=sentences)


@pytest.fixture
def load():
    """``load("texts", "x.txt") -> (document, root)`` with sentences, cached per session."""

    def loader(*parts: str, sentences: bool = True):
        path = str(corpus_path(*parts))
        return _load(path), _segment(path, sentences)

    return loader


@pytest.fixture
def corpus_file():
    """``corpus_file("texts", "x.txt") -> Path`` (skips when the shared corpus is absent)."""
    return corpus_path
