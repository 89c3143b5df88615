"""Per-file limits: a size cap checked before reading, and a wall-clock time limit.

``time_limit(seconds)`` interrupts a stuck parser with ``SIGALRM`` when it runs in the main
thread of a process (CLI, batch worker processes). Signals cannot be delivered to other
threads, so there it degrades to a cooperative :class:`Deadline` that the page loops of the
PDF reader check between pages.
"""

from __future__ import annotations

import math
import os
import signal
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from pipeline.errors import FileTooLargeError, IngestTimeoutError


class Deadline:
    """A point in time after which work on one file should stop."""

    def __init__(self, seconds: float | None, label: str = "document") -> None:
        self.seconds = seconds
        self.label = label
        self._end = None if not _is_limit(seconds) else time.monotonic() + seconds

    def expired(self) -> bool:
        return self._end is not None and time.monotonic() > self._end

    def check(self) -> None:
        """Raise :class:`IngestTimeoutError` if the deadline has passed."""
        if self.expired():
            raise _timeout_error(self.label, self.seconds)


def _is_limit(seconds: float | None) -> bool:
    """True for a usable limit: ``None``, 0, negative, ``inf`` and NaN all mean "no limit"
    (``setitimer`` cannot take ``inf``; ``--timeout inf`` must not fail every input)."""
    return seconds is not None and math.isfinite(seconds) and seconds > 0


def _timeout_error(label: str, seconds: float | None) -> IngestTimeoutError:
    return IngestTimeoutError(f"{label}: took longer than the {seconds:g} s per-file time limit", path=label)


#: The deadline of the innermost active ``time_limit`` in this thread (for cooperative checks).
_local = threading.local()


def current_deadline() -> Deadline:
    """The innermost active deadline of this thread, or one that never expires."""
    return getattr(_local, "deadline", None) or Deadline(None)


def _can_use_alarm() -> bool:
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )


@contextmanager
def time_limit(seconds: float | None, label: str = "document") -> Iterator[Deadline]:
    """Limit the wall-clock time of the block to ``seconds`` (``None`` or <= 0: no limit).

    Raises :class:`~pipeline.errors.IngestTimeoutError` (reason ``timeout``). Wrap the whole
    per-file pipeline (ingest, triage, flagging, scoring) in it, not only reading: the batch
    worker and ``statute report`` do. In the main thread the block is
    interrupted by a timer signal; elsewhere only cooperative ``Deadline.check()`` calls stop it.
    Nested limits restore the outer timer on exit.
    """
    deadline = Deadline(seconds, label)
    outer = getattr(_local, "deadline", None)
    _local.deadline = deadline
    if deadline._end is None or not _can_use_alarm():
        try:
            yield deadline
        finally:
            _local.deadline = outer
        return

    def _on_alarm(signum, frame):  # noqa: ARG001 - signal handler signature
        raise _timeout_error(label, seconds)

    previous_handler = signal.signal(signal.SIGALRM, _on_alarm)
    previous_delay, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        yield deadline
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_delay:  # give the outer limit what is left of its time
            remaining = previous_delay - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(remaining, 0.001))
        _local.deadline = outer


def check_size(path: str | os.PathLike[str], max_bytes: int | None) -> int:
    """Return the file size; raise :class:`FileTooLargeError` above ``max_bytes`` (before reading)."""
    size = Path(path).stat().st_size
    if max_bytes is not None and max_bytes > 0 and size > max_bytes:
        raise FileTooLargeError(
            f"{Path(path).name}: {_human(size)} is over the size limit of {_human(max_bytes)}",
            path=str(path),
        )
    return size


def _human(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} bytes"  # pragma: no cover
