"""The compiled plain-line reader (``plainlines.c``), built at first use into a user cache dir.

Why compiled: see ``plainlines.c``. Why at first use: the C is not linked against pdfium (it gets
the addresses of the functions pypdfium2 has loaded), so a C compiler is all it needs and no
build step or wheel has to know about it; the library is built once per source version into
``$XDG_CACHE_HOME/statute-pipeline`` (else ``~/.cache/statute-pipeline``) and loaded from there.

Where there is no compiler, the cache dir cannot be written, or ``STATUTE_PURE_PYTHON=1`` is set,
:func:`plain_lines` is ``None`` and :mod:`.wordruns` reads every line in Python: the same output
(``tests/ingest/test_plainlines.py`` compares the two).
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

_SOURCE = Path(__file__).with_name("plainlines.c")
#: Set to a non-empty value other than "0" to read PDFs with the pure-Python path only.
PURE_PYTHON_ENV = "STATUTE_PURE_PYTHON"

_loaded: dict = {}  # "library": the ctypes library, or None once it could not be had


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "statute-pipeline"


def _library_path(source: bytes) -> Path:
    # the source and the interpreter's platform name the build: a changed .c is rebuilt
    key = hashlib.sha256(source + sys.platform.encode() + os.uname().machine.encode()).hexdigest()[:16]
    return cache_dir() / f"plainlines-{key}.so"


def _build(source_path: Path, target: Path) -> bool:
    """Compile ``source_path`` into ``target`` (written under another name, then renamed: two
    worker processes building at once both end with a whole library)."""
    compiler = shlex.split(os.environ.get("CC", "")) or [shutil.which("cc") or shutil.which("gcc")]
    if not compiler[0]:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=target.stem + ".", suffix=".tmp", dir=target.parent)
    os.close(handle)
    try:
        result = subprocess.run([*compiler, "-O2", "-shared", "-fPIC", "-o", temporary, str(source_path), "-lm"],
                                capture_output=True, timeout=120)
        if result.returncode != 0:
            return False
        os.replace(temporary, target)
        for stale in target.parent.glob("plainlines-*.so"):  # builds of earlier sources
            if stale != target:
                stale.unlink(missing_ok=True)
        return True
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def library():
    """The loaded library, or ``None`` (pure Python)."""
    if os.environ.get(PURE_PYTHON_ENV, "0") not in ("", "0"):
        return None
    if "library" in _loaded:
        return _loaded["library"]
    lib = None
    try:
        source = _SOURCE.read_bytes()
        target = _library_path(source)
        if target.exists() or _build(_SOURCE, target):
            lib = ctypes.CDLL(str(target))
            lib.plain_lines.restype = ctypes.c_int
            lib.plain_lines.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
                                        ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p]
    except (OSError, subprocess.SubprocessError):  # no compiler, read-only home, a broken build
        lib = None
    _loaded["library"] = lib
    return lib
