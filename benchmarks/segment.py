"""Segmentation throughput next to its floor, the spaCy tokenizer, on the same texts in one run.

    python3 benchmarks/segment.py [--bulk N] [--repeat R]

Texts: every file of ``corpus/texts`` plus ``N`` bills drawn (fixed seed) from ``corpus/bulk/texts``,
loaded once with ``load_document`` (ingestion is not timed). Timed, each over all texts:

* ``tokenizer``   ``nlp.tokenizer.pipe`` of the legal tokenizer over each whole text (the floor)
* ``spaCy default tokenizer``  the same with ``spacy.blank("en")`` (what the legal exceptions cost)
* ``structure``   ``segment_sections(document, sentences=False)`` (numbering, tree, ids)
* ``sentences``   the same plus sentence units (tokenizer + ``legal_sentencizer`` over every body)

Prints characters/second for each (best of ``R`` runs).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.config import corpus_dir  # noqa: E402
from pipeline.ingest import load_document  # noqa: E402
from pipeline.segment import segment_sections  # noqa: E402
from pipeline.segment.sentences import get_sentence_nlp  # noqa: E402


def _documents(bulk: int) -> list:
    root = corpus_dir()
    paths = sorted((root / "texts").glob("*.txt"))
    bulk_paths = sorted((root / "bulk" / "texts").glob("*.txt"))
    if bulk and bulk_paths:
        paths += random.Random(20261125).sample(bulk_paths, min(bulk, len(bulk_paths)))
    return [load_document(path) for path in paths]


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bulk", type=int, default=1000, help="bulk bills to add (default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; best is kept")
    args = parser.parse_args(argv)

    documents = _documents(args.bulk)
    texts = [document.text for document in documents]
    chars = sum(map(len, texts))
    nlp = get_sentence_nlp()
    segment_sections(documents[0])  # warm up (imports, vocab)

    import spacy

    plain = spacy.blank("en")
    stages = {
        "tokenizer (floor)": lambda: [len(doc) for doc in nlp.tokenizer.pipe(texts, batch_size=64)],
        "spaCy default tokenizer": lambda: [len(doc) for doc in plain.tokenizer.pipe(texts, batch_size=64)],
        "segment structure": lambda: [segment_sections(d, sentences=False) for d in documents],
        "segment + sentences": lambda: [segment_sections(d) for d in documents],
    }
    stages["tokenizer (floor)"]()  # warm the vocabularies: every run then sees known words
    stages["spaCy default tokenizer"]()
    # interleave the stages run by run, so load from other processes hits all of them alike
    timings = {name: float("inf") for name in stages}
    for _ in range(args.repeat):
        for name, stage in stages.items():
            timings[name] = min(timings[name], _best(stage, 1))
    print(f"{len(documents)} documents, {chars / 1e6:.2f} M characters, best of {args.repeat} runs")
    print(f"{'stage':<26}{'seconds':>10}{'chars/s':>14}{'x floor':>9}")
    floor = timings["tokenizer (floor)"]
    for name, seconds in timings.items():
        print(f"{name:<26}{seconds:>10.2f}{chars / seconds:>14,.0f}{seconds / floor:>9.2f}")


if __name__ == "__main__":
    main()
