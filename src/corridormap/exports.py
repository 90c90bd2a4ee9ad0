"""Write the data for other tools: GeoPackage, GeoJSON, KML, CSV, GeoParquet and Excel.

Each format goes through the library made for it: GeoPackage, GeoJSON and CSV through
pyogrio (GDAL), GeoParquet through geopandas (pyarrow), Excel through openpyxl, and KML
through simplekml, which writes each corridor styled as on the maps (GDAL's KML driver
writes no styles, and its LIBKML driver, which would, is read-only in the GDAL that
pyogrio ships). Every export holds the tables of :func:`~corridormap.tables.export_tables`,
including the data dictionary and the licence and attribution (``about``).

GeoPackage and Excel hold every table in one file (a layer or sheet each); KML holds the
spatial tables as folders and the rest in its description; GeoJSON, CSV and GeoParquet
write one file per table, ``<stem>_<table>.<suffix>``. Files are written to temporary
names and renamed into place once all are written, so a failed export leaves nothing.

Examples
--------
>>> import tempfile, corridormap as cm
>>> with tempfile.TemporaryDirectory() as tmp:
...     [p.name for p in cm.export(f"{tmp}/corridors.gpkg")]
['corridors.gpkg']
"""

from __future__ import annotations

import io
import shutil
import tempfile
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal

import geopandas as gpd
import pandas as pd
import shapely

from .tables import export_tables, segments_table

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["FORMATS", "ExportFormat", "download_files", "export"]

ExportFormat = Literal["gpkg", "geojson", "kml", "csv", "parquet", "xlsx"]
#: Each format and the file suffixes that select it.
FORMATS: Final[dict[str, tuple[str, ...]]] = {
    "gpkg": (".gpkg",),
    "geojson": (".geojson", ".json"),
    "kml": (".kml",),
    "csv": (".csv",),
    "parquet": (".parquet", ".geoparquet"),
    "xlsx": (".xlsx",),
}
_ONE_FILE: Final = ("gpkg", "kml", "xlsx")
_DEFAULT_STEM: Final = "corridormap"
_XLSX_CELL_LIMIT: Final = 32_767  # characters Excel keeps in a cell


def _wkt(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with its geometry as a WKT text column named ``WKT``, first (GDAL's CSV driver reads it)."""
    if not isinstance(frame, gpd.GeoDataFrame):
        return pd.DataFrame(frame)
    wkt = shapely.to_wkt(frame.geometry.to_numpy(), rounding_precision=-1)
    attributes = pd.DataFrame(frame.drop(columns=frame.geometry.name))
    return attributes.assign(WKT=wkt)[["WKT", *attributes.columns]]


def _encoded(name: str, frame: pd.DataFrame, fmt: str) -> bytes:
    """One table as the bytes of a GeoJSON, CSV or GeoParquet file."""
    buffer = io.BytesIO()
    if fmt == "parquet":
        frame.to_parquet(buffer, index=False)  # GeoParquet for a GeoDataFrame
    elif fmt == "csv":
        import pyogrio

        pyogrio.write_dataframe(_wkt(frame), buffer, layer=name, driver="CSV")
    else:
        import pyogrio

        with warnings.catch_warnings():  # a table without geometry has no SRS, which is right
            warnings.filterwarnings("ignore", "No SRS set on layer", RuntimeWarning)
            pyogrio.write_dataframe(frame, buffer, layer=name, driver="GeoJSON", layer_options={"RFC7946": "YES"})
    return buffer.getvalue()


def _write_gpkg(tables: dict[str, pd.DataFrame], path: Path) -> None:
    import pyogrio

    for name, frame in tables.items():
        pyogrio.write_dataframe(frame, path, layer=name, driver="GPKG", append=path.exists())


def _write_xlsx(tables: dict[str, pd.DataFrame], path: Path) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in tables.items():
            table = _wkt(frame)
            too_long = table.map(lambda v: isinstance(v, str) and len(v) > _XLSX_CELL_LIMIT).any(axis=None)
            if too_long:
                msg = f"table {name!r} has a value longer than Excel's {_XLSX_CELL_LIMIT} characters — export as gpkg"
                raise ValueError(msg)
            table.to_excel(writer, sheet_name=name, index=False, freeze_panes=(1, 0))
            sheet = writer.sheets[name]
            for cells in sheet.columns:  # readable widths, capped
                width = max(len(str(c.value or "")) for c in cells[:50])
                sheet.column_dimensions[cells[0].column_letter].width = min(max(width, 6) + 2, 60)
        writer.book.properties.creator = "corridormap"


def _write_kml(tables: dict[str, pd.DataFrame], path: Path) -> None:
    from ._kml import write_kml

    write_kml(tables, path)


_WRITERS: Final[dict[str, Callable[[dict[str, pd.DataFrame], Path], None]]] = {
    "gpkg": _write_gpkg,
    "xlsx": _write_xlsx,
    "kml": _write_kml,
}


def _format_and_targets(path: Path, fmt: str | None) -> tuple[str, Path, str]:
    """The format, the output folder and the file stem for ``path``."""
    by_suffix = {s: f for f, suffixes in FORMATS.items() for s in suffixes}
    suffix = path.suffix.lower()
    if fmt is not None and fmt not in FORMATS:
        msg = f"unknown export format {fmt!r} — use one of: {', '.join(FORMATS)}"
        raise ValueError(msg)
    if suffix in by_suffix:
        if fmt is not None and by_suffix[suffix] != fmt:
            msg = f"{path}: the suffix {suffix} says {by_suffix[suffix]}, but format={fmt!r} — make them agree"
            raise ValueError(msg)
        return by_suffix[suffix], path.parent, path.stem
    if suffix and not path.is_dir():
        msg = f"{path}: unknown suffix {suffix!r} — use one of {', '.join(by_suffix)} or give a folder and a format"
        raise ValueError(msg)
    if fmt is None:
        msg = f"{path}: a folder needs a format — pass format= (one of: {', '.join(FORMATS)})"
        raise ValueError(msg)
    return fmt, path, _DEFAULT_STEM


def export(
    path: str | Path,
    *,
    format: ExportFormat | None = None,
    corridor_id: str | None = None,
    data_dir: str | Path | None = None,
) -> list[Path]:
    """Write every table (corridor segments, corridors, km per country, crossings, nodes, sources,
    data dictionary, licence) in one format.

    Parameters
    ----------
    path
        A file (``corridors.gpkg``: the format comes from the suffix) or a folder (then
        ``format`` is needed, and files are named ``corridormap.<suffix>`` or
        ``corridormap_<table>.<suffix>``). Folders are created if missing.
    format
        ``gpkg``, ``geojson``, ``kml``, ``csv``, ``parquet`` or ``xlsx``.
    corridor_id
        Export one corridor only (id or alias); default all.
    data_dir
        Data folder; default the project's ``geodata/``.

    Returns
    -------
    list of pathlib.Path
        The files written.

    Raises
    ------
    ValueError
        For an unknown format or suffix, or a suffix that disagrees with ``format``.
    """
    fmt, folder, stem = _format_and_targets(Path(path), format)
    tables = export_tables(corridor_id=corridor_id, data_dir=data_dir)
    suffix = FORMATS[fmt][0]
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".corridormap-export-", dir=folder))
    try:
        if fmt in _ONE_FILE:
            names = [f"{stem}{suffix}"]
            _WRITERS[fmt](tables, staging / names[0])
        else:
            names = []
            for name, frame in tables.items():
                names.append(f"{stem}_{name}{suffix}")
                (staging / names[-1]).write_bytes(_encoded(name, frame, fmt))
        for name in names:
            (staging / name).replace(folder / name)  # atomic within the folder
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [folder / name for name in names]


def download_files(corridor_id: str | None = None, *, data_dir: str | Path | None = None) -> dict[str, bytes]:
    """The corridor segments a map shows, as GeoJSON and CSV (WKT geometry) for download beside the map.

    Returns ``{"<stem>.geojson": ..., "<stem>.csv": ...}`` with the stem ``corridors`` for
    every corridor, else the corridor id in lower case.

    Examples
    --------
    >>> sorted(download_files("TAPI"))
    ['tapi.csv', 'tapi.geojson']
    """
    segments = segments_table(corridor_id=corridor_id, data_dir=data_dir)
    stem = "corridors" if corridor_id is None else str(segments["corridor"].iloc[0]).lower()
    return {f"{stem}.{fmt}": _encoded(stem, segments, fmt) for fmt in ("geojson", "csv")}
