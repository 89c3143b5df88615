"""The flagging pipeline: one ``build_nlp()`` that makes it, ``get_nlp()`` that caches it.

``spacy.blank("en")`` plus, in order:

1. legal tokenizer exceptions and the ``legal_sentencizer`` (:mod:`pipeline.tokenizer`), or
   spaCy's rule-based ``sentencizer`` when that module is not available;
2. ``lemmatizer`` in lookup mode (tables from ``spacy-lookups-data``), as
   ``qi_lookup_lemmatizer`` (:mod:`pipeline.components.lemmatizer`): one lookup per distinct
   word instead of per token;
3. ``qi_span_ruler`` (named ``qi_cues``): spaCy's ``SpanRuler`` with the cue patterns of
   ``pipeline/patterns/*.jsonl`` (one file per signal family, each pattern with an ``id`` that
   flags report as their source), run only on sentences holding a trigger word of its
   patterns (:mod:`pipeline.components.ruler`);
4. ``qi_cue_constraints``: the ``near`` requirements of pattern lines ("rights ... secured by
   ... constitution"), checked in Python on the few cues that have them;
5. ``qi_money``, ``qi_modality``, ``qi_scope``: context on the cues (money values, modality and
   negation, exception and scope markers);
6. ``qi_signals``: cue spans -> signal spans in ``doc.spans["qi_flags"]``.

The result round-trips through ``nlp.to_disk`` / ``spacy.load`` (import
``pipeline.components`` first so the factories are registered).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

import pipeline.components  # noqa: F401  (registers the qi_* factories and extensions)
from pipeline.components.extensions import CUES_KEY

PATTERNS_DIR = Path(__file__).resolve().parent / "patterns"
#: Signal families, one pattern file each.
PATTERN_FAMILIES = ("immunity", "coverage", "rights", "caps", "intervene", "indemnify", "fees",
                    "accountability", "records", "qi_elements", "coverage_cause", "definitions")
#: Which pattern families a family's trigger words also switch on, because its resolver reads
#: their cues (e.g. an immunity clause needs the coverage and rights cues; an indemnification
#: clause needs "peace officer" and "good faith"; a "liability ... shall not exceed" clause
#: needs the money cues).
FAMILY_ACTIVATES = {
    "immunity": ["coverage", "rights", "fees", "indemnify"],
    "coverage": ["rights", "fees", "indemnify", "caps", "accountability", "intervene"],
    "intervene": ["coverage"],
    "indemnify": ["immunity", "coverage"],
    "accountability": ["coverage"],
    # the QI bar through the doctrine's elements is an immunity clause in other words
    "qi_elements": ["immunity", "coverage", "rights", "fees", "indemnify"],
    # who and which rights a cause of action reaches, read from its subject and object
    "coverage_cause": ["coverage", "rights", "immunity"],
    # a definition ('"covered right" means ...') says which rights a defined term in the cause of
    # action stands for; whom a defined term covers ("any officer, employee, or agent") already
    # switches on coverage through coverage_cause's own trigger words
    "definitions": ["rights"],
}
#: Bills can be long; the blank pipeline needs ~1 KB of memory per 1,000 characters.
MAX_LENGTH = 20_000_000


def load_constraints(directory: Path = PATTERNS_DIR) -> dict[str, list[dict]]:
    """``{pattern id: near requirements}`` of the patterns that have them (see ``CueConstraints``)."""
    constraints = {}
    for family in PATTERN_FAMILIES:
        for line in (directory / f"{family}.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if row.get("near"):
                    constraints.setdefault(row["id"], row["near"])
    return constraints


def load_patterns(directory: Path = PATTERNS_DIR) -> list[dict]:
    """All cue patterns, in family order, validated, ready for the span ruler."""
    patterns = []
    for family in PATTERN_FAMILIES:
        path = directory / f"{family}.jsonl"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            pattern = json.loads(line)
            missing = {"label", "pattern", "id"} - pattern.keys()
            if missing:
                raise ValueError(f"{path.name}:{number}: pattern lacks {sorted(missing)}")
            if not pattern["id"].startswith(family + "."):
                raise ValueError(f"{path.name}:{number}: id {pattern['id']!r} must start with {family}.")
            pattern.pop("near", None)  # enforced by the qi_cue_constraints component
            patterns.append(_allow_line_breaks(pattern))
    return patterns


def _is_wildcard(token: dict) -> bool:
    return set(token) <= {"IS_SENT_START", "OP"}


def _allow_line_breaks(pattern: dict) -> dict:
    """Let a token pattern match across line breaks and indentation.

    Bill text wraps mid-phrase ("It shall\n        not be a defense"), and spaCy makes the
    newline and indentation a whitespace token of its own; line-numbered bills also put a
    printed line number there. Rather than spell that out in every pattern file, an optional
    run of whitespace tokens and an optional one- or two-digit number are allowed between
    pattern tokens here.
    """
    tokens = pattern["pattern"]
    if not isinstance(tokens, list) or len(tokens) < 2:
        return pattern
    spaced = [tokens[0]]
    for previous, token in zip(tokens, tokens[1:]):
        if not (_is_wildcard(previous) or _is_wildcard(token)):
            spaced.append({"IS_SPACE": True, "OP": "*"})
            # PDF-extracted bills print a line number at the start of each line
            # ("no limitation\n13 on damages"); let one sit at a line break.
            spaced.append({"SHAPE": {"IN": ["d", "dd"]}, "OP": "?"})
        spaced.append(token)
    return {**pattern, "pattern": spaced}


def _add_sentence_boundaries(nlp: Language) -> None:
    from pipeline.tokenizer import add_legal_sentencizer

    add_legal_sentencizer(nlp)


def build_nlp() -> Language:
    """Build the flagging pipeline from scratch (see module docstring)."""
    nlp = spacy.blank("en")
    nlp.max_length = MAX_LENGTH
    _add_sentence_boundaries(nlp)
    # spaCy's lookup lemmatizer, applied per distinct word (same tables, same lemmas)
    nlp.add_pipe("qi_lookup_lemmatizer", name="lemmatizer", config={"mode": "lookup"})
    ruler = nlp.add_pipe(
        "qi_span_ruler",
        name="qi_cues",
        config={"spans_key": CUES_KEY, "phrase_matcher_attr": "LOWER", "overwrite": True,
                "activates": FAMILY_ACTIVATES},
    )
    nlp.add_pipe("qi_cue_constraints", config={"constraints": load_constraints()})
    nlp.add_pipe("qi_money")
    nlp.add_pipe("qi_modality")
    nlp.add_pipe("qi_scope")
    nlp.add_pipe("qi_signals")
    # Lookup tables come from spacy-lookups-data; only the lemmatizer needs initialising.
    nlp.get_pipe("lemmatizer").initialize()
    ruler.add_patterns(load_patterns())
    return nlp


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The process-wide flagging pipeline (built once)."""
    return build_nlp()
