"""Batch scoring: many input files -> one scorecard JSON each, ``summary.csv`` and ``errors.csv``.

``run_batch(paths, BatchOptions(out_dir=...))`` is what ``statute score PATH... --out DIR`` calls.

How it behaves, and why:

* **Streaming.** Inputs are discovered lazily and handed to workers one at a time; at most one
  task per worker is in flight and no scorecard is kept in the parent, so memory does not grow
  with the number of bills (the parent keeps only small per-input keys: resolved paths and
  bill ids, to catch duplicates and collisions).
* **Workers.** A pool of ``workers`` processes (all cores by default). Each builds the
  scoring pipeline once (spaCy, models) and then scores files with
  :func:`pipeline.run.scorecard_for` and writes the JSON itself, so only a small status tuple
  crosses the process boundary. The pool is hand-rolled rather than
  ``concurrent.futures`` because a hanging input must cost only its own worker: past the
  per-file deadline the worker is killed (SIGKILL) and replaced, and the input becomes a
  ``timeout`` row in ``errors.csv``.
* **Atomic outputs.** Every file is written to a temporary file in the output folder, flushed,
  fsync'ed and renamed over the target (``os.replace``), so a reader -- or a run killed with
  ``kill -9`` -- sees either the old file or the new one, never half of one. Stale temporary
  files from a killed run are removed at the start of the next.
* **Resume.** An input is skipped when ``DIR/<bill_id>.json`` exists and records the same
  content hash (``source.sha256``) and pipeline version; ``force=True`` redoes everything.
* **Summary.** ``summary.csv`` (and ``summary.parquet``) are rebuilt from the JSON files
  present in ``DIR`` (periodically during the run and at the end), so they always describe
  exactly the scorecards on disk. ``errors.csv`` holds this run's failures.
* **Duplicates.** The same file reached twice (named explicitly and inside a folder, or by two
  globs) is scored once. Two different paths with identical bytes are each scored, into their
  own ``<bill_id>.json`` (the jurisdiction is read from the text, the file name only breaks a
  tie, so the same text under another name rarely differs), and duplicates are rare
  enough that scoring them twice costs nothing worth a shortcut. ``summary.csv`` carries the
  ``sha256`` column to find them.
* **Hostile input** (docs/security.md). Names are written escaped and reversible
  (``safety.display_path``), CSV cells that a spreadsheet would run are neutralised, the
  timeout covers the whole per-file pipeline, each worker's memory is capped (``out_of_memory``
  rows), workers die with the batch and write only while its lock is held, and an output
  folder that stops taking files ends the run with one line instead of failing every input.
* **bill_id collisions.** The first input with a given ``bill_id`` (in discovery order, which
  is sorted and therefore stable across runs) keeps it; later ones with other content get
  ``-<first 8 hex digits of sha256>`` appended (CONTRACT.md).
"""

from __future__ import annotations

import csv
import errno
import glob
import hashlib
import json
import multiprocessing
import os
import signal
import stat
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import import_module
from multiprocessing.connection import wait as wait_for
from pathlib import Path
from typing import Any

from pipeline.atomic import TMP_SUFFIX, write_atomic
from pipeline.config import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_SECONDS, PIPELINE_VERSION
from pipeline.values import bill_id_for
from pipeline.errors import FileTooLargeError, StatuteError
from pipeline.ingest.discover import not_a_file_reason
from pipeline.process_limits import LOCK_NAME, die_with_parent, limit_memory, lock_still_held, watch_process
from pipeline.safety import MAX_BILL_ID, csv_row, display_path, is_bill_id, printable

__all__ = [
    "BatchOptions",
    "BatchProgress",
    "BatchResult",
    "BatchOutputError",
    "BatchUsageError",
    "WorkerStartError",
    "ERROR_COLUMNS",
    "discover_inputs",
    "rebuild_summary",
    "run_batch",
    "write_atomic",
]

#: File types a folder is searched for (CONTRACT.md).
#: Columns of ``errors.csv``.
ERROR_COLUMNS = ("bill_id", "path", "reason", "message")
#: Extra trailing columns of ``summary.csv`` beyond the contract's (allowed: "add fields freely").
SUMMARY_EXTRA_COLUMNS = ("path", "sha256")

DEFAULT_SCORER = "pipeline.run:scorecard_for"
_LOCK_NAME = LOCK_NAME
#: Tasks kept in flight per worker (one running, one waiting in its pipe).
_PREFETCH = 2
_TMP_SUFFIX = TMP_SUFFIX
_HASH_CHUNK = 1 << 20


class BatchUsageError(StatuteError):
    """The batch cannot start (bad paths, no inputs, output folder busy): CLI exit code 2."""

    reason = "usage"


class BatchOutputError(StatuteError):
    """The output folder stopped taking files (full disk, read-only, removed): CLI exit code 1.

    The batch stops at once rather than failing every remaining input; the scorecards,
    ``summary.csv`` and ``errors.csv`` already in the folder are complete files (every write
    is atomic), and rerunning the command after freeing space resumes.
    """

    reason = "output_error"


class WorkerStartError(StatuteError):
    """Worker processes die before they can take a file (a broken install, not a bad input)."""

    reason = "worker_start"


@dataclass
class BatchOptions:
    """Settings of one batch run; the CLI maps its options one to one onto these fields."""

    out_dir: Path
    workers: int | None = None  # None: all cores
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = DEFAULT_TIMEOUT_SECONDS
    force: bool = False
    parquet: bool = False
    #: ``"module:function"`` called as ``f(path, max_bytes=..., timeout=...) -> Scorecard``.
    scorer: str = DEFAULT_SCORER
    #: Seconds between summary/errors checkpoints during a run (grows if rebuilding is slow).
    checkpoint_seconds: float = 30.0
    #: Replace a worker after this many files (bounds slow memory growth inside libraries).
    max_tasks_per_worker: int | None = 10_000
    #: Extra seconds a worker gets past ``timeout`` before it is killed.
    kill_grace: float = 5.0
    #: fsync each output before renaming it (durability across power loss, not just kill -9).
    fsync: bool = True
    #: Silence library warnings in the workers (``--quiet``); errors still reach errors.csv.
    quiet: bool = False
    #: Bytes of address space one file may add to a loaded worker (``RLIMIT_AS``); past it the
    #: input is an ``out_of_memory`` row. 512 MiB keeps a worker (~350 MB resident once loaded)
    #: under 1 GB. None or 0: no cap.
    memory_headroom: int | None = 512 * 1024 * 1024
    #: Jurisdiction code for every input (``--jurisdiction``), overriding the one read from the text.
    jurisdiction: str | None = None
    #: False (``--no-triage``): score every input in full, even those the relevance triage drops.
    triage: bool = True

    def worker_count(self) -> int:
        return max(1, self.workers or os.cpu_count() or 1)


@dataclass
class BatchResult:
    """Counts of one run. ``scored`` includes ``skipped`` (already up to date)."""

    total: int = 0
    scored: int = 0
    skipped: int = 0
    relevant: int = 0
    failed: int = 0
    duplicate_paths: int = 0
    elapsed: float = 0.0
    out_dir: Path | None = None
    errors: list[dict[str, str]] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """CONTRACT.md: 0 when every input was scored, 1 when some failed."""
        return 1 if self.failed else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "scored": self.scored,
            "skipped": self.skipped,
            "relevant": self.relevant,
            "failed": self.failed,
            "duplicate_paths": self.duplicate_paths,
            "elapsed": round(self.elapsed, 3),
            "out_dir": str(self.out_dir) if self.out_dir else None,
        }


class BatchProgress:
    """Receives progress events; the CLI subclasses it for a rich bar or plain log lines."""

    def start(self, total: int) -> None:
        """Called once, with the number of input files found."""

    def update(self, result: BatchResult, *, bill_id: str, outcome: str) -> None:
        """After each input: ``outcome`` is ``scored``, ``skipped`` or ``failed``."""

    def failed(self, row: dict[str, str]) -> None:
        """An input could not be scored (``row`` is its ``errors.csv`` row)."""

    def log(self, message: str) -> None:
        """Something worth a line in a plain log (checkpoints, worker restarts)."""

    def finish(self, result: BatchResult) -> None:
        """Called once at the end, after ``summary.csv`` and ``errors.csv`` are written."""


# --------------------------------------------------------------------------- discovery


def discover_inputs(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Input files for ``paths``: files as given, folders searched recursively, globs expanded.

    Uses :func:`pipeline.ingest.discover.iter_input_files` when the ingest package provides
    it, else an equivalent local walk (sorted, so the order -- and therefore collision
    suffixes -- is the same on every run). A path that names nothing is a usage error.
    """
    paths = [os.fspath(p) for p in paths]
    for raw in paths:
        if not os.path.lexists(raw) and not glob.has_magic(raw):
            raise BatchUsageError(f"no such file or folder: {display_path(raw)}")
    from pipeline.ingest.discover import iter_input_files

    try:
        for found in iter_input_files(paths):
            yield Path(found)
    except StatuteError as exc:  # a glob matching nothing, a missing folder
        raise BatchUsageError(printable(str(exc))) from None


# --------------------------------------------------------------------------- file helpers


def _fsync_dir(directory: Path) -> None:
    """Make renames in ``directory`` durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _one_line(text: str) -> str:
    """One printable line: whitespace collapsed, control and undecodable characters escaped."""
    return printable(" ".join(str(text).split()))


# --------------------------------------------------------------------------- summary


def rebuild_summary(out_dir: Path, *, parquet: bool = False, fsync: bool = True) -> int:
    """Rewrite ``summary.csv`` (and ``summary.parquet``) from the scorecard JSON files in ``out_dir``.

    Returns the number of rows. Files that are not scorecards (wrong shape) are left out.
    Rows are sorted by ``bill_id``; memory holds the file names and one row at a time (plus
    the rows themselves when ``parquet`` is asked for).
    """
    from io import StringIO

    from pipeline.values import SUMMARY_COLUMNS, Scorecard

    out_dir = Path(out_dir)
    columns = [*SUMMARY_COLUMNS, *SUMMARY_EXTRA_COLUMNS]
    buffer = StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    rows = 0
    for name in sorted(os.listdir(out_dir)):
        if not name.endswith(".json") or name.startswith("."):
            continue
        raw = _read_json(out_dir / name)
        if raw is None or "criteria" not in raw or "bill_id" not in raw:
            continue
        try:
            card = Scorecard.from_dict(raw)
        except (KeyError, TypeError, ValueError):
            continue
        row = card.summary_row()
        row["path"] = card.source.get("path")
        row["sha256"] = card.source.get("sha256")
        writer.writerow(csv_row(row))
        rows += 1
    write_atomic(out_dir / "summary.csv", buffer.getvalue(), fsync=fsync)
    if parquet:
        import pandas as pd

        buffer.seek(0)
        frame = pd.read_csv(buffer, dtype={"bill_id": str, "path": str, "sha256": str})
        tmp = out_dir / f".summary.parquet.{os.getpid()}{_TMP_SUFFIX}"
        frame.to_parquet(tmp, index=False)
        if fsync:
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
        os.replace(tmp, out_dir / "summary.parquet")
    return rows


def _write_errors(out_dir: Path, errors: list[dict[str, str]], *, fsync: bool) -> None:
    from io import StringIO

    buffer = StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(ERROR_COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_row(row) for row in errors)
    write_atomic(out_dir / "errors.csv", buffer.getvalue(), fsync=fsync)


# --------------------------------------------------------------------------- worker process


def _resolve_scorer(spec: str) -> Callable[..., Any]:
    module, _, name = spec.partition(":")
    return getattr(import_module(module), name or "score_file")


def _warm_up(spec: str) -> None:
    """Build the expensive parts once per worker, before it takes its first file.

    Uses ``warm_up()`` of the scorer's module when it has one; otherwise runs triage and full
    scoring on a short built-in text (a custom scorer wrapping the pipeline profits too).
    Failures here are left for the first real file to report.
    """
    try:
        module = import_module(spec.partition(":")[0])
        hook = getattr(module, "warm_up", None)
        if callable(hook):
            hook()
        else:
            from pipeline.run import warm_up

            warm_up()
    except Exception:  # noqa: BLE001 - the first task will surface the real error
        pass


def _worker_main(conn, scorer_spec: str, settings: dict[str, Any]) -> None:
    """Worker loop: receive a task, score it, write the JSON, answer with a small tuple."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C means
    die_with_parent()
    if settings.get("batch_pid"):
        watch_process(settings["batch_pid"])
    if settings.get("quiet"):
        import logging
        import warnings

        logging.getLogger().setLevel(logging.ERROR)
        warnings.simplefilter("ignore")
    scorer = _resolve_scorer(scorer_spec)
    _warm_up(scorer_spec)
    limit_memory(settings.get("memory_headroom"))  # after loading: caps what one file may add
    conn.send(("ready", os.getpid()))
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        conn.send(_score_task(scorer, task, settings))


def score_within_limits(scorer: Callable[..., Any], path: str | os.PathLike[str], *,
                         max_bytes: int | None, timeout: float | None, **extra: Any):
    """Run the scorer with ``timeout`` over the whole per-file pipeline, not only its ingestion.

    The scorer applies the limit to reading; this outer limit (nested limits keep the outer
    timer) also stops triage, flagging and scoring. MemoryError past the worker's address-space
    cap becomes an ``out_of_memory`` error here, wherever in the pipeline it happened.
    """
    from pipeline.errors import OutOfMemoryError
    from pipeline.ingest.limits import time_limit

    name = display_path(Path(path).name)
    try:
        with time_limit(timeout, label=name):
            return scorer(path, max_bytes=max_bytes, timeout=timeout, **extra)
    except MemoryError:
        raise OutOfMemoryError(f"{name}: ran out of memory while scoring it (the per-worker memory cap "
                               "was reached)", path=str(path)) from None


def _scorer_extras(jurisdiction: str | None, triage: bool) -> dict[str, Any]:
    """Keyword arguments beyond the plug-in shape, passed only when set (plug-ins may not take them)."""
    extra: dict[str, Any] = {"jurisdiction": jurisdiction} if jurisdiction else {}
    if not triage:
        extra["triage"] = False
    return extra


def _score_task(scorer: Callable[..., Any], task: dict[str, Any], settings: dict[str, Any]) -> tuple:
    try:
        extra = _scorer_extras(settings.get("jurisdiction"), settings.get("triage", True))
        card = score_within_limits(scorer, task["path"], max_bytes=settings["max_bytes"],
                                   timeout=settings["timeout"], **extra)
        data = card.to_dict()
        data["bill_id"] = task["bill_id"]
        # The name as written in errors.csv: a non-UTF-8 name cannot go into a UTF-8 file raw.
        data["source"]["path"] = display_path(task["path"])
        text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    except StatuteError as exc:
        return ("error", exc.reason, _one_line(str(exc)))
    except MemoryError:
        return ("error", "out_of_memory", "ran out of memory while scoring this file")
    except Exception as exc:  # noqa: BLE001 - a bug on one input must not stop the batch
        return ("error", "internal_error", _one_line(f"{type(exc).__name__}: {exc}"))
    if not lock_still_held(Path(task["out"]).parent):
        os._exit(0)  # the batch is gone (killed): nothing may be written without its lock
    try:
        write_atomic(Path(task["out"]), text, fsync=settings["fsync"])
        return ("ok", bool(data.get("relevant")))
    except OSError as exc:  # the output folder, not the input: the parent stops the batch
        return ("error", "output_error", _one_line(f"cannot write {Path(task['out']).name}: {exc.strerror or exc}"))


class _Worker:
    """One worker process and the tasks sent to it (the first is running, the rest queued).

    Keeping a second task queued in the worker's pipe means it never waits for the parent
    between files; the per-file deadline applies to the task at the head of the queue only.
    """

    def __init__(self, context, scorer: str, settings: dict[str, Any]) -> None:
        self.conn, child_conn = context.Pipe(duplex=True)
        self.process = context.Process(
            target=_worker_main, args=(child_conn, scorer, settings), daemon=True
        )
        self.process.start()
        child_conn.close()
        self.ready = False
        self.started_at = time.monotonic()
        self.queue: deque[dict[str, Any]] = deque()
        self.deadline = float("inf")
        self.done = 0

    def send(self, task: dict[str, Any], limit: float) -> None:
        if not self.queue:
            self.deadline = time.monotonic() + limit
        self.queue.append(task)
        self.conn.send(task)

    def finished(self, limit: float) -> dict[str, Any]:
        """The head task answered: pop it and start the clock of the next one."""
        task = self.queue.popleft()
        self.done += 1
        self.deadline = time.monotonic() + limit if self.queue else float("inf")
        return task

    def stop(self, *, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except (OSError, ValueError):
                self.process.kill()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=5)
        self.conn.close()


def _mp_context():
    # forkserver: workers are forked from a small clean process, never from the parent with
    # its progress-bar thread (forking a threaded process can deadlock).
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" not in methods:
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # the fork server loads the run path once (spaCy pipeline, models); workers inherit it
    context.set_forkserver_preload(["pipeline.preload"])
    return context


# --------------------------------------------------------------------------- the run


class _Run:
    """State of one batch run (kept off ``run_batch`` so the loop stays readable)."""

    def __init__(self, options: BatchOptions, progress: BatchProgress) -> None:
        self.options = options
        self.progress = progress
        self.out = Path(options.out_dir)
        self.result = BatchResult(out_dir=self.out)
        self.seen_paths: set[str] = set()
        self.ids: dict[str, str] = {}  # bill_id -> sha256 of the input that holds it
        self.next_checkpoint = time.monotonic() + options.checkpoint_seconds
        self.checkpoint_every = options.checkpoint_seconds

    # -- input preparation (parent process, cheap) -----------------------------------

    def _assign_id(self, path: Path, sha: str) -> str:
        base = _base_id(path, sha)
        candidate, n = base, 1
        if candidate in self.ids:
            candidate = f"{base}-{sha[:8]}"
        while candidate in self.ids:  # identical bytes under one name in several folders
            n += 1
            candidate = f"{base}-{sha[:8]}-{n}"
        self.ids[candidate] = sha
        return candidate

    def tasks(self, inputs: Iterator[Path]) -> Iterator[dict[str, Any]]:
        """Turn discovered paths into tasks, settling skips, copies and pre-checks on the way."""
        for path in inputs:
            key = os.path.realpath(path)
            if key in self.seen_paths:
                self.result.duplicate_paths += 1
                continue
            self.seen_paths.add(key)
            self.result.total += 1
            try:
                info = os.stat(path)
                if not stat.S_ISREG(info.st_mode):
                    raise _PreCheckError("not_a_file", f"{path.name}: {not_a_file_reason(path)}")
                if info.st_size > self.options.max_bytes:
                    raise FileTooLargeError(
                        f"{path.name}: {info.st_size:,} bytes is over the limit of "
                        f"{self.options.max_bytes:,} bytes (raise --max-bytes to allow it)"
                    )
                sha = _sha256_file(path)
            except (StatuteError, _PreCheckError) as exc:
                self.fail(bill_id_for(path) or "document", path, exc.reason, str(exc))
                continue
            except OSError as exc:
                # a link loop or a link to nothing says so ("a broken symbolic link (...)"), not just ENOENT
                link = exc.errno == errno.ELOOP or os.path.islink(path)
                self.fail(bill_id_for(path) or "document", path, "unreadable", _one_line(
                    f"{path.name}: {not_a_file_reason(path) if link else exc.strerror or exc}"))
                continue
            bill_id = self._assign_id(path, sha)
            target = self.out / f"{bill_id}.json"
            if not self.options.force:
                existing = _read_json(target) if target.exists() else None
                if (
                    existing is not None
                    and (existing.get("source") or {}).get("sha256") == sha
                    and (existing.get("pipeline") or {}).get("version") == PIPELINE_VERSION
                    and existing.get("bill_id") == bill_id
                    # a draft the triage cut short is not up to date for a --no-triage run
                    and (self.options.triage or existing.get("relevant") is not False)
                ):
                    self.finish(bill_id, "skipped", bool(existing.get("relevant")))
                    continue
            yield {"path": str(path), "bill_id": bill_id, "out": str(target)}

    # -- bookkeeping -----------------------------------------------------------------

    def finish(self, bill_id: str, outcome: str, relevant: bool) -> None:
        self.result.scored += 1
        if outcome == "skipped":
            self.result.skipped += 1
        if relevant:
            self.result.relevant += 1
        self.progress.update(self.result, bill_id=bill_id, outcome=outcome)

    def fail(self, bill_id: str, path: Path | str, reason: str, message: str) -> None:
        row = {"bill_id": bill_id, "path": display_path(path), "reason": reason, "message": _one_line(message)}
        self.result.failed += 1
        self.result.errors.append(row)
        # An output left from an earlier version of this input no longer describes it.
        stale = self.out / f"{bill_id}.json"
        if bill_id in self.ids:
            try:
                existing = _read_json(stale)
                if existing is not None and (existing.get("source") or {}).get("sha256") != self.ids[bill_id]:
                    stale.unlink()
            except OSError:
                pass
        self.progress.failed(row)
        self.progress.update(self.result, bill_id=bill_id, outcome="failed")

    def checkpoint(self, *, final: bool = False) -> None:
        began = time.monotonic()
        rebuild_summary(self.out, parquet=self.options.parquet and final, fsync=self.options.fsync)
        _write_errors(self.out, self.result.errors, fsync=self.options.fsync)
        _fsync_dir(self.out)
        cost = time.monotonic() - began
        # Keep checkpoints under ~10% of the run even when the folder holds many scorecards.
        self.checkpoint_every = max(self.options.checkpoint_seconds, 10 * cost)
        self.next_checkpoint = time.monotonic() + self.checkpoint_every
        if not final:
            self.progress.log(f"checkpoint: summary.csv rebuilt ({cost:.1f}s)")


def _base_id(path: Path, sha: str) -> str:
    """The file's bill id, made safe: a name too long for ``<id>.json`` is cut and given the
    content hash (so two long names with a common start stay apart); a name of dots only
    becomes ``document``."""
    base = bill_id_for(path) or "document"
    if len(base) > MAX_BILL_ID:
        base = f"{base[:MAX_BILL_ID - 9]}-{sha[:8]}"
    return base if is_bill_id(base) else "document"


class _PreCheckError(Exception):
    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def _acquire_lock(out_dir: Path):
    """Hold an exclusive lock on ``out_dir`` for the run (released by the OS, even on kill -9)."""
    import fcntl

    handle = open(out_dir / _LOCK_NAME, "a+")  # noqa: SIM115 - held for the whole run
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise BatchUsageError(f"another batch is writing to {out_dir}") from None
    return handle


def _remove_stale_temporaries(out_dir: Path) -> int:
    removed = 0
    for entry in os.scandir(out_dir):
        if entry.name.startswith(".") and entry.name.endswith(_TMP_SUFFIX):
            try:
                os.unlink(entry.path)
                removed += 1
            except OSError:
                pass
    return removed


def count_inputs(paths: Iterable[str | os.PathLike[str]]) -> int:
    """Number of distinct input files (a cheap first pass so progress can show an ETA)."""
    return sum(1 for _ in discover_inputs(paths))  # discovery yields each file once


def run_batch(
    paths: Iterable[str | os.PathLike[str]],
    options: BatchOptions,
    progress: BatchProgress | None = None,
) -> BatchResult:
    """Score every input under ``paths`` into ``options.out_dir``; see the module docstring.

    Raises :class:`BatchUsageError` before doing any work when the paths name nothing or the
    output folder is busy. Per-input failures never raise: they are counted and written to
    ``errors.csv``.
    """
    paths = [os.fspath(p) for p in paths]
    if not paths:
        raise BatchUsageError("give at least one file, folder or glob to score")
    progress = progress or BatchProgress()
    out = Path(options.out_dir)
    if out.exists() and not out.is_dir():
        raise BatchUsageError(f"--out {display_path(out)} exists and is not a folder")
    total = count_inputs(paths)  # also surfaces usage errors before any work starts
    if total == 0:
        raise BatchUsageError("no .txt, .pdf, .xml or .html files found under the given paths")
    try:
        out.mkdir(parents=True, exist_ok=True)
        lock = _acquire_lock(out)
        removed = _remove_stale_temporaries(out)
    except OSError as exc:  # under a regular file, read-only, no permission
        raise BatchUsageError(f"cannot use --out {display_path(out)}: {exc.strerror or exc}") from None

    began = time.monotonic()
    run = _Run(options, progress)
    if removed:
        progress.log(f"removed {removed} temporary file(s) left by an interrupted run")
    progress.start(total)
    final_error: OSError | None = None
    try:
        _drive(run, run.tasks(discover_inputs(paths)))
    finally:
        run.result.elapsed = time.monotonic() - began
        try:
            run.checkpoint(final=True)
        except OSError as exc:  # reported below unless another error is already on its way
            final_error = exc
        lock.close()
    if final_error is not None:
        raise _output_error(out, final_error)
    progress.finish(run.result)
    return run.result


def _output_error(out: Path, exc: OSError) -> BatchOutputError:
    return BatchOutputError(
        f"cannot write summary.csv/errors.csv in {display_path(out)}: {exc.strerror or exc}; the scorecards "
        "already written are kept, rerun the same command to resume"
    )


def _drive(run: _Run, tasks: Iterator[dict[str, Any]]) -> None:
    """Feed tasks to the worker pool until both are exhausted."""
    options = run.options
    context = _mp_context()
    settings = {"max_bytes": options.max_bytes, "timeout": options.timeout, "fsync": options.fsync,
                "quiet": options.quiet, "memory_headroom": options.memory_headroom, "batch_pid": os.getpid(),
                "jurisdiction": options.jurisdiction, "triage": options.triage}
    limit = options.timeout + options.kill_grace
    startup_limit = max(120.0, limit)
    workers: list[_Worker] = []
    backlog: deque[dict[str, Any]] = deque()  # tasks taken from the input but not yet sent
    exhausted = False
    startup_failures = 0

    def spawn() -> _Worker:
        return _Worker(context, options.scorer, settings)

    def replace(worker: _Worker, *, kill: bool) -> None:
        """Stop ``worker`` and start a fresh one; tasks it had queued go back to the backlog."""
        worker.stop(kill=kill)
        backlog.extendleft(reversed(worker.queue))
        worker.queue.clear()
        workers[workers.index(worker)] = spawn()

    def next_task() -> dict[str, Any] | None:
        nonlocal exhausted
        if backlog:
            return backlog.popleft()
        if exhausted:
            return None
        task = next(tasks, None)
        if task is None:
            exhausted = True
        return task

    def fail_head(worker: _Worker, reason: str, message: str) -> None:
        task = worker.queue.popleft()
        run.fail(task["bill_id"], task["path"], reason, message)

    # Only start as many workers as there is work for (small batches, mostly-skipped reruns).
    first = next_task()
    if first is None:
        return
    backlog.append(first)
    workers.append(spawn())
    try:
        while True:
            # Keep every ready worker at PREFETCH tasks.
            for worker in workers:
                while worker.ready and len(worker.queue) < _PREFETCH:
                    task = next_task()
                    if task is None:
                        break
                    try:
                        worker.send(task, limit)
                    except (OSError, ValueError):  # died between two checks: its tasks go back
                        replace(worker, kill=True)
                        break
            # Grow the pool while there is a task waiting for each worker still starting up.
            while len(workers) < options.worker_count():
                starting = sum(1 for w in workers if not w.ready)
                if len(backlog) <= starting:
                    task = next_task()
                    if task is None:
                        break
                    backlog.append(task)
                workers.append(spawn())
            if exhausted and not backlog and not any(w.queue for w in workers):
                break

            now = time.monotonic()
            wake = min([w.deadline for w in workers] + [run.next_checkpoint, now + 1.0])
            waitables: list[Any] = [w.conn for w in workers] + [w.process.sentinel for w in workers]
            ready = set(wait_for(waitables, timeout=max(0.0, wake - now)))

            for worker in list(workers):
                message = None
                if worker.conn in ready:
                    try:
                        message = worker.conn.recv()
                    except (EOFError, OSError):
                        message = None
                elif worker.process.sentinel not in ready or worker.process.is_alive():
                    continue
                if message is None:  # the worker is gone
                    if not worker.ready:
                        startup_failures += 1
                        if startup_failures >= 3:
                            worker.process.join(timeout=5)
                            raise WorkerStartError(
                                "scoring workers fail to start (exit code "
                                f"{worker.process.exitcode}); run `statute score FILE --json` "
                                "on one file to see the error"
                            )
                    _worker_died(run, worker, fail_head, replace)
                    continue
                if message[0] == "ready":
                    worker.ready = True
                    startup_failures = 0
                    continue
                _settle(run, worker.finished(limit), message)
                if options.max_tasks_per_worker and worker.done >= options.max_tasks_per_worker:
                    replace(worker, kill=False)

            now = time.monotonic()
            for worker in list(workers):
                if worker.queue and now >= worker.deadline:
                    path = worker.queue[0]["path"]
                    fail_head(worker, "timeout", f"{Path(path).name}: no result within "
                              f"{options.timeout:g}s; the worker was stopped")
                    run.progress.log(f"killed a worker stuck on {path}")
                    replace(worker, kill=True)
                elif not worker.ready and now - worker.started_at > startup_limit:
                    replace(worker, kill=True)
            if now >= run.next_checkpoint:
                try:
                    run.checkpoint()
                except OSError as exc:
                    raise _output_error(run.out, exc) from None
    finally:
        for worker in workers:
            worker.stop(kill=bool(worker.queue))


def _worker_died(run: _Run, worker: _Worker, fail_head, replace) -> None:
    """A worker exited unexpectedly: the file it was on is a failure, its queue is requeued."""
    if worker.queue:
        worker.process.join(timeout=5)  # the pipe can close before the exit status is known
        code = worker.process.exitcode
        how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        name = Path(worker.queue[0]["path"]).name
        headroom = run.options.memory_headroom
        if code == -signal.SIGABRT and headroom:
            # Native readers (pdfium) abort instead of raising when an allocation fails.
            fail_head(worker, "out_of_memory", f"{name}: the worker stopped ({how}) while scoring it, as "
                      f"native libraries do on reaching the per-worker memory cap ({headroom >> 20} MiB "
                      "over the loaded pipeline)")
        else:
            fail_head(worker, "worker_crashed", f"{name}: the worker process died ({how}) while scoring it")
    replace(worker, kill=True)


def _settle(run: _Run, task: dict[str, Any], message: tuple) -> None:
    if message[0] == "ok":
        run.finish(task["bill_id"], "scored", message[1])
        return
    _, reason, text = message
    if reason == "output_error":  # the folder, not this input: stop instead of failing them all
        raise BatchOutputError(f"cannot write to {display_path(run.out)}: {text}; the files already "
                               "written are kept, rerun the same command to resume")
    run.fail(task["bill_id"], task["path"], reason, text)


def score_one(path: str | os.PathLike[str], *, max_bytes: int | None = None,
              timeout: float | None = None, scorer: str = DEFAULT_SCORER, jurisdiction: str | None = None,
              triage: bool = True):
    """Score one file in this process (``statute score FILE --json``), the time limit covering it all."""
    extra = _scorer_extras(jurisdiction, triage)
    return score_within_limits(_resolve_scorer(scorer), path, max_bytes=max_bytes, timeout=timeout, **extra)


if __name__ == "__main__":  # pragma: no cover
    sys.exit("use `statute score`")
