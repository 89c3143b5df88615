"""Which files to read: walk the folders and globs a user gave, nothing else.

Only bill formats are collected (extensions decide: ``.txt .pdf .xml .html .htm``), in sorted
order so runs are reproducible. Symbolic links are followed only when they point inside one of
the given roots, so a link in a bill folder cannot make ingestion read ``/etc/passwd``.
"""

from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import Iterable, Iterator

from pipeline.errors import IngestError, OutsidePathError

INPUT_EXTENSIONS = (".txt", ".pdf", ".xml", ".html", ".htm")
#: Files that sit next to bills but are not bills (corpus docs), skipped in folder walks.
SKIP_NAMES = {"readme.txt", "license.txt", "licence.txt"}


def _is_input(path: Path) -> bool:
    return path.suffix.lower() in INPUT_EXTENSIONS and path.name.lower() not in SKIP_NAMES and not path.name.startswith(".")


def _inside(path: Path, roots: list[Path]) -> bool:
    resolved = path.resolve()
    return any(resolved == root or root in resolved.parents for root in roots)


def iter_input_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Yield the bill files under ``paths`` (files, folders, or glob patterns), sorted, once each.

    A file named explicitly is yielded whatever its extension (the reader will say if it cannot
    read it). Raises :class:`~pipeline.errors.IngestError` for a path that does not exist.
    """
    seen: set[Path] = set()
    for given in paths:
        given = str(given)
        if glob.has_magic(given):
            matches = sorted(Path(p) for p in glob.glob(given, recursive=True))
            if not matches:
                raise IngestError(f"{given}: no files match", path=given)
            base = _glob_base(given)
            # links matched by a pattern must stay inside the pattern's fixed directory part
            explicit = [p for p in matches if p.is_file() and _is_input(p) and (not p.is_symlink() or _inside(p, [base]))]
            folders = [p for p in matches if p.is_dir()]
        else:
            path = Path(given)
            if not path.exists():
                raise IngestError(f"{given}: no such file or folder", path=given)
            explicit = [path] if path.is_file() else []
            folders = [path] if path.is_dir() else []
        for path in explicit:
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                yield path
        for folder in folders:
            for path in _walk(folder):
                key = path.resolve()
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
    root = folder.resolve()
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        base = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        # symlinked directories are not entered (followlinks=False): one inside the root
        # would only repeat files, one outside would leave the folder we were given
        for name in filenames:
            path = base / name
            if not _is_input(path):
                continue
            if path.is_symlink() and not _inside(path, [root]):
                continue  # a link pointing outside the folder we were given
            if path.is_file():
                found.append(path)
    yield from sorted(found)


def ensure_inside(path: str | os.PathLike[str], roots: Iterable[str | os.PathLike[str]]) -> Path:
    """Return ``path`` resolved, or raise :class:`OutsidePathError` if it is outside every root."""
    resolved_roots = [Path(r).resolve() for r in roots]
    candidate = Path(path)
    if not _inside(candidate, resolved_roots):
        raise OutsidePathError(f"{candidate.name}: outside the given input folders", path=str(path))
    return candidate.resolve()
