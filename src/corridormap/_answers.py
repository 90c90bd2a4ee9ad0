"""Answers of the command line kept on disk, keyed on the exact bytes they were computed from.

A ``_private`` module whose names are its interface inside the package. ``corridormap
length TAPI`` prints the same text for as long as the data, corridormap's code and the
libraries it computes with are unchanged, so the text is kept in ``answers/`` of
:func:`~corridormap.caching.cache_dir` under a SHA-256 of the command's options, every
file of the data folder, every module of the package and the installed numpy, pandas,
shapely, pyproj and geopandas (their paths, sizes and modification times). Any edit gives
a new key, hence a fresh computation. Looking an answer up imports none of those
libraries: that is what keeps a repeated command faster than ``import geopandas``.

Only answers computed without error are kept; a failing command fails afresh each time.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> from corridormap.data import default_data_dir
>>> key = answer_key(default_data_dir(), {"command": "length", "corridor": "TAPI"})
>>> key == answer_key(default_data_dir(), {"corridor": "TAPI", "command": "length"})
True
>>> key != answer_key(default_data_dir(), {"command": "length", "corridor": "KTAP"})
True
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from pathlib import Path
from typing import Any

from .caching import cache_dir

__all__ = ["ANSWERS_KEPT", "answer_key", "cached_answer", "keep_answer"]

#: The most answers kept; the least recently written go first.
ANSWERS_KEPT = 256
_FORMAT = b"corridormap answers 1"
_PACKAGE = Path(__file__).parent
_LIBRARIES = ("numpy", "pandas", "shapely", "pyproj", "geopandas")
_DATA_FOLDERS = ("", "corridors", "boundaries", "network")


def _files(folder: Path, pattern: str) -> list[Path]:
    try:
        return sorted(p for p in folder.glob(pattern) if p.is_file())
    except OSError:
        return []


def answer_key(root: Path, options: dict[str, Any]) -> str | None:
    """SHA-256 of the options and of everything an answer depends on (the data folder ``root``, code, libraries).

    None if some file cannot be read: the command then runs, and reports the problem, as without a cache.
    """
    try:
        return _digest(root, options)
    except OSError:
        return None


def _digest(root: Path, options: dict[str, Any]) -> str:
    digest = hashlib.sha256(_FORMAT)
    digest.update(repr(sorted((k, str(v)) for k, v in options.items())).encode())
    digest.update(sys.version.encode())
    for name in _LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None and spec.origin else ""
        stat = Path(origin).stat() if origin else None
        digest.update(f"{name}|{origin}|{stat and stat.st_size}|{stat and stat.st_mtime_ns}".encode())
    code = [*_files(_PACKAGE, "**/*.py"), *_files(_PACKAGE / "schemas", "*.json")]
    data = [p for sub in _DATA_FOLDERS for p in _files(root / sub, "*")]
    for base, paths in ((_PACKAGE, code), (root, data)):
        for path in paths:
            digest.update(str(path.relative_to(base)).encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def cached_answer(key: str) -> str | None:
    """The text kept under ``key``, or None."""
    try:
        return (cache_dir() / "answers" / key).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def keep_answer(key: str, text: str) -> None:
    """Keep ``text`` under ``key`` (atomically); a read-only cache only costs the computation next time."""
    folder = cache_dir() / "answers"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".{key}.{os.getpid()}"
        partial.write_text(text, encoding="utf-8")
        partial.replace(folder / key)
        kept = sorted(folder.iterdir(), key=lambda p: p.stat().st_mtime_ns)
        for old in kept[:-ANSWERS_KEPT]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
