"""Shared helpers for the flagging tests: corpus documents, their flags, and a sentence runner."""

from __future__ import annotations

from functools import lru_cache

import pytest


@lru_cache(maxsize=None)
def _document(path: str):
    from pipeline.ingest import load_document

    return load_document(path)


@lru_cache(maxsize=None)
def _flags(path: str):
    from pipeline.run import analyze

    return tuple(analyze(_document(path)).rule_flags)


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def corpus_flags(corpus_file):
    """``corpus_flags("texts", "x.txt") -> (document, flags)``, cached per session."""

    def get(*parts: str):
        path = str(corpus_file(*parts))
        return _document(path), _flags(path)

    return get


@pytest.fixture(scope="session")
def nlp():
    from pipeline.nlp import get_nlp

    return get_nlp()


@pytest.fixture
def signals_of(nlp):
    """Signals the pipeline finds in a piece of text (a sentence or a short passage)."""

    def run(text: str) -> set[str]:
        doc = nlp(text)
        return {span.label_ for span in doc.spans["qi_flags"]}

    return run
