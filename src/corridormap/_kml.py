"""KML for Google Earth: each corridor styled as on the maps, points as labelled pins, licence in the document.

simplekml writes the styles GDAL's KML driver cannot (see :mod:`corridormap.exports`).
KML draws no dashes, so a line's status is in its name and description instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import shapely
import simplekml  # type: ignore[import-untyped]

from ._frames import named_rows
from .maps.style import STYLE

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd

__all__ = ["kml_color", "write_kml"]

_LINE_PX_TO_KML = 1.0  # KML widths are in pixels, like the maps' weights


def kml_color(hex_rgb: str, opacity: float) -> str:
    """KML's ``aabbggrr`` colour for ``#rrggbb`` and an opacity.

    Examples
    --------
    >>> kml_color("#e6550d", 0.5)
    '800d55e6'
    """
    r, g, b = hex_rgb[1:3], hex_rgb[3:5], hex_rgb[5:7]
    return f"{round(opacity * 255):02x}{b}{g}{r}".lower()


def _description(row: dict[Any, Any], skip: tuple[str, ...] = ("record", "geometry")) -> str:
    return "\n".join(f"{k}: {v}" for k, v in row.items() if k not in skip and v not in ("", None) and v == v)


def _line_style(color: str, accuracy: str, alignment: str) -> simplekml.Style:
    style = simplekml.Style()
    align = STYLE["alignment"][alignment]
    style.linestyle.color = kml_color(color, STYLE["accuracy"][accuracy]["opacity"] * align["fade"])
    style.linestyle.width = align["weight"] * _LINE_PX_TO_KML
    return style


def _point_style(group: str) -> simplekml.Style:
    spec = STYLE["points"][group]
    style = simplekml.Style()
    style.iconstyle.color = kml_color(spec.get("fill", "#ffffff"), 1.0)
    style.iconstyle.scale = 0.5 + spec.get("radius", 4) / 10
    style.iconstyle.icon.href = "http://maps.google.com/mapfiles/kml/shapes/shaded_dot.png"
    style.labelstyle.scale = 0.7
    return style


def _add_lines(folder: simplekml.Folder, frame: pd.DataFrame, styles: dict[tuple[str, str, str], Any]) -> None:
    for row in frame.to_dict(orient="records"):
        key = (row["color"], row["route_accuracy"], row["alignment"])
        if key not in styles:
            styles[key] = _line_style(*key)
        coords = [tuple(xy) for xy in shapely.get_coordinates(row["geometry"])]  # lon, lat: KML's order
        placemark = folder.newlinestring(name=row["id"], coords=coords)
        placemark.tessellate = 1
        placemark.style = styles[key]
        placemark.description = f"{row['name']}\nstatus: {row['status']}\n{_description(row)}"
        for field in ("id", "corridor", "mode", "km", "status"):
            if field in row:
                placemark.extendeddata.newdata(name=field, value=row[field])


def _add_points(folder: simplekml.Folder, frame: pd.DataFrame, group_of: dict[str, str]) -> None:
    styles: dict[str, simplekml.Style] = {}
    for row in frame.to_dict(orient="records"):
        group = group_of.get(row.get("kind", ""), "crossing")
        if group not in styles:
            styles[group] = _point_style(group)
        point = folder.newpoint(name=row.get("name") or row["id"], coords=[(row["geometry"].x, row["geometry"].y)])
        point.style = styles[group]
        point.description = _description(row)
        point.extendeddata.newdata(name="id", value=row["id"])


def write_kml(tables: dict[str, pd.DataFrame], path: Path) -> None:
    """Write the spatial tables as styled folders and the other tables into the document's description."""
    kml = simplekml.Kml(name="corridormap: Pakistan – Central Asia corridors")
    about = dict(zip(tables["about"]["key"], tables["about"]["value"], strict=True))
    dictionary = tables["data_dictionary"]
    kml.document.description = "\n\n".join(
        [
            f"{about['title']}\nData as of {about['data_date']}.\n{about['licence']}\n{about['attribution']}",
            f"Boundaries: {about['boundaries_disclaimer']}",
            "Sources:\n"
            + "\n".join(f"[{r.id}] {r.title}, {r.publisher}, {r.date}" for r in named_rows(tables["sources"])),
            "Data dictionary:\n"
            + "\n".join(
                f"{r.table}.{r.column} ({r.type}; {r.unit or '-'}): {r.meaning}" for r in named_rows(dictionary)
            ),
        ]
    )
    line_styles: dict[tuple[str, str, str], Any] = {}
    colors = dict(zip(tables["corridors"]["id"], tables["corridors"]["color"], strict=True))
    segments = tables["segments"].assign(color=tables["segments"]["corridor"].map(colors))
    for row in named_rows(tables["corridors"]):
        folder = kml.newfolder(name=f"{row.id}: {row.name}", description=f"{row.km:,.0f} km (main alignment)")
        _add_lines(folder, segments[segments["corridor"] == row.id], line_styles)
    if "links" in tables:  # roads and railways joining the corridors, drawn thinner than the corridors
        kinds = {"road": "road", "rail": "railway"}
        links = tables["links"].assign(alignment="alternative")
        links["color"] = [STYLE["kind"][kinds[mode]]["color"] for mode in links["mode"]]
        _add_lines(kml.newfolder(name="Network links (roads and railways joining the corridors)"), links, line_styles)
    _add_points(kml.newfolder(name="Border crossings (computed)"), tables["crossings"], {})
    group_of = {kind: group for group, spec in STYLE["points"].items() for kind in spec.get("kinds", ())}
    _add_points(kml.newfolder(name="Places"), tables["nodes"], group_of)
    kml.save(str(path))
