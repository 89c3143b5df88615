"""A drafts folder with the Connecticut draft (real text, see tests/conftest.py) and a workspace over it."""

from __future__ import annotations

import json

import pytest

from pipeline.serve import create_app


@pytest.fixture()
def drafts(tmp_path, ct_draft):
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / f"{ct_draft.bill_id}.json").write_text(json.dumps(ct_draft.to_dict()), encoding="utf-8")
    return folder


@pytest.fixture()
def app(drafts, tmp_path):
    return create_app(drafts, db_path=tmp_path / "reviews.sqlite", reviewer="ann")


@pytest.fixture()
def client(app):
    return app.test_client()
