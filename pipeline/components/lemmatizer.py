"""``qi_lookup_lemmatizer``: spaCy's English lookup lemmatizer, applied per distinct word.

spaCy's ``Lemmatizer`` in lookup mode walks every token in Python and sets ``token.lemma_``
one at a time, about a third of a tokenizer pass on a bill. The lookup depends on the
token's text only, so this subclass looks up each *distinct* word once and writes all lemmas
with one ``Doc.from_array`` call. Same table (``lemma_lookup`` from spacy-lookups-data); other
modes fall back to spaCy's.

One deliberate difference from the stock component: the table is read with the token's
lower-case form, and a word it does not list keeps its lower-case form as lemma. The stock
lookup is keyed by the exact text, so "INDEMNIFY" (new law printed in capitals, as Colorado and
many amending bills print it) or a capitalised "Indemnifies" kept their own spelling as lemma and
no ``LEMMA`` pattern read them; every pattern file writes lemmas in lower case.
"""

from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.tokens import Doc


class ArrayLookupLemmatizer(EnglishLemmatizer):
    """``EnglishLemmatizer`` whose lookup mode works on the array of distinct words."""

    def __call__(self, doc: Doc) -> Doc:
        if self.mode != "lookup" or not len(doc):
            return super().__call__(doc)
        if not self._validated:
            self._validate_tables()
        table = self.lookups.get_table("lemma_lookup", {})
        strings = doc.vocab.strings
        columns = doc.to_array([LOWER, LEMMA])
        words, inverse = numpy.unique(columns[:, 0], return_inverse=True)
        lemmas = numpy.empty(len(words), dtype="uint64")
        for k, lower in enumerate(words.tolist()):
            # the table is keyed by string hash, so the LOWER hash looks it up directly
            lemma = table.get(lower, None)
            if isinstance(lemma, list):
                lemma = lemma[0]
            lemmas[k] = strings.add(lemma) if lemma is not None else lower
        values = lemmas[inverse.reshape(-1)]
        if not self.overwrite:
            keep = columns[:, 1] != 0
            values[keep] = columns[keep, 1]
        doc.from_array([LEMMA], values.reshape(-1, 1))
        return doc


@Language.factory(
    "qi_lookup_lemmatizer",
    assigns=["token.lemma"],
    default_config={"model": None, "mode": "lookup", "overwrite": False, "scorer": {"@scorers": "spacy.lemmatizer_scorer.v1"}},
)
def make_qi_lookup_lemmatizer(nlp: Language, model, name: str, mode: str, overwrite: bool, scorer):
    return ArrayLookupLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite, scorer=scorer)


__all__ = ["ArrayLookupLemmatizer"]
