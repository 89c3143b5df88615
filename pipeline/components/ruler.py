"""``qi_span_ruler``: spaCy's ``SpanRuler``, run only on clauses that contain a trigger word.

spaCy's ``Matcher`` tries every pattern at every token, so on a long bill it costs several
times the tokenizer. Almost all of a bill has nothing to do with the rubric, and every cue
pattern needs at least one distinctive word ("immunity", "indemnify", "fees", "dollars",
"intervene" ...). This subclass derives those *trigger* words from its own patterns, finds
them with a vectorised lookup over the token array, and runs the unchanged matchers only on
the stretch of each trigger's sentence around it. Patterns, serialisation (``patterns.jsonl``) and output
(``doc.spans[spans_key]``) are those of ``SpanRuler``.

Inside those windows each pattern runs on its own and only where it can match: a window must
hold every word the pattern requires (its non-optional ``LOWER``/``LEMMA``/``ORTH`` tokens),
and a pattern of bounded length runs only on the few words around the hits of its rarest
required word. spaCy's matcher makes a ``Token`` object per position per call, so scanning
less text is what counts; the matches are exactly those of the family matcher over the whole
window (tested on the corpus).
"""

from __future__ import annotations

import warnings
from typing import Callable, Iterable, Optional

import numpy
from spacy.attrs import IS_SPACE, LEMMA, LOWER, ORTH
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline.span_ruler import SpanRuler
from spacy.tokens import Doc, Span

from pipeline.components.context import sentence_starts

#: Words too common to say anything about a clause; never used as triggers.
COMMON_WORDS = frozenset("""
a an the any all every each no not nor or and but if of in on to for by as at with from into upon
that this these those such it its is are was were be been being shall may must will can would
should could has have had do does did up more than less per who which when where whether other
also only same said under after before within without against between including
""".split())


def _literal_words(token: dict) -> set[str] | None:
    """Words a required pattern token can match, or None if it is not a plain literal."""
    if token.get("OP") in ("?", "*") or (isinstance(token.get("OP"), str) and token["OP"].startswith("{0")):
        return None
    for key in ("LOWER", "LEMMA", "ORTH", "lower", "lemma", "orth"):
        value = token.get(key)
        if isinstance(value, str):
            return {value.lower()}
        if isinstance(value, dict) and "IN" in value:
            return {str(v).lower() for v in value["IN"]}
    return None


def trigger_words(pattern) -> set[str]:
    """The distinctive words one of which must occur wherever ``pattern`` matches.

    Among the pattern's required literal tokens, the one whose words are longest on average
    (a cheap proxy for rarest) and not all common words; for phrase patterns, their longest
    word. Lemma patterns also trigger on the usual inflections, since the ruler's token
    lookup is on the lower-case form.
    """
    if isinstance(pattern, str):
        words = [w.lower() for w in pattern.split() if w.lower() not in COMMON_WORDS]
        return {max(words, key=len)} if words else set()
    best: set[str] = set()
    best_len = -1.0
    for token in pattern:
        words = _literal_words(token)
        if not words or words <= COMMON_WORDS:
            continue
        words = words - COMMON_WORDS
        length = sum(len(w) for w in words) / len(words)
        if length > best_len:
            best, best_len = words, length
            if any(k in token for k in ("LEMMA", "lemma")):
                best = {form for w in words for form in (w, w + "s", w + "d", w + "ed", w[:-1] + "ies",
                                                          w[:-1] + "ied", w + "ing", w + "es")}
    return best


_LITERAL_ATTRS = {"LOWER": LOWER, "LEMMA": LEMMA, "ORTH": ORTH, "TEXT": ORTH}


def required_literals(pattern: list[dict], strings) -> list[tuple[int, numpy.ndarray]]:
    """``(attr id, sorted value hashes)`` of every token of ``pattern`` that must match exactly
    once or more (no ``?``/``*``/``!`` operator) on ``LOWER``/``LEMMA``/``ORTH`` with a plain
    value or an ``IN`` list. A match of the pattern contains a token with each of them."""
    literals = []
    for token in pattern:
        if token.get("OP") not in (None, "+"):
            continue
        for key, value in token.items():
            attr = _LITERAL_ATTRS.get(key.upper()) if isinstance(key, str) else None
            if attr is None:
                continue
            if isinstance(value, str):
                values = [value]
            elif isinstance(value, dict) and set(value) == {"IN"}:
                values = [str(v) for v in value["IN"]]
            else:
                continue
            literals.append((attr, numpy.array(sorted(strings.add(v) for v in values), dtype="uint64")))
            break
    return literals


def max_words(pattern: list[dict]) -> int | None:
    """The most non-whitespace tokens a match of ``pattern`` can have, or ``None`` when it is
    unbounded. Optional runs of whitespace tokens (``{"IS_SPACE": True, "OP": "*"}``, inserted
    between pattern tokens so that matches cross line breaks) are free."""
    count = 0
    for token in pattern:
        op = token.get("OP")
        if op == "*" and set(token) == {"IS_SPACE", "OP"} and token["IS_SPACE"] is True:
            continue
        if op not in (None, "?"):
            return None  # repeats, and negations (which can match a whitespace token)
        if token.get("IS_SPACE") is True or token.get("is_space") is True:
            return None  # a whitespace token that counts: keep it simple, match the window
        count += 1
    return count


class TriggeredSpanRuler(SpanRuler):
    """A ``SpanRuler`` that matches only around the trigger words of its pattern families.

    Patterns are grouped into families by the prefix of their ``id`` (``"fees.attorney_fees"``
    -> ``fees``). A family's matcher runs only around the trigger words of that family or of a
    family that *activates* it (``activates``: the immunity clauses also need the coverage
    and rights cues, for instance). Patterns with no distinctive word ("not more than"), or
    whose line says ``"trigger": []``, still match where their family runs: they are context.
    ``"trigger": [words]`` on a pattern line overrides the derived choice.

    ``self.matcher`` (all patterns, as in ``SpanRuler``) is kept for serialisation and for
    patterns without a family.
    """

    #: Tokens on each side of a trigger that are matched (clipped to the trigger's sentence):
    #: enough for any pattern through the trigger and for the context cues of its clause.
    reach = 60

    def __init__(self, nlp: Language, name: str = "qi_span_ruler", *, activates: dict | None = None, **kwargs):
        super().__init__(nlp, name, **kwargs)
        self.activates = {family: list(others) for family, others in (activates or {}).items()}
        self._reset_families()

    def _reset_families(self) -> None:
        self._family_matchers: dict[str, Matcher] = {}
        self._family_words: dict[str, set[str]] = {}
        self._family_hashes: dict[str, numpy.ndarray] = {}
        # per family: (matcher of one pattern, its required literals as (attr, sorted hashes))
        self._family_units: dict[str, list[tuple[Matcher, list[tuple[int, numpy.ndarray]]]]] = {}

    def add_patterns(self, patterns) -> None:
        patterns = list(patterns)  # from_disk passes a generator; it is read twice here
        super().add_patterns(patterns)
        strings = self.nlp.vocab.strings
        for entry in patterns:
            family = str(entry.get("id", "")).split(".", 1)[0]
            if not isinstance(entry["pattern"], list) or not family:
                continue
            matcher = self._family_matchers.get(family)
            if matcher is None:
                matcher = self._family_matchers[family] = Matcher(self.nlp.vocab, validate=False)
                self._family_words[family] = set()
            matcher.add(repr((entry["label"], entry.get("id", ""))), [entry["pattern"]])
            unit = Matcher(self.nlp.vocab, validate=False)
            unit.add(repr((entry["label"], entry.get("id", ""))), [entry["pattern"]])
            self._family_units.setdefault(family, []).append(
                (unit, required_literals(entry["pattern"], strings), max_words(entry["pattern"])))
            explicit = entry.get("trigger")
            words = {w.lower() for w in explicit} if explicit is not None else trigger_words(entry["pattern"])
            self._family_words[family] |= words
        self._family_hashes = {
            family: numpy.array(sorted(strings.add(w) for w in words), dtype="uint64")
            for family, words in self._family_words.items()
        }

    def clear(self) -> None:
        super().clear()
        self._reset_families()

    @property
    def triggers(self) -> frozenset:
        return frozenset(w for words in self._family_words.values() for w in words)

    def _windows(self, doc: Doc, hits: numpy.ndarray, starts: numpy.ndarray) -> list[tuple[int, int]]:
        sid = numpy.searchsorted(starts, hits, side="right") - 1
        lo = numpy.maximum(starts[sid], hits - self.reach)
        hi = numpy.minimum(starts[sid + 1], hits + self.reach + 1)
        windows: list[tuple[int, int]] = []
        for start, end in zip(lo.tolist(), hi.tolist()):
            if windows and start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], max(windows[-1][1], end))
            else:
                windows.append((start, end))
        return windows

    def family_windows(self, doc: Doc) -> dict[str, list[tuple[int, int]]]:
        """``{family: token ranges to match}`` for one doc."""
        if not len(doc) or not self._family_hashes:
            return {}
        lower = doc.to_array([LOWER]).reshape(-1)
        hits_of = {}
        for family, hashes in self._family_hashes.items():
            if len(hashes):
                hits = numpy.flatnonzero(numpy.isin(lower, hashes))
                if len(hits):
                    hits_of[family] = hits
        if not hits_of:
            return {}
        run: dict[str, list[numpy.ndarray]] = {}
        for family, hits in hits_of.items():
            for target in [family] + self.activates.get(family, []):
                if target in self._family_matchers:
                    run.setdefault(target, []).append(hits)
        starts = numpy.asarray(sentence_starts(doc) + [len(doc)])
        return {family: self._windows(doc, numpy.unique(numpy.concatenate(parts)), starts)
                for family, parts in run.items()}

    def match(self, doc: Doc):
        self._require_patterns()
        matches = []
        columns: dict[int, numpy.ndarray] = {}
        positions: dict[tuple[int, bytes], numpy.ndarray] = {}
        words = numpy.flatnonzero(doc.to_array([IS_SPACE]).reshape(-1) == 0) if len(doc) else numpy.zeros(0, "int64")

        def hits_of(attr: int, hashes: numpy.ndarray) -> numpy.ndarray:
            key = (attr, hashes.tobytes())
            hits = positions.get(key)
            if hits is None:
                column = columns.get(attr)
                if column is None:
                    column = columns[attr] = doc.to_array([attr]).reshape(-1)
                hits = positions[key] = numpy.flatnonzero(numpy.isin(column, hashes))
            return hits

        def present(attr: int, hashes: numpy.ndarray, lo: numpy.ndarray, hi: numpy.ndarray) -> numpy.ndarray:
            """For each window [lo, hi): does a token with one of ``hashes`` as ``attr`` occur?"""
            hits = hits_of(attr, hashes)
            return numpy.searchsorted(hits, hi) > numpy.searchsorted(hits, lo)

        def spans_around(hits, reach, lo, hi, possible) -> list[tuple[int, int]]:
            """Merged ranges of ``reach`` words (whitespace tokens are free) on each side of
            each hit, clipped to the possible window that holds the hit."""
            window = numpy.searchsorted(lo, hits, side="right") - 1
            keep = (window >= 0) & (hits < hi[numpy.maximum(window, 0)])
            keep &= possible[numpy.maximum(window, 0)]
            hits, window = hits[keep], window[keep]
            if not len(hits):
                return []
            rank = numpy.searchsorted(words, hits)
            first = words[numpy.maximum(rank - reach, 0)]
            last = words[numpy.minimum(rank + reach, len(words) - 1)] + 1
            first = numpy.maximum(first, lo[window])
            last = numpy.minimum(last, hi[window])
            ranges: list[tuple[int, int]] = []
            for start, end in zip(first.tolist(), last.tolist()):
                if ranges and start <= ranges[-1][1]:
                    ranges[-1] = (ranges[-1][0], max(ranges[-1][1], end))
                else:
                    ranges.append((start, end))
            return ranges

        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="\\[W036")
            for family, windows in self.family_windows(doc).items():
                # Each pattern runs only on the windows that hold every word it requires: a
                # window without them cannot contain a match, so the matches are the same as
                # running the family's matcher on every window, at a fraction of the cost.
                lo = numpy.fromiter((w[0] for w in windows), dtype="int64", count=len(windows))
                hi = numpy.fromiter((w[1] for w in windows), dtype="int64", count=len(windows))
                for matcher, literals, width in self._family_units.get(family, ()):
                    possible = numpy.ones(len(windows), dtype=bool)
                    for attr, hashes in literals:
                        possible &= present(attr, hashes, lo, hi)
                        if not possible.any():
                            break
                    if not possible.any():
                        continue
                    if width is not None and literals:
                        # A match of at most ``width`` words holds a hit of the rarest required
                        # literal, so it lies within width - 1 words of one: match only there.
                        anchor = min((hits_of(attr, hashes) for attr, hashes in literals), key=len)
                        ranges = spans_around(anchor, width - 1, lo, hi, possible)
                    else:
                        ranges = [windows[w] for w in numpy.flatnonzero(possible).tolist()]
                    for start, end in ranges:
                        for match_id, s, e in matcher(doc[start:end]):
                            matches.append((match_id, start + s, start + e))
            if len(self.phrase_matcher):
                matches.extend(self.phrase_matcher(doc))
        found = {
            Span(doc, s, e, label=self._match_label_id_map[m]["label"], span_id=self._match_label_id_map[m]["id"])
            for m, s, e in matches
            if s != e
        }
        return sorted(found)


@Language.factory(
    "qi_span_ruler",
    default_config={
        "spans_key": "qi_cues",
        "spans_filter": None,
        "annotate_ents": False,
        "ents_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
        "phrase_matcher_attr": "LOWER",
        "validate": False,
        "overwrite": True,
        "scorer": None,
        "activates": {},
    },
)
def make_qi_span_ruler(
    nlp: Language,
    name: str,
    spans_key: Optional[str],
    spans_filter: Optional[Callable[[Iterable[Span], Iterable[Span]], Iterable[Span]]],
    annotate_ents: bool,
    ents_filter: Callable[[Iterable[Span], Iterable[Span]], Iterable[Span]],
    phrase_matcher_attr,
    validate: bool,
    overwrite: bool,
    scorer: Optional[Callable],
    activates: dict,
) -> TriggeredSpanRuler:
    return TriggeredSpanRuler(
        nlp, name, spans_key=spans_key, spans_filter=spans_filter, annotate_ents=annotate_ents,
        ents_filter=ents_filter, phrase_matcher_attr=phrase_matcher_attr, validate=validate,
        overwrite=overwrite, scorer=scorer, activates=activates,
    )


__all__ = ["TriggeredSpanRuler", "trigger_words", "COMMON_WORDS"]
