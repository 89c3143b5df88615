"""Ingestion throughput, next to baselines measured in the same run.

PDF: pages/second of ``load_document`` on the corpus PDFs (shared ``pdfs/`` + ``bulk/pdfs/``)
against raw pypdfium2 text extraction of the same files (``get_textpage().get_text_range()``
per page: the floor any PDF reader here pays); the two alternate in each round, so both see the
same load on a shared machine.
Text: MB/second of ``load_document`` on a sample of ``bulk/texts`` (decode + normalise), and of
ingestion + ``pipeline.segment.segment_sections`` when the segmenter exists, against reading
the bytes and decoding them as UTF-8 and against one spaCy tokenizer pass (the project's floor
for text work).

Text rows also give ingestion *without* repair (sniff, decode, normalise: the path before the
repair stage existed) and ``repair_text`` alone, so the repair's share is visible in one run.
Cold start: fresh Python processes time their first call (imports included) for ``import spacy;
spacy.blank("en")("x")`` (the reference), ``load_document`` of one clean bulk bill, a text
with a run-together word (the word pass's one-time set-up), and ``pipeline.api.score`` of the
clean bill.

Usage: ``python3 benchmarks/ingest.py [--sample 400] [--repeat 3] [--corpus PATH] [--text-only]``.
Prints a table and writes ``benchmarks/results/ingest.json`` (``--text-only`` updates only its
text and cold-start entries).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.config import corpus_dir  # noqa: E402
from pipeline.ingest import load_document  # noqa: E402


#: "cpu" (process CPU seconds: stable on a shared machine) or "wall" (wall clock).
CLOCK = {"cpu": time.process_time, "wall": time.perf_counter}


def best_of(repeat: int, work, clock: str = "cpu") -> float:
    """Best time of ``repeat`` runs (least disturbed by other processes)."""
    timer = CLOCK[clock]
    times = []
    for _ in range(repeat):
        start = timer()
        work()
        times.append(timer() - start)
    return min(times)


def best_of_alternating(repeat: int, works: list, clock: str = "cpu") -> list[float]:
    """Best time of each of ``works`` over ``repeat`` rounds that run them one after another, so
    a baseline and the code measured against it see the same load on a shared machine."""
    timer = CLOCK[clock]
    best = [float("inf")] * len(works)
    for _ in range(repeat):
        for index, work in enumerate(works):
            start = timer()
            work()
            best[index] = min(best[index], timer() - start)
    return best


def raw_pdfium(paths: list[Path]) -> int:
    import pypdfium2 as pdfium

    chars = 0
    for path in paths:
        pdf = pdfium.PdfDocument(path)
        for page in pdf:
            textpage = page.get_textpage()
            chars += len(textpage.get_text_range())
            textpage.close()
            page.close()
        pdf.close()
    return chars


def pdfium_char_geometry(paths: list[Path]) -> int:
    """Raw text plus two pdfium calls per character (box and origin): the floor of a reader
    that works from per-character geometry, as ours did before it read upright pages word by
    word (pipeline/ingest/wordruns.py); kept as a reference."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    left, right, bottom, top, ox, oy = (ctypes.c_double() for _ in range(6))
    get_box, get_origin = pdfium_c.FPDFText_GetCharBox, pdfium_c.FPDFText_GetCharOrigin
    chars = 0
    for path in paths:
        pdf = pdfium.PdfDocument(path)
        for page in pdf:
            textpage = page.get_textpage()
            chars += len(textpage.get_text_range())
            handle = textpage.raw
            for index in range(textpage.count_chars()):
                get_box(handle, index, left, right, bottom, top)
                get_origin(handle, index, ox, oy)
            textpage.close()
            page.close()
        pdf.close()
    return chars


def _draw_redline_pdf(path: Path, pages: int = 40) -> None:
    """A redlined bill like state legislatures print: numbered margin, struck and underlined words."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    words = "a law enforcement officer may raise the defense of qualified immunity in any action".split()
    c = canvas.Canvas(str(path))
    for page in range(pages):
        c.setFont("Helvetica", 9)
        c.drawString(72, 760, "HB 2101 - AMENDED")
        for line in range(28):
            y = 720 - 24 * line
            c.setFont("Helvetica", 9)
            c.drawRightString(62, y, str(line + 1))
            x = 90.0
            c.setFont("Times-Roman", 12)
            for k, word in enumerate(words):
                c.drawString(x, y, word)
                width = stringWidth(word, "Times-Roman", 12)
                if (k + line) % 5 == 0:
                    c.line(x, y + 3.6, x + width, y + 3.6)  # struck
                elif (k + line) % 5 == 1:
                    c.line(x, y - 1.8, x + width, y - 1.8)  # underlined
                x += width + stringWidth(" ", "Times-Roman", 12)
        c.showPage()
    c.save()


def _redline_rows(args) -> dict:
    """pages/s on a generated 40-page redline (every page has struck and underlined words)."""
    try:
        import reportlab  # noqa: F401  (test extra)
    except ImportError:
        return {"rows": [], "result": None}
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "redline.pdf"
        _draw_redline_pdf(path)
        pages = load_document(path).source.pages
        t_raw = best_of(args.repeat, lambda: raw_pdfium([path]), args.clock)
        t_ours = best_of(args.repeat, lambda: load_document(path), args.clock)
        import pipeline.ingest.pdf as pdf_reader

        pdf_reader.STRIKE_GEOMETRY = "pdfplumber"
        try:
            t_plumber = best_of(max(1, args.repeat // 2), lambda: load_document(path), args.clock)
        finally:
            pdf_reader.STRIKE_GEOMETRY = "pdfium"
    return {
        "rows": [
            ("redline PDF: raw pypdfium2 text extraction (baseline)", f"{pages / t_raw:,.0f} pages/s", t_raw),
            ("redline PDF: load_document (strokes from pypdfium2 page objects)", f"{pages / t_ours:,.0f} pages/s", t_ours),
            ("redline PDF: load_document, strokes from pdfplumber (cross-check)", f"{pages / t_plumber:,.0f} pages/s", t_plumber),
        ],
        "result": {"pages": pages, "raw_pages_per_second": round(pages / t_raw, 1),
                   "pages_per_second": round(pages / t_ours, 1), "slowdown_vs_raw": round(t_ours / t_raw, 2),
                   "pdfplumber_geometry_pages_per_second": round(pages / t_plumber, 1)},
    }


#: Child processes for the cold-start rows: each prints its own wall and CPU seconds from its
#: first import to the end of its first call (interpreter start-up excluded, the same for all).
_COLD = {
    "spacy": "import spacy\nspacy.blank('en')('x')",
    "load_document": "from pipeline.ingest import load_document\nload_document(PATH)",
    "word_repair": ("from pipeline.ingest import document_from_text\n"
                    "assert document_from_text('If any of the followingapply, the court shall award fees.').changed"),
    "score": "from pipeline.api import score\nscore(Path(PATH))",
}


def cold_start(path: Path, repeat: int) -> dict[str, dict[str, float]]:
    """Best of ``repeat`` fresh processes per entry of ``_COLD``: wall and CPU seconds."""
    import subprocess

    out: dict[str, dict] = {}
    for name, code in _COLD.items():
        child = ("import sys, time\nstart, cpu = time.perf_counter(), time.process_time()\n"
                 f"sys.path.insert(0, {str(ROOT)!r})\nfrom pathlib import Path\nPATH = {str(path)!r}\n{code}\n"
                 "print(time.perf_counter() - start, time.process_time() - cpu)")
        runs = []
        for _ in range(repeat):
            result = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, cwd=ROOT)
            if result.returncode != 0:
                lines = result.stderr.strip().splitlines()
                out[name] = {"error": lines[-1] if lines else "failed"}
                runs = []
                break
            runs.append(tuple(float(x) for x in result.stdout.split()[-2:]))
        if runs:
            out[name] = {"wall_seconds": round(min(r[0] for r in runs), 3), "cpu_seconds": round(min(r[1] for r in runs), 3)}
    return out


def text_rows(args, corpus: Path) -> tuple[list, dict]:
    """Text ingestion rows, each next to the baselines measured in the same run."""
    from pipeline.ingest import _load_bytes
    from pipeline.ingest.detect import sniff_format
    from pipeline.ingest.normalize import normalize_text
    from pipeline.ingest.repair import repair_text
    from pipeline.ingest.text import decode_bytes

    texts = sorted((corpus / "bulk" / "texts").glob("*.txt"))
    sample = sorted(random.Random(args.seed).sample(texts, min(args.sample, len(texts))))
    megabytes = sum(p.stat().st_size for p in sample) / 1e6
    for path in sample:
        _load_bytes(path.read_bytes(), str(path))  # warm imports and per-process tables

    def unrepaired():  # load_document's text path as it was before the repair stage
        for p in sample:
            raw = p.read_bytes()
            sniff_format(raw[:8192], name=str(p))
            normalize_text(decode_bytes(raw, name=p.name)[0])

    normalised = [normalize_text(p.read_bytes().decode("utf-8", "replace")) for p in sample]
    t_read = best_of(args.repeat, lambda: [p.read_bytes().decode("utf-8", "replace") for p in sample], args.clock)
    t_plain = best_of(args.repeat, unrepaired, args.clock)
    t_repair = best_of(args.repeat, lambda: [repair_text(t) for t in normalised], args.clock)
    t_text = best_of(args.repeat, lambda: [load_document(p) for p in sample], args.clock)
    # The project's text floor: one spaCy tokenizer pass over the same (already decoded) texts.
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    decoded = [p.read_bytes().decode("utf-8", "replace") for p in sample]
    t_tok = best_of(args.repeat, lambda: [len(doc) for doc in tokenizer.pipe(decoded)], args.clock)
    rows = [
        ("text: read + utf-8 decode (baseline)", f"{megabytes / t_read:,.1f} MB/s", t_read),
        ("text: spaCy blank('en') tokenizer pass (floor)", f"{megabytes / t_tok:,.1f} MB/s", t_tok),
        ("text: sniff, decode, normalise (ingestion without repair)", f"{megabytes / t_plain:,.1f} MB/s", t_plain),
        ("text: repair_text alone (furniture, line numbers, brackets, words)", f"{megabytes / t_repair:,.1f} MB/s", t_repair),
        ("text: load_document (sniff, decode, normalise, repair)", f"{megabytes / t_text:,.1f} MB/s", t_text),
    ]
    result = {"files": len(sample), "megabytes": round(megabytes, 3), "seed": args.seed,
              "read_decode_mb_per_second": round(megabytes / t_read, 2),
              "spacy_tokenizer_mb_per_second": round(megabytes / t_tok, 2),
              "without_repair_mb_per_second": round(megabytes / t_plain, 2),
              "repair_text_mb_per_second": round(megabytes / t_repair, 2),
              "load_document_mb_per_second": round(megabytes / t_text, 2),
              "load_document_times_faster_than_tokenizer": round(t_tok / t_text, 1),
              "load_document_time_vs_without_repair": round(t_text / t_plain, 2)}
    try:
        from pipeline.segment import segment_sections
    except ImportError:
        segment_sections = None
    if segment_sections is not None:
        def ingest_and_segment():
            for p in sample:
                segment_sections(load_document(p))

        try:
            t_seg = best_of(args.repeat, ingest_and_segment, args.clock)
            rows.append(("text: load_document + segment_sections", f"{megabytes / t_seg:,.1f} MB/s", t_seg))
            result["load_and_segment_mb_per_second"] = round(megabytes / t_seg, 2)
        except Exception as exc:  # the segmenter is another area's work in progress
            result["segment_error"] = f"{type(exc).__name__}: {exc}"
    clean = next((p for p in sample if p.name.startswith("us-") and not load_document(p).changed), sample[0])
    cold: dict = cold_start(clean, args.repeat)
    for name in _COLD:
        if "cpu_seconds" in cold.get(name, {}):
            rows.append((f"cold start: {name} (first call, fresh process)",
                         f"{cold[name]['wall_seconds']:.2f} s wall", cold[name]["cpu_seconds"]))
    cold["bill"] = clean.name
    return rows, {"text": result, "cold_start": cold}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=None)
    parser.add_argument("--sample", type=int, default=400, help="bulk text files to sample")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "ingest.json"))
    parser.add_argument("--clock", choices=sorted(CLOCK), default="cpu",
                        help="cpu: process CPU time (default; other jobs on the machine do not skew it); wall: wall clock")
    parser.add_argument("--text-only", action="store_true", help="only the text and cold-start rows")
    args = parser.parse_args(argv)
    corpus = corpus_dir(args.corpus)
    if args.text_only:
        rows, parts = text_rows(args, corpus)
        _print(rows, args.clock)
        out = Path(args.out)
        result = json.loads(out.read_text()) if out.exists() else {}
        result.update(parts)
        result.setdefault("machine", {})["text_timing"] = f"best of {args.repeat} repeats, one process, {args.clock} clock"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2) + "\n")
        return result

    pdfs = sorted((corpus / "pdfs").glob("*.pdf")) + sorted((corpus / "bulk" / "pdfs").glob("*.pdf"))
    pages = sum(load_document(p).source.pages for p in pdfs)  # also warms imports and caches
    t_raw, t_ours, t_geometry = best_of_alternating(
        args.repeat, [lambda: raw_pdfium(pdfs), lambda: [load_document(p) for p in pdfs],
                      lambda: pdfium_char_geometry(pdfs)], args.clock)

    redline = _redline_rows(args)
    # Peak Python memory while reading the longest PDF (tracemalloc: allocations by Python code
    # and pypdfium2's wrappers, not pdfium's own C heap).
    import tracemalloc

    longest = max(pdfs, key=lambda p: load_document(p).source.pages)
    tracemalloc.start()
    longest_pages = load_document(longest).source.pages
    peak_mb = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()

    rows = [
        ("PDF: raw pypdfium2 text extraction (baseline)", f"{pages / t_raw:,.0f} pages/s", t_raw),
        ("PDF: raw text + pdfium box and origin per character (per-character floor)", f"{pages / t_geometry:,.0f} pages/s", t_geometry),
        ("PDF: load_document (layout, furniture, line numbers, redline check)", f"{pages / t_ours:,.0f} pages/s", t_ours),
    ]
    rows[3:3] = [(f"PDF: peak traced memory reading {longest.name} ({longest_pages} pages)", f"{peak_mb:,.1f} MB", 0.0)]
    rows[4:4] = redline["rows"]
    result = {
        "pdf": {"files": len(pdfs), "pages": pages, "raw_pypdfium2_seconds": round(t_raw, 4),
                "load_document_seconds": round(t_ours, 4), "raw_pages_per_second": round(pages / t_raw, 1),
                "pages_per_second": round(pages / t_ours, 1), "slowdown_vs_raw": round(t_ours / t_raw, 2),
                "char_geometry_floor_pages_per_second": round(pages / t_geometry, 1),
                "char_geometry_floor_slowdown_vs_raw": round(t_geometry / t_raw, 2),
                "peak_traced_mb": round(peak_mb, 2), "peak_traced_mb_file": longest.name, "peak_traced_mb_pages": longest_pages},
    }
    text, parts = text_rows(args, corpus)
    rows += text
    result.update(parts)
    if redline["result"]:
        result["redline_pdf"] = redline["result"]
    result["machine"] = {"python": platform.python_version(), "platform": platform.platform(), "repeat": args.repeat,
                         "clock": args.clock, "timing": f"best of {args.repeat} repeats, one process",
                         "pdf_timing": "raw pypdfium2, load_document and the per-character floor run one "
                                       "after another in each round (the same machine load for all three)"}

    _print(rows, args.clock)
    print(f"PDF: {len(pdfs)} files, {pages} pages; text: {result['text']['files']} files, {result['text']['megabytes']:.2f} MB")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    return result


def _print(rows, clock: str) -> None:
    width = max(len(r[0]) for r in rows)
    print(f"{'measure'.ljust(width)}  {'throughput':>16}  {clock + ' s':>8}")
    for name, rate, seconds in rows:
        print(f"{name.ljust(width)}  {rate:>16}  {seconds:8.3f}")


if __name__ == "__main__":
    main()
