"""What every exported column means: the data dictionary's text, and the licence every export carries."""

from __future__ import annotations

from typing import Final

import geopandas as gpd
import pandas as pd

__all__ = ["COLUMNS", "LICENCE", "data_dictionary"]

#: Licence and attribution carried by every export.
LICENCE: Final = (
    "Route geometry, facts and computed lengths: compiled by the corridormap project from the cited sources "
    "(table 'sources'), code MIT-licensed; cite as 'corridormap, compiled from public sources'. "
    "Country boundaries: Natural Earth, public domain."
)

#: Meaning and unit of every exported column, by table: the data dictionary's source.
#: A column listed under ``"*"`` means the same in every table that has it.
COLUMNS: Final[dict[str, dict[str, tuple[str, str]]]] = {
    "*": {
        "id": ("", "identifier, stable across releases"),
        "corridor": ("", "corridor id (e.g. TAPI, CASA-1000)"),
        "name": ("", "name in English"),
        "kind": ("", "what it is (vocabulary in the data dictionary of corridormap's schemas)"),
        "status": ("", "status in Global Energy Monitor's vocabulary: proposed, construction, operating, ..."),
        "countries": ("ISO 3166-1 alpha-3", "countries it runs through, in order, separated by '; '"),
        "note": ("", "remarks on the route or the place"),
        "sources": ("", "ids of the sources cited, separated by '; ' (see table 'sources')"),
        "record": ("JSON", "the full record as stored in corridormap's data, every field and every source"),
        "geometry": ("WGS84 lon/lat (EPSG:4326)", "the line or point"),
    },
    "segments": {
        "id": ("", "segment id"),
        "alignment": ("", "main (the best-supported route) or alternative"),
        "route_accuracy": ("", "how closely the digitised line follows the real route: high, medium, low, schematic"),
        "start": ("", "node id where the segment starts (table 'nodes')"),
        "end": ("", "node id where the segment ends (table 'nodes')"),
        "waypoints": ("", "node ids the line passes within 5 km of, separated by '; '"),
        "km": ("km", "length of the digitised line on the WGS84 ellipsoid (geodesic)"),
        "reported_km": ("km", "length a source reports for this segment"),
        "reported_scope": ("", "what stretch the reported length covers"),
        "reported_sources": ("", "ids of the sources of the reported length"),
        "capacity": ("", "reported capacity with its unit, '; ' between figures"),
        "cost": ("US$", "reported cost and its scope, '; ' between figures"),
        "milestones": ("", "dated events 'YYYY-MM-DD: event', '; ' between them"),
        "status_history": ("", "statuses entered and when, oldest first: 'proposed 2010; construction 2015-12-13'"),
        "gauge_mm": ("mm", "railways: track gauge"),
    },
    "corridors": {
        "id": ("", "corridor id"),
        "color": ("#rrggbb", "the corridor's colour on corridormap's maps and figures (a shade of its kind's colour)"),
        "description": ("", "what the corridor is, in a paragraph"),
        "km": ("km", "length of the main alignment on the WGS84 ellipsoid (geodesic)"),
        "km_by_country": ("km", "km of the main alignment in each country, in route order ('sea', 'gap': none)"),
        "reported_km": ("km", "the headline reported length (the first in the data)"),
        "reported_scope": ("", "what stretch the headline reported length covers"),
        "reported_lengths": ("km", "every reported length with its scope and source ids, '; ' between them"),
        "length_note": ("", "why the digitised and reported lengths differ, where they do"),
        "capacity": ("", "reported capacity with its unit, '; ' between figures"),
        "cost": ("US$", "reported cost and its scope, '; ' between figures"),
        "milestones": ("", "dated events 'YYYY-MM-DD: event', '; ' between them"),
        "geometry": ("WGS84 lon/lat (EPSG:4326)", "the main alignment's segments"),
    },
    "country_km": {
        "iso3": ("ISO 3166-1 alpha-3", "country ('sea': in no country; 'gap': land between countries, in none)"),
        "country": ("", "country name (Natural Earth)"),
        "order": ("", "1 for the first country along the route, 2 for the next, ..."),
        "km": ("km", "km of the corridor's main alignment in the country, on the WGS84 ellipsoid"),
        "share_pct": ("%", "share of the main alignment's length"),
    },
    "crossings": {
        "from_iso3": ("ISO 3166-1 alpha-3", "country the route leaves"),
        "to_iso3": ("ISO 3166-1 alpha-3", "country the route enters"),
        "km_from_start": ("km", "distance along the line (column line) from its start"),
        "raw_crossings": ("", "border intersections merged into this crossing (a meandering river border)"),
        "via": ("", "countries passed between raw crossings merged into this one"),
        "segment": ("", "segment id where the crossing lies"),
        "line": ("", "the connected line km_from_start counts along, named by its start and end"),
        "nearest_crossing": ("", "node id of the nearest named border crossing"),
        "nearest_crossing_km": ("km", "distance to that border crossing (geodesic)"),
        "geometry": ("WGS84 lon/lat (EPSG:4326)", "where the line crosses the border (computed)"),
    },
    "nodes": {
        "kind": ("", "port, border_crossing, substation, converter_station, gas_field, station, city, pass, ..."),
        "country": ("ISO 3166-1 alpha-3", "country it lies in"),
        "neighbour": ("ISO 3166-1 alpha-3", "border crossings: the country on the other side"),
        "aliases": ("", "other names of the place, separated by '; '"),
        "names": ("", "the name in Urdu (ur) and Russian (ru) with its source; 'English' where no source gives one"),
        "border": (
            "hours; US$",
            "border crossings: time and cost to clear each side, by country, direction, mode, year",
        ),
        "closures": ("", "seasonal, weekly or recorded closures: 'period: note', '; ' between them"),
    },
    "links": {
        "id": ("", "link id (a road or railway of the transport network joining the corridors)"),
        "mode": ("", "road or rail"),
        "route_accuracy": ("", "how closely the digitised line follows the real route: high, medium, low, schematic"),
        "start": ("", "node id where the link starts (table 'nodes')"),
        "end": ("", "node id where the link ends (table 'nodes')"),
        "waypoints": ("", "node ids the line passes near, separated by '; '"),
        "gauge_mm": ("mm", "railways: track gauge"),
        "km": ("km", "length of the digitised line on the WGS84 ellipsoid (geodesic)"),
        "reported_km": ("km", "length a source reports for this link"),
        "reported_scope": ("", "what stretch the reported length covers"),
        "reported_sources": ("", "ids of the sources of the reported length"),
    },
    "sources": {
        "id": ("", "source id, as cited in the other tables' 'sources' columns"),
        "title": ("", "title of the document or page"),
        "publisher": ("", "who published it"),
        "date": ("ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD)", "publication date at the precision known"),
        "url": ("", "where to read it"),
        "note": ("", "what corridormap takes from it"),
    },
    "data_dictionary": {
        "table": ("", "table (layer, sheet or file) the column belongs to"),
        "column": ("", "column name"),
        "type": ("", "text, integer, number, boolean or geometry type"),
        "unit": ("", "unit or format of the values"),
        "meaning": ("", "what the values mean"),
    },
    "about": {
        "key": ("", "what the value is"),
        "value": ("", "the value"),
    },
}


def data_dictionary(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The data dictionary of ``tables``: one row per column with its type, unit and meaning (from :data:`COLUMNS`)."""
    rows = []
    for table, frame in tables.items():
        for column in frame.columns:
            unit, meaning = COLUMNS[table].get(column) or COLUMNS["*"][column]
            rows.append({"table": table, "column": column, "type": _type_name(frame, column), "unit": unit})
            rows[-1]["meaning"] = meaning
    return pd.DataFrame(rows)


def _type_name(frame: pd.DataFrame, column: str) -> str:
    if isinstance(frame, gpd.GeoDataFrame) and column == frame.geometry.name:
        types = sorted(set(frame.geometry.geom_type))
        return " or ".join(types) if types else "geometry"
    dtype = frame[column].dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(dtype):
        return "integer"
    if pd.api.types.is_float_dtype(dtype):
        return "number"
    return "text"
