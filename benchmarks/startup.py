"""Cold start: one bill end to end in a fresh process, next to spaCy's own start-up, same run.

    python3 benchmarks/startup.py [--repeat 5] [--bill PATH]

Each command runs in a new Python process (so imports and model loading count), ``--repeat``
times, interleaved so machine load hits all of them alike. Reported per command: median wall
seconds and median CPU seconds (user + sys of the child), and the ratio to the baseline
``python -c "import spacy; spacy.blank('en')('x')"``. The issue-14 goal is one bill within 2x of
the baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout

from pipeline.config import corpus_dir  # noqa: E402


ROOT = Path(__file__).resolve().parent.parent


def commands(bill: Path) -> dict[str, list[str]]:
    # the console script next to this interpreter (not a pyenv shim, whose bash wrapper would be
    # timed too); PYTHONPATH (set in main) makes it run this checkout
    script = Path(sys.executable).parent / "statute"
    statute = [str(script)] if script.exists() else [sys.executable, "-m", "pipeline.cli"]
    return {
        "baseline: spacy.blank('en')('x')": [sys.executable, "-c", "import spacy; spacy.blank('en')('x')"],
        "statute score BILL --json": [*statute, "score", str(bill), "--json"],
        "pipeline.score(BILL)": [sys.executable, "-c", f"import pipeline; pipeline.score({str(bill)!r})"],
    }


def run_once(argv: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--bill", type=Path, default=None)
    parser.add_argument("--json", dest="as_json", action="store_true")
    args = parser.parse_args()
    bill = args.bill or corpus_dir() / "texts" / "ct-cgs-52-571k.txt"
    cmds = commands(bill)
    for argv in cmds.values():  # warm the OS file cache once
        run_once(argv)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in cmds}
    for _ in range(args.repeat):
        for name, argv in cmds.items():
            times[name].append(run_once(argv))
    base_wall = statistics.median(w for w, _ in times[next(iter(cmds))])
    base_cpu = statistics.median(c for _, c in times[next(iter(cmds))])
    rows = {}
    for name, runs in times.items():
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        rows[name] = {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
                      "wall_x_baseline": round(wall / base_wall, 2), "cpu_x_baseline": round(cpu / base_cpu, 2)}
    info = {"bill": str(bill), "repeat": args.repeat, "cpus": os.cpu_count(),
            "load_avg_1min": round(os.getloadavg()[0], 2), "results": rows}
    if args.as_json:
        print(json.dumps(info, indent=1))
        return
    print(f"bill {bill.name}, median of {args.repeat}, load average {info['load_avg_1min']} on {info['cpus']} CPUs")
    for name, row in rows.items():
        print(f"  {name:36s} wall {row['wall_s']:6.2f} s ({row['wall_x_baseline']:4.2f}x)   "
              f"cpu {row['cpu_s']:6.2f} s ({row['cpu_x_baseline']:4.2f}x)")


if __name__ == "__main__":
    main()
