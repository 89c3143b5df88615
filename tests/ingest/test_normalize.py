"""normalize_text: the fast implementation equals the plain one, and is idempotent."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings, strategies as st

from pipeline.ingest.normalize import _TRANSLATE, normalize_text


def reference(text: str) -> str:
    """The straightforward version of the same steps (str.translate, look-behind regex)."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_TRANSLATE)
    text = re.sub(r"[\x00-\x08\x0e-\x1f\x7f]", "", text)
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"(?<=\S) {2,}", " ", text)
    text = re.sub(r" +\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.lstrip("\n").rstrip(" \n")


TRICKY = st.sampled_from(list("ab .\n\t\r\u00a0\u2009\u2018\u2019\u201c\u201d\u2013\u2014\x0c\x0b\u200b\u00ad\ufb01e\u0301\x01\u2028\u3000"))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=TRICKY, max_size=40) | st.text(max_size=40))
def test_matches_reference_and_is_idempotent(text):
    once = normalize_text(text)
    assert once == reference(text)
    assert normalize_text(once) == once


def test_words_are_not_changed():
    text = "\u201cQualified\u00a0immunity\u201d \u2014 not   a defense;\r\n\r\n\r\n\r\n  (a) indented \ufb01rst"
    assert normalize_text(text) == '"Qualified immunity" - not a defense;\n\n  (a) indented first'
