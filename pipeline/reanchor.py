"""Re-anchor offset-based records (annotations) on plain texts after the repair stage changed them.

Records hold ``start``/``end`` into ``load_document(path).text``. When repair removes glued line
numbers or furniture, the old offsets are mapped through the recorded dropped and changed spans
(:func:`~pipeline.ingest.repair.offset_mapper`), exactly; the record's ``text`` becomes the
repaired text it now covers and its id ``doc:start-end`` follows. A record that covered only
dropped text (a cover note, a page slug) no longer points at any text and is left out.

Usage: ``python3 -m pipeline.reanchor FILE.jsonl...`` (rewrites the files in place and
prints what changed). The document of each record is found with ``pipeline.annotations``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pipeline.ingest.repair import offset_mapper, unrepaired_text


def reanchor_file(path: Path, locate_document) -> tuple[int, int, int]:
    """Rewrite one JSONL file; returns (records, moved, removed)."""
    out_lines = []
    moved = removed = total = 0
    cache: dict[str, tuple] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        total += 1
        document = locate_document(record) if record.get("start") is not None else None
        if document is None or not (document.dropped or document.changed) or document.source.format != "txt":
            out_lines.append(line)
            continue
        key = document.source.path
        if key not in cache:
            before = unrepaired_text(document.text, document.dropped, document.changed)
            cache[key] = (before, offset_mapper(document.text, document.dropped, document.changed))
        before, to_new = cache[key]
        start, end = record["start"], record["end"]
        if document.text[start:end] == record["text"] and before[start:end] != record["text"]:
            out_lines.append(line)  # already anchored on the repaired text
            continue
        if before[start:end] != record["text"]:
            out_lines.append(line)  # not ours to fix: left for the validator to report
            continue
        kept = [offset for offset in range(start, end) if to_new.kept(offset) and not before[offset].isspace()]
        if not kept:
            removed += 1  # only dropped text (a cover note, a page slug): no clause left
            continue
        new_start, new_end = to_new(kept[0]), to_new(kept[-1]) + 1
        stripped = document.text[new_start:new_end]
        if (new_start, new_end) != (start, end) or stripped != record["text"]:
            moved += 1
        record["start"], record["end"], record["text"] = new_start, new_end, stripped
        if record.get("id") == f"{record.get('doc_id')}:{start}-{end}":
            record["id"] = f"{record['doc_id']}:{new_start}-{new_end}"
        out_lines.append(json.dumps(record, ensure_ascii=False))
    path.write_text("\n".join(out_lines) + "\n", encoding="utf-8")
    return total, moved, removed


def main(argv: list[str]) -> None:
    from pipeline.annotations import load_source_document

    def locate(record):
        try:
            return load_source_document(record["doc_id"], record.get("source"))
        except Exception:
            return None

    for name in argv:
        total, moved, removed = reanchor_file(Path(name), locate)
        print(f"{name}: {total} records, {moved} re-anchored, {removed} left out (only dropped text)")


if __name__ == "__main__":
    main(sys.argv[1:])
