"""Users' line files: reading any vector format, checking every row, writing the result tables.

:func:`read_lines` reads what pyogrio reads (GeoPackage, GeoJSON, shapefile, FlatGeobuf,
...) or a GeoParquet file or folder. :func:`check_lines` turns a frame into the
LineStrings :func:`corridormap.analyze` takes and a table of the rows it cannot use,
one problem per row, so that one bad feature never stops a million good ones:

* empty or missing geometry, points and polygons, fewer than two distinct vertices,
  coordinates that are not finite, latitudes beyond ±90;
* coordinates outside the lon/lat range in a file that declares no CRS (a projected
  file whose ``.prj`` was lost);
* lines in a projected CRS are transformed to WGS84 first;
* a MultiLineString is analysed part by part (``part`` numbers them from 0), its km
  summed per country.

Rows are numbered from 0 in file order (``row``); the line label is the ``id_column``
value, or the row number when no id column is named.

:func:`open_parquet_lines` opens a GeoParquet file for reading in batches of rows
(:class:`ParquetLines`), so that the dask engine's workers decode and check each batch
while the calling process holds only the batches on their way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NoReturn, cast

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .errors import CorridorMapError

if TYPE_CHECKING:
    from collections.abc import Iterator

    import pyarrow as pa

__all__ = [
    "CheckedLines",
    "LineFileError",
    "ParquetLines",
    "check_lines",
    "line_labels",
    "open_parquet_lines",
    "read_lines",
    "write_table",
]

_LINE_TYPES = ("LineString", "MultiLineString")


class LineFileError(CorridorMapError, ValueError):
    """A line file that cannot be read at all (missing, unreadable, wrong layer or id column)."""


@dataclass(frozen=True)
class CheckedLines:
    """The usable lines of a frame and the rows that were set aside.

    ``lines`` are LineStrings in EPSG:4326 with a unique integer index (one per line
    part); ``line`` and ``part`` say where each came from. ``rejected`` has one row per
    unusable feature: ``row``, ``line``, ``problem``.
    """

    lines: gpd.GeoSeries
    line: pd.Series
    part: pd.Series
    rejected: pd.DataFrame

    def per_line(self, km: pd.DataFrame, crossings: gpd.GeoDataFrame) -> tuple[pd.DataFrame, gpd.GeoDataFrame]:
        """The engine's tables for :attr:`lines` (one row per part) back on the user's lines.

        Km are summed per line and country, in order of first appearance; each crossing
        gets the ``line`` label and the ``part`` it lies on, before its other columns.
        """
        part_line, part_number = self.line.to_numpy(), self.part.to_numpy()
        km = km.assign(line=part_line[km["line"].to_numpy(dtype=int)])
        km = km.groupby(["line", "iso3"], sort=False, as_index=False)[["km", "overlap_km"]].sum()
        at = crossings["line"].to_numpy(dtype=int)
        x = crossings.assign(line=part_line[at], part=part_number[at])
        return km, x[["line", "part", *(c for c in x.columns if c not in ("line", "part"))]]


def _is_parquet(path: Path) -> bool:
    if path.is_dir():
        return any(path.glob("*.parquet")) or any(path.glob("*/*.parquet"))
    return path.suffix.lower() in (".parquet", ".geoparquet", ".parq")


def read_lines(path: str | Path, *, layer: str | None = None, id_column: str | None = None) -> gpd.GeoDataFrame:
    """Read a vector file (pyogrio) or a GeoParquet file or folder, checking the layer and id column.

    Raises :class:`LineFileError` naming the file and the fix when it cannot be read.

    Examples
    --------
    >>> import tempfile, geopandas as gpd, shapely
    >>> from corridormap.files import read_lines
    >>> folder = tempfile.mkdtemp()
    >>> gpd.GeoDataFrame({"name": ["a"]}, geometry=[shapely.LineString([(0, 0), (1, 1)])], crs=4326).to_file(
    ...     f"{folder}/l.gpkg")
    >>> list(read_lines(f"{folder}/l.gpkg", id_column="name")["name"])
    ['a']
    """
    path = Path(path)
    if not path.exists():
        msg = f"{path}: file not found — check the path"
        raise LineFileError(msg)
    try:
        if _is_parquet(path):
            if layer is not None:
                msg = f"{path}: --layer does not apply to GeoParquet — leave it out"
                raise LineFileError(msg)
            frame = gpd.read_parquet(path)
        else:
            import pyogrio

            layers = [str(name) for name in pyogrio.list_layers(path)[:, 0]]
            if layer is not None and layer not in layers:
                msg = f"{path}: no layer {layer!r} — use one of: {', '.join(layers)}"
                raise LineFileError(msg)
            if layer is None and len(layers) > 1:
                msg = f"{path}: {len(layers)} layers ({', '.join(layers)}) — choose one with --layer"
                raise LineFileError(msg)
            frame = gpd.read_file(path, layer=layer, engine="pyogrio")
    except LineFileError:
        raise
    except Exception as exc:  # pyogrio, pyarrow and GDAL raise many types for unreadable files
        msg = f"{path}: cannot read it as a vector file or GeoParquet ({exc}) — check the format"
        raise LineFileError(msg) from exc
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.name not in frame.columns:
        msg = f"{path}: no geometry column — save the lines with their geometry"
        raise LineFileError(msg)
    frame = _index_as_columns(frame)
    if id_column is not None and id_column not in frame.columns:
        _no_id_column(path, id_column, [str(c) for c in frame.columns if c != frame.geometry.name])
    return frame


def _index_as_columns(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A named index (a GeoParquet file written from a frame indexed by its ids) as columns, usable with --id."""
    return frame.reset_index() if any(name is not None for name in frame.index.names) else frame


def _no_id_column(path: Path, id_column: str, columns: list[str]) -> NoReturn:
    msg = f"{path}: no column {id_column!r} for --id — use one of: {', '.join(columns) or '(none)'}"
    raise LineFileError(msg)


def line_labels(values: np.ndarray, *, id_column: str, source: str) -> pd.Series:
    """The id column's values as line labels; :class:`LineFileError` if one repeats.

    Examples
    --------
    >>> import numpy as np
    >>> line_labels(np.array(["a", "b", "a"]), id_column="name", source="l.gpkg")
    Traceback (most recent call last):
    ...
    corridormap.files.LineFileError: l.gpkg: column 'name' repeats 'a' (rows 0, 2) — choose a column with unique values
    """
    labels = pd.Series(values, name="line")
    duplicated = labels[labels.duplicated(keep=False) & labels.notna()]
    if len(duplicated):
        value = duplicated.iloc[0]
        rows = ", ".join(map(str, np.flatnonzero((labels == value).to_numpy())[:3]))
        msg = f"{source}: column {id_column!r} repeats {value!r} (rows {rows}) — choose a column with unique values"
        raise LineFileError(msg)
    return labels


def _labels(frame: gpd.GeoDataFrame, id_column: str | None, source: str, first_row: int) -> pd.Series:
    if id_column is None:
        return pd.Series(np.arange(first_row, first_row + len(frame)), name="line")
    return line_labels(frame[id_column].to_numpy(), id_column=id_column, source=source)


def _problems(geoms: np.ndarray, *, projected_without_crs: bool, check_range: bool = True) -> np.ndarray:
    """One problem per geometry, or '' where it is usable (lon/lat range checked if ``check_range``)."""
    problem = np.full(len(geoms), "", dtype=object)
    kind = np.array([g.geom_type if g is not None else "" for g in geoms], dtype=object)
    empty = np.array([g is None for g in geoms]) | shapely.is_empty(geoms)
    problem[empty] = "empty geometry — give the feature a line or remove it"
    other = ~empty & ~np.isin(kind, _LINE_TYPES)
    problem[other] = [f"a {k}, not a line — only LineStrings and MultiLineStrings are analysed" for k in kind[other]]
    lines = np.flatnonzero(problem == "")
    if not len(lines):
        return problem
    xy, owner = shapely.get_coordinates(geoms[lines], return_index=True)
    owner = lines[owner]
    finite = np.isfinite(xy).all(axis=1)
    bad_value = np.zeros(len(geoms), dtype=bool)
    bad_value[owner[~finite]] = True
    problem[bad_value] = "coordinates that are not numbers (NaN or infinite) — fix or remove those vertices"
    out_of_range = np.zeros(len(geoms), dtype=bool)
    out_of_range[owner[(np.abs(xy[:, 0]) > 180) | (np.abs(xy[:, 1]) > 90)]] = True
    out_of_range &= (problem == "") & check_range
    if projected_without_crs:
        fix = "coordinates beyond ±180/±90 and the file declares no CRS — set the file's CRS (ogr2ogr -a_srs EPSG:...)"
    else:
        fix = (
            "coordinates beyond ±180° longitude or ±90° latitude — fix them: longitude and latitude swapped, "
            "or projected coordinates in a file that says lon/lat (set its real CRS)"
        )
    problem[out_of_range] = fix
    usable = np.flatnonzero(problem == "")
    parts, part_owner = shapely.get_parts(geoms[usable], return_index=True)
    xy, part_of = shapely.get_coordinates(parts, return_index=True)
    first = np.searchsorted(part_of, part_of, side="left")  # each vertex's part's first vertex
    moves = (xy != xy[first]).any(axis=1)  # a vertex away from its part's first one: two distinct vertices
    degenerate = np.bincount(part_of, weights=moves, minlength=len(parts)) == 0
    problem[usable[np.unique(part_owner[degenerate])]] = (
        "a line (or line part) with fewer than two distinct vertices — remove it or add a vertex"
    )
    return problem


def check_lines(
    frame: gpd.GeoDataFrame | gpd.GeoSeries, *, id_column: str | None = None, source: str = "input", first_row: int = 0
) -> CheckedLines:
    """The usable LineStrings of a frame (in EPSG:4326, multi-part lines split) and the rows set aside.

    ``first_row`` is the number of the frame's first row in its file (for a batch of a file).

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> from corridormap.files import check_lines
    >>> frame = gpd.GeoSeries([shapely.LineString([(0, 0), (1, 1)]), shapely.Point(0, 0), None], crs=4326)
    >>> checked = check_lines(frame)
    >>> len(checked.lines), list(checked.rejected["row"]), checked.rejected["problem"].iloc[0][:12]
    (1, [1, 2], 'a Point, not')
    """
    geoseries = frame.geometry if isinstance(frame, gpd.GeoDataFrame) else frame
    if isinstance(frame, gpd.GeoDataFrame):
        labels = _labels(frame, id_column, source, first_row)
    else:
        labels = pd.Series(np.arange(first_row, first_row + len(frame)), name="line")
    geoms = np.asarray(geoseries.values, dtype=object)
    crs = geoseries.crs
    problem = _problems(geoms, projected_without_crs=crs is None, check_range=crs is None or crs.is_geographic)
    if crs is not None and not crs.equals("EPSG:4326"):
        usable = problem == ""
        moved = gpd.GeoSeries(geoms[usable], crs=crs).to_crs("EPSG:4326").values
        geoms = geoms.copy()
        geoms[usable] = np.asarray(moved, dtype=object)
        fixed = _problems(geoms, projected_without_crs=False)
        problem[usable & (fixed != "")] = f"cannot be transformed from {crs.name} to WGS84 — check the file's CRS"
    good = np.flatnonzero(problem == "")
    parts, owner = shapely.get_parts(geoms[good], return_index=True)
    part_number = np.arange(len(owner)) - np.searchsorted(owner, owner, side="left")
    rejected = pd.DataFrame(
        {
            "row": np.flatnonzero(problem != "") + first_row,
            "line": labels.to_numpy()[problem != ""],
            "problem": problem[problem != ""].astype(str),
        }
    )
    return CheckedLines(
        lines=gpd.GeoSeries(parts, crs="EPSG:4326"),
        line=pd.Series(labels.to_numpy()[good[owner]], name="line"),
        part=pd.Series(part_number, name="part"),
        rejected=rejected,
    )


@dataclass(frozen=True)
class ParquetLines:
    """A GeoParquet file of lines (WKB geometry) read in batches of rows: see :func:`open_parquet_lines`.

    ``columns`` are those read (the geometry, the id column, the stored index); ``vertices``
    is an estimate from the geometry column's size (16 bytes a vertex).
    """

    path: Path
    rows: int
    columns: list[str]
    vertices: int

    def batches(self, rows: int) -> Iterator[tuple[int, pa.Table]]:
        """``(first_row, table)`` for each batch of at most ``rows`` rows, in file order."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        first = 0
        with pq.ParquetFile(self.path) as file:
            for batch in file.iter_batches(batch_size=rows, columns=self.columns, use_pandas_metadata=True):
                yield first, pa.Table.from_batches([batch])
                first += batch.num_rows

    def ids(self, id_column: str) -> np.ndarray:
        """The id column's values, as :func:`read_lines` gives them."""
        import pyarrow.parquet as pq

        return np.asarray(pq.read_table(self.path, columns=[id_column]).column(0).to_pandas().to_numpy())

    @staticmethod
    def frame(table: pa.Table) -> gpd.GeoDataFrame:
        """A batch as :func:`read_lines` would have read those rows."""
        return _index_as_columns(gpd.GeoDataFrame.from_arrow(table))


def open_parquet_lines(path: str | Path, *, id_column: str | None = None) -> ParquetLines | None:
    """A single GeoParquet file with WKB geometry (and ``id_column``, if named), ready to read in batches.

    None for anything else (a folder, another format, an unreadable file...): read those with
    :func:`read_lines`, which says what is wrong. An ``id_column`` the file does not have raises
    :class:`LineFileError` here, before anything is read.

    Examples
    --------
    >>> import tempfile, geopandas as gpd, shapely
    >>> path = f"{tempfile.mkdtemp()}/l.parquet"
    >>> gpd.GeoDataFrame({"name": ["a", "b"]}, geometry=[shapely.LineString([(0, 0), (1, 1)])] * 2, crs=4326
    ...     ).to_parquet(path)
    >>> lines = open_parquet_lines(path, id_column="name")
    >>> lines.rows, [(first, len(t)) for first, t in lines.batches(1)], list(lines.ids("name"))
    (2, [(0, 1), (1, 1)], ['a', 'b'])
    """
    path = Path(path)
    if not path.is_file() or not _is_parquet(path):
        return None
    try:
        import pyarrow.parquet as pq

        with pq.ParquetFile(path) as file:
            schema, meta = file.schema_arrow, file.metadata
            geo = json.loads((schema.metadata or {})[b"geo"])
            geometry = geo["primary_column"]
            pandas_meta = schema.pandas_metadata or {}
            index = [c for c in pandas_meta.get("index_columns", []) if isinstance(c, str)]
            where = schema.names.index(geometry)
            size = sum(meta.row_group(i).column(where).total_uncompressed_size for i in range(meta.num_row_groups))
    except (OSError, ValueError, KeyError, TypeError, ImportError):
        return None
    if geo["columns"][geometry].get("encoding", "").upper() != "WKB":
        return None
    if id_column is not None and id_column not in schema.names:
        _no_id_column(path, id_column, [name for name in schema.names if name != geometry])
    wanted = {geometry, *index, *([id_column] if id_column else [])}
    columns = [name for name in schema.names if name in wanted]
    return ParquetLines(path=path, rows=meta.num_rows, columns=columns, vertices=size // 16)


def _exact(value: object) -> str:
    return repr(float(cast("float", value)))  # the shortest text that reads back as the same float


def write_table(table: pd.DataFrame, path: Path, *, file_format: Literal["csv", "parquet"]) -> Path:
    """Write a table atomically (a temporary file renamed into place): exact floats in CSV, or Parquet.

    Returns the path written, ``path`` with the format's suffix.

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> from pathlib import Path
    >>> out = write_table(pd.DataFrame({"km": [0.1]}), Path(tempfile.mkdtemp()) / "t", file_format="csv")
    >>> out.read_text()
    'km\\n0.1\\n'
    """
    target = path.with_suffix(f".{file_format}")
    partial = target.with_name(f".{target.name}.partial")
    frame = pd.DataFrame(table.drop(columns="geometry", errors="ignore"))
    if file_format == "csv":
        frame.to_csv(partial, index=False, float_format=_exact, lineterminator="\n")
    else:
        frame.to_parquet(partial, index=False)
    partial.replace(target)
    return target
