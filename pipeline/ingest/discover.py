"""Which files to read: walk the folders and globs a user gave, nothing else.

Only bill formats are collected (extensions decide: ``.txt .pdf .xml .html .htm .docx``), in
sorted order so runs are reproducible; Word's lock files (``~$bill.docx``, left beside a document
open in Word) are not bills and are skipped. Symbolic links are followed only when they point inside one of
the given roots, so a link in a bill folder cannot make ingestion read ``/etc/passwd``.

Nothing found in a folder is dropped in silence: an entry with a bill extension that is not a
regular file (a FIFO, a socket, a symlink loop) and a sub-folder that cannot be listed are
yielded too, so the reader (or the batch's pre-check) turns each into one error line or row
instead of blocking on it or leaving it out unnoticed. The walk is iterative (no recursion
limit on deep trees) and never enters symlinked folders (no loops).
"""

from __future__ import annotations

import errno
import glob
import os
import stat
from pathlib import Path
from typing import Iterable, Iterator

from pipeline.errors import IngestError, OutsidePathError

INPUT_EXTENSIONS = (".txt", ".pdf", ".xml", ".html", ".htm", ".docx")
#: Files that sit next to bills but are not bills (corpus docs), skipped in folder walks.
SKIP_NAMES = {"readme.txt", "license.txt", "licence.txt"}


def _is_input(path: Path) -> bool:
    name = path.name
    return (path.suffix.lower() in INPUT_EXTENSIONS and name.lower() not in SKIP_NAMES
            and not name.startswith((".", "~$")))


def _resolve(path: Path) -> Path:
    """``path.resolve()``, or the absolute path when a symlink loop makes resolving fail."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):  # Python < 3.13 raises RuntimeError("Symlink loop ...")
        return path.absolute()


def _inside(path: Path, roots: list[Path]) -> bool:
    resolved = _resolve(path)
    return any(resolved == root or root in resolved.parents for root in roots)


def _exists(path: Path) -> bool:
    """True when there is an entry at ``path`` at all (even a broken or looping symlink, a FIFO)."""
    try:
        return os.path.lexists(path)
    except (OSError, ValueError):  # a NUL byte, a name too long
        return False


def iter_input_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Yield the bill files under ``paths`` (files, folders, or glob patterns), sorted, once each.

    A file named explicitly is yielded whatever its extension or type (the reader will say if it
    cannot read it); a name that exists is taken literally even if it contains ``[ ] * ?``.
    Raises :class:`~pipeline.errors.IngestError` for a path that does not exist.
    """
    seen: set[Path] = set()
    for given in paths:
        given = os.fspath(given)
        if glob.has_magic(given) and not _exists(Path(given)):
            matches = sorted(Path(p) for p in glob.glob(given, recursive=True))
            if not matches:
                raise IngestError(f"{given}: no files match", path=given)
            base = _glob_base(given)
            # links matched by a pattern must stay inside the pattern's fixed directory part
            explicit = [p for p in matches if p.is_file() and _is_input(p) and (not p.is_symlink() or _inside(p, [base]))]
            folders = [p for p in matches if p.is_dir()]
        else:
            path = Path(given)
            if not _exists(path):
                raise IngestError(f"{given}: no such file or folder", path=given)
            folders = [path] if path.is_dir() else []
            explicit = [] if folders else [path]
        for path in explicit:
            key = _resolve(path)
            if key not in seen:
                seen.add(key)
                yield path
        for folder in folders:
            for path in _walk(folder):
                key = _resolve(path)
                if key not in seen:
                    seen.add(key)
                    yield path


def _glob_base(pattern: str) -> Path:
    """The directory part of a glob pattern before its first wildcard."""
    parts = Path(pattern).parts
    fixed = []
    for part in parts:
        if glob.has_magic(part):
            break
        fixed.append(part)
    return Path(*fixed).resolve() if fixed else Path.cwd().resolve()


def _walk(folder: Path) -> Iterator[Path]:
    """Bill files under ``folder``, sorted; plus the entries that cannot be read (see above)."""
    root = _resolve(folder)
    found: list[Path] = []
    pending = [folder]
    while pending:  # a stack, not recursion: a 10,000-level tree costs memory, not the stack
        directory = pending.pop()
        try:
            with os.scandir(directory) as entries:
                listed = sorted(entries, key=lambda e: e.name)
        except OSError as exc:
            if directory is not folder:
                found.append(directory)  # unreadable sub-folder: the reader reports it
                continue
            raise IngestError(f"{folder}: cannot list the folder ({exc.strerror or exc})", path=str(folder)) from None
        for entry in listed:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                # symlinked directories are not entered: one inside the root would only repeat
                # files, one outside would leave the folder we were given
                if entry.is_dir(follow_symlinks=False):
                    pending.append(path)
                    continue
            except OSError:
                pass
            if not _is_input(path):
                continue
            if entry.is_symlink() and _target_exists(path) and not _inside(path, [root]):
                continue  # a link pointing outside the folder we were given
            found.append(path)
    yield from sorted(found)


def _target_exists(path: Path) -> bool:
    try:
        os.stat(path)
        return True
    except OSError:  # broken or looping link: yielded so the reader reports it
        return False


def not_a_file_reason(path: str | os.PathLike[str]) -> str:
    """Why ``path`` is not a readable regular file, in a few words (for one error line)."""
    try:
        info = os.lstat(path)
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            return "no such file"
        return f"cannot be read ({exc.strerror or exc})"
    if stat.S_ISLNK(info.st_mode):
        try:
            info = os.stat(path)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return "a symbolic link loop"
            return f"a broken symbolic link ({exc.strerror or exc})"
    if stat.S_ISDIR(info.st_mode):
        try:
            with os.scandir(path):
                pass
        except OSError as exc:
            return f"a folder that cannot be read ({exc.strerror or exc})"
        return "a folder, not a file"
    if stat.S_ISFIFO(info.st_mode):
        return "a named pipe (FIFO), not a regular file"
    if stat.S_ISSOCK(info.st_mode):
        return "a socket, not a regular file"
    if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode):
        return "a device, not a regular file"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file"
    return "a regular file"


def ensure_inside(path: str | os.PathLike[str], roots: Iterable[str | os.PathLike[str]]) -> Path:
    """Return ``path`` resolved, or raise :class:`OutsidePathError` if it is outside every root."""
    resolved_roots = [Path(r).resolve() for r in roots]
    candidate = Path(path)
    if not _inside(candidate, resolved_roots):
        raise OutsidePathError(f"{candidate.name}: outside the given input folders", path=str(path))
    return candidate.resolve()
