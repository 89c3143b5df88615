"""Everything the PDF reader produces, dumped so two versions of the reader can be compared.

A speed change to the PDF path must not change a single output: this writes, for every corpus
PDF (shared ``pdfs/`` and ``bulk/pdfs/``) and the generated 40-page redline of
``benchmarks/ingest.py``, the document's text, page spans, line spans (page, margin line) and
dropped spans (text, offset, reason, page, line) to a JSON file; ``compare`` diffs two dumps.

It also works as a pytest plugin that records every PDF ``load_document`` reads during a test
run (the generated redlines, rotated and two-column pages, tables...), keyed by test id and call
order, so the PDFs drawn by the tests are compared too (except the hypothesis fuzz tests, which
draw different PDFs on every run)::

    python3 benchmarks/pdf_outputs.py dump /tmp/before.json
    PDF_OUTPUTS=/tmp/tests-before.json PYTHONPATH=$PWD:$PWD/benchmarks python3 -m pytest -q -p pdf_outputs tests/ingest
    ... change the reader ...
    python3 benchmarks/pdf_outputs.py dump /tmp/after.json
    python3 benchmarks/pdf_outputs.py compare /tmp/before.json /tmp/after.json
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def document_record(document) -> dict:
    return {
        "text": document.text,
        "pages": document.source.pages,
        "page_spans": [list(span) for span in document.page_spans],
        "lines": [[line.start, line.end, line.page, line.line] for line in document.lines],
        "dropped": [[span.text, span.offset, span.reason, span.page, span.line] for span in document.dropped],
    }


def dump(out: Path) -> dict:
    from pipeline.config import corpus_dir
    from pipeline.ingest import load_document

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from ingest import _draw_redline_pdf

    corpus = corpus_dir(None)
    pdfs = sorted((corpus / "pdfs").glob("*.pdf")) + sorted((corpus / "bulk" / "pdfs").glob("*.pdf"))
    records = {path.name: document_record(load_document(path)) for path in pdfs}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "redline.pdf"
        _draw_redline_pdf(path)
        records["generated-redline-40-pages"] = document_record(load_document(path))
    out.write_text(json.dumps(records, indent=1, ensure_ascii=False) + "\n")
    return records


def compare(a: Path, b: Path) -> int:
    before, after = json.loads(a.read_text()), json.loads(b.read_text())
    differences = 0
    for name in sorted(set(before) | set(after)):
        if name not in before or name not in after:
            print(f"{name}: only in {'after' if name not in before else 'before'}")
            differences += 1
            continue
        for key in sorted(set(before[name]) | set(after[name])):
            x, y = before[name].get(key), after[name].get(key)
            if x != y:
                differences += 1
                detail = ""
                if isinstance(x, list) and isinstance(y, list):
                    index = next((i for i, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
                    detail = f" (lengths {len(x)}/{len(y)}; first difference at {index}: " \
                             f"{x[index] if index < len(x) else None!r} vs {y[index] if index < len(y) else None!r})"
                elif isinstance(x, str) and isinstance(y, str):
                    index = next((i for i, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
                    detail = f" (at {index}: {x[index - 40:index + 40]!r} vs {y[index - 40:index + 40]!r})"
                print(f"{name}: {key} differs{detail}")
    print(f"{len(before)} / {len(after)} documents; {differences} difference(s)")
    return 1 if differences else 0


# -- pytest plugin: record every PDF document read during a test run --------------------------

_RECORDS: dict = {}


def pytest_configure(config):  # noqa: D103
    if not os.environ.get("PDF_OUTPUTS"):
        return
    import pipeline.ingest.pdf as pdf_reader

    original = pdf_reader.load_pdf

    def recording(raw, path, **kwargs):
        document = original(raw, path, **kwargs)
        test = os.environ.get("PYTEST_CURRENT_TEST", "?").rsplit(" ", 1)[0]
        if "test_fuzz" in test:  # hypothesis draws different PDFs on every run: not comparable
            return document
        calls = _RECORDS.setdefault(test, [])
        record = document_record(document)
        record["name"] = Path(path).name
        calls.append(record)
        return document

    pdf_reader.load_pdf = recording


def pytest_unconfigure(config):  # noqa: D103
    out = os.environ.get("PDF_OUTPUTS")
    if out:
        flat = {f"{test} #{k}": record for test, calls in _RECORDS.items() for k, record in enumerate(calls)}
        Path(out).write_text(json.dumps(flat, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "dump" and len(sys.argv) == 3:
        records = dump(Path(sys.argv[2]))
        print(f"{len(records)} documents written to {sys.argv[2]}")
    elif command == "compare" and len(sys.argv) == 4:
        sys.exit(compare(Path(sys.argv[2]), Path(sys.argv[3])))
    else:
        sys.exit(__doc__)
