"""The line-end test of hyphen rejoining (pipeline/ingest/hyphenation.py) finds exactly what
the regex ``([A-Za-z]+)-$`` it replaces found (that regex was tried at every position of every
line ending in a hyphen)."""

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
