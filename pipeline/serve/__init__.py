"""The review workspace (``statute serve``): a local Flask app over a drafts folder and the review store.

* ``/`` -- the queue of drafts (needs-review first), filtered by criterion, jurisdiction, verdict;
* ``/bill/<id>`` -- the bill text with every evidence span highlighted in place and dropped
  (struck) text shown struck, the nine criteria beside it (draft verdict, explanation,
  confidence, all evidence, the latest decision), forms to accept / change / edit / note and
  sign off, with keyboard shortcuts;
* ``/bill/<id>/page`` -- the publishable scorecard page (:func:`pipeline.export.publishable_page`);
* ``/bill/<id>/source`` -- the normalised text, as plain text;
* ``/compare?old=<id>&new=<id>`` -- two drafts of the folder compared (:mod:`pipeline.compare`).

Decisions go through :func:`pipeline.review.record_decision` into the same append-only SQLite
store the terminal review uses, so browser and CLI reviews mix. Bill text is untrusted: every
template autoescapes; the only script is the package's own ``workspace.js``; no external assets.
Every form carries a per-process token, so another web page cannot post decisions to the
workspace (it is bound to 127.0.0.1 by default).
"""

from pipeline.serve.app import create_app

__all__ = ["create_app"]
