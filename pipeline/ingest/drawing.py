"""What a PDF page draws besides text, read from pypdfium2's page objects.

Strike-through and underline are drawn lines (or thin filled rectangles); a scanned page is an
image. :func:`page_drawing` walks the page objects (and form XObjects, composing their
matrices) with raw pdfium calls and returns the horizontal strokes in page coordinates: the
straight horizontal pieces of stroked paths, and thin axis-aligned rectangles (as one stroke
at their middle). Boxes taller than :data:`~pipeline.ingest.redline.MAX_STROKE` (table cells,
shading) and curves are not strokes. This is exact geometry at a tiny fraction of the cost of
parsing the page with pdfplumber (about 0.2 s per page).
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field

from pipeline.ingest import compiled
from pipeline.ingest.redline import MAX_STROKE, Stroke

#: Paths with more segments than this are not walked (drawings, not rules); the page is then
#: marked ``unresolved`` so the caller can fall back to pdfplumber.
MAX_SEGMENTS = 5000
_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass
class Drawing:
    strokes: list[Stroke] = field(default_factory=list)
    images: bool = False
    unresolved: bool = False  # some path was too large to inspect


def _compose(outer: tuple, inner: tuple) -> tuple:
    """The matrix applying ``inner`` then ``outer`` (PDF order: a b c d e f)."""
    a1, b1, c1, d1, e1, f1 = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


def _matrix_of(obj, pdfium_c) -> tuple:
    matrix = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix)):
        return _IDENTITY
    return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)


def page_drawing(page, pdfium_c, upright=None) -> Drawing:
    """Horizontal strokes, images, and whether anything was left unread, for one page.

    ``upright(x, y) -> (x, y)`` maps page coordinates into the frame in which the page's text
    reads left to right (landscape pages); strokes are "horizontal" in that frame.
    """
    drawing = Drawing()
    get_type = pdfium_c.FPDFPageObj_GetType
    path_type, image_type, form_type = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM
    page_handle = page.raw
    stack = [(pdfium_c.FPDFPage_CountObjects(page_handle), lambda i: pdfium_c.FPDFPage_GetObject(page_handle, i),
              _IDENTITY, 0, page_handle)]
    while stack:
        count, get, outer, depth, container = stack.pop()
        kinds = _object_kinds(container, container is not page_handle, count)
        for i in range(count):
            if kinds is None:
                obj = get(i)
                kind = get_type(obj)
            else:  # (the types read in C: only the objects that matter are fetched here)
                kind = kinds[i]
                if kind != image_type and kind != path_type and kind != form_type:
                    continue
                obj = get(i)
            if kind == image_type:
                drawing.images = True
            elif kind == path_type:
                _path_strokes(obj, outer, pdfium_c, drawing, upright)
            elif kind == form_type:
                if depth >= 8:
                    drawing.unresolved = True
                    continue
                # objects inside a form are positioned by the form's matrix, then the outer one
                matrix = _compose(outer, _matrix_of(obj, pdfium_c))
                stack.append((pdfium_c.FPDFFormObj_CountObjects(obj),
                              lambda j, form=obj: pdfium_c.FPDFFormObj_GetObject(form, j), matrix, depth + 1, obj))
    return drawing


def _object_kinds(container, form: bool, count: int) -> bytes | None:
    """The type of each object of a page or form, read by the compiled helper
    (``plainlines.c``: two pdfium calls per object without Python in between), or ``None``."""
    library = compiled.library()
    if library is None or count <= 0:
        return None
    get_object = compiled.pdfium_address("FPDFFormObj_GetObject" if form else "FPDFPage_GetObject")
    return library.object_types(get_object, compiled.pdfium_address("FPDFPageObj_GetType"),
                                ctypes.cast(container, ctypes.c_void_p), int(form), count)


def _path_strokes(obj, outer: tuple, pdfium_c, drawing: Drawing, upright=None) -> None:
    count = pdfium_c.FPDFPath_CountSegments(obj)
    if count < 2:
        return
    if count > MAX_SEGMENTS:
        drawing.unresolved = True
        return
    fill_mode, stroked = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill_mode), ctypes.byref(stroked))
    filled, stroked = fill_mode.value != 0, bool(stroked.value)
    if not (filled or stroked):
        return  # invisible
    a, b, c, d, e, f = _compose(outer, _matrix_of(obj, pdfium_c))
    x, y = ctypes.c_float(), ctypes.c_float()
    moveto, lineto = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_LINETO
    subpaths: list[tuple[list, bool]] = []
    points: list[tuple[float, float, bool]] = []  # (x, y, reached by a straight line)
    closed = False
    for i in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        if upright is not None:
            point = upright(*point)
        if kind == moveto:
            if points:
                subpaths.append((points, closed))
            points, closed = [(point[0], point[1], False)], False
        else:
            points.append((point[0], point[1], kind == lineto))
        if pdfium_c.FPDFPathSegment_GetClose(segment):
            closed = True
    if points:
        subpaths.append((points, closed))
    for points, closed in subpaths:
        _subpath_strokes(points, closed, filled, stroked, drawing.strokes)


def _subpath_strokes(points: list, closed: bool, filled: bool, stroked: bool, out: list[Stroke]) -> None:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    straight = all(p[2] for p in points[1:])
    axis_aligned = straight and all(
        abs(p[0] - q[0]) < 0.01 or abs(p[1] - q[1]) < 0.01 for p, q in zip(points, points[1:]))
    if axis_aligned and len(points) in (4, 5) and (closed or len(points) == 5) and width > 0 and height > 0:
        # a rectangle: a thin one is a rule (one stroke at its middle); a taller one is a box
        if height <= MAX_STROKE and width >= 1.5 and width > 2 * height:
            out.append(Stroke(min(xs), max(xs), (min(ys) + max(ys)) / 2))
        return
    if not stroked:
        return
    pairs = list(zip(points, points[1:]))
    if closed:
        pairs.append((points[-1], (points[0][0], points[0][1], True)))
    for p, q in pairs:
        if q[2] and abs(p[1] - q[1]) < 0.5 and abs(q[0] - p[0]) >= 1.5:
            out.append(Stroke(min(p[0], q[0]), max(p[0], q[0]), (p[1] + q[1]) / 2))
