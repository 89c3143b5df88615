"""Reports and the review store: how fast, next to a baseline measured in the same run.

    python3 benchmarks/review.py [--bills N] [--decisions N] [--writers N]

* Reports: Markdown + HTML rendering per bill over the shared corpus texts, next to the time to
  score the same bills (``pipeline.scoring.score_file``), which is the baseline a report run pays
  anyway.
* Review store: decisions per second for one writer, and for several processes writing to one
  SQLite file at once (WAL + ``BEGIN IMMEDIATE``), next to a bare SQLite insert loop (same WAL and
  synchronous settings, one connection) on the same disk as the baseline.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sqlite3
import tempfile
import time
from pathlib import Path

from pipeline.config import corpus_dir
from pipeline.ingest import load_document
from pipeline.report import render_html, render_markdown
from pipeline.review import history, record_decision
from pipeline.vocab import load_rubric
from pipeline.run import scorecard_for as score_file


def bench_reports(n_bills: int) -> None:
    paths = sorted((corpus_dir() / "texts").glob("*.txt"))[:n_bills]
    score_file(paths[0])  # warm up spaCy so the baseline is steady-state
    t0 = time.perf_counter()
    cards = [(score_file(p), load_document(p)) for p in paths]
    scoring = time.perf_counter() - t0
    t0 = time.perf_counter()
    size = 0
    for card, document in cards:
        size += len(render_markdown(card, document)) + len(render_html(card, document))
    rendering = time.perf_counter() - t0
    print(f"reports: {len(cards)} bills")
    print(f"  baseline score_file + load_document: {scoring / len(cards) * 1000:8.1f} ms/bill")
    print(f"  render_markdown + render_html:       {rendering / len(cards) * 1000:8.1f} ms/bill "
          f"({size / len(cards) / 1024:.0f} KiB/bill)")


def _writer(db: str, card_dict: dict, n: int, worker: int) -> None:
    from pipeline.values import Scorecard

    card = Scorecard.from_dict(card_dict)
    ids = load_rubric().ids
    for i in range(n):
        record_decision(card, ids[i % len(ids)], "note", note=f"{worker}:{i}", reviewer=f"w{worker}", db_path=db)


def bench_store(n: int, writers: int) -> None:
    card = score_file(corpus_dir() / "texts" / "ct-cgs-52-571k.txt")
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw.sqlite"
        conn = sqlite3.connect(raw, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")  # the store's settings
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT)")
        t0 = time.perf_counter()
        for i in range(n):
            conn.execute("INSERT INTO t (a, b) VALUES (?, ?)", (str(i), "x" * 200))
        baseline = time.perf_counter() - t0
        conn.close()

        db = str(Path(tmp) / "one.sqlite")
        t0 = time.perf_counter()
        _writer(db, card.to_dict(), n, 0)
        single = time.perf_counter() - t0

        many = str(Path(tmp) / "many.sqlite")
        per = n // writers
        ctx = multiprocessing.get_context("fork")
        procs = [ctx.Process(target=_writer, args=(many, card.to_dict(), per, w)) for w in range(writers)]
        t0 = time.perf_counter()
        for p in procs:
            p.start()
        for p in procs:
            p.join()
        concurrent = time.perf_counter() - t0
        kept = len(history(card.bill_id, db_path=many))
    print(f"review store: {n} decisions")
    print(f"  baseline bare INSERT, same pragmas:    {n / baseline:8.0f} rows/s")
    print(f"  record_decision, 1 writer:             {n / single:8.0f} decisions/s")
    print(f"  record_decision, {writers} processes:          {per * writers / concurrent:8.0f} decisions/s "
          f"({kept} of {per * writers} kept)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bills", type=int, default=40)
    parser.add_argument("--decisions", type=int, default=2000)
    parser.add_argument("--writers", type=int, default=4)
    args = parser.parse_args()
    bench_reports(args.bills)
    bench_store(args.decisions, args.writers)


if __name__ == "__main__":
    main()
