"""``qi_span_ruler``: spaCy's ``SpanRuler``, run only on clauses that contain a trigger word.

spaCy's ``Matcher`` tries every pattern at every token, so on a long bill it costs several
times the tokenizer. Almost all of a bill has nothing to do with the rubric, and every cue
pattern needs at least one distinctive word ("immunity", "indemnify", "fees", "dollars",
"intervene" ...). This subclass derives those *trigger* words from its own patterns, finds
them with a vectorised lookup over the token array, and runs the unchanged matchers only on
the stretch of each trigger's sentence around it. Patterns, serialisation (``patterns.jsonl``) and output
(``doc.spans[spans_key]``) are those of ``SpanRuler``.
"""

from __future__ import annotations

import warnings
from typing import Callable, Iterable, Optional

import numpy
from spacy.attrs import LOWER
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

    def candidate_windows(self, doc: Doc) -> list[tuple[int, int]]:
        """All token ranges that some family matches (merged), for diagnostics."""
        ranges = sorted(r for windows in self.family_windows(doc).values() for r in windows)
        merged: list[tuple[int, int]] = []
        for start, end in ranges:
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        return merged

    def match(self, doc: Doc):
        self._require_patterns()
        matches = []
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="\\[W036")
            for family, windows in self.family_windows(doc).items():
                matcher = self._family_matchers[family]
                for start, end in windows:
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
