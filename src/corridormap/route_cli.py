"""The ``corridormap route`` command: journeys between two places, as a table, CSV, JSON or GeoJSON.

Examples
--------
>>> import argparse
>>> parser = argparse.ArgumentParser(prog="corridormap")
>>> add_route_parser(parser.add_subparsers(dest="command"), parents=[])  # doctest: +ELLIPSIS
ArgumentParser(prog='corridormap route', ...)
"""

from __future__ import annotations

import json
import re
import sys
from typing import TYPE_CHECKING, Any, cast

from . import formatting as fmt

if TYPE_CHECKING:
    import argparse

__all__ = ["FORMATS", "add_route_parser", "run_route"]

FORMATS = ("table", "csv", "json", "geojson")


def add_route_parser(sub: Any, *, parents: list[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Add the ``route`` subcommand to a subparsers object and return its parser."""
    p: argparse.ArgumentParser = sub.add_parser(
        "route",
        parents=parents,
        help="the best journeys between two places: km, hours, US$ and borders",
        description="Journeys on the transport network (corridors and links). Places are node ids, names or "
        "aliases, any case: 'Tashkent', 'port qasim', 'torkham'.",
    )
    p.add_argument("origin", metavar="ORIGIN")
    p.add_argument("destination", metavar="DESTINATION")
    p.add_argument("--optimize", choices=("time", "distance", "cost"), default="time", help="what to minimise")
    p.add_argument("--alternatives", type=int, default=1, metavar="K", help="show the K best distinct journeys")
    p.add_argument("--exclude-proposed", action="store_true", help="today's network: operating lines only")
    p.add_argument("--mode", choices=("road", "rail"), action="append", help="keep one mode (repeat for both)")
    p.add_argument("--via", action="append", metavar="PLACE", help="pass this place (repeat, in order)")
    p.add_argument("--avoid", action="append", metavar="PLACE", help="avoid a place or link id (repeat)")
    p.add_argument(
        "--distinct",
        choices=("entry", "borders", "lines"),
        default="entry",
        help="alternatives enter the destination's country through different borders (default), cross"
        " different sequences of borders, or differ in any line",
    )
    p.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    return p


def _short(name: str) -> str:
    """A place's name without its bracketed detail: 'Karachi (Port of Karachi)' -> 'Karachi'."""
    return re.sub(r"\s*\(.*?\)", "", name).removesuffix(" border crossing")


def _borders(route: Any) -> str:
    x = route.crossings
    return "; ".join(f"{_short(name)} {fmt.hours(h)}" for name, h in zip(x["name"], x["hours"])) or "none"


def _path(r: Any) -> str:
    """The places passed, by name, grouped by mode: 'by road: A, B, C; by rail: D, E'."""
    groups: list[tuple[str, list[str]]] = []
    for leg in r.legs.itertuples():
        how = leg.mode if leg.status == "operating" else f"{leg.mode} ({leg.status})"
        if not groups or groups[-1][0] != how:
            groups.append((how, []))
        groups[-1][1].append(_short(r.names.get(leg.to_node, leg.to_node)))
    return f"{_short(r.names.get(r.origin, r.origin))} " + "; ".join(f"by {m}: {', '.join(p)}" for m, p in groups)


def _figures(found: list[Any]) -> list[str]:
    """Each border paid in the journeys shown: its figures, years and the data's note on them."""
    lines, seen = [], set()
    for r in found:
        for x in r.crossings.itertuples():
            if (x.node, x.mode, x.from_iso3) in seen:
                continue
            seen.add((x.node, x.mode, x.from_iso3))
            lines.append(f"  {_short(x.name)} ({x.from_iso3} → {x.to_iso3}, {x.mode}): {x.note}")
            if x.detail:
                lines.append(f"      {x.detail}")
            if x.closures:
                lines.append(f"      closed (not costed): {x.closures}")
    return lines


def _table(found: list[Any], args: argparse.Namespace, taken: list[str]) -> str:
    import pandas as pd

    first = found[0]
    scope = "operating lines only" if args.exclude_proposed else "proposed lines included"
    ends = f"{first.names.get(first.origin, first.origin)} → {first.names.get(first.destination, first.destination)}"
    lines = [*taken, f"{ends}, best by {args.optimize}, {scope}:"]
    rows = [
        {
            "#": n,
            "km": fmt.decimal(r.km, 0),
            "hours": fmt.decimal(r.hours, 1),
            "US$": fmt.decimal(r.usd, 0),
            "modes": "+".join(r.modes),
            "borders (clearance hours)": _borders(r),
        }
        for n, r in enumerate(found, start=1)
    ]
    lines.append(pd.DataFrame(rows).to_string(index=False))
    lines += [f"{n}: {_path(r)}" for n, r in enumerate(found, start=1)]
    if len(found) < args.alternatives:
        kind = {"entry": "entering through different borders", "borders": "through different borders"}.get(
            args.distinct, "distinct"
        )
        lines.append(f"(only {len(found)} journey{'s' if len(found) != 1 else ''} {kind} on this network)")
    figures = _figures(found)
    if figures:
        lines += ["Border figures used (CAREC CPMM; outbound side + inbound side; sources: --format json):", *figures]
    lines.append(
        "km geodesic; hours and US$ for one 20 t load, from network/params.json and the border figures of each node."
        " Left out: seasonal queues, security, tariffs."
    )
    return "\n".join(lines)


def _legs(r: Any) -> list[dict[str, Any]]:
    """The legs as plain records, floats exact (pandas' to_json rounds them)."""
    import pandas as pd

    frame = pd.DataFrame(r.legs.drop(columns="geometry"))
    rows = cast("list[dict[str, Any]]", frame.to_dict(orient="records"))
    return [{k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()} for row in rows]


def _records(found: list[Any]) -> list[dict[str, Any]]:
    return [{"rank": n, **r.summary(), "legs": _legs(r)} for n, r in enumerate(found, start=1)]


def _geojson(found: list[Any]) -> dict[str, Any]:
    import shapely

    features = [
        {"type": "Feature", "properties": {"rank": n, **leg}, "geometry": shapely.geometry.mapping(geom)}
        for n, r in enumerate(found, start=1)
        for leg, geom in zip(_legs(r), r.legs.geometry, strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}


def run_route(args: argparse.Namespace) -> int:
    """Run ``corridormap route`` with parsed arguments; print the result; return 0."""
    import pandas as pd

    from .places import match_place
    from .routing import route_alternatives

    if args.alternatives < 1:
        msg = f"--alternatives {args.alternatives}: ask for at least one journey"
        raise ValueError(msg)
    found = route_alternatives(
        args.origin,
        args.destination,
        k=args.alternatives,
        optimize=args.optimize,
        modes=tuple(args.mode or ("road", "rail")),
        include_proposed=not args.exclude_proposed,
        avoid=args.avoid,
        distinct=args.distinct,
        data_dir=args.data,
    ) if not args.via else [_via(args)]  # fmt: skip
    if args.format == "table":
        taken = []
        for typed in (args.origin, args.destination, *(args.via or [])):
            node, exact = match_place(typed, data_dir=args.data)
            if not exact:
                taken.append(f"(took {typed!r} as {found[0].names.get(node, node)})")
        print(_table(found, args, taken))
    elif args.format == "csv":
        table = pd.DataFrame([{"rank": n, **r.summary()} for n, r in enumerate(found, start=1)])
        table.to_csv(sys.stdout, index=False, float_format=lambda v: repr(float(v)), lineterminator="\n")
    elif args.format == "json":
        print(json.dumps(_records(found), indent=2, ensure_ascii=False))
    else:
        print(json.dumps(_geojson(found), ensure_ascii=False))
    return 0


def _via(args: argparse.Namespace) -> Any:
    from .routing import route

    if args.alternatives != 1:
        msg = "--via and --alternatives cannot be combined — drop one"
        raise ValueError(msg)
    return route(
        args.origin,
        args.destination,
        optimize=args.optimize,
        modes=tuple(args.mode or ("road", "rail")),
        include_proposed=not args.exclude_proposed,
        via=args.via,
        avoid=args.avoid,
        data_dir=args.data,
    )
