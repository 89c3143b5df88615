"""Where things live and the limits that apply, in one place.

Every setting has a default, an environment variable and (in the CLI) an option;
the option wins over the variable, which wins over the default.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline import __version__

PIPELINE_VERSION = __version__
PROJECT_ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DATA = Path(__file__).resolve().parent / "data"

#: Default limits for one input document.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_TIMEOUT_SECONDS = 120.0
#: Longest normalised text accepted: spaCy's ``max_length`` of the flagging pipeline
#: (``pipeline.nlp.MAX_LENGTH``). A longer text is refused with a clear ``too_large`` error
#: when it is read, instead of spaCy's ``ValueError [E088]`` deep inside scoring.
MAX_TEXT_CHARS = 20_000_000


def corpus_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The shared corpus: ``override``, else ``$STATUTE_CORPUS``, else ``../shared/corpus``.

    The relative default is tried next to the project checkout first (where CI puts it),
    then relative to the working directory.
    """
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get("STATUTE_CORPUS")
    if env:
        return Path(env).expanduser().resolve()
    beside_checkout = (PROJECT_ROOT / ".." / "shared" / "corpus").resolve()
    if beside_checkout.is_dir():
        return beside_checkout
    return (Path.cwd() / ".." / "shared" / "corpus").resolve()


def models_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Trained artifacts: ``override``, else ``$STATUTE_MODELS``, else ``<checkout>/models``."""
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get("STATUTE_MODELS")
    return Path(env).expanduser().resolve() if env else PROJECT_ROOT / "models"


def project_corpus_dir() -> Path:
    """The repo's own ``corpus/``: annotations, gold scorecards, jurisdiction facts."""
    env = os.environ.get("STATUTE_PROJECT_CORPUS")
    return Path(env).expanduser().resolve() if env else PROJECT_ROOT / "corpus"


def review_db_path(override: str | os.PathLike[str] | None = None) -> Path:
    """The SQLite review store: ``override``, else ``$STATUTE_REVIEW_DB``, else ``./reviews.sqlite``."""
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get("STATUTE_REVIEW_DB")
    return Path(env).expanduser().resolve() if env else Path.cwd() / "reviews.sqlite"
