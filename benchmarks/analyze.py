"""Segment + flag per bill: two spaCy passes (segmentation's own, then flagging's) against
``pipeline.flag.analyze`` (one pass), next to tokenisation alone, in the same run.

    python3 benchmarks/analyze.py                    # 37 QI texts + 200 bulk bills (seed 20261125)
    python3 benchmarks/analyze.py --sample 400 --repeat 5

Steps, each over the same loaded documents (``load_document`` is not timed), interleaved in
every round so that all see the same machine load; the best round of each is reported and
"x tokenizer" is the median over rounds of the step's time over the tokenizer's in that round:

* ``spacy.blank("en")`` tokenisation (``make_doc``), the floor;
* ``segment_sections(d)`` then ``flag_clauses(d, sections=root)``: what the scorer ran per
  relevant bill (segmentation tokenizes the unit bodies itself, flagging tokenizes again);
* ``analyze(d)``: one pipeline pass, the tree built from that ``Doc``;
* each of the per-component times of the flagging pipeline (from one extra round).

Writes ``benchmarks/results/analyze.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from flagging import load_texts, qi_text_ids  # noqa: E402

from pipeline.config import corpus_dir  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "analyze.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20261125)
    args = parser.parse_args()

    import spacy

    from pipeline.flag import analyze, flag_clauses
    from pipeline.nlp import get_nlp
    from pipeline.segment import segment_sections

    corpus = corpus_dir()
    qi = [corpus / "texts" / f"{i}.txt" for i in qi_text_ids(corpus)]
    bulk = sorted((corpus / "bulk" / "texts").glob("*.txt"))
    sample = random.Random(args.seed).sample(bulk, min(args.sample, len(bulk)))
    groups = {"qi": load_texts(qi), "bulk": load_texts(sample)}
    documents = groups["qi"] + groups["bulk"]
    blank = spacy.blank("en")
    blank.max_length = 50_000_000
    nlp = get_nlp()
    for d in documents[:30]:  # warm-up: vocabularies grow on first sight of words
        blank.make_doc(d.text)
        analyze(d)

    def tokenizer(docs):
        return sum(len(blank.make_doc(d.text)) for d in docs)

    def two_passes(docs):
        return sum(len(flag_clauses(d, sections=segment_sections(d))) for d in docs)

    def one_pass(docs):
        return sum(len(analyze(d)[2]) for d in docs)

    steps = {"tokenizer": tokenizer, "segment_then_flag": two_passes, "analyze": one_pass}
    result = {"date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="minutes"), "seed": args.seed,
              "repeat": args.repeat, "loadavg": [round(x, 2) for x in os.getloadavg()], "groups": {}}
    for name, docs in [("qi", groups["qi"]), ("bulk", groups["bulk"]), ("all", documents)]:
        runs: dict[str, list[float]] = {step: [] for step in steps}
        outputs = {}
        for _ in range(args.repeat):
            for step, run in steps.items():
                start = time.perf_counter()
                outputs[step] = run(docs)
                runs[step].append(time.perf_counter() - start)
        assert outputs["segment_then_flag"] == outputs["analyze"], "analyze must give the same flags"
        rows = {}
        for step, times in runs.items():
            ratio = sorted(t / b for t, b in zip(times, runs["tokenizer"]))[len(times) // 2]
            rows[step] = {"seconds": round(min(times), 3), "ms_per_bill": round(1000 * min(times) / len(docs), 2),
                          "x_tokenizer": round(ratio, 2), "runs": [round(t, 3) for t in times]}
        rows["bills"] = len(docs)
        rows["chars"] = sum(len(d.text) for d in docs)
        rows["flags"] = outputs["analyze"]
        result["groups"][name] = rows
    # where the time goes inside the flagging pipeline (one extra pass over all documents)
    per_component = {"tokenizer": 0.0, **{name: 0.0 for name in nlp.pipe_names}}
    for d in documents:
        start = time.perf_counter()
        doc = nlp.make_doc(d.text)
        per_component["tokenizer"] += time.perf_counter() - start
        for name, component in nlp.pipeline:
            start = time.perf_counter()
            doc = component(doc)
            per_component[name] += time.perf_counter() - start
    result["flagging_components_ms_per_bill"] = {k: round(1000 * v / len(documents), 2) for k, v in per_component.items()}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    for name, rows in result["groups"].items():
        print(f"{name}: {rows['bills']} bills, {rows['chars']:,} chars, {rows['flags']} flags")
        for step in steps:
            r = rows[step]
            print(f"  {step:20s} {r['seconds']:7.3f} s  {r['ms_per_bill']:6.2f} ms/bill  x{r['x_tokenizer']}")
    print("components ms/bill:", result["flagging_components_ms_per_bill"])
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
