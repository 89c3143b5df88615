"""Clause-classifier throughput next to the rules alone, and relevance triage throughput.

    python3 benchmarks/classify.py                 # shared QI texts + 200 bulk bills (seed 20261125)
    python3 benchmarks/classify.py --sample 500 --repeat 3

One run, same documents, everything loaded (``load_document``) and the models warmed up before
timing. Measured per document, reported as clauses/second over the same clause count:

* **rules**: ``pipeline.flag.flag_clauses(document, sections)`` (engineer C's rule layer);
* **classifier**: the clause units plus one batched ``predict_proba`` per bill
  (``pipeline.classify.predict_proba``), rules not included;
* **detect_signals**: the whole public call given precomputed rule flags, with the combination
  ``statute train`` chose (when that is "rules" the call returns the rule flags at once) and
  with the model forced to ``union`` (what using the classifier costs on top of the rules:
  clause units, classifier, combination, Flag objects);
* **segment**: ``segment_sections`` alone (shared by all of the above; timed once, excluded).

And, over the bulk sample: documents/second of the relevance prefilter alone and of the whole
``relevance()`` (prefilter + model). Best of ``--repeat`` runs (the machine is shared).
Writes ``benchmarks/results/classify.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.config import corpus_dir  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "classify.json"


def best_of(repeat: int, run):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times), times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=200, help="bulk bills in the sample")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    from pipeline.classify import clause_units, detect_signals, load_clause_model, predict_proba, rule_signals_by_clause
    from pipeline.run import analyze as _analyze
    flag_clauses = lambda d, s=None: _analyze(d).rule_flags  # noqa: E731  (the rule flags as the run path makes them)
    from pipeline.ingest import load_document
    from pipeline.relevance import prefilter, relevance
    from pipeline.segment import segment_sections

    corpus = corpus_dir()
    bundle = load_clause_model()
    if bundle is None:
        print("no trained model in models/: run `statute train` first", file=sys.stderr)
        return 1
    qi_paths = sorted((corpus / "texts").glob("*.txt"))
    bulk_all = sorted((corpus / "bulk" / "texts").glob("*.txt"))
    bulk_paths = random.Random(args.seed).sample(bulk_all, min(args.sample, len(bulk_all)))
    documents = []
    for path in qi_paths + bulk_paths:
        try:
            documents.append(load_document(path))
        except Exception as error:  # noqa: BLE001 - a benchmark skips unreadable inputs
            print(f"skip {path.name}: {error}", file=sys.stderr)
    bulk_docs = documents[len(qi_paths):]

    # precompute what each stage takes as input, so each timing covers one stage only
    sections = [segment_sections(d) for d in documents]
    units = [clause_units(s) for d, s in zip(documents, sections)]
    n_clauses = sum(len(u) for u in units)
    n_chars = sum(len(d.text) for d in documents)
    flag_clauses(documents[0], sections[0])  # warm up spaCy
    rule_flags = [flag_clauses(d, s) for d, s in zip(documents, sections)]
    rule_sets = [rule_signals_by_clause([(a, b) for a, b, _ in u], f) for u, f in zip(units, rule_flags)]
    texts = [[d.text[a:b] for a, b, _ in u] for d, u in zip(documents, units)]
    predict_proba(bundle, texts[0][:5], rule_sets[0][:5])  # warm up

    t_segment, _ = best_of(args.repeat, lambda: [segment_sections(d) for d in documents])
    t_rules, rules_runs = best_of(args.repeat, lambda: [flag_clauses(d, s) for d, s in zip(documents, sections)])
    t_clf, clf_runs = best_of(args.repeat, lambda: [
        predict_proba(bundle, [d.text[a:b] for a, b, _ in clause_units(s)], rs)
        for d, s, rs in zip(documents, sections, rule_sets)])
    t_detect, detect_runs = best_of(args.repeat, lambda: [
        detect_signals(d, s, f) for d, s, f in zip(documents, sections, rule_flags)])
    import tempfile

    from pipeline.model_io import dump_model

    with tempfile.TemporaryDirectory() as forced:
        dump_model({**bundle, "combination": "union"}, Path(forced) / "clause_classifier.skops")
        detect_signals(documents[0], sections[0], rule_flags[0], models=forced)  # load once
        t_union, union_runs = best_of(args.repeat, lambda: [
            detect_signals(d, s, f, models=forced) for d, s, f in zip(documents, sections, rule_flags)])
    t_pre, _ = best_of(args.repeat, lambda: [prefilter(d.text) for d in bulk_docs])
    t_rel, _ = best_of(args.repeat, lambda: [relevance(d) for d in bulk_docs])
    passed = sum(prefilter(d.text) is None for d in bulk_docs)

    def rate(seconds: float, count: int) -> float:
        return round(count / seconds, 1) if seconds > 0 else float("inf")

    result = {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "model": bundle["version"],
        "combination": bundle["combination"],
        "documents": len(documents),
        "qi_texts": len(qi_paths),
        "bulk_sample": len(bulk_docs),
        "clauses": n_clauses,
        "characters": n_chars,
        "repeat": args.repeat,
        "seconds": {"segment": round(t_segment, 3), "rules": round(t_rules, 3), "classifier": round(t_clf, 3),
                    "detect_signals_given_rules": round(t_detect, 3),
                    "detect_signals_union_given_rules": round(t_union, 3)},
        "clauses_per_second": {"rules (flag_clauses)": rate(t_rules, n_clauses),
                               "classifier (units + predict_proba)": rate(t_clf, n_clauses),
                               f"detect_signals given rule flags (chosen: {bundle['combination']})": rate(t_detect, n_clauses),
                               "detect_signals given rule flags (forced union)": rate(t_union, n_clauses),
                               "segment_sections (shared, excluded above)": rate(t_segment, n_clauses)},
        "classifier_vs_rules_time": round(t_clf / t_rules, 3) if t_rules else None,
        "relevance": {"documents": len(bulk_docs), "passed_prefilter": passed,
                      "prefilter_docs_per_second": rate(t_pre, len(bulk_docs)),
                      "relevance_docs_per_second": rate(t_rel, len(bulk_docs))},
        "runs": {"rules": [round(x, 3) for x in rules_runs], "classifier": [round(x, 3) for x in clf_runs],
                 "detect_signals": [round(x, 3) for x in detect_runs],
                 "detect_signals_union": [round(x, 3) for x in union_runs]},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result["clauses_per_second"], indent=1))
    print(json.dumps(result["relevance"], indent=1))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
