"""Registered spaCy components of the flagging pipeline.

Importing this package registers, by name:

* ``qi_lookup_lemmatizer`` (:mod:`pipeline.components.lemmatizer`): spaCy's English lookup
  lemmatizer, one lookup per distinct word and one array write;
* ``qi_span_ruler`` (:mod:`pipeline.components.ruler`): spaCy's ``SpanRuler`` limited to
  sentences with a trigger word of its patterns;

* ``qi_cue_constraints``, ``qi_modality``, ``qi_scope``, ``qi_money`` (:mod:`pipeline.components.context`): modality
  and negation, exception / scope markers, money values on the span ruler's cue spans;
* ``qi_signals`` (:mod:`pipeline.components.signals`): cue spans -> signal spans in
  ``doc.spans["qi_flags"]``;

and the ``Doc`` / ``Span`` extensions (:mod:`pipeline.components.extensions`). Import it before
``spacy.load`` of a saved pipeline so the factories can be found.
"""

from pipeline.components import extensions  # noqa: F401  (registers extensions)
from pipeline.components.context import (  # noqa: F401
    CueConstraints,
    make_qi_cue_constraints,
    modality_of,
    qi_modality,
    qi_money,
    qi_scope,
)
from pipeline.components.extensions import CUES_KEY, FLAGS_KEY, doc_text, signal_criteria  # noqa: F401
from pipeline.components.lemmatizer import ArrayLookupLemmatizer  # noqa: F401
from pipeline.components.ruler import TriggeredSpanRuler, make_qi_span_ruler  # noqa: F401
from pipeline.components.signals import SignalResolver, make_qi_signals  # noqa: F401

__all__ = ["CUES_KEY", "FLAGS_KEY", "SignalResolver", "modality_of", "signal_criteria"]
