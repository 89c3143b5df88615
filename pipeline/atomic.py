"""Write a file so that readers see the old or the new version, never a part (the one helper for it).

Used by batch (scorecards, ``summary.csv``), reports, exports and the review CLI.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

#: Suffix of the temporary files; with the leading dot, globbing ``*.json`` never picks one up and
#: a batch can sweep leftovers of a killed run (``.<name>.<random>.tmp``).
TMP_SUFFIX = ".tmp"



def _umask() -> int:
    """The process umask (Python < 3.13 can only read it by setting it and putting it back)."""
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def write_atomic(path: str | os.PathLike[str], data: str | bytes, *, fsync: bool = True) -> None:
    """Write ``data`` (text as UTF-8, newlines untranslated; or bytes) to ``path`` atomically.

    The temporary file lives in the same folder (``os.replace`` is only atomic within one file
    system) and has a unique name, so two writers of one path in one process cannot collide.
    ``fsync`` makes the content durable before the rename (batch runs; reports skip it).
    """
    path = Path(path)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TMP_SUFFIX, dir=path.parent)
    try:
        # mkstemp creates 0o600; outputs are shared files, so give them what open() would: 0o666 less the umask
        os.fchmod(handle, 0o666 & ~_umask())
        if isinstance(data, bytes):
            stream = os.fdopen(handle, "wb")
        else:
            stream = os.fdopen(handle, "w", encoding="utf-8", newline="")
        with stream:
            stream.write(data)
            stream.flush()
            if fsync:
                os.fsync(stream.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
