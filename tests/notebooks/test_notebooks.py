"""Every notebook in ``notebooks/`` runs top to bottom on the shared corpus, and is committed clean.

Notebooks are executed with nbclient in a ``python3`` kernel whose working directory is
``notebooks/`` (as when a user opens them there). Batch output and review databases go to a
temporary folder through the environment variables the notebooks read, so a test run never
writes into the checkout and never reuses results of older code.
"""

from __future__ import annotations

import re
import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from pipeline.config import PROJECT_ROOT

NOTEBOOKS = sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb"))

pytestmark = pytest.mark.timeout(900)


@pytest.fixture(scope="session")
def python3_kernel() -> str:
    """Make sure a ``python3`` kernelspec exists for this interpreter (installs a user one if not)."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        subprocess.run([sys.executable, "-m", "ipykernel", "install", "--user", "--name", "python3"],
                       check=True, capture_output=True)
    return "python3"


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ has no .ipynb files"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert not cell.outputs, f"{path.name} cell {index} has saved outputs"
            assert cell.execution_count is None, f"{path.name} cell {index} has an execution count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(path, python3_kernel, corpus, tmp_path, monkeypatch):
    # Where the notebooks write: batch runs, the review store, exports (read from the environment).
    monkeypatch.setenv("STATUTE_EXPLORE_RUN", str(tmp_path / "explore-run"))
    monkeypatch.setenv("STATUTE_REVIEW_DB", str(tmp_path / "reviews.sqlite"))
    monkeypatch.setenv("STATUTE_CORPUS", str(corpus))
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name=python3_kernel,
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as exc:  # show the failing cell and its error, without terminal colours
        message = re.sub(r"\x1b\[[0-9;]*m", "", str(exc))
        pytest.fail(f"{path.name} failed:\n{message[-4000:]}", pytrace=False)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.get("output_type") == "error"]
    assert not errors
    # a notebook that plots shows its plots (a non-interactive backend such as Agg shows none)
    plotting = [c for c in nb.cells if c.cell_type == "code" and "plt." in c.source]
    images = [o for c in plotting for o in c.outputs if "image/png" in o.get("data", {})]
    assert len(images) >= len(plotting), f"{path.name}: {len(plotting)} plotting cell(s), {len(images)} image(s) shown"
