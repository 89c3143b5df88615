"""The annotated clause corpus: load, validate, suggest, describe.

The corpus lives in ``corpus/annotations/*.jsonl``, one JSON object per clause::

    {"id", "doc_id", "doc_sha256", "source": "shared"|"bulk"|"paraphrase", "start", "end",
     "text", "labels": [signal, ...], "method", "eval"}

``start``/``end`` are character offsets into ``pipeline.ingest.load_document(path).text`` and
``doc_sha256`` is the sha256 of the raw file, so every record can be checked against the shared
corpus (:func:`validate`). Paraphrases written by the team have ``doc_id == "paraphrase"``,
offsets ``0..len(text)``, no sha256 and ``eval == False``: they widen training data and are never
evaluation data.

Command line (``python -m pipeline.annotations ...``):

* ``suggest DOC_ID`` prints every clause of a document with the labels that the rules (and
  keyword cues) propose, for a human to review; ``--jsonl`` writes draft records instead (labels
  empty, the proposal under an extra ``suggested`` key that the loader ignores).
* ``validate`` checks every record; exit status 1 on any problem.
* ``card`` writes the counts section of ``corpus/annotations/DATACARD.md``.
* ``manifest`` rewrites ``corpus/annotations/MANIFEST.csv`` (one row per file, with its sources).
* ``realign`` repairs offsets after a change in ingestion moved text (records whose words can no
  longer be found are reported and dropped from the file, never guessed).

The clause unit (see ``corpus/ANNOTATION.md``) is a sentence or an enumerated item, produced by
:func:`split_clauses`; its offsets are what the records store, so the labels never depend on
the splitter once written.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator


from pipeline.config import corpus_dir, project_corpus_dir
from pipeline.vocab import signal_criteria, signal_labels

# "external" and "analyst review" are records exported from the review store
# (pipeline.review.export_annotations): bills from outside the shared corpus, labelled by analysts.
SOURCES = ("shared", "bulk", "paraphrase", "external")
METHODS = ("rule-suggested, reviewed", "written by hand", "paraphrase (team-written)", "analyst review")
PARAPHRASE_DOC_ID = "paraphrase"
RECORD_KEYS = ("id", "doc_id", "doc_sha256", "source", "start", "end", "text", "labels", "method", "eval")




def annotations_dir() -> Path:
    return project_corpus_dir() / "annotations"


# --------------------------------------------------------------------------------------------
# records


@dataclass
class AnnotatedClause:
    """One labelled clause. ``labels`` empty means: read, and none of the signals applies."""

    id: str
    doc_id: str
    doc_sha256: str | None
    source: str
    start: int
    end: int
    text: str
    labels: list[str] = field(default_factory=list)
    method: str = "written by hand"
    eval: bool = True

    @classmethod
    def from_dict(cls, raw: dict) -> "AnnotatedClause":
        missing = [key for key in RECORD_KEYS if key not in raw]
        if missing:
            raise ValueError(f"record {raw.get('id', '?')!r} lacks {', '.join(missing)}")
        return cls(**{key: raw[key] for key in RECORD_KEYS})

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def is_paraphrase(self) -> bool:
        return self.source == "paraphrase"


def clause_id(doc_id: str, start: int, end: int) -> str:
    return f"{doc_id}:{start}-{end}"


def default_paths() -> list[Path]:
    return sorted(annotations_dir().glob("*.jsonl"))


def load_annotations(paths: Iterable[str | Path] | None = None) -> list[AnnotatedClause]:
    """Every record of the given JSONL files (default: all of ``corpus/annotations/*.jsonl``)."""
    records: list[AnnotatedClause] = []
    for path in default_paths() if paths is None else [Path(p) for p in paths]:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    records.append(AnnotatedClause.from_dict(json.loads(line)))
                except (ValueError, TypeError) as error:
                    raise ValueError(f"{path.name}:{number}: {error}") from None
    return records


@lru_cache(maxsize=1)
def doc_groups() -> dict[str, str]:
    """``doc_id -> group`` for documents that share text (versions, reintroductions, excerpts).

    Grouped cross-validation must keep a whole group on one side of a split, or near-identical
    clauses leak from training into testing. Documents not listed form a group of their own
    (use :func:`group_of`). Read from ``corpus/annotations/doc_groups.csv``.
    """
    import csv

    path = annotations_dir() / "doc_groups.csv"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8", newline="") as handle:
        return {row["doc_id"]: row["group"] for row in csv.DictReader(handle)}


def group_of(doc_id: str) -> str:
    """The cross-validation group of a document (its own id unless it shares text with others)."""
    return doc_groups().get(doc_id, doc_id)


@dataclass(frozen=True)
class RelevanceLabel:
    """One row of ``corpus/annotations/relevance.csv``: is this document about civil liability or
    immunity of public officials for rights violations?"""

    doc_id: str
    path: str  # relative to the shared corpus directory
    sha256: str
    relevant: bool
    kind: str
    method: str
    chosen_by: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def load_relevance(path: str | Path | None = None) -> list[RelevanceLabel]:
    """The labelled document sample for the relevance model."""
    import csv

    path = Path(path) if path else annotations_dir() / "relevance.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        return [
            RelevanceLabel(
                doc_id=row["doc_id"], path=row["path"], sha256=row["sha256"], relevant=row["relevant"] == "1",
                kind=row["kind"], method=row["method"], chosen_by=row.get("chosen_by", ""),
            )
            for row in csv.DictReader(handle)
        ]


def write_jsonl(records: Iterable[AnnotatedClause], path: str | Path) -> int:
    """Write records sorted by document and offset; returns how many."""
    ordered = sorted(records, key=lambda r: (r.source, r.doc_id, r.start, r.end))
    with open(path, "w", encoding="utf-8") as handle:
        for record in ordered:
            handle.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
    return len(ordered)


# --------------------------------------------------------------------------------------------
# documents


def document_path(doc_id: str, source: str) -> Path:
    """Where a record's document lives in the shared corpus."""
    root = corpus_dir()
    if source == "bulk":
        return root / "bulk" / "texts" / f"{doc_id}.txt"
    for candidate in (root / "texts" / f"{doc_id}.txt", root / "pdfs" / f"{doc_id}.pdf"):
        if candidate.exists():
            return candidate
    return root / "texts" / f"{doc_id}.txt"


@lru_cache(maxsize=256)
def _load(path: str):
    from pipeline.ingest import load_document

    return load_document(path)


def load_source_document(doc_id: str, source: str):
    return _load(str(document_path(doc_id, source)))


# --------------------------------------------------------------------------------------------
# validation


def validate(records: Iterable[AnnotatedClause]) -> list[str]:
    """Problems found, one line each (empty list: all good).

    Checks: known source, method and labels; unique ids; paraphrases never evaluation data;
    for corpus records, the raw file's sha256 and ``text == document.text[start:end]``.
    """
    known = set(signal_labels())
    problems: list[str] = []
    seen: set[str] = set()
    for record in records:
        where = record.id
        if record.id in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(record.id)
        if record.source not in SOURCES:
            problems.append(f"{where}: unknown source {record.source!r}")
        if record.method not in METHODS:
            problems.append(f"{where}: unknown method {record.method!r}")
        unknown = [label for label in record.labels if label not in known]
        if unknown:
            problems.append(f"{where}: unknown labels {unknown}")
        if len(set(record.labels)) != len(record.labels):
            problems.append(f"{where}: repeated label")
        if not record.text.strip():
            problems.append(f"{where}: empty text")
        if record.is_paraphrase:
            if record.eval:
                problems.append(f"{where}: paraphrase marked eval")
            if record.method != "paraphrase (team-written)" or record.doc_id != PARAPHRASE_DOC_ID:
                problems.append(f"{where}: paraphrase must have doc_id 'paraphrase' and its method")
            if (record.start, record.end) != (0, len(record.text)):
                problems.append(f"{where}: paraphrase offsets must be 0..len(text)")
            continue
        if record.method == "paraphrase (team-written)":
            problems.append(f"{where}: corpus record with paraphrase method")
        try:
            document = load_source_document(record.doc_id, record.source)
        except Exception as error:  # a missing or unreadable file is a problem to report
            problems.append(f"{where}: cannot load document: {error}")
            continue
        if document.source.sha256 != record.doc_sha256:
            problems.append(f"{where}: sha256 differs from the shared file")
        if document.text[record.start : record.end] != record.text:
            problems.append(f"{where}: text does not match document.text[{record.start}:{record.end}]")
    return problems


def realign(records: list[AnnotatedClause]) -> tuple[list[AnnotatedClause], list[str]]:
    """Move records whose text shifted to where it now stands.

    The nearest exact occurrence wins; failing that, the nearest occurrence of the same words with
    different whitespace. Records whose words are gone are returned in ``lost`` (never guessed).
    """
    fixed: list[AnnotatedClause] = []
    lost: list[str] = []
    for record in records:
        if record.is_paraphrase:
            fixed.append(record)
            continue
        text = load_source_document(record.doc_id, record.source).text
        if text[record.start : record.end] == record.text:
            fixed.append(record)
            continue
        hits = [(m.start(), m.end()) for m in re.finditer(re.escape(record.text), text)]
        if not hits:
            # Same words, different whitespace (a PDF reader that now joins or breaks lines
            # differently): accept it, since the words and therefore the labels are unchanged.
            words = record.text.split()
            pattern = r"\s+".join(re.escape(word) for word in words)
            hits = [(m.start(), m.end()) for m in re.finditer(pattern, text)] if words else []
        if not hits:
            lost.append(record.id)
            continue
        start, end = min(hits, key=lambda h: abs(h[0] - record.start))
        fixed.append(
            AnnotatedClause(
                **{**record.to_dict(), "start": start, "end": end, "text": text[start:end],
                   "id": clause_id(record.doc_id, start, end)}
            )
        )
    return fixed, lost


# --------------------------------------------------------------------------------------------
# clause unit


# Abbreviations after which a period does not end a sentence in statutes.
_ABBREVIATIONS = {
    "u.s", "u.s.c", "sec", "secs", "stat", "no", "nos", "v", "vs", "mr", "mrs", "ms", "dr", "inc",
    "co", "corp", "jr", "sr", "st", "e.g", "i.e", "etc", "pub", "l", "ch", "art", "para", "subd",
    "subsec", "cl", "r.s", "rev", "gen", "supp", "ann", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sept", "sep", "oct", "nov", "dec", "cf", "p", "pp", "sp", "sess", "h.r", "s", "res",
    "con", "j", "f", "id", "c", "cong", "rep", "reps", "sen", "p.a", "pa", "hon", "gov", "ltd", "subch", "pt", "div", "tit", "cl", "ss", "s.f", "h.f", "s.b", "h.b", "h.r", "n.h", "va", "ill", "mass", "calif", "ca", "approx", "dept", "govt", "mass", "conn", "n.m", "colo",
}
_BLANK = re.compile(r"\n[ \t]*\n")
# A sentence end: . ? ! (optionally closed by a quote or bracket), whitespace, then a capital,
# quote or opening bracket.
_SENTENCE_END = re.compile(r"[.?!][\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9§])")
# A line that starts an enumerated item or heading (an optional printed line number first).
_ITEM_START = re.compile(
    r"\n(?=[ \t]*(?:Page \d+, Line \d+)?(?:\d{1,3}[ \t]*)?(?:\((?:[a-z]{1,2}|\d{1,3}|[ivxlc]{1,5}|[A-Z]{1,2})\)|§|Sec\.|SEC\.|SECTION|Section \d))"
)
# An enumerated item inside a line, after ; or : (long lists of "(1) ...; (2) ...").
_INLINE_ITEM = re.compile(r"(?<=[;:])[ \t]+(?=\((?:[a-z]{1,2}|\d{1,3}|[ivxlc]{1,5})\)[ \t])")
_LONG_WORD = re.compile(r"[A-Za-z]{3,}")


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the period at ``text[dot]`` closes an abbreviation or a bare enumerator."""
    match = re.search(r"([A-Za-z][A-Za-z.]*)$", text[max(0, dot - 12) : dot])
    if not match:
        return False
    word = match.group(1).lower().rstrip(".")
    if word in _ABBREVIATIONS:
        return True
    return len(word) == 1  # initials and "A." style enumerators


def _split_block(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    cuts = {start, end}
    block = text[start:end]
    for match in _ITEM_START.finditer(block):
        cuts.add(start + match.start())
    for match in _INLINE_ITEM.finditer(block):
        cuts.add(start + match.start())
    for match in _SENTENCE_END.finditer(block):
        dot = start + match.start()
        if text[dot] == "." and _is_abbreviation(text, dot):
            continue
        cuts.add(start + match.end())
    # A line ending in . : ; ends a clause even when the next line starts in lower case
    # (federal Markdown puts one item per line).
    for match in re.finditer(r"[.:;][\"')]*[ \t]*\n", block):
        dot = start + match.start()
        if text[dot] == "." and _is_abbreviation(text, dot):
            continue
        cuts.add(start + match.end())
    ordered = sorted(cuts)
    pieces = []
    for left, right in zip(ordered, ordered[1:]):
        pieces.append([left, right])
    # Merge fragments too short to be a clause ("Sec. 52-571k.", "§ 1.", "(a)") into the next piece.
    merged: list[list[int]] = []
    carry: int | None = None
    for left, right in pieces:
        if carry is not None:
            left = carry
            carry = None
        if len(_LONG_WORD.findall(text[left:right])) < 2 and right != end:
            carry = left
            continue
        merged.append([left, right])
    if carry is not None:
        if merged:
            merged[-1][1] = end
        else:
            merged.append([carry, end])
    for left, right in merged:
        yield left, right


def split_clauses(text: str) -> list[tuple[int, int]]:
    """Clause spans ``(start, end)`` of a normalised text: sentences and enumerated items.

    Blocks are separated by blank lines; inside a block a clause ends at a sentence end
    (not after a known abbreviation or an initial), at a line ending in ``. : ;``, before a
    line that starts an enumerated item or section heading, and before an inline ``(n)`` item
    that follows ``;`` or ``:``. Spans are trimmed of surrounding whitespace; spans without a
    letter are dropped.
    """
    spans: list[tuple[int, int]] = []
    position = 0
    blocks = []
    for match in _BLANK.finditer(text):
        blocks.append((position, match.start()))
        position = match.end()
    blocks.append((position, len(text)))
    for block_start, block_end in blocks:
        if block_start >= block_end:
            continue
        for left, right in _split_block(text, block_start, block_end):
            while left < right and text[left].isspace():
                left += 1
            while right > left and text[right - 1].isspace():
                right -= 1
            if right > left and re.search(r"[A-Za-z]", text[left:right]):
                spans.append((left, right))
    return spans


# --------------------------------------------------------------------------------------------
# suggestions

# Keyword cues: deliberately loose (they only propose; a person decides). One regex per label.
_CUES: dict[str, str] = {
    "qi_barred": r"(qualified|governmental|official) immunity (is|shall) not (be )?(a |an )?(defen[cs]e|apply|available)"
    r"|shall not be a defen[cs]e|not be a defen[cs]e|no defen[cs]e|shall not enjoy the defen[cs]e|clearly lawful"
    r"|(is|shall) not (be )?(a )?defen[cs]e .{0,80}(good faith|clearly established|believed)",
    "good_faith_defense_retained": r"good[- ]faith (and reasonable )?belief|objectively (reasonable|good faith)|reasonably believed"
    r"|acted in good faith|shall be a defen[cs]e|immunity shall only be a defen[cs]e",
    "immunity_saved": r"(not|nothing).{0,60}(abrogate|waive|diminish|limit|affect|impair).{0,40}immunit|immunit(y|ies).{0,40}(preserved|retained|remain)",
    "qi_codified": r"qualified immunity act|clearly established|shall not be liable|entitled to (qualified )?immunity|Saucier|Harlow"
    r"|certif(y|ies) .{0,80}qualified immunity",
    "covers_all_public_employees": r"public body|public (employee|official|entity)|acting (on behalf of|under color of)|under colou?r of"
    r"|any person who|government (official|employee)s?|employee of a (state|public)",
    "covers_police_only": r"peace officer|police officer|law[- ]enforcement officer",
    "rights_all_state_constitution": r"(any|all) rights?,? (privileges|secured|guaranteed)|bill of rights|article first|constitution of (the state|new mexico|[A-Z][a-z]+)"
    r"|rights, privileges,? or immunities secured",
    "rights_listed_only": r"following rights|only (the )?(right|violation)|listed|enumerated (in|rights)",
    "force_only": r"(physical|excessive|deadly|use of) force|search and seizure|unreasonable (search|seizure)",
    "cap_present": r"shall not exceed|may not exceed|\$\s?[\d,]+|(thousand|million) dollars|per (claimant|occurrence)|whichever is less",
    "caps_lifted": r"(statutory|sovereign) immunit(y|ies).{0,80}(shall not|do not|does not|not) apply|limitations? on (liability|damages).{0,60}(shall not|do not|not) apply"
    r"|(statutory|sovereign) immunit(y|ies).{0,40}(is|are) not a defen[cs]e|excludes? sovereign immunity",
    "fti_liability": r"fail(s|ing|ure)? to intervene",
    "fti_duty_only": r"duty to intervene|shall intervene|duty to report|shall report",
    "indemnify_mandatory": r"shall (indemnify|protect and save harmless|save harmless|hold harmless|be indemnified|pay)"
    r"|indemnif(y|ied) .{0,40}(for|against) any",
    "indemnify_discretionary": r"may (indemnify|pay|elect to indemnify)",
    "indemnify_carveout": r"(not|no) (be )?indemnif|except that|unless .{0,60}(malicious|wil+ful|bad faith|convicted|criminal)"
    r"|malicious|wanton|wil+ful|convicted",
    "indemnify_removed": r"(shall not|may not|prohibited from) (indemnify|pay any portion)|not required to (pay|satisfy)|indemnification .{0,40}(prohibited|repealed)",
    "fees_mandatory": r"shall award .{0,80}(attorney|fees)|entitled to .{0,40}(attorney|fees)|shall be awarded .{0,60}(attorney|fees)",
    "fees_discretionary": r"may (award|be awarded|allow) .{0,80}(attorney|fees|costs)|attorney'?s?'? fees",
    "personal_contribution": r"personally liable|personal(ly)? (liability|pay)|five percent|\b5%|portion of the (judgment|settlement)",
    "discipline_or_decertification": r"decertif|revo(ke|cation).{0,40}certif|disciplin|terminat(e|ion) of (employment|the officer)|suspen(d|sion)",
    "records_public": r"public record|(shall|must) (be )?(disclose|made public|publish|make public)|(publicly|public) (available|disclos)|freedom of information|open to (public )?inspection|registry",
    "records_limited": r"redact|sustained|(only|limited) (disclos|to)|not required to (be )?disclos|delay",
    "records_confidential": r"confidential|exempt(ed)? from (disclosure|public)|not (be )?(subject to|a public record|disclos)|shall not (be )?(disclos|made public)",
}
_CUE_PATTERNS = {label: re.compile(pattern, re.IGNORECASE | re.DOTALL) for label, pattern in _CUES.items()}


def cue_labels(text: str) -> list[str]:
    """Labels whose keyword cue occurs in ``text`` (loose; for review only)."""
    flat = " ".join(text.split())
    return [label for label, pattern in _CUE_PATTERNS.items() if pattern.search(flat)]


def _rule_flags(document) -> list:
    """The rule flags of ``document`` (the run path's analysis)."""
    from pipeline.run import analyze

    return list(analyze(document).rule_flags)


@dataclass
class Suggestion:
    start: int
    end: int
    text: str
    rule_labels: list[str]
    cue_labels: list[str]

    @property
    def labels(self) -> list[str]:
        return sorted(set(self.rule_labels) | set(self.cue_labels), key=signal_labels().index)


def suggest(document, *, use_rules: bool = True) -> list[Suggestion]:
    """Every clause of ``document`` with the labels rules and keyword cues propose."""
    flags = _rule_flags(document) if use_rules else []
    out: list[Suggestion] = []
    for start, end in split_clauses(document.text):
        rule = sorted({f.signal for f in flags if f.start < end and f.end > start})
        text = document.text[start:end]
        out.append(Suggestion(start, end, text, rule, cue_labels(text)))
    return out


def method_for(suggested: list[str]) -> str:
    """The honest ``method``: a suggestion existed and was reviewed, or a person labelled unaided."""
    return "rule-suggested, reviewed" if suggested else "written by hand"


# --------------------------------------------------------------------------------------------
# data card


def counts(records: list[AnnotatedClause]) -> dict:
    """Counts per label (all / eval-only / paraphrase), per source, per document, per method."""
    labels = signal_labels()
    per_label = {label: Counter() for label in labels}
    for record in records:
        kind = "paraphrase" if record.is_paraphrase else "eval" if record.eval else "train_only"
        for label in record.labels:
            per_label[label][kind] += 1
    docs_per_label = {label: len({r.doc_id for r in records if label in r.labels and not r.is_paraphrase}) for label in labels}
    per_doc: dict[tuple[str, str], Counter] = {}
    for record in records:
        bucket = per_doc.setdefault((record.source, record.doc_id), Counter())
        bucket["clauses"] += 1
        bucket["labelled"] += bool(record.labels)
    return {
        "total": len(records),
        "with_labels": sum(1 for r in records if r.labels),
        "without_labels": sum(1 for r in records if not r.labels),
        "per_source": Counter(r.source for r in records),
        "per_method": Counter(r.method for r in records),
        "per_label": per_label,
        "docs_per_label": docs_per_label,
        "per_doc": per_doc,
    }


def card_markdown(records: list[AnnotatedClause]) -> str:
    """The generated counts section of the data card (Markdown)."""
    c = counts(records)
    lines = [
        "<!-- generated by `python -m pipeline.annotations card`; do not edit by hand -->",
        "",
        f"Records: **{c['total']}** clauses ({c['with_labels']} with at least one label, "
        f"{c['without_labels']} read and given no label).",
        "",
        "### Per source",
        "",
        "| source | clauses |",
        "|---|---:|",
    ]
    lines += [f"| {source} | {n} |" for source, n in sorted(c["per_source"].items())]
    lines += ["", "### Per method", "", "| method | clauses |", "|---|---:|"]
    lines += [f"| {method} | {n} |" for method, n in sorted(c["per_method"].items())]
    lines += [
        "",
        "### Per label",
        "",
        "Positives in corpus clauses usable for evaluation (`eval`), in corpus clauses kept out of evaluation "
        "(duplicated excerpts), and in paraphrases (training only); then the number of distinct corpus documents "
        "and of cross-validation groups (`doc_groups.csv`: documents that share text count once) with a positive. "
        "Grouped cross-validation needs several groups per label.",
        "",
        "| label | criterion | corpus positives (eval) | corpus positives (not eval) | paraphrases | documents | CV groups |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    criteria = signal_criteria()
    for label in signal_labels():
        counter = c["per_label"][label]
        groups = len({group_of(r.doc_id) for r in records if label in r.labels and not r.is_paraphrase})
        lines.append(
            f"| `{label}` | {criteria[label]} | {counter['eval']} | {counter['train_only']} | {counter['paraphrase']} | "
            f"{c['docs_per_label'][label]} | {groups} |"
        )
    lines += [
        "",
        "### Per document",
        "",
        "| source | document | group | clauses | with labels |",
        "|---|---|---|---:|---:|",
    ]
    for (source, doc_id), counter in sorted(c["per_doc"].items()):
        group = group_of(doc_id) if source != "paraphrase" else "-"
        lines.append(f"| {source} | {doc_id} | {group} | {counter['clauses']} | {counter['labelled']} |")
    relevance_path = annotations_dir() / "relevance.csv"
    if relevance_path.exists():
        labels = load_relevance(relevance_path)
        kinds = Counter((label.kind, label.relevant) for label in labels)
        lines += [
            "",
            "### Relevance sample (`relevance.csv`)",
            "",
            f"{len(labels)} documents: {sum(l.relevant for l in labels)} relevant, "
            f"{sum(not l.relevant for l in labels)} not relevant, of which "
            f"{sum(1 for l in labels if l.kind.startswith('lookalike'))} look-alikes.",
            "",
            "| kind | relevant | documents |",
            "|---|---|---:|",
        ]
        for (kind, relevant), n in sorted(kinds.items()):
            lines.append(f"| {kind} | {'yes' if relevant else 'no'} | {n} |")
    return "\n".join(lines) + "\n"


_CARD_BEGIN = "<!-- counts:begin -->"
_CARD_END = "<!-- counts:end -->"


def update_card(records: list[AnnotatedClause], path: Path | None = None) -> Path:
    """Replace the generated block between the markers of DATACARD.md (create the file if needed)."""
    path = path or annotations_dir() / "DATACARD.md"
    block = f"{_CARD_BEGIN}\n{card_markdown(records)}{_CARD_END}"
    if path.exists() and _CARD_BEGIN in path.read_text(encoding="utf-8"):
        old = path.read_text(encoding="utf-8")
        head, rest = old.split(_CARD_BEGIN, 1)
        tail = rest.split(_CARD_END, 1)[1] if _CARD_END in rest else ""
        path.write_text(head + block + tail, encoding="utf-8")
    else:
        path.write_text("# Annotated clause corpus: data card\n\n" + block + "\n", encoding="utf-8")
    return path


# What each file under corpus/annotations is and how it was produced (MANIFEST.csv rows).
_MANIFEST_FILES: dict[str, tuple[str, str]] = {
    "ANNOTATION.md": (
        "Annotation guideline: clause unit, general rules, one entry per signal label with examples.",
        "Team-written (D1); examples quoted from the shared and bulk corpus texts named in it.",
    ),
    "annotations/qi.jsonl": (
        "Every clause of the qualified-immunity-related shared texts (state acts, amendments, federal bills, 42 U.S.C. 1983, CT 1-210, Iowa 669/670), labelled.",
        "Team-written annotations: keyword-cue suggestions reviewed clause by clause (LLM-assisted review by D1).",
    ),
    "annotations/s3912.jsonl": (
        "Every clause of S. 3912 (Justice in Policing Act 2020): sec. 102 and other liability/records clauses positive, the rest negatives.",
        "Team-written annotations: every clause read; keyword-cue suggestions reviewed (LLM-assisted review by D1).",
    ),
    "annotations/s3985.jsonl": (
        "Every clause of S. 3985 (JUSTICE Act 2020), a police-reform bill without a QI provision: mostly negatives.",
        "Team-written annotations: every clause read; keyword-cue suggestions reviewed (LLM-assisted review by D1).",
    ),
    "annotations/bulk.jsonl": (
        "Bulk bills chosen by keyword search (QI, duty to intervene, indemnification, personal liability, tort-claims limits): every clause or an annotated window.",
        "Team-written annotations: clauses read and labelled by D1 (LLM-assisted); selection described in DATACARD.md.",
    ),
    "annotations/negatives_bulk.jsonl": (
        "Negatives: first 60 clauses of 39 bulk bills drawn at random (seed 20261126).",
        "Keyword-cue suggestions reviewed and remaining clauses skimmed by D1 (LLM-assisted); all method 'rule-suggested, reviewed'.",
    ),
    "annotations/negatives_pdf.jsonl": (
        "Negatives: clauses of the unrelated shared PDFs (H.R. 100 in full, windows of H.R. 1500 and H.R. 6972), offsets into load_document text.",
        "Keyword-cue suggestions reviewed and remaining clauses skimmed by D1 (LLM-assisted).",
    ),
    "annotations/rule_hits_bulk.jsonl": (
        "Every clause that the rules (pipeline.flag.flag_clauses) flagged in 400 random bulk bills (seed 20261129): true positives and hard negatives.",
        "Rule suggestions reviewed clause by clause by D1 (LLM-assisted); method 'rule-suggested, reviewed'.",
    ),
    "annotations/paraphrases.jsonl": (
        "Paraphrased positives for rare labels and team-written hard negatives; eval false, never evaluation data.",
        "Team-written by D1 (LLM-assisted); no source document.",
    ),
    "annotations/relevance.csv": (
        "Document relevance labels (about civil liability / immunity of public officials for rights violations?) for all shared texts and PDFs and a bulk sample with look-alikes.",
        "Team-written labels (LLM-assisted review by D1); how each document was chosen and read is in columns chosen_by and method.",
    ),
    "annotations/doc_groups.csv": (
        "Cross-validation groups: documents that share text (versions, reintroductions, excerpts).",
        "Team-written by D1 from the manifest notes and by comparing texts.",
    ),
    "annotations/DATACARD.md": (
        "Data card: counts per label, document, source (generated by `python -m pipeline.annotations card`), how made, known gaps.",
        "Counts generated by code from the JSONL files; prose team-written by D1.",
    ),
    "annotations/MANIFEST.csv": (
        "This manifest.",
        "Generated by `python -m pipeline.annotations manifest`; descriptions team-written by D1.",
    ),
}


def write_manifest(date: str | None = None) -> Path:
    """Rewrite ``corpus/annotations/MANIFEST.csv``: one row per file, with the source documents
    (``source:doc_id@sha256``) each JSONL or CSV file draws from."""
    import csv
    import datetime

    date = date or datetime.date.today().isoformat()
    root = project_corpus_dir()
    rows = []
    for name, (what, how) in _MANIFEST_FILES.items():
        path = root / name
        if not path.exists():
            continue
        if path.suffix == ".jsonl":
            docs = sorted({(r.source, r.doc_id, r.doc_sha256) for r in load_annotations([path]) if r.source != "paraphrase"})
            source = "; ".join(f"{src}:{doc}@{sha}" for src, doc, sha in docs) or "none (team-written text)"
        elif name.endswith("relevance.csv"):
            source = "; ".join(f"{label.path}@{label.sha256}" for label in load_relevance(path))
        elif name.endswith("doc_groups.csv"):
            source = "../shared/corpus/manifest.csv notes; texts of the documents listed in the file"
        elif name.endswith("ANNOTATION.md"):
            source = "../shared/RUBRIC.md; pipeline/data/signals.yaml; corpus texts quoted by document id"
        else:
            source = "the files listed in this manifest"
        rows.append({"file": name, "what": what, "source": source, "how_produced": how, "date": date})
    out = annotations_dir() / "MANIFEST.csv"
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["file", "what", "source", "how_produced", "date"])
        writer.writeheader()
        writer.writerows(rows)
    return out


# --------------------------------------------------------------------------------------------
# command line


def _cli(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m pipeline.annotations", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_suggest = sub.add_parser("suggest", help="print a document's clauses with proposed labels")
    p_suggest.add_argument("doc_id")
    p_suggest.add_argument("--source", default=None, choices=("shared", "bulk"),
                           help="where DOC_ID lives (default: shared corpus, else bulk)")
    p_suggest.add_argument("--jsonl", action="store_true", help="write draft records (empty labels, proposal under 'suggested')")
    p_suggest.add_argument("--no-rules", action="store_true", help="keyword cues only")
    p_validate = sub.add_parser("validate", help="check every record against the shared corpus")
    p_validate.add_argument("paths", nargs="*")
    p_card = sub.add_parser("card", help="regenerate the counts in DATACARD.md")
    p_card.add_argument("--print", action="store_true", help="print instead of writing")
    p_manifest = sub.add_parser("manifest", help="rewrite corpus/annotations/MANIFEST.csv")
    p_manifest.add_argument("--date", default=None)
    p_realign = sub.add_parser("realign", help="repair offsets that ingestion changes moved")
    p_realign.add_argument("paths", nargs="*")
    args = parser.parse_args(argv)

    if args.command == "suggest":
        if args.source is None:
            args.source = "shared" if document_path(args.doc_id, "shared").exists() else "bulk"
        document = load_source_document(args.doc_id, args.source)
        suggestions = suggest(document, use_rules=not args.no_rules)
        for index, s in enumerate(suggestions):
            if args.jsonl:
                # A draft, not an annotation: labels stay empty until a person decides them; the
                # proposal is kept under "suggested" (ignored by the loader) and decides `method`.
                record = AnnotatedClause(
                    clause_id(args.doc_id, s.start, s.end), args.doc_id, document.source.sha256, args.source,
                    s.start, s.end, s.text, [], method_for(s.labels), True,
                )
                print(json.dumps({**record.to_dict(), "suggested": s.labels}, ensure_ascii=False))
            else:
                shown = " ".join(s.text.split())
                print(f"[{index}] {s.start}-{s.end} rules={s.rule_labels} cues={s.cue_labels}\n    {shown}")
        return 0
    if args.command == "validate":
        records = load_annotations(args.paths or None)
        problems = validate(records)
        for problem in problems:
            print(problem)
        print(f"{len(records)} records, {len(problems)} problems")
        return 1 if problems else 0
    if args.command == "card":
        records = load_annotations()
        if args.print:
            print(card_markdown(records))
        else:
            print(update_card(records))
        return 0
    if args.command == "manifest":
        print(write_manifest(args.date))
        return 0
    if args.command == "realign":
        paths = [Path(p) for p in args.paths] or default_paths()
        for path in paths:
            records = load_annotations([path])
            fixed, lost = realign(records)
            write_jsonl(fixed, path)
            print(f"{path.name}: {len(fixed)} kept, {len(lost)} lost {lost[:5]}")
        return 0
    return 2


def main(argv: list[str] | None = None) -> int:
    """Entry point: one-line errors for bad input, quiet exit when the output pipe closes."""
    from pipeline.errors import StatuteError

    try:
        return _cli(argv)
    except (StatuteError, ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    import signal

    # `... | head` must not print a traceback. Only when run as a program: changing the
    # process-wide SIGPIPE disposition inside main() killed pytest when a later test wrote
    # to a closed pipe.
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())
