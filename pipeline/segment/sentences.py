"""Sentence units: spaCy over each unit's own body text.

A unit's *body* is its text minus its child units: the lead-in of a subsection before its
paragraphs, the flush text after them, or the whole text of a leaf. All bodies of a document
go through ``nlp.pipe`` in one call (tokenizer + ``legal_sentencizer`` only), and each
sentence becomes a ``sentence`` child of its unit, ordered among the unit's other children.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from pipeline.segment.model import Section

__all__ = ["get_sentence_nlp", "add_sentences", "body_spans"]


@lru_cache(maxsize=1)
def get_sentence_nlp():
    """A blank English pipeline with the legal tokenizer and the ``legal_sentencizer``."""
    import spacy

    from pipeline.tokenizer import add_legal_sentencizer

    nlp = spacy.blank("en")
    add_legal_sentencizer(nlp)
    return nlp


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_label_only(sentence: str, unit: Section) -> bool:
    label = (unit.label or "").strip()
    return bool(label) and sentence.strip("`\"' ") == label


#: Margin right before a child unit: printed line numbers ("... New Mexico. 11 B. ..."), blank
#: numbered lines ("...;\n38\n39 C. ..."), a running page head. A number counts as margin only
#: after the end of a clause or line, so "increased by 11\n(b)" keeps its 11. The digit group is
#: atomic: a run of digits splits into groups of 1-3 in only one way, where the plain ``\d{1,3}``
#: inside ``(...)+`` tried every split (exponential: 28 digits took 14 s).
_MARGIN = re.compile(
    r"(?<=[.;:)\"'\n-])(?:\s*(?:Page \d+(?:, Line| - \S+\(\d+\))|(?>\d{1,3})))+[ \t]*$"
)
#: A list bullet opening the child's line ("...; or\n    - (B) ...").
_BULLET = re.compile(r"\n[ \t]*[-*\u2022][ \t]*$")


def _margin_start(text: str, start: int, stop: int) -> int:
    """Where the margin before ``stop`` begins (``stop`` when there is none)."""
    while True:
        match = _BULLET.search(text, max(start, stop - 40), stop) or _MARGIN.search(
            text, max(start, stop - 80), stop
        )
        if not match or match.start() >= stop:
            return stop
        stop = match.start()


def body_spans(text: str, unit: Section) -> list[tuple[int, int]]:
    """Stripped spans of ``unit``'s text not covered by its (non-sentence) children.

    What stands right before a child (printed line numbers, a page head) is margin, not body:
    the span stops before it.
    """
    spans = []
    cursor = unit.start
    for child in unit.children:
        if child.kind == "sentence":
            continue
        stop = _margin_start(text, cursor, child.start)
        start, end = _strip(text, cursor, stop)
        if end > start:
            spans.append((start, end))
        cursor = child.end
    stop = _margin_start(text, cursor, unit.end)
    start, end = _strip(text, cursor, stop)
    if end > start:
        spans.append((start, end))
    return spans


#: Bodies are tokenized together in chunks of about this many characters: one ``Doc`` per
#: chunk keeps the per-document overhead of spaCy and numpy low (most bodies are a line or two)
#: while memory stays bounded for very long documents.
_CHUNK_CHARS = 100_000


def _chunks(jobs: list[tuple[Section, int, int]]) -> list[tuple[int, int, list[tuple[Section, int, int]]]]:
    """Group body spans (sorted by start) into ``(start, end, spans)`` chunks of the text."""
    chunks: list[tuple[int, int, list]] = []
    for job in jobs:
        if chunks and job[2] - chunks[-1][0] <= _CHUNK_CHARS:
            start, _, members = chunks[-1]
            members.append(job)
            chunks[-1] = (start, job[2], members)
        else:
            chunks.append((job[1], job[2], [job]))
    return chunks


_NOT_NEWLINE = re.compile(r"[^\n]")


def _masked_chunk(text: str, start: int, end: int, members: list[tuple[Section, int, int]]) -> str:
    """``text[start:end]`` with everything outside the body spans (margin numbers glued to a
    line, page heads, bullets) blanked out, line breaks kept: offsets stay the same, and "2Sec. 1."
    tokenizes like "Sec. 1."."""
    parts = []
    cursor = start
    for _, span_start, span_end in members:
        if span_start > cursor:
            parts.append(_NOT_NEWLINE.sub(" ", text[cursor:span_start]))
        parts.append(text[span_start:span_end])
        cursor = span_end
    if end > cursor:
        parts.append(_NOT_NEWLINE.sub(" ", text[cursor:end]))
    return "".join(parts)


def _chunk_sentence_starts(nlp, texts: list[str], batch_size: int):
    """For each chunk text, the sorted character offsets where sentences start.

    With a pipeline that has the ``legal_sentencizer`` (the default one, or the run path's
    flagging pipeline, so no second pipeline is built) this runs only its tokenizer and
    :func:`~pipeline.tokenizer.sentence_start_indices` (the rules of the ``legal_sentencizer``
    component, without writing them into the ``Doc`` and reading them back as spans). Any other
    ``nlp`` runs in full and its ``doc.sents`` are used.
    """
    if "legal_sentencizer" in nlp.pipe_names:
        from spacy.attrs import IDX

        from pipeline.tokenizer import sentence_start_indices

        for doc in nlp.tokenizer.pipe(texts, batch_size=batch_size):
            yield doc.to_array(IDX)[sentence_start_indices(doc)].tolist() if len(doc) else []
        return
    for doc in nlp.pipe(texts, batch_size=batch_size):
        yield [sent.start_char for sent in doc.sents]


def doc_sentence_starts(doc) -> list[int]:
    """Sorted character offsets where sentences start in an already processed ``Doc``: its own
    sentence annotation when it has one (e.g. from the ``legal_sentencizer`` of the flagging
    pipeline), else the legal sentence rules applied to its tokens."""
    from spacy.attrs import IDX, SENT_START

    if not len(doc):
        return []
    if doc.has_annotation("SENT_START"):
        columns = doc.to_array([IDX, SENT_START])
        return columns[columns[:, 1].astype("int64") == 1, 0].tolist()
    from pipeline.tokenizer import sentence_start_indices

    return doc.to_array(IDX)[sentence_start_indices(doc)].tolist()


def _aligned_jobs(doc, text: str, jobs):
    """Split body spans into those whose words the whole-text ``doc`` tokenized as in a
    separate pass, and the rest.

    A body whose first line carries a margin glued to it (``2Sec. 1.``: line 2 of a Maine
    bill) or that shares a line with a printed line number (``4    Section 1.``) is tokenized
    differently inside the whole text (``2Sec``, ``.``) than on its own, so those bodies, and
    the bodies of their unit, go through the masked pass as before.
    """
    import numpy
    from spacy.attrs import IDX, SPACY

    columns = doc.to_array([IDX, SPACY]).astype("int64")
    starts = columns[:, 0]
    # a token ends where the next begins, less the one trailing space spaCy keeps apart
    ends = numpy.append(starts[1:], len(text)) - columns[:, 1]
    token_starts = set(starts.tolist())
    token_ends = set(ends.tolist())
    bad_units = set()
    for unit, start, end in jobs:
        line_start = text.rfind("\n", 0, start) + 1
        if start not in token_starts or end not in token_ends or text[line_start:start].strip():
            bad_units.add(id(unit))
    reused = [job for job in jobs if id(job[0]) not in bad_units]
    rest = [job for job in jobs if id(job[0]) in bad_units]
    return reused, rest


def add_sentences(text: str, root: Section, nlp=None, *, batch_size: int = 16, doc=None) -> None:
    """Add ``sentence`` children to every unit of the tree under ``root`` (in place).

    Every body span starts a sentence; inside it, sentences start where the sentence rules say
    (run over the text of the chunk that holds the span). With ``doc`` (a ``Doc`` of exactly
    ``text``, e.g. the flagging pipeline's) no tokenizer runs: the sentence starts inside each
    body are those of ``doc`` over the whole text.
    """
    jobs: list[tuple[Section, int, int]] = []
    for unit in root.walk():
        for start, end in body_spans(text, unit):
            jobs.append((unit, start, end))
    if not jobs:
        return
    jobs.sort(key=lambda job: job[1])
    chunks: list = []
    chunk_starts: list = []
    if doc is not None:
        if len(doc) and doc[-1].idx + len(doc[-1].text_with_ws) != len(text):
            raise ValueError("doc is not a Doc of this text")
        reused, jobs = _aligned_jobs(doc, text, jobs)
        if reused:
            chunks.append((0, len(text), reused))
            chunk_starts.append(doc_sentence_starts(doc))
    if jobs:
        nlp = nlp or get_sentence_nlp()
        masked = _chunks(jobs)
        texts = [_masked_chunk(text, start, end, members) for start, end, members in masked]
        chunks.extend(masked)
        chunk_starts = itertools.chain(chunk_starts, _chunk_sentence_starts(nlp, texts, batch_size))
    found: dict[int, list[Section]] = {}
    counters: dict[int, int] = {}
    for (chunk_start, _, members), relative in zip(chunks, chunk_starts):
        starts = [chunk_start + offset for offset in relative]
        for unit, span_start, span_end in members:
            cuts = [span_start, *starts[bisect_right(starts, span_start) : bisect_left(starts, span_end)], span_end]
            bounds = []
            for index in range(len(cuts) - 1):
                start, end = _strip(text, cuts[index], cuts[index + 1])
                if end > start:
                    bounds.append((start, end))
            if len(bounds) > 1 and bounds[0][0] == unit.start and _is_label_only(text[bounds[0][0] : bounds[0][1]], unit):
                # "SEC. 102." + "QUALIFIED IMMUNITY REFORM.": the number belongs to what it numbers
                bounds[0:2] = [(bounds[0][0], bounds[1][1])]
            key = id(unit)
            for start, end in bounds:
                counters[key] = counters.get(key, 0) + 1
                found.setdefault(key, []).append(
                    Section(f"{unit.id}#s{counters[key]}", "sentence", None, None, start, end, [], quoted=unit.quoted)
                )
    for unit in root.walk():
        sentences = found.get(id(unit))
        if sentences:
            unit.children = sorted(unit.children + sentences, key=lambda child: child.start)
