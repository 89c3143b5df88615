"""The compiled plain-line reader (``plainlines.c``), built at first use into a user cache dir.

Why compiled: see ``plainlines.c``. Why at first use: the C is linked against nothing (it gets
the addresses of the functions pypdfium2 has loaded, and runs inside this interpreter, loaded
with ``ctypes.PyDLL``), so a C compiler and Python's headers are all it needs and no build step
or wheel has to know about it; it is built once per source and Python version into
``$XDG_CACHE_HOME/statute-pipeline`` (else ``~/.cache/statute-pipeline``) and loaded from there.

Where there is no compiler or no Python headers, the cache dir cannot be written, or
``STATUTE_PURE_PYTHON=1`` is set,
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
import sysconfig
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
    # the source and the interpreter's ABI name the build: a changed .c or Python is rebuilt
    abi = f"{sys.version} {sysconfig.get_config_var('SOABI')} {os.uname().machine}"
    key = hashlib.sha256(source + abi.encode()).hexdigest()[:16]
    return cache_dir() / f"plainlines-{key}.so"


def _build(source_path: Path, target: Path) -> bool:
    """Compile ``source_path`` into ``target`` (written under another name, then renamed: two
    worker processes building at once both end with a whole library)."""
    compiler = shlex.split(os.environ.get("CC", "")) or [shutil.which("cc") or shutil.which("gcc")]
    include = sysconfig.get_paths().get("include")
    if not compiler[0] or not include or not os.path.exists(os.path.join(include, "Python.h")):
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=target.stem + ".", suffix=".tmp", dir=target.parent)
    os.close(handle)
    try:
        result = subprocess.run([*compiler, "-O2", "-shared", "-fPIC", f"-I{include}", "-o", temporary, str(source_path), "-lm"],
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
            lib = ctypes.PyDLL(str(target))  # (the GIL held, Python errors raised)
            lib.plain_lines.restype = ctypes.py_object
            lib.plain_lines.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.py_object, ctypes.c_char_p,
                                        ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
            lib.page_runs.restype = ctypes.py_object
            lib.page_runs.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.py_object, ctypes.c_char_p, ctypes.c_int,
                                      ctypes.c_int, ctypes.c_double, ctypes.c_double]
            lib.object_types.restype = ctypes.py_object
            lib.object_types.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
            lib.chars.restype = ctypes.py_object
            lib.chars.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.py_object, ctypes.c_int, ctypes.c_int,
                                  ctypes.c_int, ctypes.c_double, ctypes.c_double]
    except (OSError, subprocess.SubprocessError):  # no compiler, read-only home, a broken build
        lib = None
    _loaded["library"] = lib
    return lib


_PDFIUM_FUNCTIONS = ("FPDFText_GetCharBox", "FPDFText_GetCharOrigin", "FPDFText_GetCharAngle",
                     "FPDFText_CountRects", "FPDFText_GetRect")


def pdfium_table():
    """The addresses of pdfium's functions (as pypdfium2 has loaded them), in the order of the
    ``Pdfium`` struct of ``plainlines.c``."""
    if "pdfium" not in _loaded:
        import pypdfium2.raw as pdfium_c

        _loaded["pdfium"] = (ctypes.c_void_p * len(_PDFIUM_FUNCTIONS))(
            *(ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value for name in _PDFIUM_FUNCTIONS))
    return _loaded["pdfium"]


def pdfium_address(name: str) -> int:
    """The address of one of pdfium's functions, as pypdfium2 has loaded it."""
    if name not in _loaded:
        import pypdfium2.raw as pdfium_c

        _loaded[name] = ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value
    return _loaded[name]
