"""The run path: the one place where the chain of stages is assembled.

    ingest -> triage -> segment + flag (one spaCy pass) -> classify -> score

Every stage below this module is a pure transformation of what it is handed; this module
decides the order, hands each stage its predecessors' output, and loads what the run needs once
(one spaCy ``Language`` from :func:`pipeline.nlp.get_nlp`, the models on first use).

Entry points (batch, report, review, export, evaluate, the CLI and the notebook API call these
and nothing below them):

* :func:`analyze` -- ``Document -> Analysis`` (sections, rule flags, scored signals);
* :func:`score_document` -- ``Document -> Result`` (triage, analysis, scorecard);
* :func:`score_file` -- ``path -> Result`` (reads the file once; the document travels along);
* :func:`score_text` -- a string of bill text ``-> Result`` (the notebook's ``pipeline.score``);
* :func:`scorecard_for` -- ``path -> Scorecard``, the batch workers' scorer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.values import Document, Flag, Scorecard, Section

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

    from pipeline.jurisdiction import Jurisdiction
    from pipeline.relevance import Relevance

__all__ = [
    "Analysis",
    "Result",
    "ScoreOptions",
    "analyze",
    "analyze_many",
    "load_document",
    "score_document",
    "score_file",
    "score_text",
    "scorecard_for",
    "triage",
    "warm_up",
]


@dataclass
class Analysis:
    """What the flagging half of the chain found in one document.

    ``sections`` is the section tree (with sentence units); ``rule_flags`` the span ruler's and
    components' flags; ``flags`` the signals the scorer uses (rule flags combined with the clause
    classifier's as ``statute train`` chose). ``doc`` is the processed spaCy ``Doc``.
    """

    sections: Section | None
    rule_flags: list[Flag]
    flags: list[Flag]
    doc: Doc | None = field(default=None, repr=False, compare=False)


@dataclass
class Result:
    """One scored document: the document as read, what was found in it, the scorecard.

    ``analysis`` is ``None`` when triage found the document not relevant (nothing was flagged).
    """

    document: Document
    analysis: Analysis | None
    scorecard: Scorecard
    relevance: Relevance | None = None


@dataclass(frozen=True)
class ScoreOptions:
    """How to run the chain on one input.

    ``max_bytes`` / ``timeout`` limit ingestion (defaults: :mod:`pipeline.config`);
    ``jurisdiction`` overrides the one read from the bill id; ``triage=False`` scores a text in
    full even when the relevance triage would drop it.
    """

    max_bytes: int | None = None
    timeout: float | None = None
    jurisdiction: str | None = None
    triage: bool = True


def _word_repair(options: ScoreOptions):
    """Which plain texts get the split/run-together word repair on the run path.

    With triage on, only those that may pass the relevance prefilter however their words are
    spaced (:func:`~pipeline.relevance.may_pass_prefilter`): the others are rejected by triage
    before or after the repair, so it is skipped (about 85 % of bulk bills). Their scorecard then
    reads the text without word repairs (title and jurisdiction cues); the verdicts cannot move.
    """
    if not options.triage:
        return True
    from pipeline.relevance import may_pass_prefilter

    return may_pass_prefilter


def load_document(path: str | Path, options: ScoreOptions | None = None, *,
                  repair_words: bool | Callable[[str], bool] = True) -> Document:
    """Ingest one file (the only read of it on the run path); ``repair_words`` as in
    :func:`pipeline.ingest.load_document` (:func:`score_file` passes :func:`_word_repair`)."""
    from pipeline.ingest import load_document as ingest

    options = options or ScoreOptions()
    kwargs: dict[str, Any] = {"repair_words": repair_words}
    if options.max_bytes is not None:
        kwargs["max_bytes"] = options.max_bytes
    if options.timeout is not None:
        kwargs["timeout"] = options.timeout
    return ingest(path, **kwargs)


def triage(document: Document) -> Relevance:
    """The relevance triage of ``document``."""
    from pipeline.relevance import relevance

    return relevance(document)


def _nlp():
    from pipeline.nlp import get_nlp

    return get_nlp()


def _prepared(nlp, text: str) -> Doc:
    """``nlp.make_doc(text)`` with the text stored on the ``Doc``, so components never rebuild it."""
    from pipeline.components.extensions import TEXT_KEY

    doc = nlp.make_doc(text)
    doc.user_data[TEXT_KEY] = text
    return doc


def _finish(document: Document, doc: Doc) -> Analysis:
    from pipeline.classify import detect_signals
    from pipeline.flag import flags_from_doc
    from pipeline.segment import segment_sections

    # the flagging pipeline's tokenizer and sentence rules also cut the bodies the Doc's tokens
    # do not align with, so no second spaCy pipeline is built
    sections = segment_sections(document, doc=doc, nlp=_nlp())
    rule_flags = flags_from_doc(doc, sections)
    flags = detect_signals(document, sections, rule_flags)
    return Analysis(sections=sections, rule_flags=rule_flags, flags=flags, doc=doc)


def analyze(document: Document) -> Analysis:
    """Segment, flag and classify ``document`` with one pass of the spaCy pipeline."""
    nlp = _nlp()
    return _finish(document, nlp(_prepared(nlp, document.text)))


def analyze_many(documents: Iterable[Document], *, batch_size: int = 16) -> Iterator[Analysis]:
    """:func:`analyze` for many documents, streamed through ``nlp.pipe``."""
    nlp = _nlp()
    documents = list(documents)
    docs = nlp.pipe((_prepared(nlp, d.text) for d in documents), batch_size=batch_size)
    for document, doc in zip(documents, docs):
        yield _finish(document, doc)


def score_document(document: Document, options: ScoreOptions | None = None) -> Result:
    """Triage, analyse and score a document already read."""
    from pipeline.scoring import irrelevant_scorecard, score_flags

    options = options or ScoreOptions()
    verdict = triage(document) if options.triage else None
    if verdict is not None and not verdict.relevant:
        return Result(document, None, irrelevant_scorecard(document, verdict.reason, verdict.score,
                                                               uncertain=verdict.uncertain), verdict)
    from pipeline.similarity import similar_cues
    from pipeline.unresolved import operative_clauses

    analysis = analyze(document)
    # The operative sentence units, read once: the similarity signal (its embedding model loads on
    # the first relevant bill) and the scorer's unresolved-vocabulary checks all look at them.
    clauses = operative_clauses(document, analysis.sections, analysis.doc)
    scorecard = score_flags(document, analysis.flags, sections=analysis.sections,
                            jurisdiction=options.jurisdiction, relevance=verdict, doc=analysis.doc,
                            similar=similar_cues(document, clauses, analysis.flags), clauses=clauses)
    return Result(document, analysis, scorecard, verdict)


def score_file(path: str | Path, options: ScoreOptions | None = None) -> Result:
    """Read, triage, analyse and score one file.

    Raises :class:`pipeline.errors.StatuteError` subclasses for unreadable input.
    """
    options = options or ScoreOptions()
    return score_document(load_document(path, options, repair_words=_word_repair(options)), options)


def score_text(text: str, name: str = "text", options: ScoreOptions | None = None) -> Result:
    """Score a string of bill text; ``name`` becomes its ``bill_id``."""
    from pipeline.ingest import document_from_text

    options = options or ScoreOptions()
    return score_document(document_from_text(text, name, repair_words=_word_repair(options)), options)


def scorecard_for(path: str | Path, *, max_bytes: int | None = None, timeout: float | None = None,
                  jurisdiction: str | Jurisdiction | None = None, triage: bool = True) -> Scorecard:
    """The scorecard of one file: the batch workers' scorer (``module:function`` plug-in shape)."""
    options = ScoreOptions(max_bytes=max_bytes, timeout=timeout, jurisdiction=jurisdiction, triage=triage)
    return score_file(path, options).scorecard


#: A short team-written clause scored once per worker so every lazily built part (spaCy pipeline,
#: segmenter, relevance and clause models) is loaded before the first real file's clock starts.
WARM_UP_TEXT = (
    "Section 1. A peace officer who, under color of law, deprives a person of any right secured by "
    "the constitution is liable to the injured party. Qualified immunity is not a defense to an "
    "action under this section."
)


def warm_up() -> None:
    """Build the expensive parts (spaCy pipeline, models) once, before the first real input."""
    score_text(WARM_UP_TEXT, "warm-up")
