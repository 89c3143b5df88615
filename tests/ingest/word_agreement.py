"""Word-level agreement between two renderings of the same bill (e.g. its PDF and its XML).

Used to verify the PDF reader: furniture, margin numbers or broken hyphenation would show up
as words one rendering has and the other lacks. Case, punctuation and accents are ignored
(GPO prints headings in small capitals the XML stores in mixed case).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """Lower-cased ASCII word tokens: letters and digits only."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return _WORD.findall(folded)


@dataclass(frozen=True)
class Agreement:
    """How many words two texts share in order (longest matching blocks, no junk heuristic)."""

    matched: int
    words_a: int
    words_b: int

    @property
    def coverage_a(self) -> float:
        """Share of ``a``'s words matched in ``b``."""
        return self.matched / self.words_a if self.words_a else 1.0

    @property
    def coverage_b(self) -> float:
        return self.matched / self.words_b if self.words_b else 1.0

    @property
    def ratio(self) -> float:
        """Dice coefficient of the matched words: 1.0 means identical word sequences."""
        total = self.words_a + self.words_b
        return 2 * self.matched / total if total else 1.0

    def to_dict(self) -> dict:
        return {"matched": self.matched, "words_a": self.words_a, "words_b": self.words_b,
                "ratio": round(self.ratio, 5), "coverage_a": round(self.coverage_a, 5), "coverage_b": round(self.coverage_b, 5)}


def agreement(text_a: str, text_b: str) -> Agreement:
    """Word agreement of two texts, plus the differing stretches via :func:`differences`."""
    a, b = words(text_a), words(text_b)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return Agreement(matched, len(a), len(b))


def differences(text_a: str, text_b: str, context: int = 3) -> list[tuple[str, str]]:
    """The stretches where the word sequences differ: ``[(words in a, words in b)]``."""
    a, b = words(text_a), words(text_b)
    out = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            out.append((" ".join(a[max(i1 - context, 0):i2 + context]), " ".join(b[max(j1 - context, 0):j2 + context])))
    return out
