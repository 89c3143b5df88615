"""Flags: clauses the rubric turns on, found by rules (and later the classifier).

``Flag`` is the value handed from flagging to scoring. ``flag_clauses`` is implemented by the
matcher layer (issue 3); this module holds the dataclass so every stage shares one shape.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Flag:
    """One signal found in a document.

    ``start``/``end`` delimit the matched words and ``clause_start``/``clause_end`` the enclosing
    clause (sentence or enumerated item), all offsets into ``Document.text``. ``source`` names
    what fired: ``"rule:<pattern id>"``, ``"component:<name>"`` or ``"model"``. ``score`` is a
    probability for model flags and ``None`` for rules.
    """

    signal: str
    criterion: str
    start: int
    end: int
    text: str
    clause_start: int
    clause_end: int
    clause_text: str
    section: str | None
    source: str
    score: float | None = None

    def to_dict(self) -> dict:
        return asdict(self)
