"""Strike-through detection from a PDF's own drawing.

State legislatures print amended bills as redlines: deleted words with a line (or a thin
filled rectangle) drawn through them, inserted words underlined. Nothing in the text layer
says which is which, so we read the geometry: a horizontal stroke that crosses a character
between about a fifth and nine tenths of its height above the baseline strikes it out; one
at or just below the baseline underlines it (the word is kept).

The strokes normally come from pypdfium2's page objects (:mod:`.drawing`). pdfplumber's parse
of the drawing (lines, thin rects, straight curve pieces; :func:`strokes_from_objects`) gives
the same strokes at ~0.2 s per page: it is the fallback for pages whose paths the pdfium walk
skips, and the cross-check in the tests.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

#: A stroke this far above the baseline (as a fraction of the line's cap height) strikes out.
STRIKE_LOW, STRIKE_HIGH = 0.18, 0.9
#: Strokes thicker than this (points) are boxes or shading, not lines.
MAX_STROKE = 3.0


@dataclass(frozen=True)
class Stroke:
    """A horizontal stroke at height ``y`` (PDF coordinates, y up) from ``x0`` to ``x1``."""

    x0: float
    x1: float
    y: float


def strokes_from_objects(objects: dict, page_height: float) -> list[Stroke]:
    """Horizontal strokes among pdfplumber ``page.objects`` (lines, rects, curves)."""
    strokes: list[Stroke] = []
    for obj in objects.get("line", []) + objects.get("rect", []):
        width, height = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
        if width >= 1.5 and height <= MAX_STROKE and width > 2 * height:
            strokes.append(Stroke(obj["x0"], obj["x1"], page_height - (obj["top"] + obj["bottom"]) / 2))
    for obj in objects.get("curve", []):
        for (xa, ya), (xb, yb) in _straight_segments(obj):
            if abs(ya - yb) <= 0.5 and abs(xb - xa) >= 1.5:
                strokes.append(Stroke(min(xa, xb), max(xa, xb), page_height - (ya + yb) / 2))
    return strokes


def _straight_segments(obj: dict):
    """The straight pieces of a pdfplumber curve, respecting move-to (no bridge between subpaths)."""
    path = obj.get("path")
    if not path:  # older pdfplumber: only the flattened points
        points = obj.get("pts") or []
        yield from zip(points, points[1:])
        return
    current = start = None
    for command in path:
        op, points = command[0], command[1:]
        if op == "m":
            current = start = points[0]
        elif op == "l" and current is not None:
            yield current, points[0]
            current = points[0]
        elif op == "h" and current is not None and start is not None:
            yield current, start
            current = start
        elif points:  # curve-to: no straight piece, but it moves the pen
            current = points[-1]


def classify(char: tuple, cap_height: float, strokes: list[Stroke]) -> str | None:
    """``"strike"``, ``"underline"`` or ``None`` for one character ``(text, x0, x1, bottom, top, baseline, ...)``."""
    centre = (char[1] + char[2]) / 2
    baseline = char[5]
    result = None
    for stroke in strokes:
        if not stroke.x0 - 0.5 <= centre <= stroke.x1 + 0.5:
            continue
        height = (stroke.y - baseline) / cap_height
        if STRIKE_LOW <= height <= STRIKE_HIGH:
            return "strike"
        if -0.6 <= height < STRIKE_LOW:
            result = "underline"
    return result


def struck_mask(chars: list[tuple], cap_height: float, strokes: list[Stroke]) -> list[bool]:
    """Which characters of a line are struck; a space between two struck characters is struck too."""
    marks = [c[0] != " " and classify(c, cap_height, strokes) == "strike" for c in chars]
    for i, c in enumerate(chars):
        if c[0] == " " and 0 < i < len(chars) - 1:
            left = next((marks[j] for j in range(i - 1, -1, -1) if chars[j][0] != " "), False)
            right = next((marks[j] for j in range(i + 1, len(chars)) if chars[j][0] != " "), False)
            marks[i] = left and right
    return marks


def remove_struck_text(raw: bytes, pages: list, page_indexes: set[int]) -> None:
    """Drop struck characters from the lines of ``pages`` (in place), with pdfplumber's geometry."""
    import pdfplumber

    from pipeline.ingest.limits import current_deadline

    deadline = current_deadline()
    with pdfplumber.open(io.BytesIO(raw)) as pdf:
        for index in sorted(page_indexes):
            deadline.check()  # pdfminer catches broad exceptions in places; check between pages too
            plumber_page = pdf.pages[index]
            # pdfplumber measures from the top of the media box; pdfium chars from its bottom.
            page_height = float(plumber_page.height)
            strokes = strokes_from_objects(plumber_page.objects, page_height)
            if strokes:
                strike_lines(pages[index], strokes)
            plumber_page.close()


def strike_lines(lines: list, strokes: list[Stroke]) -> None:
    """Drop the struck characters of a page's printed lines (in place; noted in ``line.struck``)."""
    for line in lines:
        if line.furniture or line.rotated or not line.chars:
            continue
        _strike_line(line, strokes)


def _strike_line(line, strokes: list[Stroke]) -> None:
    # Only strokes near this line matter; the cheap y filter keeps the per-char work small.
    cap = line.height
    near = [s for s in strokes if line.baseline - cap <= s.y <= line.baseline + 1.5 * cap]
    if not near:
        return
    mask = struck_mask(line.chars, cap, near)
    if not any(mask):
        return
    kept: list = []
    struck: list[tuple[int, str]] = []
    run: list[str] = []
    for char, is_struck in zip(line.chars, mask):
        if is_struck:
            run.append(char[0])
            continue
        if run:
            struck.append((len(kept), "".join(run).strip()))
            run = []
        if char[0] == " " and (not kept or kept[-1][0] == " "):
            continue  # no double or leading space where a struck word was
        if char[0] in ".,;:)" and struck and struck[-1][0] == len(kept) and kept and kept[-1][0] == " ":
            kept.pop()  # "plaintiff [struck]." -> "plaintiff."
            struck[-1] = (len(kept), struck[-1][1])
        kept.append(char)
    if run:
        struck.append((len(kept), "".join(run).strip()))
    while kept and kept[-1][0] == " ":
        kept.pop()
    line.chars = kept
    line.struck.extend((min(index, len(kept)), text) for index, text in struck if text)
