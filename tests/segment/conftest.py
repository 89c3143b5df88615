"""Shared helpers for the segmentation tests: corpus paths and a cached loader."""

from __future__ import annotations

from functools import lru_cache

import pytest


@lru_cache(maxsize=None)
def _load(path: str):
    from pipeline.ingest import load_document

    return load_document(path)


@lru_cache(maxsize=None)
def _segment(path: str, sentences: bool):
    from pipeline.segment import segment_sections

    return segment_sections(_load(path), sentences=sentences)


@pytest.fixture
def load(corpus_file):
    """``load("texts", "x.txt") -> (document, root)`` with sentences, cached per session."""

    def loader(*parts: str, sentences: bool = True):
        path = str(corpus_file(*parts))
        return _load(path), _segment(path, sentences)

    return loader
