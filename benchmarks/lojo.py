"""One leave-one-jurisdiction-out fold, retrained the straightforward way and the fast way, in
the same process on the same clauses.

    python3 benchmarks/lojo.py                 # hold out Colorado (the largest training set)
    python3 benchmarks/lojo.py --hold-out ct

* **rules pass**: the rule signals of every annotated clause (``lojo_clause_data``: the rules run
  once per annotated document, the committed clause model switched off) - shared by all folds;
* **straightforward fold**: ``fit_clause_bundle`` on the fold's training clauses as ``statute
  train`` fits it (every inner-CV fit tokenizes its texts again; labels fitted one after another);
* **fast fold**: the same call with the inner-CV fits reading shared n-gram counts
  (``ClauseFeatures``, counted once for all folds and timed separately). The per-label SVMs stay
  sequential (liblinear's process-wide random state makes threaded fits differ slightly).

Both folds must give the same labels, thresholds, Platt parameters (to 1e-6) and predictions;
the script says so and fails otherwise. Wall and CPU seconds; the machine is shared, so the
wall figures depend on its load (printed).
Writes ``benchmarks/results/lojo.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "benchmarks" / "results" / "lojo.json"


def timed(run):
    wall, cpu = time.perf_counter(), time.process_time()
    value = run()
    return value, round(time.perf_counter() - wall, 1), round(time.process_time() - cpu, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hold-out", default="co")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    import numpy as np
    from pipeline.classify import feature_frame, load_clause_model
    from pipeline.evaluate import (LOJO_INNER_SPLITS, ClauseFeatures, _inner_fits_from, lojo_clause_data,
                                   lojo_training_rows)
    from pipeline.train_models import fit_clause_bundle

    committed = load_clause_model()
    rule_features, combination = bool(committed["rule_features"]), committed["combination"]
    load = os.getloadavg()[0]
    data, rules_wall, rules_cpu = timed(lojo_clause_data)
    train = lojo_training_rows(data, args.hold_out)
    fold = dict(combination=combination, rule_features=rule_features, n_splits=LOJO_INNER_SPLITS)
    plain, plain_wall, plain_cpu = timed(lambda: fit_clause_bundle(data, train, **fold))
    features, count_wall, count_cpu = timed(lambda: ClauseFeatures(data, rule_features=rule_features))

    def fast_fold():
        with _inner_fits_from(features):
            return fit_clause_bundle(data, train, **fold)

    fast, fast_wall, fast_cpu = timed(fast_fold)
    held = np.setdiff1d(np.arange(len(data)), train)
    frame = feature_frame([data.texts[i] for i in held], [data.rule_sets[i] for i in held] if rule_features else None)
    same = (fast["labels"] == plain["labels"] and fast["thresholds"] == plain["thresholds"]
            and all(np.allclose(fast["platt"][k], v, atol=1e-6) for k, v in plain["platt"].items())
            and bool((fast["pipeline"].predict(frame) == plain["pipeline"].predict(frame)).all()))
    result = {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "python": platform.python_version(), "cpus": os.cpu_count(), "load_average_at_start": round(load, 2),
        "held_out": args.hold_out, "training_clauses": int(len(train)), "clauses": len(data),
        "rules_pass_s": {"wall": rules_wall, "cpu": rules_cpu},
        "straightforward_fold_s": {"wall": plain_wall, "cpu": plain_cpu},
        "shared_counts_once_s": {"wall": count_wall, "cpu": count_cpu},
        "fast_fold_s": {"wall": fast_wall, "cpu": fast_cpu},
        "same_model": same,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
