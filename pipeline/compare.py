"""Compare two versions of a bill: which criteria change verdict, and the provisions that decide.

``compare_versions(old, new)`` scores both versions through :mod:`pipeline.run` (or reads saved
scorecards), lists the criteria whose verdict differs, and for each puts the deciding provisions of
the two versions side by side with the words removed and added marked (a word-level
``difflib.SequenceMatcher``). When one version has no evidence for a criterion (the provision was
dropped, or the draft found nothing), the passage of that version most like the other version's
provision stands in for it, so "fees: shall award" -> "may award" shows as the one changed word.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.report import escape_markdown, format_points, search_near, source_document
from pipeline.values import Scorecard
from pipeline.vocab import VERDICT_WORDS, load_rubric

#: Evidence spans shown per criterion and version.
PROVISIONS_SHOWN = 2
#: Below this similarity a passage of the other version is no counterpart of a provision.
MIN_COUNTERPART_RATIO = 0.35

_WORD = re.compile(r"\S+")
_PASSAGE_END = re.compile(r"(?<=[.;:])\s+(?=\S)|\n\s*\n")


@dataclass
class Version:
    """One version of a bill: its scorecard and (when available) its normalised text."""

    path: str
    scorecard: Scorecard
    text: str | None


def load_version(path: str | os.PathLike[str]) -> Version:
    """A bill file (scored now through :mod:`pipeline.run`) or a saved scorecard JSON."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        try:
            card = Scorecard.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"{path}: not a scorecard ({error})") from None
        document = source_document(card, search_near(path.parent))
        return Version(str(path), card, getattr(document, "text", None))
    from pipeline.run import score_file

    result = score_file(path)
    return Version(str(path), result.scorecard, result.document.text)


_LINE_NUMBER = re.compile(r"^\d{1,2}$")


def without_line_numbers(words: list[str]) -> list[str]:
    """Drop printed line numbers (``... CIVIL 3 RIGHTS ACT ...`` in a PDF-to-text bill): small
    bare numbers that rise one by one through the passage. Other numbers are left alone."""
    numbers = [(i, int(w)) for i, w in enumerate(words) if _LINE_NUMBER.match(w)]
    rising = [i for k, (i, n) in enumerate(numbers) if k and n == numbers[k - 1][1] + 1]
    if len(rising) < 2:
        return words
    margin = set(rising) | {numbers[k - 1][0] for k, (i, n) in enumerate(numbers) if k and n == numbers[k - 1][1] + 1}
    return [w for i, w in enumerate(words) if i not in margin]


def word_diff(old: str, new: str) -> list[dict[str, str]]:
    """``[{"op": "equal"|"delete"|"insert", "text": ...}]`` turning ``old`` into ``new`` word by word
    (printed line numbers left out, as they are no words of the law)."""
    a, b = without_line_numbers(old.split()), without_line_numbers(new.split())
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    pieces: list[dict[str, str]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("equal", "delete", "replace") and i2 > i1:
            pieces.append({"op": "equal" if op == "equal" else "delete", "text": " ".join(a[i1:i2])})
        if op in ("insert", "replace") and j2 > j1:
            pieces.append({"op": "insert", "text": " ".join(b[j1:j2])})
    return pieces


def _passages(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _PASSAGE_END.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _key(word: str) -> str:
    return word.strip(".,;:()[]\"'\u201c\u201d").lower()


def counterpart(provision: str, text: str | None) -> dict[str, Any] | None:
    """The words of ``text`` that best match ``provision``, or ``None``.

    Each passage (sentence or clause) of ``text`` is scored by the share of the provision's words
    it matches in order (``difflib`` matching blocks); the best passage is cut to the stretch from
    its first to its last matching word, so a short provision is paired with a short stretch.
    """
    words = [_key(w) for w in provision.split()]
    if not text or not words:
        return None
    vocabulary = set(words)
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(words)
    best, best_share = None, MIN_COUNTERPART_RATIO
    for start, end in _passages(text):
        tokens = list(_WORD.finditer(text, start, end))
        candidate = [_key(t.group()) for t in tokens]
        if len(vocabulary.intersection(candidate)) / len(vocabulary) <= best_share:
            continue
        matcher.set_seq1(candidate)
        blocks = [b for b in matcher.get_matching_blocks() if b.size]
        share = sum(b.size for b in blocks) / len(words)
        if share > best_share:
            first, last = blocks[0].a, blocks[-1].a + blocks[-1].size - 1
            best, best_share = (tokens[first].start(), tokens[last].end()), share
    if best is None:
        return None
    return {"text": text[best[0] : best[1]], "start": best[0], "end": best[1], "section": None, "matched": True}


def _provisions(version: Version, criterion: str) -> list[dict[str, Any]]:
    return [
        {"text": e.text, "start": e.start, "end": e.end, "section": e.section, "matched": False}
        for e in version.scorecard.criteria[criterion].evidence[:PROVISIONS_SHOWN]
    ]


def compare_versions(old: str | os.PathLike[str] | Version, new: str | os.PathLike[str] | Version) -> dict[str, Any]:
    """The criteria whose verdict changes from ``old`` to ``new``, with the deciding provisions.

    Returns the JSON of ``statute compare --json``: ``old`` / ``new`` (bill id, path, totals),
    ``changed`` (per criterion: verdicts, explanations, the provisions of each version and the
    word diff of the first pair) and ``unchanged`` (criterion ids).
    """
    old_v = old if isinstance(old, Version) else load_version(old)
    new_v = new if isinstance(new, Version) else load_version(new)
    rubric = load_rubric()
    changed, unchanged = [], []
    for cid in rubric.ids:
        before, after = old_v.scorecard.criteria[cid], new_v.scorecard.criteria[cid]
        if before.verdict == after.verdict:
            unchanged.append(cid)
            continue
        old_provisions, new_provisions = _provisions(old_v, cid), _provisions(new_v, cid)
        if not old_provisions and new_provisions:
            found = counterpart(new_provisions[0]["text"], old_v.text)
            old_provisions = [found] if found else []
        if not new_provisions and old_provisions:
            found = counterpart(old_provisions[0]["text"], new_v.text)
            new_provisions = [found] if found else []
        old_words = old_provisions[0]["text"] if old_provisions else ""
        new_words = new_provisions[0]["text"] if new_provisions else ""
        changed.append(
            {
                "criterion": cid,
                "label": rubric[cid].label,
                "old_verdict": before.verdict,
                "new_verdict": after.verdict,
                "old_explanation": before.explanation,
                "new_explanation": after.explanation,
                "old_provisions": old_provisions,
                "new_provisions": new_provisions,
                "diff": word_diff(old_words, new_words) if old_words or new_words else [],
            }
        )

    def side(version: Version) -> dict[str, Any]:
        return {"bill_id": version.scorecard.bill_id, "path": version.path, "totals": version.scorecard.totals}

    return {"old": side(old_v), "new": side(new_v), "changed": changed, "unchanged": unchanged}


def render_markdown(comparison: dict[str, Any]) -> str:
    """The comparison as Markdown: a table of changed verdicts, then each criterion's provisions
    with removed words ``~~struck~~`` and added words in **bold**. Bill text is escaped."""
    old, new = comparison["old"], comparison["new"]

    def totals(side: dict[str, Any]) -> str:
        t = side["totals"]
        return f"end {format_points(t['end'])}/{t['end_of']}, start {format_points(t['start'])}/{t['start_of']}, overall {format_points(t['overall'])}/{t['overall_of']}"

    lines = [
        f"# {escape_markdown(old['bill_id'])} \u2192 {escape_markdown(new['bill_id'])}",
        "",
        f"- old: {totals(old)}",
        f"- new: {totals(new)}",
        "",
    ]
    if not comparison["changed"]:
        lines.append("No criterion changes verdict.")
        return "\n".join(lines) + "\n"
    lines += ["| criterion | old | new |", "| --- | --- | --- |"]
    for item in comparison["changed"]:
        lines.append(f"| {item['label']} | {VERDICT_WORDS[item['old_verdict']]} | {VERDICT_WORDS[item['new_verdict']]} |")
    for item in comparison["changed"]:
        lines += [
            "",
            f"## {item['label']}: {VERDICT_WORDS[item['old_verdict']]} \u2192 {VERDICT_WORDS[item['new_verdict']]}",
            "",
        ]
        for name, key in (("Old", "old_provisions"), ("New", "new_provisions")):
            provisions = item[key]
            if not provisions:
                lines.append(f"- {name}: no provision")
            for provision in provisions:
                where = f" (\u00a7 {escape_markdown(provision['section'])})" if provision.get("section") else ""
                kind = " (closest passage)" if provision.get("matched") else ""
                lines.append(f"- {name}{where}{kind}: \u201c{escape_markdown(provision['text'])}\u201d")
        if item["diff"]:
            marked = []
            for piece in item["diff"]:
                words = escape_markdown(piece["text"])
                marked.append({"equal": words, "delete": f"~~{words}~~", "insert": f"**{words}**"}[piece["op"]])
            lines += ["", "Changes: " + " ".join(marked)]
    lines.append("")
    lines.append(f"Unchanged: {', '.join(comparison['unchanged']) or 'none'}")
    return "\n".join(lines) + "\n"
