"""What corridormap remembers between calls, and when it forgets.

Data and boundaries are read once per process and kept, keyed on the data folder *and*
on the size, modification time and inode of every file in it (:func:`data_stamp`): a
file edited in Jupyter, in an editor or by ``git checkout`` gives the new answer on the
next call, with no restart. :func:`clear_cache` forgets everything.

On disk, in :func:`cache_dir` (``$XDG_CACHE_HOME/corridormap``, default ``~/.cache``): a
record of each validated folder content (an empty file named by the SHA-256 of the data,
the schemas and the validator, in ``validated/``), so that the command line need not
validate the same bytes twice; the command line's answers and builds (``answers/`` and
``builds/``, keyed on the bytes of the data, the code and the libraries); data derived from
parts of the data (``derived/``: each corridor map's countries, keyed on the bytes they are
computed from); and the prepared world boundaries (``world/``). :func:`clear_cache` removes
the records, answers, builds and derived data, not the world boundaries (they depend on the
package's data only).

Examples
--------
>>> import corridormap as cm
>>> cm.clear_cache()
>>> cm.route_length("TAPI") > 1500
True
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["Stamp", "cache_dir", "clear_cache", "data_stamp", "forget_on_clear", "on_clear"]

#: What :func:`data_stamp` returns: (path, inode, size, modification time in ns) per file.
Stamp = tuple[tuple[str, int, int, int], ...]


class _Cache(Protocol):
    def cache_clear(self) -> None: ...


_C = TypeVar("_C", bound=_Cache)
_CLEARERS: list[Callable[[], None]] = []


def forget_on_clear(cache: _C) -> _C:
    """Register a ``functools.lru_cache``-d function with :func:`clear_cache` (a decorator)."""
    _CLEARERS.append(cache.cache_clear)
    return cache


def on_clear(clear: Callable[[], None]) -> None:
    """Register a function that empties some other cache (a dict, say) with :func:`clear_cache`."""
    _CLEARERS.append(clear)


def data_stamp(root: Path) -> Stamp:
    """Inode, size and modification time of every file in a data folder and its ``corridors/`` and ``boundaries/``.

    Any edit, replacement, new or deleted file changes it; reading it costs a few system
    calls per file, tens of microseconds for a data folder.

    Examples
    --------
    >>> from corridormap.data import default_data_dir
    >>> data_stamp(default_data_dir()) == data_stamp(default_data_dir())
    True
    """
    entries: list[tuple[str, int, int, int]] = []
    for folder in (root, root / "corridors", root / "boundaries"):
        try:
            with os.scandir(folder) as found:
                for entry in found:
                    if entry.is_file():
                        stat = entry.stat()
                        entries.append((entry.path, stat.st_ino, stat.st_size, stat.st_mtime_ns))
        except OSError:
            entries.append((str(folder), -1, -1, -1))
    return tuple(sorted(entries))


def cache_dir() -> Path:
    """corridormap's folder for what it keeps on disk: ``$XDG_CACHE_HOME/corridormap`` (default ``~/.cache``).

    A relative ``XDG_CACHE_HOME`` is ignored, as the XDG specification asks.

    Examples
    --------
    >>> cache_dir().name
    'corridormap'
    """
    base = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(base) if Path(base).is_absolute() else Path.home() / ".cache") / "corridormap"


def clear_cache() -> None:
    """Forget every cached result, in memory and on disk; the next call reads and validates the data again.

    Edits to the data are noticed without it; it is for freeing memory, or after changing
    a file in a way that keeps its size and modification time.
    """
    for clear in _CLEARERS:
        clear()
    for kept in ("validated", "answers", "builds", "derived"):
        shutil.rmtree(cache_dir() / kept, ignore_errors=True)
