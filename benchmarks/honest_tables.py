"""Markdown tables of `statute evaluate`'s honest figures, for the README and docs.

    python3 benchmarks/honest_tables.py OUT/evaluation_honest.csv [MORE.csv ...] [--per-criterion SET-WORD ...]

Reads the ``evaluation_honest.csv`` files that `statute evaluate` writes (one row per set and criterion,
plus ``all``) and prints one summary table (the ``all`` row of every set, in the order read) and, for
each set whose title starts with a ``--per-criterion`` word, its per-criterion table. Every figure is
copied from the CSV; nothing is recomputed here.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

COLUMNS = ("verdicts", "agreement (always no)", "kappa", "yes/partial recall", "wrong, not sent to review",
           "review load", "Brier")


def _cells(row: dict[str, str]) -> list[str]:
    return [
        row["n"],
        f"{float(row['agreement']):.2f} ({float(row['baseline_agreement']):.2f})",
        "-" if row["kappa"] in ("", "None") else f"{float(row['kappa']):.2f}",
        f"{row['positives_found']}/{row['positives']}",
        f"{row['confident_errors']} of {row['wrong']}",
        "-" if row["review_load"] in ("", "None") else f"{float(row['review_load']):.2f}",
        "-" if row["brier"] in ("", "None") else f"{float(row['brier']):.3f}",
    ]


def _table(first: str, rows: list[tuple[str, dict[str, str]]]) -> str:
    lines = [f"| {first} | " + " | ".join(COLUMNS) + " |", "|---|" + "---:|" * len(COLUMNS)]
    lines += [f"| {name} | " + " | ".join(_cells(row)) + " |" for name, row in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="+", type=Path)
    parser.add_argument("--per-criterion", nargs="*", default=[], metavar="SET-WORD")
    args = parser.parse_args()
    by_set: dict[str, list[dict[str, str]]] = {}
    for path in args.csv:
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                by_set.setdefault(row["set"], []).append(row)
    print(_table("set", [(name, row) for name, rows in by_set.items() for row in rows if row["criterion"] == "all"]))
    for word in args.per_criterion:
        for name, rows in by_set.items():
            if name.startswith(word):
                print(f"\n{name}\n")
                print(_table("criterion", [(row["criterion"], row) for row in rows]))


if __name__ == "__main__":
    main()
