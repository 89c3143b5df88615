"""The package's layers (cli/api -> tools -> run -> stages -> values) hold: ``lint-imports``."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept():
    if shutil.which("lint-imports") is None:
        pytest.fail("import-linter is not installed (pip install -e '.[test]')")
    result = subprocess.run(["lint-imports", "--config", str(ROOT / ".importlinter")], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
