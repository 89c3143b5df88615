"""Command line: ``statute``. Each module in this package registers its commands on ``app``.

Commands only parse arguments and call library functions; heavy imports happen inside the
command bodies so ``statute --help`` stays instant.
"""

from __future__ import annotations

from pipeline.cli.app import app
from pipeline.cli import text as _text  # noqa: F401  (statute text)
from pipeline.cli import segment as _segment  # noqa: F401  (statute segment)
from pipeline.cli import flags as _flags  # noqa: F401  (statute flags)
from pipeline.cli import score as _score  # noqa: F401  (statute score)
from pipeline.cli import report as _report  # noqa: F401  (statute report)
from pipeline.cli import evaluate as _evaluate  # noqa: F401  (statute evaluate)
from pipeline.cli import train as _train  # noqa: F401  (statute train)
from pipeline.cli import review as _review  # noqa: F401  (statute review, statute export)
from pipeline.cli import annotate as _annotate  # noqa: F401  (statute annotations ...; not "annotations": the __future__ import owns that name here)
from pipeline.cli import compare as _compare  # noqa: F401  (statute compare)
from pipeline.cli import serve as _serve  # noqa: F401  (statute serve)

__all__ = ["app"]


def main() -> None:  # pragma: no cover - console entry point
    app()
