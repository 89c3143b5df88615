"""Imported by the batch fork server so every worker starts with the run path already loaded.

``multiprocessing``'s fork server imports the modules named by ``set_forkserver_preload`` once and
forks each worker from itself, so what this import builds (the spaCy pipeline, the relevance and
clause models, the rubric and signals) is inherited by every worker instead of being rebuilt in
each: copy-on-write pages, no second load. A failure here is swallowed (the fork server would die
on it); workers then build what they need themselves and the first file reports the real error.
"""

from __future__ import annotations

try:  # noqa: SIM105 - the fork server must survive anything
    from pipeline.run import warm_up

    warm_up()
except Exception:  # noqa: BLE001
    pass
