"""The map layers: corridors (styled from :data:`~corridormap.maps.style.STYLE`), points, countries."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import folium
import numpy as np
import shapely
from folium import plugins
from folium.elements import JSCSSMixin
from folium.template import Template

from .._frames import named_rows
from .assets import HtmlPopup
from .detail import ALPHABET, near_detail, packed_arcs
from .i18n import arrow, layer_name, place_name, t
from .popups import along, esc, nearest_post
from .style import COUNTRY_EDGE, DECIMALS, FILL_OPACITY, POINTS_PANE, STYLE, line_style, point_style

if TYPE_CHECKING:
    from collections.abc import Iterable

    import geopandas as gpd

    from .inputs import Corridor, Inputs

__all__ = ["corridor_layer", "countries_layer", "crossing_rows", "node_layers", "points_layer", "round_coords"]


def round_coords(coords: np.ndarray) -> Any:
    """Coordinates rounded to :data:`DECIMALS` places (about a metre), as nested lists."""
    return np.round(coords, DECIMALS).tolist()


class _OffsetGeoJson(JSCSSMixin, folium.GeoJson):
    """GeoJson whose lines take an ``offset`` style, in pixels.

    It loads Leaflet.PolylineOffset, the plugin behind folium's PolyLineOffset, which gives
    every Leaflet polyline an ``offset`` option.
    """

    default_js = plugins.PolyLineOffset.default_js


class _PackedTopoJson(folium.TopoJson):
    """folium's TopoJson with its arcs packed (:func:`~corridormap.maps.detail.packed_arcs`), unpacked in the page.

    The page turns each arc's string back into the delta-encoded pairs before ``topojson.feature``
    reads them: the same integers, so the same countries, in about 5 KB fewer gzip bytes per map.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }}_data = {{ this.data|tojson }};\n"
        "{{ this.get_name() }}_data.arcs = {{ this.get_name() }}_data.arcs.map((text) => {\n"
        f"  const code = '{ALPHABET}', numbers = [], arc = [];\n"
        "  let value = 0, shift = 0;\n"
        "  for (const c of text) {\n"
        "    const bits = code.indexOf(c);\n"
        "    value += (bits & 31) * 2 ** shift;\n"
        "    if (bits & 32) { shift += 5; continue; }\n"
        "    numbers.push(value % 2 ? -(value - 1) / 2 - 1 : value / 2);\n"
        "    value = 0; shift = 0;\n"
        "  }\n"
        "  for (let i = 0; i < numbers.length; i += 2) arc.push([numbers[i], numbers[i + 1]]);\n"
        "  return arc;\n"
        "});\n"
        "var {{ this.get_name() }} = L.geoJson(\n"
        "  topojson.feature({{ this.get_name() }}_data, {{ this.get_name() }}_data{{ this._safe_object_path }})\n"
        ").addTo({{ this._parent.get_name() }});\n"
        "{{ this.get_name() }}.setStyle(function(feature) { return feature.properties.style; });\n"
        "{% endmacro %}"
    )

    def render(self, **kwargs: object) -> str:
        """Render with the arcs packed (once: a page rendered again keeps them packed)."""
        if not all(isinstance(arc, str) for arc in self.data["arcs"]):
            self.data = self.data | {"arcs": packed_arcs(self.data["arcs"])}
        super().render(**kwargs)  # type: ignore[no-untyped-call]
        return ""  # MacroElement renders into the figure, not into its return value


def corridor_layer(c: Corridor, *, offsets: dict[str, float], link: bool) -> folium.FeatureGroup:
    """The corridor's segments, styled from :data:`STYLE`, with one tooltip and one popup for them all.

    ``offsets`` moves segments sideways (pixels, by id); ``link`` adds a link to the corridor's map.
    """
    styles = {
        row.id: line_style(row._asdict(), c.id, c.color) | ({"offset": offsets[row.id]} if row.id in offsets else {})
        for row in named_rows(c.segments)
    }
    features = [
        {
            "type": "Feature",
            "id": row.id,
            "properties": {},
            "geometry": {"type": "LineString", "coordinates": round_coords(shapely.get_coordinates(row.geometry))},
        }
        for row in named_rows(c.segments)
    ]
    swatch = f"<span class=cm-sw style='background:{c.color}'></span>"
    kind = t(f"kind.{c.facts['kind']}")
    group = folium.FeatureGroup(name=f"{swatch}{esc(c.id)} · {esc(kind)}")
    _OffsetGeoJson(
        {"type": "FeatureCollection", "features": features},
        style_function=lambda f: styles[f["id"]],
        highlight_function=lambda f: {"weight": styles[f["id"]]["weight"] + 3},
        tooltip=folium.Tooltip(f"<b>{esc(c.facts['name'])}</b><br>{c.headline} {esc(t('popup.computed'))}"),
        # Width, height and pan margins come from the page's layout script (they depend on the screen).
        popup=HtmlPopup(  # type: ignore[arg-type]  # folium's hint is narrower than what GeoJson takes
            c.popup + (f"<p><a href={c.file_name}>{esc(t('popup.map_of_corridor'))}</a></p>" if link else ""),
            max_width=None,  # type: ignore[arg-type]
        ),
    ).add_to(group)
    return group


def points_layer(group: str, rows: list[tuple[str, list[float], str]]) -> folium.FeatureGroup:
    """A layer of circle markers styled as ``STYLE['points'][group]``: rows of (id, [lon, lat], tooltip HTML)."""
    style = point_style(group)
    features = [
        {"type": "Feature", "id": fid, "properties": {"tip": tip}, "geometry": {"type": "Point", "coordinates": xy}}
        for fid, xy, tip in rows
    ]
    layer = folium.FeatureGroup(name=layer_name(STYLE["points"][group]["layer"], f"layer.{group}"))
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        marker=folium.CircleMarker(pane=POINTS_PANE),
        style_function=lambda _: style,
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),
    ).add_to(layer)
    return layer


def crossing_rows(cs: Iterable[Corridor], inputs: Inputs) -> list[tuple[str, list[float], str]]:
    names, node_names = inputs.country_names, inputs.nodes.set_index("id")["name"]
    rows = []
    for c in cs:
        several_lines = c.crossings["line"].nunique() > 1
        for n, x in enumerate(named_rows(c.crossings), start=1):
            tip = (
                f"<b>{esc(c.id)}</b>: {esc(names.get(x.from_iso3, x.from_iso3))} {arrow()} "
                f"{esc(names.get(x.to_iso3, x.to_iso3))}<br>"
                f"{along(x.km_from_start, x.line, name_the_line=several_lines)}"
                f"<br>{nearest_post(x.nearest_crossing, x.nearest_crossing_km, node_names)}"
            )
            rows.append((f"{c.id.lower()}-x{n}", round_coords(np.array([x.geometry.x, x.geometry.y])), tip))
    return rows


def node_layers(found: gpd.GeoDataFrame) -> list[folium.FeatureGroup]:
    """One layer per group of ``STYLE['points']`` that has nodes in ``found``."""
    layers = []
    names = found["names"] if "names" in found.columns else [None] * len(found)
    columns = zip(found["id"], found["kind"], found["name"], names, found.geometry, strict=True)
    nodes: list[tuple[Any, ...]] = sorted(columns, key=lambda node: node[0])  # by id; plain tuples, read once
    for group, spec in STYLE["points"].items():
        if "kinds" not in spec:
            continue
        rows = [
            (
                nid,
                round_coords(np.array([point.x, point.y])),
                f"<b>{esc(place_name(local, name))}</b><br>{esc(t(f'node_kind.{kind}'))}",
            )
            for nid, kind, name, local, point in nodes
            if kind in spec["kinds"]
        ]
        if rows:
            layers.append(points_layer(group, rows))
    return layers


def countries_layer(inputs: Inputs, *, near: shapely.Geometry | None = None) -> folium.TopoJson:
    """The countries, shaded by trade; with ``near`` (a corridor's lines), coarser away from it (:mod:`.detail`)."""
    full = inputs.topology if near is None else near_detail(inputs.topology, near, known_json=inputs.topology_json)
    countries = full["objects"]["data"]
    # folium writes each country's style into its properties: give it its own copies.
    geometries = [{**g, "properties": dict(g["properties"])} for g in countries["geometries"]]
    topology = full | {"objects": {"data": countries | {"geometries": geometries}}}
    layer = _PackedTopoJson(
        topology,
        "objects.data",
        name=layer_name("Countries", "layer.countries", note=inputs.trade_note),
        style_function=lambda g: {
            "fillColor": STYLE["countries"][g["properties"]["cls"]]["fill"],
            "fillOpacity": FILL_OPACITY,
            "color": COUNTRY_EDGE,
            "weight": 0.8,
        },
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),  # type: ignore[arg-type]  # as for GeoJson
    )
    # No max_width: folium would write `maxWidth: null`, which Leaflet reads as 0 (a 50 px wide popup);
    # without it the popup takes the width the layout script sets for every popup.
    layer.add_child(folium.GeoJsonPopup(fields=["pop"], labels=False))
    return layer
