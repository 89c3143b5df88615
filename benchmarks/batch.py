"""Batch scoring throughput and memory on the bulk corpus, next to a tokenisation-only baseline.

    python3 benchmarks/batch.py                       # every file of ../shared/corpus/bulk
    python3 benchmarks/batch.py --sample 2000 --seed 1 --workers 2
    python3 benchmarks/batch.py --sample 300 --profile   # + a pyinstrument profile of score_file

One run measures, on the same files:

* **baseline**: the texts through ``spacy.blank("en")``'s tokenizer alone, with the same number of
  processes as the batch (the floor named in the brief: reading a .txt or .xml file and
  tokenising it; raw pypdfium2 extraction for a PDF);
* **batch**: ``pipeline.batch.run_batch`` (ingest -> triage -> full analysis of relevant bills ->
  atomic JSON per bill -> summary.csv), with ``force=True`` into a fresh folder.

Reported: wall seconds, bills/s, MB/s, peak RSS of the process tree (the parent, the fork server
and every worker, sampled every 0.1 s; RSS summed, so pages shared between processes count more
than once: an upper bound), CPU seconds of the tree, and the load average (the machine may be
shared). Results are printed and written to ``benchmarks/results/batch-<date>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import platform
import random
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.batch import BatchOptions, discover_inputs, run_batch  # noqa: E402
from pipeline.config import PIPELINE_VERSION, corpus_dir  # noqa: E402

TARGET_RATIO = 3.0
TARGET_RSS_MB = 1024.0


class TreeSampler:
    """Peak memory and CPU seconds of this process and all its descendants, sampled.

    ``peak_rss``: the largest sum of RSS over the tree (pages shared between processes, such as
    imported libraries, count once per process: an upper bound). ``peak_pss``: the same with
    proportional set size, which splits shared pages between the processes sharing them (closer
    to the memory really used). ``peak_process_rss``: the largest single process.
    """

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peak_rss = 0
        self.peak_pss = 0
        self.peak_process_rss = 0
        self.peak_processes = 0
        self._cpu: dict[tuple[int, float], float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._root = psutil.Process()

    def _sample(self) -> None:
        try:
            procs = [self._root, *self._root.children(recursive=True)]
        except psutil.Error:
            return
        rss = pss = 0
        for proc in procs:
            try:
                with proc.oneshot():
                    info = proc.memory_full_info()
                    rss += info.rss
                    pss += getattr(info, "pss", info.rss)
                    self.peak_process_rss = max(self.peak_process_rss, info.rss)
                    times = proc.cpu_times()
                    self._cpu[(proc.pid, proc.create_time())] = times.user + times.system
            except psutil.Error:
                continue
        self.peak_rss = max(self.peak_rss, rss)
        self.peak_pss = max(self.peak_pss, pss)
        self.peak_processes = max(self.peak_processes, len(procs))

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeSampler:
        self._cpu_start = sum(self._root.cpu_times()[:2])
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._sample()
        self._stop.set()
        self._thread.join()

    @property
    def cpu_seconds(self) -> float:
        children = sum(v for k, v in self._cpu.items() if k[0] != self._root.pid)
        return children + sum(self._root.cpu_times()[:2]) - self._cpu_start

    def memory(self) -> dict:
        return {"peak_rss_mb": round(self.peak_rss / 2**20, 1), "peak_pss_mb": round(self.peak_pss / 2**20, 1),
                "peak_process_rss_mb": round(self.peak_process_rss / 2**20, 1),
                "peak_processes": self.peak_processes}


# --------------------------------------------------------------------------- baseline


_TOKENIZER = None


def _baseline_init() -> None:
    global _TOKENIZER
    import spacy

    _TOKENIZER = spacy.blank("en").tokenizer


def _baseline_text(path: str) -> str:
    if path.lower().endswith(".pdf"):
        import pypdfium2

        pdf = pypdfium2.PdfDocument(path)
        try:
            return "\n".join(page.get_textpage().get_text_range() for page in pdf)
        finally:
            pdf.close()
    with open(path, "rb") as fh:
        return fh.read().decode("utf-8", errors="replace")


def _baseline_one(path: str) -> int:
    return len(_TOKENIZER(_baseline_text(path)))


def run_baseline(files: list[str], workers: int) -> dict:
    context = multiprocessing.get_context("forkserver")
    began = time.perf_counter()
    with TreeSampler() as sampler:
        with context.Pool(workers, initializer=_baseline_init) as pool:
            tokens = sum(pool.imap_unordered(_baseline_one, files, chunksize=16))
    wall = time.perf_counter() - began
    return {"seconds": round(wall, 2), "tokens": tokens, **sampler.memory(),
            "cpu_seconds": round(sampler.cpu_seconds, 1)}


# --------------------------------------------------------------------------- batch


def run_scoring(files: list[str], workers: int, out_dir: Path) -> dict:
    options = BatchOptions(out_dir=out_dir, workers=workers, force=True)
    began = time.perf_counter()
    parent_cpu = time.process_time()
    with TreeSampler() as sampler:
        result = run_batch(files, options)
    wall = time.perf_counter() - began
    return {
        "seconds": round(wall, 2),
        **sampler.memory(),
        "cpu_seconds": round(sampler.cpu_seconds, 1),
        "parent_cpu_seconds": round(time.process_time() - parent_cpu, 1),
        "scored": result.scored,
        "relevant": result.relevant,
        "failed": result.failed,
        "failures": result.errors[:20],
    }


def profile_scoring(files: list[str], limit: int, out: Path) -> Path:
    """pyinstrument profile of score_file over up to ``limit`` files (a seeded shuffle), in this process."""
    from pyinstrument import Profiler

    from pipeline.errors import StatuteError
    from pipeline.run import scorecard_for as score_file

    score_file(files[0])  # build the pipeline outside the profile
    profiler = Profiler(interval=0.001)
    profiler.start()
    for path in files[:limit]:
        try:
            score_file(path)
        except StatuteError:
            pass
    profiler.stop()
    out.write_text(profiler.output_text(unicode=True, color=False, show_all=False), encoding="utf-8")
    return out


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=None, help="bulk folder (default: <corpus>/bulk)")
    parser.add_argument("--sample", type=int, default=None, help="score a random sample of N files")
    parser.add_argument("--seed", type=int, default=20261125, help="sample seed")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--out", type=Path, default=None, help="keep the scorecards in this folder")
    parser.add_argument("--profile", action="store_true", help="also profile score_file (pyinstrument)")
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args(argv)

    bulk = args.corpus or corpus_dir() / "bulk"
    files = sorted(str(p) for p in discover_inputs([bulk]))
    if args.sample and args.sample < len(files):
        files = sorted(random.Random(args.seed).sample(files, args.sample))
    size = sum(os.path.getsize(p) for p in files)
    mb = size / 1e6
    for path in files:  # warm the page cache so neither measurement pays for the first disk read
        with open(path, "rb") as fh:
            fh.read()
    print(f"{len(files)} files, {mb:.1f} MB from {bulk} · {args.workers} worker(s) · "
          f"load average {os.getloadavg()[0]:.2f}", flush=True)

    load_before = os.getloadavg()
    baseline = run_baseline(files, args.workers)
    print(f"baseline (spacy.blank tokenizer): {baseline['seconds']:.1f}s, {len(files) / baseline['seconds']:.1f} "
          f"bills/s, {mb / baseline['seconds']:.2f} MB/s, peak RSS {baseline['peak_rss_mb']:.0f} MB "
          f"(PSS {baseline['peak_pss_mb']:.0f} MB)", flush=True)

    out_dir = args.out or Path(tempfile.mkdtemp(prefix="statute-bench-"))
    try:
        batch = run_scoring(files, args.workers, out_dir)
    finally:
        if args.out is None:
            shutil.rmtree(out_dir, ignore_errors=True)
    load_after = os.getloadavg()
    ratio = batch["seconds"] / baseline["seconds"]
    print(f"batch scoring:                    {batch['seconds']:.1f}s, {len(files) / batch['seconds']:.1f} "
          f"bills/s, {mb / batch['seconds']:.2f} MB/s, peak RSS {batch['peak_rss_mb']:.0f} MB "
          f"(PSS {batch['peak_pss_mb']:.0f} MB, largest process {batch['peak_process_rss_mb']:.0f} MB) "
          f"({batch['scored']} scored, {batch['relevant']} relevant, {batch['failed']} failed)")
    print(f"ratio batch/baseline {ratio:.2f} (target <= {TARGET_RATIO:g}) · CPU s batch {batch['cpu_seconds']:.0f} "
          f"vs baseline {baseline['cpu_seconds']:.0f} · load average {load_before[0]:.2f} -> {load_after[0]:.2f}")

    import spacy

    stamp = dt.datetime.now(dt.timezone.utc)
    record = {
        "benchmark": "batch",
        "date": stamp.isoformat(timespec="seconds"),
        "pipeline_version": PIPELINE_VERSION,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "spacy": spacy.__version__,
                    "platform": platform.platform(), "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
                    "load_average_before": [round(x, 2) for x in load_before],
                    "load_average_after": [round(x, 2) for x in load_after]},
        "input": {"folder": str(bulk), "files": len(files), "megabytes": round(mb, 2), "sample": args.sample,
                  "seed": args.seed if args.sample else None},
        "workers": args.workers,
        "baseline": {**baseline, "bills_per_s": round(len(files) / baseline["seconds"], 2),
                     "mb_per_s": round(mb / baseline["seconds"], 3)},
        "batch": {**batch, "bills_per_s": round(len(files) / batch["seconds"], 2),
                  "mb_per_s": round(mb / batch["seconds"], 3)},
        "ratio_batch_to_baseline": round(ratio, 2),
        "targets": {"ratio_max": TARGET_RATIO, "ratio_met": ratio <= TARGET_RATIO,
                    "peak_rss_mb_max": TARGET_RSS_MB, "rss_met": batch["peak_rss_mb"] < TARGET_RSS_MB,
                    "pss_met": batch["peak_pss_mb"] < TARGET_RSS_MB},
    }
    args.results.mkdir(parents=True, exist_ok=True)
    if args.profile:
        shuffled = random.Random(args.seed).sample(files, len(files))
        profile = profile_scoring(shuffled, min(len(files), 500),
                                  args.results / f"batch-profile-{stamp:%Y-%m-%d}.txt")
        record["profile"] = str(profile.relative_to(ROOT)) if profile.is_relative_to(ROOT) else str(profile)
        print(f"profile written to {profile}")
    target = args.results / f"batch-{stamp:%Y-%m-%d}.json"
    target.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
