"""The review store: analysts' decisions on draft scorecards, in one append-only SQLite file.

Every decision is a new row; nothing is ever updated or deleted (triggers refuse it), so the full
history of a bill stays auditable. A row keeps the bill, the criterion, the reviewer, the time
(UTC, ISO 8601), the action (``accept`` / ``change`` / ``edit`` / ``note``), the draft verdict and
the resulting final verdict, the edited explanation, the note, the pipeline and model versions of
the draft, the sha256 of the draft scorecard, and a copy of the draft criterion (so reviewed
evidence can be exported as annotations without the drafts folder).

Each row carries the *complete* state after the decision: a note or an edited explanation keeps
the verdict an earlier ``change`` set, so "the latest row per criterion" is the final answer.

Concurrency: the database runs in WAL mode and every write is one ``BEGIN IMMEDIATE``
transaction (read the previous state, insert) under a busy timeout, so two reviewers writing at
the same time are serialised by SQLite and neither loses a decision.

Location: ``pipeline.config.review_db_path()`` (``$STATUTE_REVIEW_DB``, else ``./reviews.sqlite``);
every function takes ``db_path=`` to override it.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pipeline.config import review_db_path
from pipeline.errors import StatuteError
from pipeline.safety import UnsafeIdError, checked_bill_id, is_bill_id
from pipeline.values import Scorecard
from pipeline.vocab import VERDICTS, load_rubric, signal_criteria, signal_of

ACTIONS = ("accept", "change", "edit", "note")
#: Actions that sign a criterion off; a note alone does not.
SIGN_OFF_ACTIONS = frozenset({"accept", "change", "edit"})
BUSY_TIMEOUT_SECONDS = 60.0
STORE_SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    bill_id          TEXT NOT NULL,
    criterion        TEXT NOT NULL,
    reviewer         TEXT NOT NULL,
    decided_at       TEXT NOT NULL,
    action           TEXT NOT NULL CHECK (action IN ('accept', 'change', 'edit', 'note')),
    draft_verdict    TEXT NOT NULL CHECK (draft_verdict IN ('yes', 'partial', 'no')),
    final_verdict    TEXT NOT NULL CHECK (final_verdict IN ('yes', 'partial', 'no')),
    explanation      TEXT,
    note             TEXT,
    pipeline_version TEXT,
    model_version    TEXT,
    draft_sha256     TEXT NOT NULL,
    source_sha256    TEXT,
    source_path      TEXT,
    draft_criterion  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS decisions_bill ON decisions (bill_id, criterion, id);
CREATE TRIGGER IF NOT EXISTS decisions_no_update BEFORE UPDATE ON decisions
BEGIN SELECT RAISE(ABORT, 'the review store is append-only'); END;
CREATE TRIGGER IF NOT EXISTS decisions_no_delete BEFORE DELETE ON decisions
BEGIN SELECT RAISE(ABORT, 'the review store is append-only'); END;
CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO store_meta (key, value) VALUES ('schema_version', '1');
"""


#: Test seam: called between reading the previous state and inserting (to widen race windows).
_after_read = None


class ReviewError(StatuteError):
    """A review decision that cannot be recorded (unknown bill, criterion, verdict...)."""

    reason = "review_error"


@dataclass(frozen=True)
class Decision:
    """One row of the review store."""

    id: int
    bill_id: str
    criterion: str
    reviewer: str
    decided_at: str
    action: str
    draft_verdict: str
    final_verdict: str
    explanation: str | None
    note: str | None
    pipeline_version: str | None
    model_version: str | None
    draft_sha256: str
    source_sha256: str | None
    source_path: str | None
    draft_criterion: dict[str, Any]

    @property
    def signs_off(self) -> bool:
        return self.action in SIGN_OFF_ACTIONS

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class PendingItem:
    """A criterion of a draft that no reviewer has signed off yet (or whose draft changed since)."""

    bill_id: str
    criterion: str
    draft_verdict: str
    needs_review: bool
    reason: str  # "not reviewed" | "note only" | "draft changed since review"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --------------------------------------------------------------------------- connection


def default_reviewer() -> str:
    """``$STATUTE_REVIEWER``, else the login name."""
    name = os.environ.get("STATUTE_REVIEWER")
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        return "unknown"


def utc_now() -> str:
    """Current time, UTC, ISO 8601 with microseconds (sortable, unambiguous)."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


_local = threading.local()
#: Connections inherited through ``fork`` are kept referenced, never used or closed: closing
#: them in the child could checkpoint a database the parent is still writing.
_inherited: list[sqlite3.Connection] = []


def _open(path: Path) -> sqlite3.Connection:
    """A configured connection, retrying set-up while another writer holds the lock.

    Switching a new file to WAL needs an exclusive lock and SQLite answers "database is locked"
    at once, without its busy handler, when several reviewers open a fresh store together.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    delay = 0.005
    while True:
        try:
            return _open_once(path)
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.25)


def _open_once(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    try:
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # safe with WAL: a crash loses no committed row
        _check_integrity(conn, path)
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'decisions'").fetchone():
            conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in _split_sql(_SCHEMA):
                    conn.execute(statement)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
    except BaseException:
        conn.close()
        raise
    return conn


def _damaged(path: Path, detail: str) -> str:
    return (f"the review store {path} is damaged ({' '.join(detail.split())[:200]}); nothing was changed. "
            f"Keep a copy, then restore it from a backup or rebuild it with `sqlite3 {path} .recover`")


def _check_integrity(conn: sqlite3.Connection, path: Path) -> None:
    """``PRAGMA quick_check`` once per opened connection: a store with a valid header and
    damaged pages is refused with one line saying what to do, before any reading or writing."""
    try:
        rows = conn.execute("PRAGMA quick_check(5)").fetchall()
    except sqlite3.DatabaseError as error:
        raise ReviewError(_damaged(path, str(error)), path=str(path)) from None
    problems = [row[0] for row in rows if row[0] != "ok"]
    if problems:
        raise ReviewError(_damaged(path, "; ".join(problems)), path=str(path))


@contextmanager
def connect(db_path: str | os.PathLike[str] | None = None) -> Iterator[sqlite3.Connection]:
    """The store's connection for this thread and process, created (with the schema) on first use.

    WAL mode, a busy timeout, autocommit: callers open their own transactions (``BEGIN
    IMMEDIATE`` for writes) so that the read-then-insert of a decision is atomic. Connections are
    reused per thread and process, since opening one per decision (and checkpointing the WAL on
    every close) costs several times the write itself; :func:`close_connections` closes them.
    """
    path = review_db_path(db_path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:  # under a regular file, read-only, no permission
        raise ReviewError(f"cannot create the folder of the review store {path}: {error.strerror or error}",
                          path=str(path)) from None
    if getattr(_local, "pid", None) != os.getpid():
        _inherited.extend(getattr(_local, "connections", {}).values())
        _local.pid, _local.connections = os.getpid(), {}
    key = str(path)
    conn = _local.connections.get(key)
    if conn is not None and not path.exists():  # the file was removed: start afresh
        conn.close()
        conn = None
    if conn is None:
        try:
            conn = _local.connections[key] = _open(path)
        except sqlite3.Error as error:
            raise ReviewError(f"cannot open the review store {path}: {error}", path=key) from None
    if conn.in_transaction:  # a caller was interrupted mid-transaction: never inherit its state
        conn.execute("ROLLBACK")
    try:
        yield conn
    except sqlite3.DatabaseError as error:  # damage quick_check did not see (or that came later)
        raise ReviewError(_damaged(path, str(error)), path=key) from None


def close_connections() -> None:
    """Close this thread's cached connections (tests, long-running hosts)."""
    for conn in getattr(_local, "connections", {}).values():
        conn.close()
    _local.connections = {}


def _split_sql(script: str) -> list[str]:
    """Statements of ``_SCHEMA`` (``executescript`` would commit behind our transaction)."""
    statements, buffer = [], []
    for line in script.strip().splitlines():
        buffer.append(line)
        joined = "\n".join(buffer).strip()
        if joined.endswith(";") and (not joined.upper().startswith("CREATE TRIGGER") or joined.endswith("END;")):
            statements.append(joined)
            buffer = []
    return statements


def _row_to_decision(row: sqlite3.Row) -> Decision:
    data = dict(row)
    data["draft_criterion"] = json.loads(data["draft_criterion"])
    return Decision(**data)


# --------------------------------------------------------------------------- drafts


def draft_sha256(scorecard: Scorecard | dict[str, Any]) -> str:
    """sha256 of a draft scorecard's canonical JSON (sorted keys, no whitespace)."""
    raw = scorecard.to_dict() if isinstance(scorecard, Scorecard) else scorecard
    canonical = json.dumps(raw, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def load_draft(drafts_dir: str | os.PathLike[str], bill_id: str) -> Scorecard:
    """The draft scorecard ``<drafts_dir>/<bill_id>.json`` (as written by ``statute score``).

    ``bill_id`` is checked before it becomes a file name (``../x`` names no draft).
    """
    try:
        checked_bill_id(bill_id, where="bill id")
    except UnsafeIdError as error:
        raise ReviewError(str(error)) from None
    path = Path(drafts_dir) / f"{bill_id}.json"
    if not path.is_file():
        raise ReviewError(f"no draft for bill {bill_id!r} in {drafts_dir}", path=str(path))
    return _read_scorecard(path)


def _read_scorecard(path: Path) -> Scorecard:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        checked_bill_id(raw.get("bill_id"), where=path.name)  # it becomes a file name later
        return Scorecard.from_dict(raw)
    except UnsafeIdError as error:
        raise ReviewError(str(error), path=str(path)) from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise ReviewError(f"{path.name}: not a scorecard ({error})", path=str(path)) from None


def iter_drafts(
    drafts_dir: str | os.PathLike[str], on_error: Callable[[str], None] | None = None
) -> Iterator[Scorecard]:
    """Every scorecard JSON in a drafts folder (other JSON files are skipped), by bill id.

    A scorecard whose ``bill_id`` is not a safe id (a hand-edited ``"../x"``) is skipped and
    reported to ``on_error`` with a one-line message: the id would become a file name.
    """
    for path in sorted(Path(drafts_dir).glob("*.json")):
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(raw, dict) and "criteria" in raw and "bill_id" in raw:
            if not is_bill_id(raw["bill_id"]):
                if on_error is not None:
                    try:
                        checked_bill_id(raw["bill_id"], where=path.name)
                    except UnsafeIdError as error:
                        on_error(str(error))
                continue
            try:
                yield Scorecard.from_dict(raw)
            except (ValueError, KeyError, TypeError, AttributeError):
                continue


# --------------------------------------------------------------------------- writing


def record_decision(
    draft: Scorecard,
    criterion: str,
    action: str,
    *,
    reviewer: str | None = None,
    verdict: str | None = None,
    explanation: str | None = None,
    note: str | None = None,
    db_path: str | os.PathLike[str] | None = None,
    decided_at: str | None = None,
) -> Decision:
    """Append one decision on ``criterion`` of the ``draft`` scorecard and return the stored row.

    * ``accept``: the final verdict is the draft's (an explanation or note may be added).
    * ``change``: ``verdict`` is required; ``explanation`` should say why.
    * ``edit``: ``explanation`` is required; the verdict stays as the latest decision left it.
    * ``note``: ``note`` is required; verdict and explanation stay as they were.
    """
    if criterion not in load_rubric().ids:
        raise ReviewError(f"unknown criterion {criterion!r}; known: {', '.join(load_rubric().ids)}")
    if action not in ACTIONS:
        raise ReviewError(f"unknown action {action!r}; one of {', '.join(ACTIONS)}")
    if verdict is not None and verdict not in VERDICTS:
        raise ReviewError(f"verdict must be one of {', '.join(VERDICTS)}, got {verdict!r}")
    if action == "change" and verdict is None:
        raise ReviewError("a 'change' decision needs the new verdict")
    if action == "edit" and not (explanation and explanation.strip()):
        raise ReviewError("an 'edit' decision needs the edited explanation")
    if action == "note" and not (note and note.strip()):
        raise ReviewError("a 'note' decision needs the note")
    if action == "accept" and verdict is not None and verdict != draft.criteria[criterion].verdict:
        raise ReviewError("'accept' keeps the draft verdict; use 'change' to set another one")
    if action in ("edit", "note") and verdict is not None:
        raise ReviewError(f"'{action}' keeps the verdict; use 'change' to set another one")
    result = draft.criteria[criterion]
    reviewer = (reviewer or default_reviewer()).strip() or "unknown"
    sha = draft_sha256(draft)
    with connect(db_path) as conn:
        try:
            conn.execute("BEGIN IMMEDIATE")
            previous = conn.execute(
                "SELECT final_verdict, explanation FROM decisions WHERE bill_id = ? AND criterion = ? "
                "ORDER BY id DESC LIMIT 1",
                (draft.bill_id, criterion),
            ).fetchone()
            if _after_read is not None:
                _after_read()
            if action == "accept":
                final = result.verdict
            elif action == "change":
                final = verdict  # type: ignore[assignment]
            else:  # edit / note carry the current state forward
                final = verdict or (previous["final_verdict"] if previous else result.verdict)
            if explanation is None and action in ("edit", "note") and previous is not None:
                explanation = previous["explanation"]
            cursor = conn.execute(
                "INSERT INTO decisions (bill_id, criterion, reviewer, decided_at, action, draft_verdict,"
                " final_verdict, explanation, note, pipeline_version, model_version, draft_sha256,"
                " source_sha256, source_path, draft_criterion)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    draft.bill_id,
                    criterion,
                    reviewer,
                    decided_at or utc_now(),
                    action,
                    result.verdict,
                    final,
                    explanation.strip() if explanation else None,
                    note.strip() if note else None,
                    draft.pipeline.get("version"),
                    draft.pipeline.get("model"),
                    sha,
                    draft.source.get("sha256"),
                    draft.source.get("path"),
                    json.dumps(result.to_dict(), ensure_ascii=False),
                ),
            )
            row = conn.execute("SELECT * FROM decisions WHERE id = ?", (cursor.lastrowid,)).fetchone()
            conn.execute("COMMIT")
        except BaseException as error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise ReviewError(f"could not record the decision in {review_db_path(db_path)}: {error}") from None
            raise
    return _row_to_decision(row)


# --------------------------------------------------------------------------- reading


def history(
    bill_id: str, criterion: str | None = None, *, db_path: str | os.PathLike[str] | None = None
) -> list[Decision]:
    """Every decision on a bill (optionally one criterion), oldest first."""
    query = "SELECT * FROM decisions WHERE bill_id = ?"
    params: list[Any] = [bill_id]
    if criterion is not None:
        query += " AND criterion = ?"
        params.append(criterion)
    with connect(db_path) as conn:
        return [_row_to_decision(r) for r in conn.execute(query + " ORDER BY id", params)]


def latest_decisions(bill_id: str, *, db_path: str | os.PathLike[str] | None = None) -> dict[str, Decision]:
    """``criterion -> latest decision`` for one bill (criteria without a decision are absent)."""
    with connect(db_path) as conn:
        rows = conn.execute(
            "SELECT d.* FROM decisions d JOIN (SELECT criterion, MAX(id) AS id FROM decisions"
            " WHERE bill_id = ? GROUP BY criterion) last ON d.id = last.id ORDER BY d.id",
            (bill_id,),
        ).fetchall()
    return {row["criterion"]: _row_to_decision(row) for row in rows}


def signed_off(bill_id: str, *, db_path: str | os.PathLike[str] | None = None) -> dict[str, Decision]:
    """``criterion -> latest sign-off`` (accept / change / edit; notes excluded) for one bill.

    Later notes carry the sign-off's verdict and explanation forward, so the final state of a
    criterion is the same in its latest sign-off and its latest decision.
    """
    with connect(db_path) as conn:
        rows = conn.execute(
            "SELECT d.* FROM decisions d JOIN (SELECT criterion, MAX(id) AS id FROM decisions"
            " WHERE bill_id = ? AND action IN ('accept', 'change', 'edit') GROUP BY criterion) last"
            " ON d.id = last.id ORDER BY d.id",
            (bill_id,),
        ).fetchall()
    return {row["criterion"]: _row_to_decision(row) for row in rows}


def reviewed_bills(*, db_path: str | os.PathLike[str] | None = None) -> list[str]:
    """Bill ids with at least one decision."""
    with connect(db_path) as conn:
        return [r[0] for r in conn.execute("SELECT DISTINCT bill_id FROM decisions ORDER BY bill_id")]


def is_stale(decision: Decision, draft: Scorecard) -> bool:
    """True when the draft's verdict on that criterion is no longer what the reviewer saw."""
    return decision.draft_verdict != draft.criteria[decision.criterion].verdict


def pending(
    drafts_dir: str | os.PathLike[str],
    *,
    db_path: str | os.PathLike[str] | None = None,
    only_flagged: bool = False,
) -> list[PendingItem]:
    """Criteria of every draft in ``drafts_dir`` that still await review.

    A criterion is pending until some reviewer accepts, changes or edits it; a note alone does
    not sign it off, and a sign-off given on a draft verdict that has since changed (the bill was
    re-scored) no longer counts. ``only_flagged`` keeps the criteria the draft marks
    ``needs_review``.
    """
    items: list[PendingItem] = []
    for draft in iter_drafts(drafts_dir):
        decided = signed_off(draft.bill_id, db_path=db_path)
        latest = latest_decisions(draft.bill_id, db_path=db_path) if len(decided) < len(draft.criteria) else {}
        for cid in load_rubric().ids:
            result = draft.criteria[cid]
            if only_flagged and not result.needs_review:
                continue
            decision = decided.get(cid)
            if decision is not None and not is_stale(decision, draft):
                continue
            if decision is not None:
                reason = "draft changed since review"
            elif cid in latest:
                reason = "note only"
            else:
                reason = "not reviewed"
            items.append(PendingItem(draft.bill_id, cid, result.verdict, result.needs_review, reason))
    return items


# --------------------------------------------------------------------------- annotations




def evidence_labels(signals: list[str], criterion: str) -> list[str]:
    """Signal names in an evidence's ``signals`` list that feed ``criterion``.

    Entries look like ``"rule:<pattern id>"``, ``"component:<name>"``, ``"model:<signal>:0.93"``
    or a bare signal name. Each is mapped to its signal by :func:`pipeline.vocab.signal_of` (which
    knows the pattern files) or, failing that, by any ``:``-separated part that is a signal
    name; entries that name no signal of this criterion (``"model:0.93"``) are ignored.
    """
    known = {name for name, cid in signal_criteria().items() if cid == criterion}
    labels: list[str] = []
    for entry in signals:
        candidates = [part for part in str(entry).split(":")]
        try:
            candidates.insert(0, signal_of(str(entry))[0])
        except Exception:  # noqa: BLE001 - an odd label is skipped, never fatal
            pass
        for name in candidates:
            if name in known and name not in labels:
                labels.append(name)
                break
    return labels


def _redetected_signals(
    path: str | None, sha256: str | None, search: tuple[Path, ...] = ()
) -> dict[tuple[int, int], set[str]]:
    """``(start, end) -> signal names`` of the flags the current flagger finds in a source file.

    The fallback when a draft's evidence labels name patterns or components but not signals:
    the clause spans are the evidence spans (see ``pipeline.scoring.evidence_for``), so the
    signals can be recovered by flagging the same text again. Empty when the file is gone or
    has changed since it was scored.
    """
    from pipeline.report import source_document

    document = source_document({"path": path, "sha256": sha256}, search)
    if document is None:
        return {}
    try:
        from pipeline.run import analyze

        flags = analyze(document).flags
    except Exception:  # noqa: BLE001 - no labels is the safe answer
        return {}
    spans: dict[tuple[int, int], set[str]] = {}
    for flag in flags:
        spans.setdefault((flag.clause_start, flag.clause_end), set()).add(flag.signal)
        spans.setdefault((flag.start, flag.end), set()).add(flag.signal)
    return spans


def _corpus_source(path: str | None) -> str:
    """``"bulk"`` / ``"shared"`` for documents of the shared corpus, else ``"external"``."""
    if not path:
        return "external"
    from pipeline.config import corpus_dir

    try:
        resolved = Path(path).resolve()
        root = corpus_dir()
        if resolved.is_relative_to(root / "bulk"):
            return "bulk"
        if resolved.is_relative_to(root):
            return "shared"
    except OSError:
        pass
    return "external"


def export_annotations(
    db_path: str | os.PathLike[str] | None = None,
    drafts_dir: str | os.PathLike[str] | None = None,
) -> list[dict[str, Any]]:
    """Reviewed evidence clauses as annotation records (the brief's JSONL schema).

    A clause is exported when a reviewer signed off its criterion *without* changing the draft
    verdict (accept, or edit/note keeping it): the analyst then confirmed the signals the draft
    found in that clause, so they become its labels. Clauses behind a changed verdict are left
    out: a changed verdict says the conclusion was wrong, not which clause label was. Records
    carry ``method: "analyst review"`` and ``eval: false`` (reviewed drafts are training data,
    never evaluation data), plus ``criterion``, ``reviewer``, ``decided_at``, ``decision_id`` and
    ``label_source``: ``"draft"`` when the evidence labels named the signals, ``"re-detected"``
    when they only named patterns and the signals were recovered by flagging the (unchanged)
    source file again.

    ``drafts_dir``, when given, restricts the export to bills whose draft is still there and
    skips decisions made on a draft verdict that has since changed.
    """
    drafts: dict[str, Scorecard] | None = None
    search: tuple[Path, ...] = ()
    if drafts_dir is not None:
        from pipeline.report import search_near

        drafts = {d.bill_id: d for d in iter_drafts(drafts_dir)}
        search = search_near(drafts_dir)
    records: dict[tuple[str, int, int], dict[str, Any]] = {}
    redetected: dict[str, dict[tuple[int, int], set[str]]] = {}
    for bill_id in reviewed_bills(db_path=db_path):
        if drafts is not None and bill_id not in drafts:
            continue
        for cid, decision in sorted(signed_off(bill_id, db_path=db_path).items()):
            if decision.final_verdict != decision.draft_verdict:
                continue
            if drafts is not None and is_stale(decision, drafts[bill_id]):
                continue
            for evidence in decision.draft_criterion.get("evidence", []):
                key = (bill_id, int(evidence["start"]), int(evidence["end"]))
                labels = evidence_labels(evidence.get("signals", []), cid)
                label_source = "draft"
                if not labels:  # labels name patterns, not signals: flag the text again
                    if bill_id not in redetected:
                        redetected[bill_id] = _redetected_signals(decision.source_path, decision.source_sha256, search)
                    signals = redetected[bill_id].get((key[1], key[2]), set())
                    labels = sorted(name for name in signals if signal_criteria().get(name) == cid)
                    label_source = "re-detected"
                if not labels:
                    continue
                record = records.get(key)
                if record is None:
                    record = records[key] = {
                        "id": f"review:{bill_id}:{key[1]}-{key[2]}",
                        "doc_id": bill_id,
                        "doc_sha256": decision.source_sha256,
                        "source": _corpus_source(decision.source_path),
                        "start": key[1],
                        "end": key[2],
                        "text": evidence["text"],
                        "labels": [],
                        "method": "analyst review",
                        "eval": False,
                        "criterion": [],
                        "reviewer": decision.reviewer,
                        "decided_at": decision.decided_at,
                        "decision_id": decision.id,
                        "label_source": label_source,
                    }
                record["labels"].extend(label for label in labels if label not in record["labels"])
                record["criterion"].append(cid)
    return [records[key] for key in sorted(records)]
