"""The plain values handed from stage to stage: nothing here computes anything beyond itself.

``Document`` (ingest) -> ``Section`` tree (segment) -> ``Flag`` (flag, classify) ->
``Evidence`` / ``CriterionResult`` / ``Scorecard`` (score). Offsets everywhere are character
offsets into ``Document.text``. For PDFs ``Document.lines`` maps those offsets to the page and
printed line number; ``Document.dropped`` keeps text deliberately left out (struck-through words).
``Scorecard.to_dict()`` *is* the per-bill JSON of CONTRACT.md and ``Scorecard.from_dict`` reads it
back, so batch outputs, reports, the review store and notebooks all go through these classes.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipeline.vocab import VERDICTS, load_rubric

__all__ = [
    "Source", "LineSpan", "DroppedSpan", "ChangedSpan", "ConventionSpan", "Document", "bill_id_for", "Section", "Flag", "Evidence",
    "CriterionResult", "Scorecard", "SCHEMA_VERSION", "SUMMARY_COLUMNS", "FRAME_COLUMNS",
]


# ---------------------------------------------------------------------------------- document
_BILL_ID_UNSAFE = re.compile(r"[^a-z0-9._-]")


def bill_id_for(path: str | Path) -> str:
    """The contract's ``bill_id``: file name without extension, lower-cased, unsafe chars -> ``-``."""
    return _BILL_ID_UNSAFE.sub("-", Path(path).stem.lower())


@dataclass(frozen=True)
class Source:
    """Where a document came from."""

    path: str
    sha256: str
    format: str  # "txt" | "pdf" | "xml" | "html"
    pages: int | None = None
    bytes: int = 0
    encoding: str | None = None

    def to_dict(self) -> dict:
        return {"path": self.path, "sha256": self.sha256, "format": self.format, "pages": self.pages}


@dataclass(frozen=True)
class LineSpan:
    """A printed line of the source: ``text[start:end]`` came from ``page`` (1-based), ``line``.

    ``line`` is the number printed in the margin when the source has one, else ``None``.
    """

    start: int
    end: int
    page: int
    line: int | None = None


@dataclass(frozen=True)
class DroppedSpan:
    """Text present in the source but excluded from ``Document.text``.

    ``offset`` is where it would have stood in ``Document.text``; ``reason`` says why it was
    dropped (``"strikethrough"``, ``"furniture"``...).
    """

    text: str
    offset: int
    reason: str
    page: int | None = None
    line: int | None = None


@dataclass(frozen=True)
class ChangedSpan:
    """Text of ``Document.text[start:end]`` that replaces ``original`` from the source.

    Ingestion records one per repair (``"split_word"`` for "defens e" -> "defense",
    ``"run_together"`` for "followingapply" -> "following apply") and one per look-alike letter it
    mapped to Latin (Cyrillic ``а`` in "shаll", length unchanged). Offsets stay exact.
    """

    start: int
    end: int
    original: str
    reason: str


@dataclass(frozen=True)
class ConventionSpan:
    """A stretch of ``Document.text`` under a drafting convention that plain text shows only in part.

    ``"capitals_new_law"`` (Arizona): new law is printed in CAPITALS and deleted law struck
    through; a plain text keeps the struck words as ordinary lower-case words, so inside this
    stretch (a section the bill amends) a lower-case word may be law the bill deletes.
    """

    start: int
    end: int
    convention: str


#: ``DroppedSpan.reason`` values that mean the law deletes these words (redlines, brackets).
DELETION_REASONS = ("strikethrough", "deleted", "bracketed")


@dataclass
class Document:
    """A normalised statute or bill text.

    ``changed`` lists characters ingestion replaced and ``text_normalised`` counts what it had to
    remove or replace beyond whitespace and quotes (``{"invisible": n, "confusable": m}``; empty
    when the text needed nothing): see :mod:`pipeline.ingest.confusables`.
    """

    text: str
    source: Source
    page_spans: list[tuple[int, int]] = field(default_factory=list)
    lines: list[LineSpan] = field(default_factory=list)
    dropped: list[DroppedSpan] = field(default_factory=list)
    title: str | None = None
    changed: list[ChangedSpan] = field(default_factory=list)
    text_normalised: dict[str, int] = field(default_factory=dict)
    #: Stretches read under a convention plain text cannot fully show (see :class:`ConventionSpan`).
    conventions: list[ConventionSpan] = field(default_factory=list)
    _line_starts: list[int] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def bill_id(self) -> str:
        return bill_id_for(self.source.path)

    def locate(self, offset: int) -> tuple[int | None, int | None]:
        """``(page, printed line)`` of a text offset; ``(None, None)`` for plain text."""
        if not self.lines:
            if not self.page_spans:
                return None, None
            starts = [start for start, _ in self.page_spans]
            return bisect_right(starts, offset) or 1, None
        if self._line_starts is None:
            self._line_starts = [span.start for span in self.lines]
        index = max(bisect_right(self._line_starts, offset) - 1, 0)
        span = self.lines[index]
        return span.page, span.line

    @property
    def deleted_word_count(self) -> int:
        """How many words the source marks as deleted (struck through, bracketed, XML deletions)."""
        return sum(len(span.text.split()) for span in self.dropped if span.reason in DELETION_REASONS)

    def to_dict(self) -> dict:
        return {
            "bill_id": self.bill_id,
            "title": self.title,
            "source": self.source.to_dict(),
            "text": self.text,
            "page_spans": [list(span) for span in self.page_spans],
            "lines": [asdict(span) for span in self.lines],
            "dropped": [asdict(span) for span in self.dropped],
            "changed": [asdict(span) for span in self.changed],
            "text_normalised": dict(self.text_normalised),
            "conventions": [asdict(span) for span in self.conventions],
        }


# ---------------------------------------------------------------------------------- sections


@dataclass
class Section:
    """One unit of a document's structure.

    ``id`` is built from the document's own numbering (``52-571k(d)(1)``, ``SEC. 2(a)``,
    ``41-4A-3(B)``) and is unique within the document; sentences are ``<unit id>#s<n>``.
    ``label`` is the enumerator as printed (``"(d)"``, ``"SEC. 2."``); ``heading`` the unit's
    caption when it has one. ``quoted`` marks units inside quoted inserted matter ("is amended
    by adding at the end the following: ..."), whose ids continue the amending unit's id.
    """

    id: str
    kind: str
    label: str | None
    heading: str | None
    start: int
    end: int
    children: list[Section] = field(default_factory=list)
    quoted: bool = False
    _lookup: tuple[list[int], list[str | None]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def text(self, document: Document | str) -> str:
        """The unit's exact words: ``document.text[start:end]``."""
        source = document if isinstance(document, str) else document.text
        return source[self.start : self.end]

    def to_dict(self, *, sentences: bool = True) -> dict:
        """Plain JSON-able form; ``sentences=False`` leaves sentence units out."""
        return {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "heading": self.heading,
            "start": self.start,
            "end": self.end,
            "quoted": self.quoted,
            "children": [
                child.to_dict(sentences=sentences)
                for child in self.children
                if sentences or child.kind != "sentence"
            ],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Section:
        return cls(
            id=data["id"],
            kind=data["kind"],
            label=data.get("label"),
            heading=data.get("heading"),
            start=data["start"],
            end=data["end"],
            children=[cls.from_dict(child) for child in data.get("children", [])],
            quoted=data.get("quoted", False),
        )

    def walk(self) -> Iterator[Section]:
        """This unit and every descendant, in document order (pre-order)."""
        stack = [self]
        while stack:
            unit = stack.pop()
            yield unit
            stack.extend(reversed(unit.children))


# ---------------------------------------------------------------------------------- flags


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


# ---------------------------------------------------------------------------------- scorecards

SCHEMA_VERSION = 1


@dataclass
class Evidence:
    """A verbatim span of ``Document.text`` a verdict rests on."""

    text: str
    start: int
    end: int
    section: str | None = None
    page: int | None = None
    line: int | None = None
    signals: list[str] = field(default_factory=list)
    #: Names of the signals (``data/signals.yaml``) flagged on this clause; ``signals`` above says
    #: what found them (``rule:<pattern>``, ``component:<name>``, ``model:<p>``). Added field.
    labels: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "section": self.section,
            "page": self.page,
            "line": self.line,
            "signals": list(self.signals),
            "labels": list(self.labels),
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Evidence:
        return cls(
            text=raw["text"],
            start=int(raw["start"]),
            end=int(raw["end"]),
            section=raw.get("section"),
            page=raw.get("page"),
            line=raw.get("line"),
            signals=list(raw.get("signals", [])),
            labels=list(raw.get("labels", [])),
        )


@dataclass
class CriterionResult:
    verdict: str
    confidence: float
    needs_review: bool
    explanation: str
    evidence: list[Evidence] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, got {self.verdict!r}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "confidence": round(float(self.confidence), 3),
            "needs_review": bool(self.needs_review),
            "explanation": self.explanation,
            "evidence": [e.to_dict() for e in self.evidence],
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> CriterionResult:
        return cls(
            verdict=raw["verdict"],
            confidence=float(raw["confidence"]),
            needs_review=bool(raw["needs_review"]),
            explanation=raw["explanation"],
            evidence=[Evidence.from_dict(e) for e in raw.get("evidence", [])],
        )


@dataclass
class Scorecard:
    bill_id: str
    source: dict[str, Any]
    pipeline: dict[str, Any]
    relevant: bool
    criteria: dict[str, CriterionResult]
    title: str | None = None
    relevance_score: float | None = None
    schema_version: int = SCHEMA_VERSION
    #: ``{"code", "name", "detected_from"}`` (``"text"``, ``"override"``, ``"file name"``, or
    #: ``None`` with code ``None`` when unknown) plus ``evidence``: what in the text named it.
    jurisdiction: dict[str, Any] | None = None
    #: What ingestion had to remove or replace (``{"invisible": n, "confusable": m}``; empty: nothing).
    text_normalised: dict[str, int] = field(default_factory=dict)
    #: Words the source marks as deleted (struck through, bracketed by the drafting convention)
    #: and that were therefore not scored; they stay in ``Document.dropped``.
    deleted_words: int = 0

    def __post_init__(self) -> None:
        missing = set(load_rubric().ids) - set(self.criteria)
        if missing:
            raise ValueError(f"scorecard lacks criteria: {sorted(missing)}")

    @property
    def totals(self) -> dict[str, float | int]:
        return load_rubric().totals({cid: r.verdict for cid, r in self.criteria.items()})

    @property
    def needs_review_count(self) -> int:
        return sum(1 for r in self.criteria.values() if r.needs_review)

    def to_dict(self) -> dict[str, Any]:
        ordered = {cid: self.criteria[cid].to_dict() for cid in load_rubric().ids}
        return {
            "schema_version": self.schema_version,
            "bill_id": self.bill_id,
            "title": self.title,
            "source": dict(self.source),
            "pipeline": dict(self.pipeline),
            "relevant": self.relevant,
            "relevance_score": None if self.relevance_score is None else round(self.relevance_score, 3),
            "jurisdiction": None if self.jurisdiction is None else dict(self.jurisdiction),
            "text_normalised": dict(self.text_normalised),
            "deleted_words": self.deleted_words,
            "criteria": ordered,
            "totals": self.totals,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Scorecard:
        return cls(
            bill_id=raw["bill_id"],
            source=dict(raw["source"]),
            pipeline=dict(raw["pipeline"]),
            relevant=bool(raw["relevant"]),
            criteria={cid: CriterionResult.from_dict(r) for cid, r in raw["criteria"].items()},
            title=raw.get("title"),
            relevance_score=raw.get("relevance_score"),
            schema_version=int(raw.get("schema_version", SCHEMA_VERSION)),
            jurisdiction=raw.get("jurisdiction"),
            text_normalised=dict(raw.get("text_normalised") or {}),
            deleted_words=int(raw.get("deleted_words") or 0),
        )

    def to_frame(self):
        """One row per criterion as a pandas ``DataFrame`` (for notebooks; pandas imported lazily).

        Columns: ``bill_id, criterion, group, label, verdict, points, confidence, needs_review,
        evidence_count, explanation``, in rubric order.
        """
        import pandas as pd

        rubric = load_rubric()
        rows = [
            {
                "bill_id": self.bill_id,
                "criterion": cid,
                "group": rubric[cid].group,
                "label": rubric[cid].label,
                "verdict": self.criteria[cid].verdict,
                "points": rubric.verdict_points[self.criteria[cid].verdict],
                "confidence": round(float(self.criteria[cid].confidence), 3),
                "needs_review": bool(self.criteria[cid].needs_review),
                "evidence_count": len(self.criteria[cid].evidence),
                "explanation": self.criteria[cid].explanation,
            }
            for cid in rubric.ids
        ]
        return pd.DataFrame(rows, columns=list(FRAME_COLUMNS))

    def summary_row(self) -> dict[str, Any]:
        """One row of ``summary.csv`` (CONTRACT.md column order)."""
        totals = self.totals
        row: dict[str, Any] = {
            "bill_id": self.bill_id,
            "relevant": self.relevant,
            "end": totals["end"],
            "start": totals["start"],
            "overall": totals["overall"],
            "needs_review_count": self.needs_review_count,
        }
        row.update({cid: self.criteria[cid].verdict for cid in load_rubric().ids})
        row["jurisdiction"] = (self.jurisdiction or {}).get("code") or ""
        row["title"] = self.title or ""
        return row


SUMMARY_COLUMNS: tuple[str, ...] = (
    "bill_id",
    "relevant",
    "end",
    "start",
    "overall",
    "needs_review_count",
    *load_rubric().ids,
    "jurisdiction",
    "title",
)

#: Columns of :meth:`Scorecard.to_frame` (one row per criterion).
FRAME_COLUMNS: tuple[str, ...] = (
    "bill_id",
    "criterion",
    "group",
    "label",
    "verdict",
    "points",
    "confidence",
    "needs_review",
    "evidence_count",
    "explanation",
)
