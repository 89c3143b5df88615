"""Damaged copies of clean texts, in the styles real plain-text extractions leave (test helper).

Words split by a space inside the word ("defens e"), words run together ("followingapply"),
New Mexico bracketed deletions under the bill's legend, printed line numbers glued to each line
with Maine page slugs, and "Printed on recycled paper" in mid-sentence. Used by the repair tests
and by the triage tests that check the word repair is skipped only where it cannot matter.
"""

from __future__ import annotations

import random
import re

_SPLITTABLE = re.compile(r"(?<![\w'\-])[a-z]{6,}(?![\w'\-])")
_PAIR = re.compile(r"(?<![\w'\-])([a-z]{2,}) ([a-z]{2,})(?![\w'\-])")


def damage(text: str, rng: random.Random, *, split_rate=0.01, join_rate=0.005, brackets=0) -> tuple[str, list[str]]:
    """A damaged copy of ``text`` and the bracketed deletions put into it."""
    # words split by a space inside the word ("defens e")
    def split(match):
        word = match.group()
        if rng.random() >= split_rate:
            return word
        cut = rng.randrange(2, len(word) - 1)
        return f"{word[:cut]} {word[cut:]}"

    text = _SPLITTABLE.sub(split, text)
    # words run together ("followingapply")
    text = _PAIR.sub(lambda m: m.group(1) + m.group(2) if rng.random() < join_rate else m.group(), text)
    # bracketed deletions: words the amended law strikes
    deletions = []
    if brackets:
        words = re.findall(r"[a-z]{4,}", text)
        positions = sorted(rng.sample([m.start() for m in re.finditer(r"(?<=[a-z]) (?=[a-z])", text)], brackets))
        pieces, cursor = [], 0
        for position in positions:
            deleted = " ".join(rng.sample(words, 2))
            deletions.append(deleted)
            pieces.append(text[cursor : position + 1] + f"[{deleted}]")
            cursor = position
        pieces.append(text[cursor:])
        text = "".join(pieces)
        text = "underscored material = new\n[bracketed material] = delete\n" + text
    # printed line numbers glued to each line, 30 lines a page under a Maine page slug,
    # "Printed on recycled paper" run into the middle of a line
    lines = [line for line in text.split("\n") if line.strip()]
    out = []
    for index, line in enumerate(lines):
        number = index % 30 + 1
        slug = f"Page {index // 30 + 1} - 130LR0198(01)" if number == 1 else ""
        if index == len(lines) // 2 and " " in line:
            cut = line.index(" ", len(line) // 2) if " " in line[len(line) // 2 :] else line.index(" ")
            line = line[:cut] + " Printed on recycled paper" + line[cut:]
        gap = " " if rng.random() < 0.5 else ""
        out.append(f"{slug}{number}{gap}{line.strip()}")
    return "\n".join(out) + "\n", deletions
