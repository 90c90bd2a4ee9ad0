"""Where things live: the data folder a call works on.

A ``_private`` module whose names are its interface inside the package.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["data_root", "default_data_dir"]


def default_data_dir() -> Path:
    """The project's data folder: ``geodata/`` shipped in the package, else the source checkout's.

    Examples
    --------
    >>> from corridormap.data import default_data_dir
    >>> (default_data_dir() / "nodes.geojson").exists()
    True
    """
    packaged = Path(__file__).parent / "geodata"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "geodata"


def data_root(data_dir: str | Path | None) -> Path:
    """The absolute data folder for a ``data_dir=`` argument (None: :func:`default_data_dir`).

    Examples
    --------
    >>> data_root(None) == default_data_dir().resolve()
    True
    """
    return (Path(data_dir) if data_dir is not None else default_data_dir()).resolve()
