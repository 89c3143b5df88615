"""The notebook surface: score a bill, load a batch run as pandas frames, read flagged clauses.

Everything here is a thin layer over the pipeline's own functions, importable from the package
root::

    import pipeline
    card = pipeline.score("../shared/corpus/texts/ct-cgs-52-571k.txt")   # or a string of text
    card.to_frame()                                                     # one row per criterion
    bills, clauses = pipeline.load_batch("runs/corpus")                 # a `statute score` folder
    pipeline.show_flags(card, criterion="end_qi_law_enforcement")       # highlighted in context

pandas and spaCy are imported inside the functions, so ``import pipeline`` stays cheap.
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.values import Scorecard
from pipeline.vocab import signal_of

__all__ = [
    "BILL_COLUMNS",
    "CLAUSE_COLUMNS",
    "FlagView",
    "clause_rows",
    "load_batch",
    "score",
    "show_flags",
    "signal_of",
]

_FILE_SUFFIXES = (".txt", ".pdf", ".xml", ".html", ".htm", ".docx", ".json")

#: Columns of the bills frame of :func:`load_batch` (one row per scorecard).
BILL_COLUMNS: tuple[str, ...] = (
    "bill_id", "title", "relevant", "relevance_score", "end", "start", "overall",
    "needs_review_count",
)  # + one verdict column per criterion + path, format, sha256, pipeline_version, model
#: Columns of the clauses frame of :func:`load_batch` (one row per evidence clause and signal).
CLAUSE_COLUMNS: tuple[str, ...] = (
    "bill_id", "criterion", "verdict", "signal", "source", "text", "section", "start", "end",
    "page", "line", "confidence", "model_score", "needs_review", "signals",
)


# --------------------------------------------------------------------------- scoring


def _looks_like_path(value: str) -> bool:
    return "\n" not in value and len(value) < 4096 and (
        os.path.exists(value) or value.lower().endswith(_FILE_SUFFIXES)
    )


def score(path_or_text: str | os.PathLike[str], *, name: str = "text", triage: bool = True,
          jurisdiction: str | None = None) -> Scorecard:
    """Draft the scorecard of a file, or of a string of bill text.

    A :class:`~pathlib.Path`, or a one-line string naming an existing file, is scored like
    ``statute score FILE --json`` (a ``.json`` path is read back as the scorecard it holds,
    e.g. one written by ``statute score --out``). Any other string is treated as the text itself; ``name``
    becomes its ``bill_id`` (``jurisdiction`` helps the scorer when the name does not say it).
    With ``triage=False`` the relevance check is skipped and the text is scored in full, which
    is what you want for a clause or two pasted into a notebook.
    """
    from pipeline.run import ScoreOptions, score_file, score_text

    options = ScoreOptions(jurisdiction=jurisdiction, triage=triage)
    if isinstance(path_or_text, os.PathLike) or _looks_like_path(str(path_or_text)):
        path = Path(path_or_text)
        if not path.exists():
            raise FileNotFoundError(f"no such file: {path} (pass the text itself to score a string)")
        if path.suffix.lower() == ".json":
            return _read_scorecard(path)
        return score_file(path, options).scorecard
    return score_text(str(path_or_text), name, options).scorecard


def _read_scorecard(path: Path) -> Scorecard:
    with open(path, encoding="utf-8") as fh:
        return Scorecard.from_dict(json.load(fh))


# --------------------------------------------------------------------------- batch frames


def clause_rows(card: Scorecard) -> list[dict[str, Any]]:
    """The flagged clauses of one scorecard: a row per evidence clause and signal it carries."""
    rows: list[dict[str, Any]] = []
    for cid, result in card.criteria.items():
        for ev in result.evidence:
            parsed = [signal_of(label) for label in ev.signals] or [(None, "", None)]
            model_scores = [p for _, _, p in parsed if p is not None]
            model_score = max(model_scores) if model_scores else None
            named: dict[str | None, str] = {}
            if ev.labels:  # the scorer names the signals; ``signals`` says what found them
                sources = "+".join(sorted({src for _, src, _ in parsed if src}))
                named = {label: sources for label in ev.labels}
            else:  # older scorecards: recover the signal from the finder's label where possible
                for signal, source, _ in parsed:
                    if signal is not None:
                        named.setdefault(signal, source)
            if not named:
                named = {None: parsed[0][1]}
            for signal, source in named.items():
                rows.append({
                    "bill_id": card.bill_id, "criterion": cid, "verdict": result.verdict,
                    "signal": signal, "source": source, "text": ev.text, "section": ev.section,
                    "start": ev.start, "end": ev.end, "page": ev.page, "line": ev.line,
                    "confidence": round(float(result.confidence), 3), "model_score": model_score,
                    "needs_review": bool(result.needs_review), "signals": ";".join(ev.signals),
                })
    return rows


def _iter_scorecards(out_dir: Path) -> Iterable[Scorecard]:
    for name in sorted(os.listdir(out_dir)):
        if name.startswith(".") or not name.endswith(".json"):
            continue
        try:
            card = _read_scorecard(out_dir / name)
        except (OSError, ValueError, KeyError, TypeError):
            continue  # not a scorecard (or not one of this schema): leave it out
        yield card


def load_batch(out_dir: str | os.PathLike[str]):
    """Read a ``statute score --out DIR`` folder into ``(bills, clauses)`` pandas frames.

    ``bills`` has one row per scorecard: the ``summary.csv`` columns plus title, relevance score,
    path, format, sha256, pipeline version and model. ``clauses`` has one row per evidence
    clause and signal: bill, criterion, verdict, signal, source (rule/model/component), clause
    text, section, character offsets, page/line, the criterion's confidence and the model's
    probability when the classifier flagged it.
    """
    import pandas as pd

    from pipeline.vocab import load_rubric

    out = Path(out_dir)
    if not out.is_dir():
        raise FileNotFoundError(f"no batch output folder at {out} (run `statute score PATH... --out {out}`)")
    ids = list(load_rubric().ids)
    bill_rows: list[dict[str, Any]] = []
    clause_list: list[dict[str, Any]] = []
    for card in _iter_scorecards(out):
        row = card.summary_row()
        row.update({
            "title": card.title, "relevance_score": card.relevance_score,
            "path": card.source.get("path"), "format": card.source.get("format"),
            "sha256": card.source.get("sha256"), "pipeline_version": card.pipeline.get("version"),
            "model": card.pipeline.get("model"),
        })
        bill_rows.append(row)
        clause_list.extend(clause_rows(card))
    bill_columns = [*BILL_COLUMNS, *ids, "path", "format", "sha256", "pipeline_version", "model"]
    bills = pd.DataFrame(bill_rows, columns=bill_columns)
    clauses = pd.DataFrame(clause_list, columns=list(CLAUSE_COLUMNS))
    for column in ids + ["verdict"]:
        frame = clauses if column == "verdict" else bills
        frame[column] = pd.Categorical(frame[column], categories=["yes", "partial", "no"])
    return bills, clauses


# --------------------------------------------------------------------------- highlighting


@dataclass
class FlagView:
    """Highlighted clauses as HTML: shows itself in Jupyter, ``str()`` gives the markup."""

    html: str
    spans: int

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"FlagView({self.spans} highlighted clause(s); shows itself in Jupyter, str() is the HTML)"


_PALETTE = ("#ffd8a8", "#b2f2bb", "#a5d8ff", "#ffc9c9", "#d0bfff", "#ffec99", "#99e9f2", "#fcc2d7", "#c3fae8")


def _spans_of(obj: Any, criterion: str | None, signal: str | None):
    """``(bill_id, text or None, [(start, end, label, snippet)])`` for what ``show_flags`` accepts."""
    from pipeline.run import analyze, load_document
    from pipeline.report import search_near
    from pipeline.values import Document

    search: tuple = ()
    if isinstance(obj, (str, os.PathLike)) and not isinstance(obj, Document):
        path = Path(obj)
        if path.suffix.lower() == ".json":
            search = search_near(path.parent)  # relative source paths: beside the run folder
            obj = _read_scorecard(path)
        else:
            obj = load_document(path)
    if isinstance(obj, dict):
        obj = Scorecard.from_dict(obj)
    if isinstance(obj, Document):
        flags = analyze(obj).flags  # the scorer's own signals, one tokenizer pass
        spans = [
            (f.clause_start, f.clause_end, f.signal, f.clause_text) for f in flags
            if (criterion is None or f.criterion == criterion) and (signal is None or f.signal == signal)
        ]
        return obj.bill_id, obj.text, spans
    if isinstance(obj, Scorecard):
        spans = []
        for row in clause_rows(obj):
            if criterion is not None and row["criterion"] != criterion:
                continue
            if signal is not None and row["signal"] != signal:
                continue
            label = f"{row['criterion']}: {row['signal'] or row['signals'] or 'evidence'}"
            spans.append((row["start"], row["end"], label, row["text"]))
        return obj.bill_id, _source_text(obj, search), spans
    raise TypeError(f"show_flags takes a Document, a Scorecard (or its dict / JSON path) or a bill path, "
                    f"not {type(obj).__name__}")


def _source_text(card: Scorecard, search: tuple = ()) -> str | None:
    """The normalised text the scorecard's offsets refer to, when its source file is still there
    (as recorded, relative to ``search`` folders or the working directory, or in the shared corpus)
    and unchanged since it was scored."""
    from pipeline.report import source_document

    document = source_document(card, search)
    return None if document is None else document.text


def _render(text: str, spans: list[tuple[int, int, str]], colors: dict[str, str]) -> str:
    """``text`` verbatim (escaped, line breaks kept) with the character spans marked and labelled.

    Not displaCy's span renderer: it re-joins tokens with spaces (``fees .``), so quotes stopped
    being the bill's words. Here the text is cut at span boundaries only.
    """
    cuts = sorted({0, len(text), *(max(0, min(len(text), p)) for s, e, _ in spans for p in (s, e))})
    parts = ["<div class='spans' style='white-space:pre-wrap;line-height:1.9;font-family:Georgia,serif'>"]
    for lo, hi in zip(cuts, cuts[1:]):
        piece = html.escape(text[lo:hi])
        labels = [label for s, e, label in spans if s <= lo and hi <= e]
        if not labels:
            parts.append(piece)
            continue
        color = colors.get(labels[0], "#ffec99")
        title = html.escape(", ".join(labels))
        parts.append(f"<mark style='background:{color};padding:0 1px' title='{title}'>{piece}</mark>")
        ending = [label for s, e, label in spans if e == hi and s < hi]
        for label in ending:
            parts.append(
                f"<sup style='background:{colors.get(label, '#ffec99')};font:10px sans-serif;padding:0 3px;"
                f"margin-left:2px;border-radius:3px'>{html.escape(label)}</sup>"
            )
    parts.append("</div>")
    return "".join(parts)


def _snap(text: str, lo: int, hi: int) -> tuple[int, int]:
    """Widen ``[lo, hi)`` to whole lines when a line break is near, else to whole words."""
    reach = 200
    if lo > 0:
        cut = text.rfind("\n", max(0, lo - reach), lo)
        lo = cut + 1 if cut >= 0 else max(text.rfind(" ", 0, lo) + 1, 0)
    if hi < len(text):
        cut = text.find("\n", hi, hi + reach)
        if cut < 0:
            cut = text.find(" ", hi)
        hi = len(text) if cut < 0 else cut
    return lo, hi


def _windows(spans: list[tuple[int, int, str, str]], text: str, context: int) -> list[tuple[int, int]]:
    """Excerpts around the spans (``context`` characters each side), overlapping ones merged."""
    windows: list[list[int]] = []
    length = len(text)
    for start, end, _, _ in sorted(spans):
        lo, hi = _snap(text, max(0, start - context), min(length, end + context))
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    return [(lo, hi) for lo, hi in windows]


def show_flags(obj: Any, *, criterion: str | None = None, signal: str | None = None,
               context: int | None = 300) -> FlagView:
    """Render the flagged clauses of a bill, highlighted verbatim in their context.

    ``obj`` is a :class:`~pipeline.values.Scorecard` (its evidence, labelled
    ``criterion: signal``), a scorecard dict or ``.json`` path, a
    :class:`~pipeline.values.Document` or a bill path (the flags the scorer would use,
    labelled by signal). ``criterion`` / ``signal`` filter what is shown. ``context`` is the
    number of characters shown around each clause (``None``: the whole text). The bill text is
    HTML-escaped. In Jupyter the result displays itself; ``str(view)`` is the HTML.
    """
    bill_id, text, spans = _spans_of(obj, criterion, signal)
    labels = sorted({label for _, _, label, _ in spans})
    colors = {label: _PALETTE[i % len(_PALETTE)] for i, label in enumerate(labels)}
    parts = [f"<div class='statute-flags'><h4>{html.escape(bill_id)}: {len(spans)} flagged clause(s)</h4>"]
    if not spans:
        parts.append("<p><em>No flagged clauses" + (" match the filter" if criterion or signal else "") + ".</em></p>")
    elif text is None:
        # Source text unavailable: show each clause on its own, still highlighted.
        for start, end, label, snippet in spans:
            parts.append(_render(snippet, [(0, len(snippet), label)], colors))
    else:
        windows = [(0, len(text))] if context is None else _windows(spans, text, context)
        for lo, hi in windows:
            inside = [(max(s, lo) - lo, min(e, hi) - lo, label) for s, e, label, _ in spans if s < hi and e > lo]
            if context is not None:
                parts.append(f"<p style='color:#868e96;margin:0.6em 0 0'>characters {lo}&ndash;{hi}</p>")
            parts.append(_render(text[lo:hi], inside, colors))
    parts.append("</div>")
    return FlagView(html="\n".join(parts), spans=len(spans))
