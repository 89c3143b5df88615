"""Pass rate of the paraphrase suite (issue 11): overall, per move, per criterion, per style.

    python3 benchmarks/paraphrases.py                       # print the table
    python3 benchmarks/paraphrases.py --failures            # also list every failing case
    python3 benchmarks/paraphrases.py --out benchmarks/results/paraphrases-before.txt
    python3 benchmarks/paraphrases.py --write-known-failures  # refresh tests/score/paraphrases/known_failures.txt

The cases, the call of the public API and the definition of "passed" come from
``tests/score/test_paraphrases.py`` itself, so this script and the test suite cannot disagree.
A *confident error* is a wrong verdict that is not sent to review (``needs_review`` false),
the failure issue 11 wants at zero. All cases are scored in this one process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT / "tests" / "score" / "test_paraphrases.py"


def _suite():
    sys.path.insert(0, str(ROOT))
    spec = importlib.util.spec_from_file_location("paraphrase_suite", SUITE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rate(rows: list[dict]) -> str:
    passed = sum(r["passed"] for r in rows)
    confident = sum(r["confident_error"] for r in rows)
    return f"{passed:4d}/{len(rows):<4d} {100 * passed / len(rows):5.1f} %   confident errors {confident:3d}"


def _table(title: str, key, rows: list[dict]) -> list[str]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    width = max(len(k) for k in groups)
    lines = [f"\n{title}"]
    lines += [f"  {name:<{width}}  {_rate(group)}" for name, group in sorted(groups.items())]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--failures", action="store_true", help="list every failing case")
    parser.add_argument("--out", type=Path, help="also write the report to this file")
    parser.add_argument("--write-known-failures", action="store_true",
                        help="write the failing ids to tests/score/paraphrases/known_failures.txt")
    args = parser.parse_args(argv)

    suite = _suite()
    cases = suite.load_cases()
    started = time.perf_counter()
    rows = []
    for case in cases:
        result = suite.outcome(case, suite.card_of(case))
        rows.append({**case, **result})
    elapsed = time.perf_counter() - started

    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip() or "?"
    lines = [
        f"Paraphrase suite (issue 11), {dt.date.today().isoformat()}, commit {commit}: {len(rows)} cases "
        f"scored in {elapsed:.1f} s (one process, model load included).",
        "passed = draft verdict equals the expected verdict, or (review_ok cases) wrong but needs_review.",
        "confident error = wrong verdict with needs_review false.",
        "",
        f"overall                 {_rate(rows)}",
        f"  expected yes/partial  {_rate([r for r in rows if r['expected'] != 'no'])}",
        f"  expected no           {_rate([r for r in rows if r['expected'] == 'no'])}",
        f"wrong verdicts {sum(not r['correct'] for r in rows)}, of which sent to review "
        f"{sum(not r['correct'] and r['needs_review'] for r in rows)}",
    ]
    controls = [r for r in rows if r["move"] == "negative_control"]
    if controls:
        lines.append(f"negative controls judged relevant by triage: {sum(r['relevant'] for r in controls)}"
                     f"/{len(controls)}")
    kept = [r for r in rows if "expect_relevant" in r]
    wrong_relevance = [r for r in kept if r["relevant"] != r["expect_relevant"]]
    if kept:
        lines.append(f"cases with an expected relevance judged as expected by triage: "
                     f"{len(kept) - len(wrong_relevance)}/{len(kept)}")
    lines += _table("per file", lambda r: r["file"], rows)
    lines += _table("per move", lambda r: r["move"], rows)
    lines += _table("per criterion", lambda r: r["criterion"], rows)
    lines += _table("per drafting style", lambda r: r["style"], rows)
    lines += _table("per expected verdict", lambda r: r["expected"], rows)
    if args.failures:
        lines.append("\nfailing cases (id: expected -> drafted [review])")
        for r in rows:
            if not r["passed"]:
                review = " [review]" if r["needs_review"] else ""
                lines.append(f"  {r['id']}: {r['expected']} -> {r['verdict']}{review}")
        for r in wrong_relevance:
            lines.append(f"  {r['id']}{suite.RELEVANCE_SUFFIX}: relevant={r['expect_relevant']} -> {r['relevant']}")
    report = "\n".join(lines)
    print(report)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(report + "\n", encoding="utf-8")
    if args.write_known_failures:
        failing = [r["id"] for r in rows if not r["passed"]]
        failing += [r["id"] + suite.RELEVANCE_SUFFIX for r in wrong_relevance]
        header = ("# Paraphrase cases that failed before the issue 11 rules (strict xfail in\n"
                  "# tests/score/test_paraphrases.py). Remove an id when a change makes it pass.\n"
                  f"# Written by benchmarks/paraphrases.py --write-known-failures at commit {commit}.\n")
        suite.KNOWN_FAILURES.write_text(header + "\n".join(failing) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
