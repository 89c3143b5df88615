"""``statute score``: score files into a folder (batch) or one file to standard output (``--json``).

The command only parses options and reports progress; the work is :func:`pipeline.batch.run_batch`
and :func:`pipeline.batch.score_one`. Heavy imports happen inside the command body.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from pipeline.cli.app import app
from pipeline.config import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_SECONDS

USAGE_ERROR = 2


def _usage(message: str) -> typer.Exit:
    typer.echo(f"Usage error: {message}", err=True)
    return typer.Exit(USAGE_ERROR)


@app.command()
def score(
    paths: list[str] = typer.Argument(
        ..., metavar="PATH...", help="Files, folders (searched recursively for .txt .pdf .xml .html .docx) or globs."
    ),
    out: Optional[Path] = typer.Option(
        None, "--out", "-o", help="Folder for <bill_id>.json, summary.csv and errors.csv."
    ),
    as_json: bool = typer.Option(False, "--json", help="Score one FILE and print its scorecard JSON."),
    workers: Optional[int] = typer.Option(
        None, "--workers", "-w", min=1, help="Worker processes (default: one per CPU core)."
    ),
    force: bool = typer.Option(False, "--force", help="Rescore inputs whose output is already up to date."),
    fmt: str = typer.Option(
        "csv", "--format", help="Summary format: csv, or parquet (writes summary.parquet as well)."
    ),
    max_bytes: int = typer.Option(
        DEFAULT_MAX_BYTES, "--max-bytes", min=1, help="Larger input files are not read (errors.csv: too_large)."
    ),
    timeout: float = typer.Option(
        DEFAULT_TIMEOUT_SECONDS, "--timeout", min=0.1,
        help="Seconds per file; a worker stuck longer is killed and replaced (errors.csv: timeout).",
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress output (errors still go to errors.csv)."),
    jurisdiction: Optional[str] = typer.Option(
        None, "--jurisdiction", metavar="CODE",
        help="Jurisdiction code (us, ct, nm, co, ...) for every input, overriding the one detected from the text.",
    ),
    triage: bool = typer.Option(
        True, "--triage/--no-triage",
        help="--no-triage scores every input in full, even those the relevance triage finds off-topic (slower).",
    ),
) -> None:
    """Score statutes and bills against the rubric.

    Batch: statute score PATH... --out DIR writes one JSON scorecard per input, summary.csv and errors.csv, using all cores. Inputs whose scorecard in DIR is up to date (same content hash and pipeline version) are skipped, so running the same command again after an interruption finishes the rest; --force rescores everything.

    Single file: statute score FILE --json prints its scorecard to standard output.

    Exit code 0 when every input was scored, 1 when some failed (the others are written), 2 on a usage error.
    """
    fmt = fmt.lower()
    if jurisdiction is not None:
        from pipeline.jurisdiction import jurisdiction_name

        jurisdiction = jurisdiction.strip().lower()
        if jurisdiction_name(jurisdiction) is None:
            raise _usage(f"--jurisdiction {jurisdiction!r} is not a US state, territory or 'us' code")
    if fmt not in ("csv", "parquet"):
        raise _usage(f"--format must be csv or parquet, not {fmt!r}")
    if as_json:
        if out is not None:
            raise _usage("use either --json (one file to stdout) or --out DIR (batch), not both")
        if len(paths) != 1 or not Path(paths[0]).is_file():
            raise _usage("--json scores exactly one existing FILE")
        _score_to_stdout(Path(paths[0]), max_bytes=max_bytes, timeout=timeout, jurisdiction=jurisdiction,
                         triage=triage)
        return
    if out is None:
        raise _usage("give --out DIR for a batch, or --json to score one file to stdout")
    _score_batch(paths, out, workers=workers, force=force, parquet=fmt == "parquet",
                 max_bytes=max_bytes, timeout=timeout, quiet=quiet, jurisdiction=jurisdiction, triage=triage)


def _score_to_stdout(path: Path, *, max_bytes: int, timeout: float, jurisdiction: str | None = None,
                     triage: bool = True) -> None:
    import json

    from pipeline.batch import score_one
    from pipeline.errors import StatuteError

    try:
        card = score_one(path, max_bytes=max_bytes, timeout=timeout, jurisdiction=jurisdiction, triage=triage)
    except StatuteError as exc:
        typer.echo(f"error ({exc.reason}): {exc}", err=True)
        raise typer.Exit(1) from None
    sys.stdout.write(json.dumps(card.to_dict(), ensure_ascii=False, indent=2) + "\n")


def _score_batch(paths: list[str], out: Path, *, workers: int | None, force: bool, parquet: bool,
                 max_bytes: int, timeout: float, quiet: bool, jurisdiction: str | None = None,
                 triage: bool = True) -> None:
    from pipeline.batch import BatchOptions, BatchOutputError, BatchUsageError, WorkerStartError, run_batch

    options = BatchOptions(out_dir=out, workers=workers, force=force, parquet=parquet,
                           max_bytes=max_bytes, timeout=timeout, quiet=quiet, jurisdiction=jurisdiction,
                           triage=triage)
    if quiet:
        progress = None
    elif sys.stdout.isatty() and sys.stderr.isatty():
        progress = _BarProgress()
    else:
        progress = _LogProgress()
    import signal

    def _terminate(signum, frame):  # SIGTERM (kill, systemd, CI cancel) stops like Ctrl-C
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _terminate)
    try:
        result = run_batch(paths, options, progress)
    except BatchUsageError as exc:
        raise _usage(str(exc)) from None
    except (WorkerStartError, BatchOutputError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        typer.echo("interrupted: finished scorecards are kept; run the same command to resume", err=True)
        raise typer.Exit(130) from None
    raise typer.Exit(result.exit_code)


def _counts(result) -> str:
    extra = f", {result.skipped} up to date" if result.skipped else ""
    return f"scored {result.scored}{extra} · relevant {result.relevant} · failed {result.failed}"


def _final_line(result) -> str:
    worked = result.scored - result.skipped
    # a resumed run that only found up-to-date drafts has no rate to report
    rate = f" ({worked / result.elapsed:.1f} bills/s)" if worked and result.elapsed else ""
    return f"done: {result.total} inputs, {_counts(result)} in {result.elapsed:.1f}s{rate} -> {result.out_dir}"


class _Pace:
    """Rate and ETA from the files actually processed (up-to-date skips are free), measured from
    the first one on: before it, workers load models, and counting that warm-up promised an ETA
    many times the real one."""

    def __init__(self) -> None:
        self._first: tuple[float, int] | None = None  # (time, files processed) at the first processed file

    @staticmethod
    def processed(result) -> int:
        return result.scored - result.skipped + result.failed

    def note(self, result, now: float) -> None:
        if self._first is None and self.processed(result):
            self._first = (now, self.processed(result))

    def rate(self, result, now: float) -> float | None:
        """Files per second since the first one, or None while there is nothing to measure."""
        if self._first is None:
            return None
        began, count = self._first
        done = self.processed(result) - count
        return done / (now - began) if done and now > began else None

    def describe(self, result, now: float, total: int) -> str:
        rate = self.rate(result, now)
        if rate is None:
            return ""
        remaining = total - result.scored - result.failed
        return f" · {rate:.1f} bills/s · ETA {remaining / rate:.0f}s"


class _LogProgress:
    """Plain lines on stderr for logs and pipes: failures as they happen, a status line every 10 s."""

    every = 10.0

    def __init__(self) -> None:
        import time

        self._clock = time.monotonic
        self._total = 0
        self._began = self._clock()
        self._last = self._began
        self._pace = _Pace()

    def _say(self, message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    def start(self, total: int) -> None:
        self._total = total
        self._began = self._last = self._clock()
        self._say(f"scoring {total} input file(s)")

    def update(self, result, *, bill_id: str, outcome: str) -> None:
        now = self._clock()
        self._pace.note(result, now)
        if now - self._last < self.every:
            return
        self._last = now
        done = result.scored + result.failed
        self._say(f"[{done}/{self._total}] {_counts(result)}{self._pace.describe(result, now, self._total)}")

    def failed(self, row: dict[str, str]) -> None:
        self._say(f"failed {row['path']} ({row['reason']}): {row['message']}")

    def log(self, message: str) -> None:
        self._say(message)

    def finish(self, result) -> None:
        self._say(_final_line(result))


class _BarProgress(_LogProgress):
    """A rich progress bar with the counts and an ETA; failures are printed above it."""

    def __init__(self) -> None:
        super().__init__()
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._console = Console(stderr=True)
        self._bar = Progress(
            SpinnerColumn(), TextColumn("[bold]scoring"), BarColumn(), MofNCompleteColumn(),
            # rate and ETA from _Pace, not rich's estimate: skips and the warm-up would skew it
            TextColumn("{task.fields[counts]}"), TimeElapsedColumn(), TextColumn("{task.fields[pace]}"),
            console=self._console, transient=False,
        )
        self._task = None

    def _say(self, message: str) -> None:
        self._console.print(message, markup=False, highlight=False)

    def start(self, total: int) -> None:
        self._bar.start()
        self._total = total
        self._task = self._bar.add_task("scoring", total=total, counts="", pace="")

    def update(self, result, *, bill_id: str, outcome: str) -> None:
        now = self._clock()
        self._pace.note(result, now)
        pace = self._pace.describe(result, now, self._total).removeprefix(" · ")
        self._bar.update(self._task, completed=result.scored + result.failed, counts=_counts(result), pace=pace)

    def finish(self, result) -> None:
        self._bar.stop()
        self._say(_final_line(result))
