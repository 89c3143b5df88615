"""The shared Jinja2 environment: autoescaping on, bidi controls revealed before escaping."""

from __future__ import annotations

from pipeline.run import scorecard_for
from pipeline.templating import environment, render


def test_reveal_runs_before_autoescaping():
    page = environment().from_string("{{ text|reveal }}").render(text="<b>\u202eevil</b>")
    assert page == "&lt;b&gt;\u27e8U+202E\u27e9evil&lt;/b&gt;"


def test_every_template_autoescapes():
    env = environment()
    for name in ("report.html", "publish.html"):
        assert env.get_template(name).environment.autoescape is True


def test_criterion_fragment_is_self_contained():
    from pipeline.config import corpus_dir
    from pipeline.report import render_criterion_html

    card = scorecard_for(corpus_dir() / "texts" / "ct-cgs-52-571k.txt")
    fragment = render_criterion_html(card, next(iter(card.criteria)))
    assert fragment.startswith("<div><style>") and "<script" not in fragment and "<link" not in fragment
    view = {"id": "x", "label": "<i>", "verdict": "no", "symbol": "", "word": "", "confidence": "0", "evidence": []}
    assert render("report_criterion.html", c=view, draft_banner="").count("&lt;i&gt;") == 1
