"""Plain-text files: decode (recording the encoding), then normalise.

Order of trust: a byte-order mark, then strict UTF-8 (by far the most common), then a
charset-normalizer guess, then cp1252 (what Windows-edited statutes usually are). Latin-1 is
the last resort because it accepts every byte and so cannot be wrong in a detectable way.
"""

from __future__ import annotations

import codecs

from pipeline.errors import EncodingError

_BOM_CODECS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def utf16_without_bom(raw: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when ``raw`` looks like BOM-less UTF-16 ASCII-range text."""
    sample = raw[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


#: charset-normalizer names of the Western 8-bit family; cp1252 is tried first as the superset.
_WESTERN = {"cp1252", "windows-1252", "latin-1", "latin_1", "iso-8859-1", "iso8859-1", "iso-8859-15", "cp1250", "mac-roman", "mac_roman"}


def decode_bytes(raw: bytes, name: str = "document") -> tuple[str, str]:
    """Decode ``raw`` to ``(text, encoding)``; raise :class:`EncodingError` if nothing fits."""
    for bom, codec in _BOM_CODECS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec), codec
            except UnicodeDecodeError as exc:
                raise EncodingError(f"{name}: starts with a {codec} byte-order mark but is not valid {codec} ({exc.reason})", path=name) from None
    codec = utf16_without_bom(raw)
    if codec:
        try:
            return raw.decode(codec), codec
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    guess = _charset_normalizer_guess(raw)
    if guess is not None and guess not in _WESTERN:
        try:
            return raw.decode(guess), guess
        except (UnicodeDecodeError, LookupError):
            pass
    # Western 8-bit: cp1252 is latin-1 plus curly quotes and dashes in 0x80-0x9F, so try it first.
    # Name it latin-1 when no byte falls where the two differ, so the record says what we know.
    if not any(0x80 <= b <= 0x9F for b in raw):
        return raw.decode("latin-1"), "latin-1"
    for codec in ("cp1252", "latin-1"):
        try:
            return raw.decode(codec), codec
        except UnicodeDecodeError:
            continue
    raise EncodingError(f"{name}: cannot determine the text encoding", path=name)  # pragma: no cover


def _charset_normalizer_guess(raw: bytes) -> str | None:
    """charset-normalizer's best guess (a codec name), or ``None``.

    Only multi-byte Unicode guesses are trusted outright; for short legal texts its 8-bit
    guesses sometimes land on exotic code pages, so those are mapped to the cp1252/latin-1 try.
    """
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:200_000]).best()
    if best is None:
        return None
    encoding = best.encoding.lower().replace("_", "-")
    if encoding.startswith(("utf-16", "utf-32", "utf-8")):
        return encoding
    return "cp1252"
