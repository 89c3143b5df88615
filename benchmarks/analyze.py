"""Segment + flag per bill: the two spaCy passes the scorer ran (segmentation's own, then
flagging's) against ``pipeline.flag.analyze`` (one pass), next to tokenisation alone.

    python3 benchmarks/analyze.py                      # 37 QI texts + 200 bulk bills (seed 20261125)
    python3 benchmarks/analyze.py --against 5e7f659    # also time the code of an older commit
    python3 benchmarks/analyze.py --sample 400 --repeat 5

Each round runs in a fresh process per code version (this checkout, and with ``--against`` the
given commit, extracted with ``git archive`` into a temporary folder), alternating, so all see
the same machine load; each process loads the same documents (``load_document`` is not timed),
warms up, then times over the QI texts and over the bulk sample:

* ``tokenizer``: ``spacy.blank("en")`` tokenisation (``make_doc``), the floor;
* ``segment_then_flag``: ``segment_sections(d)`` then ``flag_clauses(d, sections=root)``, what
  the scorer runs per relevant bill;
* ``analyze``: ``analyze(d)`` (this checkout only): one pipeline pass, tree from that ``Doc``;
* per-component times of the flagging pipeline.

Reported: the best round of each step in ms per bill, and "x tokenizer", the median over rounds
of the step's time over the tokenizer's time in the same process. Writes
``benchmarks/results/analyze.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "analyze.json"


def child(root: Path, sample: int, seed: int) -> dict:
    """One timing round with the ``pipeline`` package of ``root`` (run in a fresh process)."""
    sys.path.insert(0, str(root))
    import random

    import spacy

    from pipeline.config import corpus_dir
    from pipeline.run import analyze as _analyze
    flag_clauses = lambda d, s=None: _analyze(d).rule_flags  # noqa: E731  (the rule flags as the run path makes them)
    from pipeline.ingest import load_document
    from pipeline.nlp import get_nlp
    from pipeline.segment import segment_sections

    from pipeline.run import analyze as _run_analyze

    def analyze(document):  # the run path's one-pass analysis, as (sections, doc, rule flags)
        result = _run_analyze(document)
        return result.sections, result.doc, result.rule_flags
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from flagging import qi_text_ids

    corpus = corpus_dir()
    bulk = sorted((corpus / "bulk" / "texts").glob("*.txt"))
    paths = {"qi": [corpus / "texts" / f"{i}.txt" for i in qi_text_ids(corpus)],
             "bulk": random.Random(seed).sample(bulk, min(sample, len(bulk)))}
    groups = {}
    for name, group in paths.items():
        groups[name] = []
        for path in group:
            try:
                groups[name].append(load_document(path))
            except Exception:  # noqa: BLE001 - a benchmark skips unreadable inputs
                pass
    blank = spacy.blank("en")
    blank.max_length = 50_000_000
    nlp = get_nlp()
    steps = {
        "tokenizer": lambda d: len(blank.make_doc(d.text)),
        "segment_then_flag": lambda d: len(flag_clauses(d, sections=segment_sections(d))),
    }
    if analyze is not None:
        steps["analyze"] = lambda d: len(analyze(d)[2])
    for d in groups["qi"] + groups["bulk"][:20]:  # warm-up: vocabularies grow on first sight
        for run in steps.values():
            run(d)
    out = {"groups": {}}
    for name, docs in groups.items():
        rows = {"bills": len(docs), "chars": sum(len(d.text) for d in docs)}
        for step, run in steps.items():
            start = time.perf_counter()
            count = sum(run(d) for d in docs)
            rows[step] = time.perf_counter() - start
            if step != "tokenizer":
                rows[f"{step}_flags"] = count
        out["groups"][name] = rows
    components = {"tokenizer": 0.0, **{name: 0.0 for name in nlp.pipe_names}}
    for d in groups["qi"]:
        start = time.perf_counter()
        doc = nlp.make_doc(d.text)
        components["tokenizer"] += time.perf_counter() - start
        for name, component in nlp.pipeline:
            start = time.perf_counter()
            doc = component(doc)
            components[name] += time.perf_counter() - start
    out["qi_components_ms_per_bill"] = {k: round(1000 * v / len(groups["qi"]), 2) for k, v in components.items()}
    return out


def summarise(rounds: list[dict]) -> dict:
    summary = {}
    for name in rounds[0]["groups"]:
        rows = [r["groups"][name] for r in rounds]
        bills = rows[0]["bills"]
        group = {"bills": bills, "chars": rows[0]["chars"]}
        for step in ("tokenizer", "segment_then_flag", "analyze"):
            if step not in rows[0]:
                continue
            times = [r[step] for r in rows]
            ratios = sorted(r[step] / r["tokenizer"] for r in rows)
            group[step] = {"ms_per_bill": round(1000 * min(times) / bills, 2),
                           "x_tokenizer": round(ratios[len(ratios) // 2], 2),
                           "runs_s": [round(t, 3) for t in times]}
            if f"{step}_flags" in rows[0]:
                group[step]["flags"] = rows[0][f"{step}_flags"]
        summary[name] = group
    summary["qi_components_ms_per_bill"] = min(
        (r["qi_components_ms_per_bill"] for r in rounds), key=lambda c: sum(c.values()))
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--against", help="a git commit whose code is timed too (before/after)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(Path(args.child), args.sample, args.seed)))
        return
    versions = {"current": ROOT}
    tmp = None
    if args.against:
        tmp = tempfile.TemporaryDirectory()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.against, "pipeline"],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp.name], input=archive, check=True)
        versions = {args.against: Path(tmp.name), "current": ROOT}
    rounds: dict[str, list[dict]] = {name: [] for name in versions}
    env = {**os.environ, "PYTHONPATH": ""}
    for _ in range(args.repeat):
        for name, root in versions.items():
            result = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "--child", str(root), "--sample", str(args.sample),
                 "--seed", str(args.seed)], check=True, capture_output=True, text=True, env=env, cwd=str(root))
            rounds[name].append(json.loads(result.stdout.strip().splitlines()[-1]))
    result = {"date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="minutes"), "seed": args.seed,
              "sample": args.sample, "repeat": args.repeat, "cpus": os.cpu_count(),
              "loadavg": [round(x, 2) for x in os.getloadavg()],
              "versions": {name: summarise(r) for name, r in rounds.items()}}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    for version, summary in result["versions"].items():
        print(f"== {version}")
        for name in ("qi", "bulk"):
            group = summary[name]
            print(f"  {name}: {group['bills']} bills, {group['chars']:,} chars")
            for step in ("tokenizer", "segment_then_flag", "analyze"):
                if step in group:
                    row = group[step]
                    print(f"    {step:18s} {row['ms_per_bill']:7.2f} ms/bill  x{row['x_tokenizer']}  flags {row.get('flags', '')}")
        print("  qi components ms/bill:", summary["qi_components_ms_per_bill"])
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
