"""The ``corridormap`` command: a thin layer over the public functions.

Examples
--------
>>> main(["length", "TAPI", "--format", "csv"])  # doctest: +ELLIPSIS
corridor,km
TAPI,...
0
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._answers import answer_key, cached_answer, keep_answer, keep_build, kept_build, write_files
from ._paths import data_root
from .errors import CorridorDataError, CorridorMapError
from .route_cli import add_route_parser, run_route
from .table_output import OUTPUT_FORMATS, Rows, write_frame

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    import pandas as pd

__all__ = ["main"]

# The choices of `export` and `figure`, here so that --help needs no GDAL nor matplotlib (tested equal).
_EXPORT_FORMATS = ("gpkg", "geojson", "kml", "csv", "parquet", "xlsx")
_FIGURE_FORMATS = ("png", "svg", "pdf")
_FIGURE_SIZES = ("a4", "a5", "slide")


def _parser() -> argparse.ArgumentParser:
    data = argparse.ArgumentParser(add_help=False)
    data.add_argument("--data", metavar="DIR", type=Path, help="data folder (default: the project's geodata/)")
    formats = argparse.ArgumentParser(add_help=False)
    formats.add_argument("--format", choices=OUTPUT_FORMATS, default="table", help="output format (default: table)")
    alts = argparse.ArgumentParser(add_help=False)
    alts.add_argument("--include-alternatives", action="store_true", help="add the alternative alignments")

    parser = argparse.ArgumentParser(
        prog="corridormap",
        description="Energy and transport corridors linking Pakistan with Central Asia, measured on the ellipsoid.",
        epilog="Corridor ids are case-insensitive and accept aliases ('casa 1000', 'Trans-Afghan Railway').",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", parents=[data], help="check data files; exit 1 if any problem")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or data folders (default: --data)")
    p.set_defaults(run=_validate)

    p = sub.add_parser("length", parents=[data, formats, alts], help="geodesic length of a corridor in km")
    p.add_argument("corridor", metavar="ID")
    p.add_argument(
        "--by", choices=("country", "segment", "status"), help="split the length by country, segment or status"
    )
    p.set_defaults(run=_table(_length))

    p = sub.add_parser("crossings", parents=[data, formats, alts], help="a corridor's border crossings in route order")
    p.add_argument("corridor", metavar="ID")
    p.set_defaults(run=_table(_crossings))

    p = sub.add_parser("summary", parents=[data, formats], help="one row per corridor")
    p.set_defaults(run=_table(_summary))
    p = sub.add_parser("list", parents=[data, formats], help="the corridor ids and names")
    p.set_defaults(run=_table(_list))

    add_route_parser(sub, parents=[data]).set_defaults(run=run_route)

    p = sub.add_parser(
        "status",
        parents=[data, formats],
        help="each segment's status at a date, from the data's status histories",
        description="Each segment's status on a date: proposed, construction, operating..., 'unknown' where the "
        "sources give no date, blank where the data has no status for it yet. A year means its last day.",
    )
    p.add_argument("--on", required=True, metavar="DATE", help="YYYY, YYYY-MM or YYYY-MM-DD")
    p.add_argument("--corridor", metavar="ID", help="one corridor (default: all)")
    p.set_defaults(run=_table(_status))

    p = sub.add_parser("build", parents=[data], help="build the HTML maps (overview and one per corridor)")
    p.add_argument("--out", type=Path, default=Path("maps"), metavar="DIR", help="output folder (default: maps)")
    p.add_argument(
        "--self-contained",
        action="store_true",
        help="maps that open with no network: scripts and styles inline, tiles optional (each file <= 1.5 MB)",
    )
    p.add_argument(
        "--lang",
        type=_languages,
        default=["en"],
        metavar="LANG[,LANG]",
        help="labels and interface in English (en, default), Urdu (ur) or Russian (ru), or several: en,ur,ru. "
        "English goes into DIR, each other language into DIR/<lang>/, linked to each other",
    )
    p.set_defaults(run=_build)

    p = sub.add_parser("export", parents=[data], help="write the data for GIS and spreadsheets, with a data dictionary")
    p.add_argument("--format", choices=_EXPORT_FORMATS, default="gpkg", help="file format (default: gpkg)")
    p.add_argument("--out", type=Path, default=Path("exports"), metavar="DIR", help="output folder (default: exports)")
    p.add_argument("--corridor", metavar="ID", help="export one corridor only (default: all)")
    p.set_defaults(run=_export)

    p = sub.add_parser("figure", parents=[data], help="static figures for reports: the overview and one per corridor")
    p.add_argument("corridor", nargs="?", metavar="ID", help="one corridor, or 'overview' (default: all figures)")
    p.add_argument("--format", choices=_FIGURE_FORMATS, default="png", help="file format (default: png)")
    p.add_argument("--size", choices=_FIGURE_SIZES, default="a4", help="page size, landscape (default: a4)")
    p.add_argument("--dpi", type=int, default=300, help="resolution of PNG files (default: 300)")
    p.add_argument("--out", type=Path, default=Path("figures"), metavar="DIR", help="output folder (default: figures)")
    p.set_defaults(run=_figure)

    p = sub.add_parser(
        "analyze",
        parents=[data],
        help="km per country and border crossings for the lines in a file",
        description="Km per country and border crossings for every line in FILE (any format pyogrio reads, "
        "or a GeoParquet file or folder), against every country of the world. Writes km_by_country, "
        "crossings, lines (per-line totals, unattributed and overlap km) and rejected (rows not analysed, "
        "one problem each) into DIR.",
    )
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--layer", metavar="L", help="layer to read (files with several layers)")
    p.add_argument("--id", dest="id_column", metavar="COLUMN", help="column naming each line (default: row number)")
    p.add_argument("--out", type=Path, default=Path(), metavar="DIR", help="output folder (default: .)")
    p.add_argument("--engine", choices=("local", "dask"), help="this process (default) or a dask cluster")
    p.add_argument("--format", choices=("csv", "parquet"), default="csv", help="output tables (default: csv)")
    p.add_argument("--scheduler", metavar="ADDRESS", help="dask.distributed scheduler (implies --engine dask)")
    p.add_argument("--partitions", type=int, metavar="N", help="dask partitions (default: by size)")
    p.set_defaults(run=_analyze)
    return parser


class _Version(argparse.Action):
    """``--version``, reading the installed version only when asked (importlib.metadata takes 40 ms)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        from . import __version__

        parser.exit(message=f"corridormap {__version__}\n")


def _length(args: argparse.Namespace) -> pd.DataFrame | Rows:
    from .chaining import route_length
    from .data import resolve_corridor_id

    cid = resolve_corridor_id(args.corridor, data_dir=args.data)
    if args.by is None:  # plain rows: the total needs neither pandas nor geopandas
        km = route_length(cid, include_alternatives=args.include_alternatives, data_dir=args.data)
        return [{"corridor": cid, "km": km}]
    parts = route_length(cid, by=args.by, include_alternatives=args.include_alternatives, data_dir=args.data)
    axis = {"segment": "segment", "status": "status"}.get(args.by, "iso3")
    table: pd.DataFrame = parts.rename("km").rename_axis(axis).reset_index()
    return table


def _crossings(args: argparse.Namespace) -> pd.DataFrame:
    import pandas as pd

    from .crossings import crossings

    x = crossings(args.corridor, include_alternatives=args.include_alternatives, data_dir=args.data)
    table = pd.DataFrame(x.drop(columns="geometry"))
    table = table[["line", *(c for c in table.columns if c != "line")]]  # which line the km count along, first
    table.insert(len(table.columns), "lon", x.geometry.x.round(5))
    table.insert(len(table.columns), "lat", x.geometry.y.round(5))
    return table


def _summary(args: argparse.Namespace) -> pd.DataFrame:
    from .report import summary

    table = summary(data_dir=args.data).reset_index()
    # The long text columns make a terminal table unreadable; csv and json keep them.
    return table.drop(columns=["name", "reported_scope", "length_note"]) if args.format == "table" else table


def _list(args: argparse.Namespace) -> pd.DataFrame:
    import pandas as pd

    from .data import corridor_facts, corridor_ids

    facts = [corridor_facts(c, data_dir=args.data) for c in corridor_ids(data_dir=args.data)]
    return pd.DataFrame([{k: f[k] for k in ("id", "name", "kind", "status")} for f in facts])


def _status(args: argparse.Namespace) -> pd.DataFrame:
    import pandas as pd

    from .timeline import status_on

    found = status_on(args.on, corridor=args.corridor, data_dir=args.data)
    return pd.DataFrame(found[["id", "corridor", "status", "since", "status_now"]])


def _validate(args: argparse.Namespace) -> int:
    from .validation import validate

    problems = validate(args.paths or None, data_dir=args.data)
    for problem in problems:
        print(problem)
    checked = ", ".join(map(str, args.paths)) if args.paths else str(args.data or "geodata/")
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found in {checked}", file=sys.stderr)
        return 1
    print(f"{checked}: all data valid", file=sys.stderr)
    return 0


def _languages(text: str) -> list[str]:
    """``--lang``: one language code or several, comma-separated."""
    from .maps.i18n import LANGUAGES

    codes = [code.strip() for code in text.split(",") if code.strip()]
    unknown = [code for code in codes if code not in LANGUAGES]
    if unknown or not codes:
        msg = f"unknown map language {', '.join(map(repr, unknown)) or repr(text)}: choose from {', '.join(LANGUAGES)}"
        raise argparse.ArgumentTypeError(msg)
    return codes


def _build(args: argparse.Namespace) -> int:
    """Build the maps, or write the files of an identical build kept on disk (same data, code and libraries)."""
    import time

    start = time.perf_counter()
    print(f"building maps into {args.out}/ ...", file=sys.stderr)
    key = answer_key(
        data_root(args.data), {"command": "build", "self_contained": args.self_contained, "lang": args.lang}
    )
    kept = kept_build(key) if key else None
    try:
        if kept is None:
            from .maps import build_maps

            paths = build_maps(
                args.out,
                data_dir=args.data,
                progress=_progress,
                self_contained=args.self_contained,
                lang=args.lang,
            )
            if key:
                keep_build(key, {p.relative_to(args.out).as_posix(): p.read_bytes() for p in paths})
        else:
            paths = write_files(args.out, kept, progress=_progress)
    except OSError as exc:
        print(f"corridormap: error: cannot write the maps into {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    maps = sum(p.suffix == ".html" for p in paths)
    took = time.perf_counter() - start
    again = " (unchanged data and code: the files of the last identical build)" if kept is not None else ""
    print(f"{maps} maps and their data in {took:.1f} s{again}: open {paths[0]}", file=sys.stderr)
    return 0


def _progress(path: Path) -> None:
    print(f"  wrote {path}", file=sys.stderr)


def _wrote(path: Path) -> None:
    print(f"  wrote {path} ({path.stat().st_size / 1024:,.0f} KiB)", file=sys.stderr)


def _export(args: argparse.Namespace) -> int:
    from .exports import export

    print(f"exporting {args.format} into {args.out}/ ...", file=sys.stderr)
    for path in export(args.out, format=args.format, corridor_id=args.corridor, data_dir=args.data):
        _wrote(path)
    return 0


def _figure(args: argparse.Namespace) -> int:
    from .figures import save_figures

    if args.dpi < 50 or args.dpi > 1200:
        print(f"corridormap: error: --dpi {args.dpi} is out of range — use 50 to 1200", file=sys.stderr)
        return 2
    print(f"drawing {args.size} {args.format} figures into {args.out}/ ...", file=sys.stderr)
    save_figures(
        args.out,
        corridor_id=args.corridor,
        format=args.format,
        size=args.size,
        dpi=args.dpi,
        data_dir=args.data,
        progress=_wrote,
    )
    return 0


def _analyze(args: argparse.Namespace) -> int:
    import time

    import pandas as pd

    from .analysis import Engine, analyze_file
    from .files import write_table

    if args.scheduler and args.engine == "local":
        msg = "--scheduler needs the dask engine: drop --engine local"
        raise ValueError(msg)
    engine: Engine = args.engine or ("dask" if args.scheduler else "local")
    start = time.perf_counter()
    result = analyze_file(
        args.file,
        layer=args.layer,
        id_column=args.id_column,
        engine=engine,
        scheduler=args.scheduler,
        npartitions=args.partitions,
        data_dir=args.data,
        progress=True,
    )
    for row in result.rejected.head(5).itertuples(index=False):
        print(f"{args.file}: row {row.row} ({row.line}): {row.problem}", file=sys.stderr)
    n_bad = len(result.rejected)
    if n_bad > 5:
        print(f"... and {n_bad - 5} more rows set aside: see rejected.{args.format}", file=sys.stderr)
    if result.lines.empty:
        print(f"corridormap: error: {args.file}: no line could be analysed — see the problems above", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    crossings = result.crossings
    table = pd.DataFrame(crossings.drop(columns="geometry"))
    table["lon"], table["lat"] = crossings.geometry.x.to_numpy(), crossings.geometry.y.to_numpy()
    tables = {"km_by_country": result.km, "crossings": table, "lines": result.lines, "rejected": result.rejected}
    written = [write_table(t, args.out / name, file_format=args.format) for name, t in tables.items()]
    print(
        f"{len(result.lines):,} lines analysed ({n_bad:,} set aside) in {time.perf_counter() - start:.1f} s "
        f"with the {engine} engine: wrote {', '.join(str(w) for w in written)}",
        file=sys.stderr,
    )
    return 0


def _table(compute: Callable[[argparse.Namespace], pd.DataFrame | Rows]) -> Callable[[argparse.Namespace], int]:
    """A command that computes a table and writes it in the chosen ``--format``, or prints the answer kept on disk.

    The same command on the same bytes (data, code, libraries) prints the same text: see
    :mod:`corridormap._answers`.
    """

    def run(args: argparse.Namespace) -> int:
        key = answer_key(data_root(args.data), {k: v for k, v in vars(args).items() if k not in ("run", "data")})
        text = cached_answer(key) if key else None
        if text is None:
            with contextlib.redirect_stdout(io.StringIO()) as out:
                write_frame(compute(args), args.format)
            text = out.getvalue()
            if key:
                keep_answer(key, text)
        sys.stdout.write(text)
        return 0

    return run


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 data problems, 2 usage errors, 3 a bug)."""
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except CorridorDataError as exc:
        first = exc.problems[0]
        more = f" (and {len(exc.problems) - 1} more: run `corridormap validate`)" if len(exc.problems) > 1 else ""
        print(f"corridormap: error: {first}{more}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into head or the like
        sys.stderr.close()
        return 0
    except (CorridorMapError, ValueError, OSError) as exc:
        print(f"corridormap: error: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, LookupError | ValueError) else 1
    except KeyboardInterrupt:
        print("corridormap: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("CORRIDORMAP_DEBUG"):
            raise
        print(f"corridormap: internal error: {exc!r} — rerun with CORRIDORMAP_DEBUG=1 and report it", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
