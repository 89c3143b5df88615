"""The word list the word repair reads (without importing wordfreq) is wordfreq's own."""

from __future__ import annotations

import math

from pipeline.ingest import words


def test_word_frequencies_equal_wordfreqs_dictionary():
    from wordfreq import get_frequency_dict

    reference = get_frequency_dict("en", wordlist="best")
    assert words._frequencies() == reference
    for floor in (words.COMMON_ZIPF, words.ATTESTED_ZIPF, 1.5):
        expected = frozenset(w for w, f in reference.items() if f and math.log10(f * 1e9) >= floor)
        assert words._words_at_least(floor) == expected


def test_repairing_a_text_does_not_import_wordfreq():
    import subprocess
    import sys

    code = ("import sys; from pipeline.ingest import document_from_text; "
            "d = document_from_text('The gove rnment shall pay. The government may act.'); "
            "assert 'government shall' in d.text, d.text; assert 'wordfreq' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)
