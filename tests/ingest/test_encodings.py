"""Plain-text decoding: the encoding is detected and recorded, the words come out the same."""

from __future__ import annotations

import codecs

import pytest

from pipeline.ingest import document_from_text, load_document
from pipeline.ingest.text import decode_bytes

#: Written for these tests: curly quotes, dashes, accents, a section sign.
SAMPLE = ("Sec. 2. \u201cQualified immunity\u201d \u2014 a defense raised by a peace officer \u2013 "
          "shall not apply to a claim under \u00a7 4 (se\u00f1or, na\u00efve, caf\u00e9).\r\n\r\n(a) Done.")
EXPECTED = ('Sec. 2. "Qualified immunity" - a defense raised by a peace officer - '
            "shall not apply to a claim under \u00a7 4 (se\u00f1or, na\u00efve, caf\u00e9).\n\n(a) Done.")


@pytest.mark.parametrize(
    "encoding, data, recorded",
    [
        ("utf-8", SAMPLE.encode("utf-8"), "utf-8"),
        ("utf-8 with BOM", codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
        ("utf-16 LE with BOM", codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), "utf-16"),
        ("utf-16 BE with BOM", codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16"),
        ("cp1252", SAMPLE.encode("cp1252"), "cp1252"),
    ],
)
def test_text_encodings(tmp_path, encoding, data, recorded):
    path = tmp_path / "bill.txt"
    path.write_bytes(data)
    document = load_document(path)
    assert document.source.encoding == recorded
    assert document.text == EXPECTED
    assert document.source.format == "txt"
    assert document.source.bytes == len(data)


def test_latin1_without_windows_characters(tmp_path):
    text = "Sec. 1. Se\u00f1or Mu\u00f1oz \u00a7 3 \u00bd r\u00e9sum\u00e9.\n"
    path = tmp_path / "latin.txt"
    path.write_bytes(text.encode("latin-1"))
    document = load_document(path)
    assert document.source.encoding == "latin-1"
    assert document.text == text.strip()


def test_utf16_without_bom_is_not_mistaken_for_binary(tmp_path):
    path = tmp_path / "u16.txt"
    path.write_bytes("Sec. 1. No immunity.\n".encode("utf-16-le"))
    assert load_document(path).text == "Sec. 1. No immunity."


def test_decode_prefers_utf8_over_guessing():
    assert decode_bytes("na\u00efve".encode("utf-8")) == ("na\u00efve", "utf-8")


def test_document_from_text_matches_a_file(tmp_path):
    path = tmp_path / "same.txt"
    path.write_bytes(SAMPLE.encode("utf-8"))
    from_file = load_document(path)
    from_text = document_from_text(SAMPLE, name="same.txt")
    assert from_text.text == from_file.text
    assert from_text.source.sha256 == from_file.source.sha256
    assert from_text.bill_id == "same"
