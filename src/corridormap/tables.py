"""The data as flat tables, ready for any GIS or spreadsheet: what every export writes.

:func:`export_tables` turns the public API's results into plain tables: lists and
objects become readable text columns (``"2015-12-13: Groundbreaking ...; 2018-02-23: ..."``)
and each record is also kept whole as a JSON column, ``record``. Every table is
described, column by column, in the ``data_dictionary`` table (type, unit, meaning), and
the ``about`` table carries the licence, the attribution and the data date.

Examples
--------
>>> import corridormap as cm
>>> from corridormap.tables import export_tables
>>> tables = export_tables()
>>> list(tables)[:5], list(tables)[-3:]
(['segments', 'corridors', 'country_km', 'crossings', 'nodes'], ['sources', 'data_dictionary', 'about'])
>>> bool(tables["segments"]["km"].sum() > 10_000)
True
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

import geopandas as gpd
import pandas as pd
import shapely

from . import __version__
from . import formatting as fmt
from ._columns import COLUMNS, LICENCE, data_dictionary
from ._frames import named_rows
from .chaining import route_length
from .crossings import crossings
from .data import (
    boundaries,
    corridor_facts,
    corridor_ids,
    corridors,
    default_data_dir,
    nodes,
    resolve_corridor_id,
    sources,
)
from .errors import CorridorDataError
from .geodesy import geodesic_length_km
from .maps.style import corridor_colors

__all__ = ["COLUMNS", "LICENCE", "TABLES", "boundary_provenance", "data_date", "export_tables", "segments_table"]

#: The tables every export holds, in order.
TABLES: Final = (
    "segments", "corridors", "country_km", "crossings", "nodes", "links", "sources", "data_dictionary", "about"
)  # fmt: skip


def data_date(*, data_dir: str | Path | None = None) -> str:
    """The data's date: the newest date among the cited sources.

    Examples
    --------
    >>> len(data_date()) >= 4
    True
    """
    return str(max(s["date"] for s in sources(data_dir=data_dir).values()))


def boundary_provenance(*, data_dir: str | Path | None = None) -> dict[str, Any]:
    """The boundaries' provenance: source, version, licence and point of view (the disclaimer).

    Examples
    --------
    >>> "endorsement" in boundary_provenance()["point_of_view"]
    True
    """
    root = Path(data_dir) if data_dir is not None else default_data_dir()
    path = root / "boundaries" / "provenance.json"
    try:
        prov: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        missing = [k for k in ("source", "version", "licence", "point_of_view") if k not in prov]
        if missing:
            raise KeyError(", ".join(missing))
    except FileNotFoundError:
        problem = "file not found — add the boundaries' provenance (see scripts/build_boundaries.py)"
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        problem = f"unreadable: {exc} — fix the JSON"
    except (KeyError, TypeError) as exc:
        problem = f"missing {exc} — give source, version, licence and point_of_view"
    else:
        return prov
    raise CorridorDataError([f"{path}: {problem}"])


# ----------------------------------------------------------------- readable text


def _joined(values: Any) -> str:
    """A list as '; '-separated text; a missing value (None, NaN) as ''."""
    if isinstance(values, list):
        return "; ".join(map(str, values))
    return "" if values is None or values != values else str(values)


def _costs(items: list[dict[str, Any]]) -> str:
    return "; ".join(f"{fmt.usd(float(c['usd']))} ({c['scope']})" for c in items)


def _border_figures(items: Any) -> str:
    if not isinstance(items, list):
        return ""
    return "; ".join(
        f"{b['country']} {b['direction']} by {b['mode']}: {b['hours']} h"
        + ("" if b.get("usd") is None else f", {fmt.usd(float(b['usd']))}")
        + f" ({b['year']})"
        for b in items
    )


def _closures(items: Any) -> str:
    return "; ".join(f"{c['period']}: {c['note']}" for c in items) if isinstance(items, list) else ""


def _local_names(names: Any) -> str:
    """'ur: گوادر (source); ru: Гвадар (source)', 'English' for a language with no sourced name."""
    if not isinstance(names, dict):
        return ""
    return "; ".join(
        f"{lang}: {e['text']} ({e['source']})" if "text" in e else f"{lang}: English" for lang, e in names.items()
    )


def _milestones(items: list[dict[str, Any]]) -> str:
    return "; ".join(f"{m['date']}: {m['event']}" for m in items)


def _status_history(items: Any) -> str:
    """'proposed 2010; construction 2015-12-13', an unknown date as 'date unknown' (with 'by' its milestone)."""
    said = [(e["status"], e["date"] or ("date unknown" + (f", by {e['by']}" if e.get("by") else ""))) for e in items]
    return "; ".join(f"{status} {date}" for status, date in said) if isinstance(items, list) else ""


def _reported(items: list[dict[str, Any]]) -> str:
    return "; ".join(f"{r['km']:g} km ({r['scope']}) [{', '.join(r['sources'])}]" for r in items)


def _record(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _cited(value: Any) -> set[str]:
    """Every source id cited anywhere inside a record."""
    if isinstance(value, dict):
        found = set(value["sources"]) if isinstance(value.get("sources"), list) else set()
        return found.union(*(_cited(v) for k, v in value.items() if k != "sources"))
    if isinstance(value, list):
        return set().union(*(_cited(v) for v in value))
    return set()


def _plain(value: Any) -> Any:
    """A pandas/numpy value as plain JSON (NaN to None)."""
    if hasattr(value, "item"):
        value = value.item()
    return None if isinstance(value, float) and value != value else value


# ------------------------------------------------------------------- the tables


def _segments(segs: gpd.GeoDataFrame, seg_km: dict[str, float]) -> gpd.GeoDataFrame:
    rows = []
    for row in segs.drop(columns="geometry").to_dict(orient="records"):
        reported = row["reported_length"] or {}
        rows.append(
            {
                "id": row["id"],
                "corridor": row["corridor"],
                "name": row["name"],
                "kind": row["kind"],
                "status": row["status"],
                "alignment": row["alignment"],
                "route_accuracy": row["route_accuracy"],
                "countries": _joined(row["countries"]),
                "start": row["start"],
                "end": row["end"],
                "waypoints": _joined(row["waypoints"]),
                "km": seg_km[row["id"]],
                "reported_km": reported.get("km"),
                "reported_scope": reported.get("scope", ""),
                "reported_sources": _joined(reported.get("sources", [])),
                "capacity": fmt.quantities(row["capacity"]),
                "cost": _costs(row["cost"]),
                "milestones": _milestones(row["milestones"]),
                "status_history": _status_history(row.get("status_history")),
                "gauge_mm": row.get("gauge_mm"),
                "note": row["note"] or "",
                "sources": _joined(row["sources"]),
                "record": _record({str(k): _plain(v) for k, v in row.items() if k != "reported_km"}),
            }
        )
    return gpd.GeoDataFrame(rows, geometry=list(segs.geometry), crs="EPSG:4326")


def _corridor_row(facts: dict[str, Any], by_country: pd.Series, color: str) -> dict[str, Any]:
    headline = facts["reported_lengths"][0] if facts["reported_lengths"] else {}
    return {
        "id": facts["id"],
        "name": facts["name"],
        "kind": facts["kind"],
        "color": color,
        "status": facts["status"],
        "countries": _joined(facts["countries"]),
        "description": facts["description"],
        "km": float(by_country.sum()),
        "km_by_country": "; ".join(f"{iso3} {km:.1f}" for iso3, km in by_country.items()),
        "reported_km": headline.get("km"),
        "reported_scope": headline.get("scope", ""),
        "reported_lengths": _reported(facts["reported_lengths"]),
        "length_note": facts.get("length_note", ""),
        "capacity": fmt.quantities(facts["capacity"]),
        "cost": _costs(facts["cost"]),
        "milestones": _milestones(facts["milestones"]),
        "sources": _joined(facts["sources"]),
        "record": _record(facts),
    }


def _links_table(data_dir: str | Path | None) -> gpd.GeoDataFrame | None:
    """The transport network's links (roads and railways joining the corridors), or None if the data has none."""
    root = Path(data_dir) if data_dir is not None else default_data_dir()
    path = root / "network" / "links.geojson"
    if not path.exists():
        return None
    from .transport_network import network_lines  # networkx: only when there is a network

    lines = network_lines(data_dir=data_dir)  # validates the network files
    links = lines[lines["origin"] == "link"]
    stored = {f["id"]: f["properties"] for f in json.loads(path.read_text(encoding="utf-8"))["features"]}
    rows = []
    for link_id, geom in zip(links["id"], links.geometry, strict=True):
        props = stored[link_id]
        reported = props.get("reported_length") or {}
        rows.append(
            {
                "id": link_id,
                **{k: props[k] for k in ("name", "mode", "status", "route_accuracy")},
                "countries": _joined(props["countries"]),
                "start": props["start"],
                "end": props["end"],
                "waypoints": _joined(props.get("waypoints", [])),
                "gauge_mm": props.get("gauge_mm"),
                "km": geodesic_length_km(shapely.get_coordinates(geom)),
                "reported_km": reported.get("km"),
                "reported_scope": reported.get("scope", ""),
                "reported_sources": _joined(reported.get("sources", [])),
                "note": props.get("note") or "",
                "sources": _joined(props["sources"]),
                "record": _record({"id": link_id, **props}),
            }
        )
    return gpd.GeoDataFrame(rows, geometry=list(links.geometry.to_numpy()), crs="EPSG:4326")


def _crossings_table(frames: list[gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    x = pd.concat(frames, ignore_index=True)
    table = gpd.GeoDataFrame(x.drop(columns="geometry"), geometry=x.geometry.to_numpy(), crs="EPSG:4326")
    numbers = table.groupby("corridor").cumcount() + 1
    table.insert(0, "id", [f"{c.lower()}-x{n}" for c, n in zip(table["corridor"], numbers)])
    return table


#: How the nodes' list columns read; any other list is joined with '; '.
_NODE_TEXT: Final = {"border": _border_figures, "closures": _closures, "names": _local_names}


def _nodes_table(all_nodes: gpd.GeoDataFrame, segs: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame:
    """The nodes, all of them or those ``segs`` use, with readable columns and the record."""
    if segs is not None:
        used = {n for s in named_rows(segs) for n in (s.start, s.end, *s.waypoints)}
        all_nodes = all_nodes[all_nodes["id"].isin(used)]
    records = [
        _record({str(k): _plain(v) for k, v in r.items() if k != "geometry"}) for r in all_nodes.to_dict("records")
    ]
    readable = {
        column: all_nodes[column].map(lambda v, c=column: _NODE_TEXT.get(c, _joined)(v))
        for column in all_nodes.columns
        if column != "geometry" and all_nodes[column].dtype == object
    }
    return all_nodes.assign(**readable, record=records).reset_index(drop=True)


def _sources_table(registry: dict[str, dict[str, Any]], cited: set[str] | None) -> pd.DataFrame:
    """The source registry as a table: every source, or those ``cited``."""
    fields = ("title", "publisher", "date", "url", "note")
    rows = [
        {"id": sid, **{k: src.get(k, "") for k in fields}}
        for sid, src in sorted(registry.items())
        if cited is None or sid in cited
    ]
    return pd.DataFrame(rows, columns=["id", *fields])


def segments_table(*, corridor_id: str | None = None, data_dir: str | Path | None = None) -> gpd.GeoDataFrame:
    """The ``segments`` table of :func:`export_tables` alone: every corridor's segments, or one corridor's.

    Examples
    --------
    >>> table = segments_table(corridor_id="tapi")
    >>> list(table["id"]), round(table["km"].sum())
    (['tapi-tkm', 'tapi-afg-herat', 'tapi-afg-south', 'tapi-pak'], 1771)
    """
    ids = corridor_ids(data_dir=data_dir)
    if corridor_id is not None:
        ids = [resolve_corridor_id(corridor_id, data_dir=data_dir)]
    segs = corridors(data_dir=data_dir)
    seg_km = {
        str(sid): float(km)
        for cid in ids
        for sid, km in route_length(cid, by="segment", include_alternatives=True, data_dir=data_dir).items()
    }
    return _segments(segs[segs["corridor"].isin(ids)], seg_km)


def export_tables(*, corridor_id: str | None = None, data_dir: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """Every table an export writes, in order: spatial ones as GeoDataFrames in EPSG:4326.

    Parameters
    ----------
    corridor_id
        None for every corridor; else one corridor (id or alias) and the nodes and
        sources it uses.
    data_dir
        Data folder; default the project's ``geodata/``.

    Returns
    -------
    dict of str to DataFrame
        ``segments`` (one LineString per segment, alternatives included), ``corridors``
        (one row per corridor, the main alignment as a MultiLineString), ``country_km``,
        ``crossings`` (Points), ``nodes`` (Points), ``sources``, ``data_dictionary``
        (every column of every table: type, unit, meaning) and ``about`` (licence,
        attribution, data date, boundaries' disclaimer).

    Examples
    --------
    >>> t = export_tables(corridor_id="tapi")
    >>> sorted(set(t["segments"]["corridor"])), list(t["country_km"]["iso3"])
    (['TAPI'], ['TKM', 'AFG', 'PAK', 'IND'])
    """
    ids = corridor_ids(data_dir=data_dir)
    colors = corridor_colors({cid: corridor_facts(cid, data_dir=data_dir)["kind"] for cid in ids})
    if corridor_id is not None:
        ids = [resolve_corridor_id(corridor_id, data_dir=data_dir)]
    all_segments = corridors(data_dir=data_dir)
    segs = all_segments[all_segments["corridor"].isin(ids)]
    outside = {"none": "no country", "sea": "sea", "gap": "land in no country"}
    names = dict(boundaries(display=True, data_dir=data_dir)["name"]) | outside
    corridor_rows, corridor_geoms, km_rows, crossing_frames = [], [], [], []
    for cid in ids:
        by_country = route_length(cid, by="country", data_dir=data_dir)
        corridor_rows.append(_corridor_row(corridor_facts(cid, data_dir=data_dir), by_country, colors[cid]))
        main = segs[(segs["corridor"] == cid) & (segs["alignment"] == "main")]
        corridor_geoms.append(shapely.MultiLineString(list(main.geometry.to_numpy())))
        total = float(by_country.sum())
        for order, (iso3, km) in enumerate(by_country.items(), start=1):
            row = {"corridor": cid, "iso3": iso3, "country": names.get(iso3, iso3), "order": order, "km": km}
            km_rows.append(row | {"share_pct": 100 * km / total})
        x = crossings(cid, include_alternatives=True, data_dir=data_dir)
        x.insert(0, "corridor", cid)
        crossing_frames.append(x)
    tables: dict[str, pd.DataFrame] = {
        "segments": segments_table(corridor_id=corridor_id, data_dir=data_dir),
        "corridors": gpd.GeoDataFrame(corridor_rows, geometry=corridor_geoms, crs="EPSG:4326"),
        "country_km": pd.DataFrame(km_rows),
        "crossings": _crossings_table(crossing_frames),
        "nodes": _nodes_table(nodes(data_dir=data_dir), segs if corridor_id is not None else None),
    }
    links = None if corridor_id is not None else _links_table(data_dir)
    if links is not None:
        tables["links"] = links
    records = [json.loads(r) for name in ("segments", "corridors", "nodes") for r in tables[name]["record"]]
    tables["sources"] = _sources_table(sources(data_dir=data_dir), _cited(records) if corridor_id else None)
    prov = boundary_provenance(data_dir=data_dir)
    about = {
        "title": "corridormap: energy and transport corridors linking Pakistan with Central Asia",
        "licence": LICENCE,
        "attribution": f"Boundaries: {prov['source']} v{prov['version']}; licence: {prov['licence']}. "
        f"Route data: corridormap, compiled from {len(tables['sources'])} cited sources (table 'sources').",
        "boundaries_disclaimer": prov["point_of_view"],
        "data_date": data_date(data_dir=data_dir),
        "generated_by": f"corridormap {__version__}",
        "lengths": "Geodesic on the WGS84 ellipsoid (pyproj.Geod, Karney); routes are digitised from public "
        "descriptions, not surveyed: see route_accuracy.",
        "coordinates": "WGS84 longitude, latitude (EPSG:4326)",
    }
    tables["about"] = pd.DataFrame({"key": list(about), "value": list(about.values())})
    tables["data_dictionary"] = pd.DataFrame(columns=list(COLUMNS["data_dictionary"]), dtype=str)
    tables["data_dictionary"] = data_dictionary(tables)  # describes itself too
    return {name: tables[name] for name in TABLES if name in tables}
