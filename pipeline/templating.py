"""The one Jinja2 environment for pages rendered outside the web workspace (reports, published pages).

Templates live in ``pipeline/templates/`` (shipped as package data). Autoescaping is on for every
template, and the ``reveal`` filter (:func:`pipeline.safety.reveal_controls`) shows bidi controls
and other invisible format characters as visible marks; it runs *before* autoescaping, so a bill
can neither inject markup nor reorder a quote (Trojan Source).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from pipeline.safety import reveal_controls

if TYPE_CHECKING:  # jinja2 is imported only when a page is rendered
    from jinja2 import Environment


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The package's template environment (built once): autoescape on, ``reveal`` filter registered."""
    from jinja2 import Environment, PackageLoader

    env = Environment(
        loader=PackageLoader("pipeline", "templates"),
        autoescape=True,
    )
    env.filters["reveal"] = reveal_controls
    return env


def render(template: str, **context: object) -> str:
    """Render ``pipeline/templates/<template>`` with ``context``."""
    return environment().get_template(template).render(**context)
