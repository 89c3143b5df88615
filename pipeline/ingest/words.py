"""Split and run-together words: "defens e" -> "defense", "followingapply" -> "following apply".

Evidence is the document's own vocabulary plus English word frequencies from ``wordfreq``
(its word lists ship inside the package; nothing is fetched). The rule is conservative because
changing a right word is worse than leaving a broken one:

* **rejoin** two pieces separated by one space when one piece is not a word (rare in English and
  never standing alone elsewhere in the document), the other is not a common word standing
  alone in the document either, and the joined form is a common English word or stands alone
  elsewhere in the document;
* **split** a token that is not a word (not in English use, at most twice in the document)
  into two common words, when the split form is far more likely than the token;
* **split letters from digits** ("subsection1") only when the document elsewhere writes the
  same word followed by a space and a number ("subsection 2").

Zipf values are log10 of frequency per billion words (wordfreq's scale): 3 is one in a
million words.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from pipeline.ingest.repair import Edit

#: A joined or split-off word must be at least this common (one in a million words).
COMMON_ZIPF = 3.0
#: A line-end break is also joined when the joined word is at least this frequent and neither piece reaches PIECE_ZIPF.
RARE_JOINED_ZIPF = 1.5
PIECE_ZIPF = 1.0
#: A piece below this is "not a word": wordfreq keeps extraction debris ("qualifi" 1.2, "tion" 2.8,
#: "informa" 2.3) among its words, so the bar is one in a million words.
NOT_A_WORD_ZIPF = 3.0
#: Below this a piece is extraction debris, not a rare word ("qualifi" 1.2; "acetyl" is 2.7).
DEBRIS_ZIPF = 2.0
#: A token to split must be this rare, and the split this much more likely than the token.
SPLIT_MAX_ZIPF = 1.5
SPLIT_MARGIN = 2.0

_WORD = re.compile(r"[A-Za-z]+")
_LAST_WORD = re.compile(r"[A-Za-z]+$")
#: Two letter runs separated by one space, not part of a longer alphanumeric/hyphen/apostrophe token.
_PAIR = re.compile(r"(?<![\w'\-])(?=([A-Za-z]+) ([A-Za-z]+)(?![\w'\-]))")
_LONE = re.compile(r"(?<![\w'\-.@/])([A-Za-z]{6,})(?![\w'\-@/]|\.\w)")
_LETTERS_DIGITS = re.compile(r"(?<![\w'\-.])([A-Za-z]{4,})(\d{1,4})(?![\w'\-])")


#: bytes.translate tables over the lower-cased text encoded as ASCII (every other character one
#: "?"): letters kept and the rest blanked gives exactly ``_WORD``'s tokens at C speed; letters
#: as "a" and digits (and "?", which may stand for a non-ASCII digit) as "0" shows at a glance
#: whether a letters-digits token can exist.
_LETTERS_ONLY = bytes(c if 97 <= c <= 122 else 32 for c in range(256))
_SHAPES = bytes(97 if 97 <= c <= 122 else 48 if 48 <= c <= 57 or c == 63 else 32 for c in range(256))


#: wordfreq's English list ("best" for English is the "large" list), read from the package's data
#: folder without importing ``wordfreq`` (its import pulls in ``regex``, ``ftfy`` and ``langcodes``:
#: about 0.2 s of a cold start, for a list that is one gzipped msgpack file).
WORDLIST_FILE = "large_en.msgpack.gz"


def _wordlist_path():
    """The English word list inside the installed wordfreq package (``None`` if not found there)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("wordfreq")  # locates the package; does not import it
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "data" / WORDLIST_FILE
    return path if path.is_file() else None


@lru_cache(maxsize=1)
def _buckets() -> tuple[tuple[str, ...], ...]:
    """wordfreq's English "cBpack": bucket ``i`` holds the words of frequency ``10 ** (-i / 100)``.

    Read as ``wordfreq.read_cBpack`` does (gzip + msgpack, header checked); through wordfreq
    itself when its data folder is not where this version keeps it."""
    path = _wordlist_path()
    if path is None:  # pragma: no cover - another wordfreq layout
        from wordfreq import get_frequency_list

        return tuple(tuple(bucket) for bucket in get_frequency_list("en", wordlist="best"))
    import gzip

    import msgpack

    with gzip.open(path, "rb") as infile:
        data = msgpack.load(infile, raw=False)
    header = data[0]
    if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
        raise ValueError(f"{path.name}: unexpected wordfreq header {header!r}")
    return tuple(tuple(bucket) for bucket in data[1:])


def _bucket_frequency(index: int) -> float:
    """The frequency of bucket ``index`` (wordfreq's ``cB_to_freq(-index)``)."""
    return 10 ** (-index / 100)


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    """word -> frequency, equal to ``wordfreq.get_frequency_dict("en", "best")`` (tested)."""
    frequencies: dict[str, float] = {}
    for index, bucket in enumerate(_buckets()):
        frequencies.update(dict.fromkeys(bucket, _bucket_frequency(index)))
    return frequencies


def zipf(word: str) -> float:
    """wordfreq's Zipf frequency of a lower-cased word (0 when unknown)."""
    frequency = _frequencies().get(word.lower())
    return math.log10(frequency * 1e9) if frequency else 0.0


@lru_cache(maxsize=4)
def _words_at_least(zipf_floor: float) -> frozenset[str]:
    """The lower-cased words whose :func:`zipf` is at least ``zipf_floor``, built once per process.

    wordfreq's list has a few hundred distinct frequencies, so the Zipf value is computed per
    frequency (by :func:`zipf`'s own formula) rather than per word: membership answers
    ``zipf(word) >= zipf_floor`` exactly, with one set look-up."""
    # straight from the buckets (one frequency each), without building the whole dictionary
    # (wordfreq lists each word once: a test checks this equals the dictionary's answer)
    buckets = _buckets()
    return frozenset(word for index, bucket in enumerate(buckets)
                     if math.log10(_bucket_frequency(index) * 1e9) >= zipf_floor for word in bucket)


def _same_case_shape(first: str, second: str) -> bool:
    """"Gove rnment", "gove rnment", "GOVE RNMENT": the second piece continues the first's case."""
    if second.islower():
        return True
    return first.isupper() and second.isupper()


def word_edits(text: str) -> list[Edit]:
    """Edits repairing split and run-together words in ``text`` (sorted, non-overlapping)."""
    lower = text.lower()
    encoded = lower.encode("ascii", "replace")
    vocabulary = Counter(encoded.translate(_LETTERS_ONLY).decode("ascii").split())  # = _WORD.findall(lower)
    # Only pairs with a piece that is not a word, and tokens that are not words, can need a
    # repair: find those once per distinct token, then look at their occurrences only.
    rare = [token for token, count in vocabulary.items() if count <= 2]
    if rare:
        words = _words_at_least(NOT_A_WORD_ZIPF)
        suspects = [token for token in rare if token not in words]
    else:
        suspects = []
    edits: list[Edit] = []
    # where four letters or more meet a digit, if the lower-cased text lines up with the text
    glued = _glued_digit_starts(encoded.translate(_SHAPES)) if len(lower) == len(text) else None
    if not suspects:
        return _letters_digits(text, edits, glued)
    for start, token in sorted(_occurrences(lower, suspects)):
        # the pair ending here ("defens e" seen from "e") and the pair starting here
        before = _LAST_WORD.search(text, max(0, start - 64), start - 1) if start > 1 and text[start - 1] == " " else None
        for first_start in ((before.start(),) if before else ()) + (start,):
            match = _PAIR.match(text, first_start)
            if match and (first_start == start or match.start(2) == start):
                edit = _rejoin(match, vocabulary)
                if edit:
                    edits.append(edit)
        if len(token) >= 6 and zipf(token) < SPLIT_MAX_ZIPF:
            match = _LONE.match(text, start)
            if match and match.end() == start + len(token):
                edit = _split(match, lower, vocabulary)
                if edit:
                    edits.append(edit)
    return _letters_digits(text, edits, glued)


def _occurrences(lower: str, tokens: list[str]):
    """``(start, token)`` of each whole-word occurrence of ``tokens`` in the lower-cased text."""
    for token in tokens:
        position = lower.find(token)
        while position >= 0:
            end = position + len(token)
            if (position == 0 or not lower[position - 1].isalpha()) and (end == len(lower) or not lower[end].isalpha()):
                yield position, token
            position = lower.find(token, end)


def _glued_digit_starts(shapes: bytes) -> list[int]:
    """Starts of the runs of four letters or more followed by a digit (``shapes``: see ``_SHAPES``):
    the only places ``_LETTERS_DIGITS`` can match, found with ``bytes.find`` instead of a regex
    scan of every character."""
    starts = []
    position = shapes.find(b"a0")
    while position >= 0:
        start = position
        while start > 0 and shapes[start - 1] == 97:
            start -= 1
        if position + 1 - start >= 4:
            starts.append(start)
        position = shapes.find(b"a0", position + 2)
    return starts


def _letters_digits(text: str, edits: list[Edit], glued: list[int] | None = None) -> list[Edit]:
    """Add "subsection1" -> "subsection 1" edits; return all edits sorted, without overlaps.

    ``glued``: the only offsets where a match can start (``None``: scan the whole text)."""
    if glued == []:
        from pipeline.ingest.repair import _without_overlaps

        return _without_overlaps(edits)
    lower = text.lower()
    if glued is None:
        matches = _LETTERS_DIGITS.finditer(text)
    else:
        matches = filter(None, (_LETTERS_DIGITS.match(text, start) for start in glued))
    for match in matches:
        letters = match.group(1)
        if _before_number(lower, letters.lower()):
            edits.append(Edit(match.start(), match.end(), f"{letters} {match.group(2)}", "run_together"))
    from pipeline.ingest.repair import _without_overlaps

    return _without_overlaps(edits)


def _before_number(lower: str, word: str) -> bool:
    """The document writes ``word``, a space and a digit somewhere ("subsection 2")."""
    position = lower.find(word + " ")
    while position >= 0:
        after = position + len(word) + 1
        if (position == 0 or not lower[position - 1].isalnum()) and lower[after : after + 1].isdigit():
            return True
        position = lower.find(word + " ", position + 1)
    return False


def _rejoin(match: re.Match, vocabulary: Counter) -> Edit | None:
    first, second = match.group(1), match.group(2)
    if not _same_case_shape(first, second):
        return None
    joined = (first + second).lower()
    if joined not in vocabulary and joined not in _words_at_least(COMMON_ZIPF):
        return None  # neither common nor the document's word: refused below too, at less cost
    pieces = (first.lower(), second.lower())
    broken = [piece for piece in pieces if zipf(piece) < NOT_A_WORD_ZIPF and vocabulary[piece] <= 2]
    if not broken or (first[0].isupper() and first.lower() in broken and not first.isupper()):
        return None  # "Mc Cain": a capitalised non-word opening the pair is a name
    joined_zipf = zipf(joined)
    if joined_zipf < COMMON_ZIPF and (vocabulary[joined] == 0 or min(zipf(piece) for piece in pieces) >= DEBRIS_ZIPF):
        # on the document's word alone, a piece must be debris: "acetyl fentanyl" beside
        # "acetylfentanyl" in a list of compounds is two words
        return None
    if joined_zipf < max(zipf(piece) for piece in broken) + SPLIT_MARGIN and vocabulary[joined] == 0:
        return None
    return Edit(match.start(1), match.end(2), first + second, "split_word")


#: Split pieces not written together elsewhere in the document must be this common...
ATTESTED_ZIPF = 3.5
#: ...and each stands alone in the document or is very common (one in 30,000 words).
UNATTESTED_ZIPF = 4.5
#: ...and must not begin (end) this many common English compounds ("sub-", "-ability").
PREFIX_COMPOUNDS = 10
SUFFIX_COMPOUNDS = 3
_SUFFIXES = ("s", "es", "d", "ed", "ing", "ly")


def _split(match: re.Match, text: str, vocabulary: Counter) -> Edit | None:
    token = match.group(1)
    if not token.islower():
        return None  # "NACOLE", "Georgene", "McDonald": acronyms and names, not two words
    token_zipf = zipf(token)
    if token_zipf >= SPLIT_MAX_ZIPF or vocabulary[token] > 2:
        return None
    # an inflection of a word ("subparagraphs", "strangleholds") is a word
    for suffix in _SUFFIXES:
        stem = token[: -len(suffix)]
        if token.endswith(suffix) and len(stem) >= 4 and (zipf(stem) >= SPLIT_MAX_ZIPF or vocabulary[stem]):
            return None
    best = None
    common = _words_at_least(COMMON_ZIPF)
    for cut in range(1, len(token) - 1):
        head, tail = token[:cut], token[cut:]
        if len(head) == 1 and head != "a":
            continue
        if head not in common or tail not in common:
            continue  # score below COMMON_ZIPF (set look-ups instead of two zipf calls)
        score = min(zipf(head), zipf(tail))
        if score < COMMON_ZIPF or score < token_zipf + SPLIT_MARGIN or (best is not None and score <= best[0]):
            continue
        if not _split_attested(head, tail, text, vocabulary):
            continue
        best = (score, cut)
    if best is None:
        return None
    cut = best[1]
    return Edit(match.start(), match.end(), f"{token[:cut]} {token[cut:]}", "run_together")


def _written_apart(lower: str, phrase: str) -> bool:
    """``phrase`` occurs in the lower-cased text as whole words."""
    position = lower.find(phrase)
    while position >= 0:
        end = position + len(phrase)
        if (position == 0 or not lower[position - 1].isalnum()) and (end == len(lower) or not lower[end].isalnum()):
            return True
        position = lower.find(phrase, position + 1)
    return False


def _split_attested(head: str, tail: str, text: str, vocabulary: Counter) -> bool:
    """The document writes "head tail" elsewhere; or uses both words on their own, they are
    common, and neither is a piece English builds compounds from ("sub-", "over-", "-ability",
    "-women", "-back": "carryback" and "churchwomen" are words, not two)."""
    if _written_apart(text, f"{head} {tail}"):
        return True
    if min(zipf(head), zipf(tail)) < ATTESTED_ZIPF:
        return False
    if not (vocabulary[head] or zipf(head) >= UNATTESTED_ZIPF) or not (vocabulary[tail] or zipf(tail) >= UNATTESTED_ZIPF):
        return False
    if _prefix_compounds(head) >= PREFIX_COMPOUNDS or _suffix_compounds(tail) >= SUFFIX_COMPOUNDS:
        return False
    # nor one this document builds compounds from ("chokeholds" next to "neckholds")
    for other in vocabulary:
        if len(other) >= len(tail) + 3 and other.endswith(tail) and other != head + tail and zipf(other[: -len(tail)]) >= COMMON_ZIPF:
            return False
        if len(other) >= len(head) + 3 and other.startswith(head) and other != head + tail and zipf(other[len(head):]) >= COMMON_ZIPF:
            return False
    return True


#: Compounds are counted among words at least this common.
_COMPOUND_ZIPF = 1.5


@lru_cache(maxsize=1)
def _compound_parts() -> tuple[frozenset[str], tuple[str, ...]]:
    """Common English words (frequency floor of ``_COMPOUND_ZIPF``, letters only), and the words
    of three letters or more a compound may add to a head or tail (Zipf >= ``ATTESTED_ZIPF``).

    Built once per process, only when a split gets this far (no sorting of wordfreq's list:
    a compound ``piece + part`` is looked up for each part, a few milliseconds per piece)."""
    floor = 10 ** (_COMPOUND_ZIPF - 9)
    common = frozenset(word for word, frequency in _frequencies().items() if frequency >= floor and word.isalpha())
    parts = tuple(word for word in _words_at_least(ATTESTED_ZIPF) if len(word) >= 3)
    return common, parts


#: Pieces counted by look-ups (~5 ms each) before a sorted index (one sort, ~0.25 s, then
#: ~0.1 ms a piece) pays off: one bill never sorts, a bulk run sorts once.
_LOOKUP_PIECES = 50
_pieces_counted = 0


@lru_cache(maxsize=1)
def _sorted_common_words() -> tuple[list[str], list[str]]:
    """The common words of :func:`_compound_parts` sorted, and reversed and sorted (suffix look-ups)."""
    common = _compound_parts()[0]
    return sorted(common), sorted(word[::-1] for word in common)


def _count_compounds(piece: str, reverse: bool, *, method: str | None = None) -> int:
    """Common words that are ``piece`` + a part (``reverse``: a part + ``piece``), the part
    a common word of three letters or more; by look-ups, or by bisect once many pieces were
    asked (``method`` "lookup"/"bisect" forces one: the test compares them)."""
    global _pieces_counted
    _pieces_counted += 1
    if method == "lookup" or (method is None and _pieces_counted <= _LOOKUP_PIECES):
        common, parts = _compound_parts()
        if reverse:
            return sum(1 for part in parts if part + piece in common)
        return sum(1 for part in parts if piece + part in common)
    from bisect import bisect_left

    words = _sorted_common_words()[1 if reverse else 0]
    key = piece[::-1] if reverse else piece
    index = bisect_left(words, key)
    count = 0
    while index < len(words) and words[index].startswith(key):
        word = words[index][::-1] if reverse else words[index]
        rest = word[: -len(piece)] if reverse else word[len(piece):]
        if len(rest) >= 3 and zipf(rest) >= ATTESTED_ZIPF:
            count += 1
        index += 1
    return count


@lru_cache(maxsize=8192)
def _prefix_compounds(head: str) -> int:
    """How many common English words are ``head`` + a common word of three letters or more."""
    return _count_compounds(head, reverse=False)


@lru_cache(maxsize=8192)
def _suffix_compounds(tail: str) -> int:
    """How many common English words are a common word of three letters or more + ``tail``."""
    return _count_compounds(tail, reverse=True)


#: A word broken by a hyphen at a line end: "consti-" / "tution" (the indent of the next line between).
_LINE_END_HYPHEN = re.compile(r"(?<![A-Za-z\-])([A-Za-z]+)-\n[ \t]*([a-z]+)(?![A-Za-z\-])")


def hyphen_break_edits(text: str) -> list[Edit]:
    """Edits dropping the ``-\n<indent>`` inside words a plain text broke at line ends ("consti-\n
    tution"). Conservative, like the rest of this module: the joined form must be a common English
    word, at least one piece must not be one ("co-" / "op" and "self-" / "executing" stay), and the
    document must not write the hyphenated compound elsewhere."""
    edits: list[Edit] = []
    lower = None
    for match in _LINE_END_HYPHEN.finditer(text):
        first, second = match.group(1), match.group(2)
        whole, head, tail = zipf((first + second).lower()), zipf(first.lower()), zipf(second)
        # a rarer word ("indem-" / "nify": legal vocabulary is rarer than everyday English) is joined when
        # neither piece is a word of its own
        rare_but_whole = whole >= RARE_JOINED_ZIPF and max(head, tail) < PIECE_ZIPF
        if (whole < COMMON_ZIPF and not rare_but_whole) or (head >= COMMON_ZIPF and tail >= COMMON_ZIPF):
            continue
        lower = text.lower() if lower is None else lower
        if f"{first.lower()}-{second}" in lower:
            continue
        edits.append(Edit(match.end(1), match.start(2), "", "hyphenation"))
    return edits

