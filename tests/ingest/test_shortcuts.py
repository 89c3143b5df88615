"""Shortcuts of the PDF reader give exactly what they stand in for: the line-end test of hyphen
rejoining (pipeline/ingest/hyphenation.py) finds what the regex ``([A-Za-z]+)-$`` found (that
regex was tried at every position of every line ending in a hyphen), a plain ASCII line's
text is what normalising it in full gives (pipeline/ingest/layout.py), and the words read for
look-alike letters are those holding a non-ASCII character (pipeline/ingest/confusables.py)."""

from __future__ import annotations

import re

from hypothesis import given, strategies as st

from pipeline.ingest.hyphenation import _hyphenated_end

_REGEX = re.compile(r"([A-Za-z]+)-$")


@given(st.text(alphabet="abZ-é1' \n\u2014", max_size=12))
def test_same_as_the_regex(text):
    match = _REGEX.search(text)
    assert _hyphenated_end(text) == ((match.start(), match.group(1)) if match else None)


def test_examples():
    assert _hyphenated_end("the self-") == (4, "self")
    assert _hyphenated_end("enforce-\n") == (0, "enforce")
    assert _hyphenated_end("section 12-") is None
    assert _hyphenated_end("-") is None


@given(st.text(alphabet=st.one_of(st.characters(max_codepoint=127), st.sampled_from(" \u2018\u2019\u2044\ufffe\u00ad\u00a0e\u0301")),
               max_size=12))
def test_line_text_shortcut_same_as_normalising(text):
    """A line of printing ASCII without a double space is only stripped (layout._finish_line_text);
    the same as normalising it in full."""
    from pipeline.ingest.layout import _finish_line_text, _normalised_line_text

    assert _finish_line_text(text) == _normalised_line_text(text)


@given(st.text(alphabet="ab1_ \u00e9\u0430\u00a7\u00b2\u0301\u0394-", max_size=14))
def test_non_ascii_words_same_as_every_word(text):
    """Look-alike mapping reads only the words that hold a non-ASCII character
    (pipeline/ingest/confusables.py): the same words as going through every word."""
    from pipeline.ingest.confusables import _WORD, _non_ascii_words

    expected = [(m.start(), m.group()) for m in _WORD.finditer(text) if not m.group().isascii()]
    assert [(m.start(), m.group()) for m in _non_ascii_words(text)] == expected
