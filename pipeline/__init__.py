"""statute-pipeline: draft qualified-immunity rubric scores for statutes and bills.

The public surface is a handful of verbs, importable from the package root::

    from pipeline import load_document, analyze, score_file, score

Heavy modules (spaCy, scikit-learn) are imported lazily so that ``import pipeline``
and ``statute --help`` stay fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.3.0"

# name -> module that defines it; resolved on first attribute access (PEP 562).
_LAZY = {
    "Document": "pipeline.values",
    "Source": "pipeline.values",
    "load_document": "pipeline.run",
    "Section": "pipeline.values",
    "segment_sections": "pipeline.segment",
    "Flag": "pipeline.values",
    "analyze": "pipeline.run",
    "score_file": "pipeline.run",
    "score_text": "pipeline.run",
    "build_nlp": "pipeline.nlp",
    "Scorecard": "pipeline.values",
    "CriterionResult": "pipeline.values",
    "Evidence": "pipeline.values",
    "score": "pipeline.api",
    "load_batch": "pipeline.api",
    "show_flags": "pipeline.api",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
    return getattr(import_module(module), name)
