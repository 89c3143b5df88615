"""The bill text as segments for the workspace: evidence spans highlighted in place, dropped text struck.

``text_segments`` cuts ``Document.text`` at every evidence boundary and at every dropped span's
offset, so the template can print the text once, verbatim, with each stretch marked by the
criteria whose evidence covers it. Overlapping evidence of several criteria is fine: a stretch
simply carries several criteria.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pipeline.values import DroppedSpan, Evidence


@dataclass
class Segment:
    text: str
    kind: str = "text"  # "text" | "dropped"
    criteria: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)  # ids of evidence spans starting here
    reason: str | None = None  # why dropped text was dropped ("strikethrough", ...)


def locate(evidence: Evidence, text: str) -> tuple[int, int] | None:
    """Offsets of an evidence span in ``text``: its own when they match, else its first verbatim
    occurrence (a draft made from another rendering), else ``None``."""
    if 0 <= evidence.start <= evidence.end <= len(text) and text[evidence.start : evidence.end] == evidence.text:
        return evidence.start, evidence.end
    found = text.find(evidence.text) if evidence.text else -1
    return (found, found + len(evidence.text)) if found >= 0 else None


def evidence_anchor(criterion: str, index: int) -> str:
    return f"ev-{criterion}-{index}"


def text_segments(
    text: str,
    evidence: Mapping[str, Iterable[Evidence]],
    dropped: Iterable[DroppedSpan] = (),
) -> list[Segment]:
    """``text`` split into segments; each knows which criteria's evidence covers it."""
    spans: list[tuple[int, int, str, str]] = []
    for criterion, items in evidence.items():
        for index, item in enumerate(items):
            where = locate(item, text)
            if where is not None and where[1] > where[0]:
                spans.append((where[0], where[1], criterion, evidence_anchor(criterion, index)))
    drops = sorted((d for d in dropped if 0 <= d.offset <= len(text)), key=lambda d: d.offset)
    cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans), *(d.offset for d in drops)})
    segments: list[Segment] = []
    pending_drops = list(drops)
    for lo, hi in zip(cuts, cuts[1:] + [None]):
        while pending_drops and pending_drops[0].offset == lo:
            drop = pending_drops.pop(0)
            segments.append(Segment(drop.text, kind="dropped", reason=drop.reason))
        if hi is None or hi <= lo:
            continue
        covering = [(c, a, s) for s, e, c, a in spans if s <= lo and hi <= e]
        segments.append(
            Segment(
                text[lo:hi],
                criteria=sorted({c for c, _, _ in covering}),
                anchors=[a for _, a, s in covering if s == lo],
            )
        )
    return segments
