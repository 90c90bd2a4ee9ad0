"""Interactive maps of the corridors: an overview of them all and one map per corridor, as standalone HTML.

Everything drawn comes from the public API (:func:`~corridormap.route_length`,
:func:`~corridormap.crossings`, :func:`~corridormap.corridor_facts`, ...), computed once per
build. One style table, :data:`STYLE`, styles the layers and writes the legend, so the two
cannot disagree. The output is deterministic (the same data gives byte-identical HTML),
compact (countries are embedded once as quantised TopoJSON, popups as short HTML), and every
value from the data is escaped, because folium puts text into HTML, JavaScript template
strings and Jinja templates alike.
"""

from __future__ import annotations

import html
import itertools
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import topojson
from branca.element import Element, MacroElement
from folium import plugins
from folium.elements import JSCSSMixin
from folium.template import Template
from folium.utilities import JsCode

from .crossings import crossings
from .data import (
    _data_dir,
    boundaries,
    corridor,
    corridor_facts,
    corridor_ids,
    corridors,
    nodes,
    relations,
    resolve_corridor_id,
    sources,
)
from .errors import CorridorDataError
from .geodesy import NO_COUNTRY, route_length

__all__ = ["DATA_FOLDER", "STYLE", "build_map", "build_maps"]

#: The one style table: layers are styled from it and the legend is written from it.
#: ``kind`` colours a corridor; ``status`` sets its dashes; ``accuracy`` its opacity;
#: ``alignment`` its weight (alternatives are thinner and fainter); ``points`` styles
#: markers (``kinds`` lists the node kinds a group draws); ``countries`` shades the
#: countries, the partners by Pakistan's trade with them (``below``: upper bound in US$).
STYLE: Final[dict[str, dict[str, dict[str, Any]]]] = {
    "kind": {
        "gas_pipeline": {"label": "Gas pipeline", "color": "#e6550d"},
        "power_line": {"label": "Power line", "color": "#6a51a3"},
        "fibre_optic": {"label": "Fibre-optic line", "color": "#dd3497"},
        "railway": {"label": "Railway", "color": "#252525"},
        "road": {"label": "Road", "color": "#8c510a"},
    },
    "status": {
        "operating": {"label": "Operating", "dash": None},
        "construction": {"label": "Under construction", "dash": None},
        "proposed": {"label": "Proposed", "dash": "8 6"},
        "idle": {"label": "Idle", "dash": "1 6"},
        "mothballed": {"label": "Mothballed", "dash": "1 6"},
        "shelved": {"label": "Shelved", "dash": "1 6"},
        "cancelled": {"label": "Cancelled", "dash": "1 6"},
        "retired": {"label": "Retired", "dash": "1 6"},
    },
    "accuracy": {
        "high": {"label": "High", "opacity": 0.95},
        "medium": {"label": "Medium", "opacity": 0.8},
        "low": {"label": "Low", "opacity": 0.6},
        "schematic": {"label": "Schematic", "opacity": 0.45},
    },
    "alignment": {
        "main": {"label": "Main alignment", "weight": 4, "fade": 1.0},
        "alternative": {"label": "Alternative alignment", "weight": 2.5, "fade": 0.6},
    },
    "points": {
        "crossing": {
            "label": "Corridor crosses a border",
            "layer": "Border crossings (computed)",
            "radius": 5,
            "color": "#e31a1c",
            "fill": "#ffffff",
        },
        "border_posts": {
            "label": "Border post",
            "layer": "Border posts",
            "kinds": ("border_crossing",),
            "fill": "#525252",
        },
        "ports": {"label": "Port", "layer": "Ports", "kinds": ("port",), "radius": 6, "fill": "#08519c"},
        "power": {
            "label": "Substation, converter",
            "layer": "Substations and converter stations",
            "kinds": ("substation", "converter_station"),
            "radius": 5,
            "fill": "#6a51a3",
        },
        "gas": {
            "label": "Gas field, compressor",
            "layer": "Gas field and compressor stations",
            "kinds": ("gas_field", "compressor_station"),
            "radius": 6,
            "fill": "#e6550d",
        },
        "places": {
            "label": "Town, station, pass",
            "layer": "Towns, stations and passes",
            "kinds": ("city", "station", "pass"),
            "radius": 3,
            "fill": "#969696",
        },
    },
    "countries": {
        "under_10m": {"label": "< US$10 m", "below": 10e6, "fill": "#d9f0d3"},
        "under_50m": {"label": "US$10–50 m", "below": 50e6, "fill": "#a6dba0"},
        "under_200m": {"label": "US$50–200 m", "below": 200e6, "fill": "#5aae61"},
        "over_200m": {"label": "≥ US$200 m", "below": float("inf"), "fill": "#1b7837"},
        "pakistan": {"label": "Pakistan", "fill": "#f0e2c0"},
        "other": {"label": "Other countries", "fill": "#d9d9d9"},
    },
}
_POINT_DEFAULTS: Final = {"radius": 4, "color": "#ffffff", "weight": 1.5}
_FILL_OPACITY: Final = 0.5
_TRADE_YEAR: Final = "2024-25"
_LEGEND_TITLES: Final = {
    "kind": "Corridor kind (colour)",
    "status": "Status (dashes)",
    "accuracy": "Route accuracy (opacity)",
    "alignment": "Alignment (weight)",
    "points": "Points",
    "countries": f"Trade with Pakistan, FY {_TRADE_YEAR}",
}
#: The legend's columns, top to bottom: every group of :data:`STYLE` once.
_LEGEND_COLUMNS: Final = (("kind",), ("status",), ("accuracy", "alignment"), ("points",), ("countries",))
_TILES: Final = "Esri.WorldGrayCanvas"
_DECIMALS: Final = 5
#: Segments of different corridors closer than this everywhere (Hausdorff, degrees) share one line.
_SAME_LINE_DEG: Final = 1e-3
_ESCAPES: Final = str.maketrans({"`": "&#96;", "$": "&#36;", "{": "&#123;", "}": "&#125;"})


def _esc(value: object) -> str:
    """``value`` as HTML text that is also inert in JavaScript template strings and Jinja templates.

    folium puts text into backtick strings (so ``${`` would run) and re-renders every
    element's output as a Jinja template (so ``{{`` would run): both are neutralised.

    Examples
    --------
    >>> _esc("<b>${x}</b> `{{ 7*7 }}`")
    '&lt;b&gt;&#36;&#123;x&#125;&lt;/b&gt; &#96;&#123;&#123; 7*7 &#125;&#125;&#96;'
    """
    return html.escape(str(value), quote=True).translate(_ESCAPES)


# ------------------------------------------------------------ determinism


@contextmanager
def _numbered_ids() -> Iterator[None]:
    """Give branca elements ids 0, 1, 2, ... instead of random uuids while building (not thread-safe)."""
    counter = itertools.count()
    original = Element.__dict__["_generate_id"]
    Element._generate_id = classmethod(lambda cls: f"{next(counter):08x}")
    try:
        yield
    finally:
        Element._generate_id = original


@contextmanager
def _compact_json() -> Iterator[None]:
    """Make Jinja's ``tojson``, which embeds folium's data, write JSON without spaces while rendering."""
    policies = folium.GeoJson._template.environment.policies  # one environment for all folium templates
    original = policies["json.dumps_kwargs"]
    policies["json.dumps_kwargs"] = {**original, "separators": (",", ":")}
    try:
        yield
    finally:
        policies["json.dumps_kwargs"] = original


# ---------------------------------------------------------------- formatting


def _km(value: float) -> str:
    return f"{value:,.0f} km"


def _usd(value: float) -> str:
    return f"US${value / 1e9:.3g} bn" if value >= 1e9 else f"US${value / 1e6:.4g} m"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _dates(start: str, end: str) -> str:
    return start if end == start else f"{start} – {end}"


class _Citations:
    """Numbers sources in order of first citation, for one popup."""

    def __init__(self, registry: dict[str, dict[str, Any]]) -> None:
        self._registry = registry
        self._numbers: dict[str, int] = {}

    def mark(self, ids: Iterable[str]) -> str:
        numbers = [self._numbers.setdefault(sid, len(self._numbers) + 1) for sid in ids]
        return f"<sup>[{','.join(map(str, numbers))}]</sup>" if numbers else ""

    def html(self) -> str:
        items = []
        for sid in self._numbers:
            src = self._registry[sid]
            title = _esc(src["title"])
            if "url" in src:
                title = f'<a href="{_esc(src["url"])}" target="_blank" rel="noopener">{title}</a>'
            items.append(f"<li>{title}, {_esc(src['publisher'])}, {_esc(src['date'])}</li>")
        return f"<b>Sources</b><ol class=cm-src>{''.join(items)}</ol>" if items else ""


def _rows(rows: Iterable[tuple[str, str]]) -> str:
    return "<table>" + "".join(f"<tr><th>{th}</th><td>{td}</td></tr>" for th, td in rows) + "</table>"


# ---------------------------------------------------------------- the inputs


@dataclass(frozen=True)
class _Corridor:
    """One corridor as the maps draw it: segments, numbers and ready-made HTML."""

    id: str
    facts: dict[str, Any]
    segments: gpd.GeoDataFrame
    km: float
    crossings: gpd.GeoDataFrame
    popup: str
    panel: str

    @property
    def file_name(self) -> str:
        return f"{self.id.lower()}.html"


@dataclass(frozen=True)
class _Inputs:
    """Everything a build draws, computed once and shared by every map of the build."""

    corridors: dict[str, _Corridor]
    offsets: dict[str, float]
    nodes: gpd.GeoDataFrame
    country_names: dict[str, str]
    topology: dict[str, Any]
    data_date: str
    trade_note: str
    boundary_note: str


def _country_names(root: Path) -> dict[str, str]:
    countries = boundaries(display=True, data_dir=root)
    return {**dict(zip(countries["iso3"], countries["name"], strict=True)), NO_COUNTRY: "no country"}


def _boundary_note(root: Path) -> str:
    path = root / "boundaries" / "provenance.json"
    try:
        prov = json.loads(path.read_text(encoding="utf-8"))
        return f"{prov['source']} {prov['version']}. {prov['point_of_view']}"
    except FileNotFoundError:
        problem = "file not found — add the boundaries' provenance (see scripts/build_boundaries.py)"
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        problem = f"unreadable: {exc} — fix the JSON"
    except (KeyError, TypeError) as exc:
        problem = f"missing {exc} — give source, version and point_of_view"
    raise CorridorDataError([f"{path}: {problem}"])


def _corridor_popup(
    facts: dict[str, Any], segs: gpd.GeoDataFrame, seg_km: pd.Series, km: float, stats: str, cite: _Citations
) -> str:
    """The corridor's popup: facts with numbered citations, its segments, km per country, crossings, milestones."""
    reported = "; ".join(
        f"{_km(r['km'])}{cite.mark(r['sources'])} ({_esc(r['scope'])})" for r in facts["reported_lengths"]
    )
    capacity = "; ".join(f"{q['value']:g} {_esc(q['unit'])}{cite.mark(q['sources'])}" for q in facts["capacity"])
    cost = "; ".join(f"{_usd(c['usd'])}{cite.mark(c['sources'])} ({_esc(c['scope'])})" for c in facts["cost"])
    segment_rows = []
    for row in segs.itertuples():
        rep = row.reported_length
        label = _esc(row.name) + (" <i>(alternative)</i>" if row.alignment == "alternative" else "")
        reported_cell = f"{_km(rep['km'])}{cite.mark(rep['sources'])}" if rep else "–"
        segment_rows.append(f"<tr><td>{label}</td><td>{_km(seg_km[row.id])}</td><td>{reported_cell}</td></tr>")
    events = {(m["date"], m["event"]): m["sources"] for m in facts["milestones"]}
    for row in segs.itertuples():
        events.update({(m["date"], m["event"]): m["sources"] for m in row.milestones})
    milestones = "".join(
        f"<li>{_esc(date)}: {_esc(event)}{cite.mark(ids)}</li>" for (date, event), ids in sorted(events.items())
    )
    facts_table = _rows(
        [
            ("Kind", _esc(STYLE["kind"][facts["kind"]]["label"])),
            ("Status", _esc(STYLE["status"][facts["status"]]["label"])),
            ("Computed", f"{_km(km)} (main alignment, WGS84 ellipsoid)"),
            ("Reported", reported or "none found"),
            ("Capacity", capacity or "not reported"),
            ("Cost", cost or "not reported"),
        ]
    )
    note = f"<p class=cm-note>{_esc(facts['length_note'])}</p>" if facts.get("length_note") else ""
    return (
        f"<div class=cm-pop><b class=cm-h>{_esc(facts['name'])}</b>{facts_table}{note}"
        "<b>Segments</b><table><tr><th>segment</th><th>computed</th><th>reported</th></tr>"
        f"{''.join(segment_rows)}</table>{stats}"
        + (f"<b>Milestones</b><ul>{milestones}</ul>" if milestones else "")
        + f"{cite.html()}</div>"
    )


def _corridor_stats(
    by_country: pd.Series, xings: gpd.GeoDataFrame, names: dict[str, str], node_names: pd.Series
) -> str:
    """Km per country and the border crossings, as HTML shared by the popup and the corridor panel."""
    km_rows = _rows((_esc(names.get(iso3, iso3)), _km(km)) for iso3, km in by_country.items())
    items = "".join(
        f"<li>{_esc(names.get(x.from_iso3, x.from_iso3))} → {_esc(names.get(x.to_iso3, x.to_iso3))} at km "
        f"{x.km_from_start:,.0f}; nearest post {_esc(node_names[x.nearest_crossing])} "
        f"({x.nearest_crossing_km:,.1f} km)</li>"
        for x in xings.itertuples()
    )
    return f"<b>Km per country</b>{km_rows}<b>Border crossings</b>" + (f"<ol>{items}</ol>" if items else "<p>none</p>")


def _topology(countries: gpd.GeoDataFrame, properties: dict[str, dict[str, str]]) -> dict[str, Any]:
    """The countries as TopoJSON for folium's TopoJson layer: shared borders stored once.

    Quantised on a grid no coarser than the data's 1e-5 degrees (decoding is off by at
    most half a grid step, under 1 m) and delta-encoded: about half the GeoJSON's size.
    """
    x0, y0, x1, y1 = countries.total_bounds
    steps = round(max(x1 - x0, y1 - y0) * 10**_DECIMALS) + 1
    frame = gpd.GeoDataFrame(
        pd.DataFrame([properties[iso3] for iso3 in countries["iso3"]]),
        geometry=countries.geometry.values,
        crs=countries.crs,
    )
    return topojson.Topology(frame, prequantize=steps, topology=True).to_dict()


def _trade_class(total: float) -> str:
    return next(k for k, v in STYLE["countries"].items() if "below" in v and total < v["below"])


def _country_properties(
    iso3: str, name: str, partner: dict[str, Any] | None, registry: dict[str, dict[str, Any]]
) -> dict[str, str]:
    """Tooltip and popup HTML of one country, and its style class."""
    if partner is None:
        klass = "pakistan" if iso3 == "PAK" else "other"
        text = f"<b>{_esc(name)}</b>"
        return {
            "cls": klass,
            "tip": text,
            "pop": text + ("" if iso3 == "PAK" else "<br>No relations facts in the data"),
        }
    cite = _Citations(registry)
    trade = partner["trade"]
    total = trade["exports_usd"] + trade["imports_usd"]
    period = (
        f"FY {trade['fiscal_year']}"
        if trade["fiscal_year"]
        else f"period as stated: '{_esc(trade['period_as_written'])}'"
    )
    stated = f", stated total {_usd(trade['total_usd'])}" if trade["total_usd"] is not None else ""
    agency = _esc(trade["agency"]) if trade["agency"] else "agency not named"
    trade_html = (
        f"{_usd(total)} ({period}, exports + imports): exports {_usd(trade['exports_usd'])}, "
        f"imports {_usd(trade['imports_usd'])}"
        f"{stated}; source: {agency}{cite.mark(trade['sources'])}"
    )
    since = partner["diplomatic_relations_established"]
    mechanisms = []
    for mech in partner["mechanisms"]:
        title = " — ".join(_esc(t) for t in (mech["abbreviation"], mech["name"]) if t) or "Mechanism (unnamed)"
        last = mech["latest_session"]
        if last is None:
            session = "no session reported"
        else:
            number = f"{_ordinal(last['ordinal'])} session, " if last["ordinal"] else "last session: "
            place = f", {_esc(last['place'])}" if last["place"] else ""
            session = f"{number}{_esc(_dates(last['date_start'], last['date_end']))}{place}"
        mechanisms.append(f"<li>{title}: {session}{cite.mark(mech['sources'])}</li>")
    rows = [
        ("Relations since", f"{_esc(since['date'])}{cite.mark(since['sources'])}"),
        ("Trade", trade_html),
    ]
    if partner["visits"]:
        visit = max(partner["visits"], key=lambda v: v["date_start"])
        when = _esc(_dates(visit["date_start"], visit["date_end"]))
        who = " ".join(_esc(t) for t in (visit["visitor"]["title"], visit["visitor"]["name"]) if t)
        where = "Pakistan" if visit["direction"] == "to_pakistan" else _esc(name)
        rows.append(("Last high-level visit", f"{when}: {who} to {where}{cite.mark(visit['sources'])}"))
    if mechanisms:
        rows.append(("Mechanisms", f"<ul>{''.join(mechanisms)}</ul>"))
    return {
        "cls": _trade_class(total),
        "tip": f"<b>{_esc(name)}</b><br>Trade with Pakistan (exports + imports): {_usd(total)} ({period})",
        "pop": f"<div class=cm-pop><b class=cm-h>{_esc(name)}</b>{_rows(rows)}{cite.html()}</div>",
    }


def _corridor(cid: str, root: Path, registry: dict[str, Any], names: dict[str, str], posts: pd.Series) -> _Corridor:
    """One corridor's segments, lengths, crossings, popup and panel, from the (cached) API."""
    facts = corridor_facts(cid, data_dir=root)
    segs = corridor(cid, include_alternatives=True, data_dir=root)
    seg_km = route_length(cid, by="segment", include_alternatives=True, data_dir=root)
    km = route_length(cid, data_dir=root)
    by_country = route_length(cid, by="country", data_dir=root)
    xings = crossings(cid, data_dir=root)
    stats = _corridor_stats(by_country, xings, names, posts)
    popup = _corridor_popup(facts, segs, seg_km, km, stats, _Citations(registry))
    panel = (
        f"<b class=cm-h>{_esc(facts['name'])}</b><p>{_esc(STYLE['kind'][facts['kind']]['label'])}, "
        f"{_esc(STYLE['status'][facts['status']]['label'].lower())}; computed length {_km(km)} "
        f"(main alignment). Click the line for sources.</p>{stats}<p><a href=index.html>All corridors</a></p>"
    )
    return _Corridor(cid, facts, segs, km, xings, popup, panel)


def _inputs(root: Path) -> _Inputs:
    """Read and compute everything the maps show, once per build."""
    registry = sources(data_dir=root)
    names = _country_names(root)
    all_nodes = nodes(data_dir=root)
    posts = all_nodes.set_index("id")["name"]
    rel = relations(data_dir=root) or {"countries": []}
    partners = {c["iso3"]: c for c in rel["countries"]}
    countries = boundaries(display=True, data_dir=root)
    props = {
        iso3: _country_properties(iso3, name, partners.get(iso3), registry)
        for iso3, name in zip(countries["iso3"], countries["name"], strict=True)
    }
    other_periods = [
        f"{_esc(c['name'])}: '{_esc(c['trade']['period_as_written'])}'"
        for c in rel["countries"]
        if c["trade"]["fiscal_year"] != _TRADE_YEAR
    ]
    return _Inputs(
        corridors={cid: _corridor(cid, root, registry, names, posts) for cid in corridor_ids(data_dir=root)},
        offsets=_offsets(corridors(data_dir=root)),
        nodes=all_nodes,
        country_names=names,
        topology=_topology(countries, props),
        data_date=max(s["date"] for s in registry.values()),
        trade_note=f"FY {_TRADE_YEAR}"
        + (f" (period as stated for {'; '.join(other_periods)})" if other_periods else ""),
        boundary_note=_esc(_boundary_note(root)),
    )


# -------------------------------------------------------------------- layers


def _line_style(props: dict[str, Any], cid: str) -> dict[str, Any]:
    align = STYLE["alignment"][props["alignment"]]
    style = {
        "color": STYLE["kind"][props["kind"]]["color"],
        "weight": align["weight"],
        "opacity": round(STYLE["accuracy"][props["route_accuracy"]]["opacity"] * align["fade"], 2),
        "className": f"cm-corridor cm-{cid.lower()}",
    }
    dash = STYLE["status"][props["status"]]["dash"]
    return style | ({"dashArray": dash} if dash else {})


def _point_style(group: str) -> dict[str, Any]:
    spec = _POINT_DEFAULTS | STYLE["points"][group]
    return {
        "radius": spec["radius"],
        "color": spec["color"],
        "weight": spec["weight"],
        "fillColor": spec["fill"],
        "fillOpacity": 1,
        "className": f"cm-point cm-{group}",
    }


def _round(coords: np.ndarray) -> list[list[float]]:
    return np.round(coords, _DECIMALS).tolist()


def _offsets(segments: gpd.GeoDataFrame) -> dict[str, float]:
    """Pixel offsets that draw segments of different corridors along one line side by side.

    TAP-FOC's fibre hangs on TAP's power line, which follows TAPI's pipeline: drawn on top
    of each other, only the last would show. Segments of different corridors that run
    within :data:`_SAME_LINE_DEG` of each other are spread out, a line width apart.
    """
    ids, owners, geoms = list(segments["id"]), list(segments["corridor"]), list(segments.geometry)
    groups: list[list[int]] = []
    for i, geom in enumerate(geoms):
        group = next(
            (g for g in groups if owners[g[0]] != owners[i] and geom.hausdorff_distance(geoms[g[0]]) < _SAME_LINE_DEG),
            None,
        )
        if group is None:
            groups.append([i])
        else:
            group.append(i)
    step = STYLE["alignment"]["main"]["weight"] + 1
    return {ids[i]: (k - (len(g) - 1) / 2) * step for g in groups if len(g) > 1 for k, i in enumerate(g)}


class _OffsetGeoJson(JSCSSMixin, folium.GeoJson):
    """GeoJson whose lines take an ``offset`` style, in pixels.

    It loads Leaflet.PolylineOffset, the plugin behind folium's PolyLineOffset, which gives
    every Leaflet polyline an ``offset`` option.
    """

    default_js = plugins.PolyLineOffset.default_js


def _corridor_layer(c: _Corridor, *, offsets: dict[str, float], link: bool) -> folium.FeatureGroup:
    """The corridor's segments, styled from :data:`STYLE`, with one tooltip and one popup for them all.

    ``offsets`` moves segments sideways (pixels, by id); ``link`` adds a link to the corridor's map.
    """
    styles = {
        row.id: _line_style(row._asdict(), c.id) | ({"offset": offsets[row.id]} if row.id in offsets else {})
        for row in c.segments.itertuples()
    }
    features = [
        {
            "type": "Feature",
            "id": row.id,
            "properties": {},
            "geometry": {"type": "LineString", "coordinates": _round(shapely.get_coordinates(row.geometry))},
        }
        for row in c.segments.itertuples()
    ]
    kind = STYLE["kind"][c.facts["kind"]]
    swatch = f"<span class=cm-sw style='background:{kind['color']}'></span>"
    group = folium.FeatureGroup(name=f"{swatch}{_esc(c.id)} · {_esc(kind['label'])}")
    _OffsetGeoJson(
        {"type": "FeatureCollection", "features": features},
        style_function=lambda f: styles[f["id"]],
        highlight_function=lambda f: {"weight": styles[f["id"]]["weight"] + 3},
        tooltip=folium.Tooltip(f"<b>{_esc(c.facts['name'])}</b><br>{_km(c.km)} computed (main alignment)"),
        popup=folium.Popup(
            c.popup + (f"<a href={c.file_name}>Map of this corridor</a>" if link else ""),
            max_width=420,
            max_height=420,
            **_POPUP_PAN,
        ),
    ).add_to(group)
    return group


def _points_layer(group: str, rows: list[tuple[str, list[float], str]]) -> folium.FeatureGroup:
    """A layer of circle markers styled as ``STYLE['points'][group]``: rows of (id, [lon, lat], tooltip HTML)."""
    style = _point_style(group)
    features = [
        {"type": "Feature", "id": fid, "properties": {"tip": tip}, "geometry": {"type": "Point", "coordinates": xy}}
        for fid, xy, tip in rows
    ]
    layer = folium.FeatureGroup(name=_esc(STYLE["points"][group]["layer"]))
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        marker=folium.CircleMarker(),
        style_function=lambda _: style,
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),
    ).add_to(layer)
    return layer


def _crossing_rows(cs: Iterable[_Corridor], inputs: _Inputs) -> list[tuple[str, list[float], str]]:
    names, node_names = inputs.country_names, inputs.nodes.set_index("id")["name"]
    rows = []
    for c in cs:
        for n, x in enumerate(c.crossings.itertuples(), start=1):
            tip = (
                f"<b>{_esc(c.id)}</b>: {_esc(names.get(x.from_iso3, x.from_iso3))} → "
                f"{_esc(names.get(x.to_iso3, x.to_iso3))}<br>km {x.km_from_start:,.0f} from the start"
                f"<br>nearest post: {_esc(node_names[x.nearest_crossing])} ({x.nearest_crossing_km:,.1f} km)"
            )
            rows.append((f"{c.id.lower()}-x{n}", _round(np.array([x.geometry.x, x.geometry.y])), tip))
    return rows


def _node_layers(found: gpd.GeoDataFrame) -> list[folium.FeatureGroup]:
    """One layer per group of ``STYLE['points']`` that has nodes in ``found``."""
    layers = []
    for group, spec in STYLE["points"].items():
        if "kinds" not in spec:
            continue
        sel = found[found["kind"].isin(spec["kinds"])]
        if sel.empty:
            continue
        rows = [
            (
                row.id,
                _round(np.array([row.geometry.x, row.geometry.y])),
                f"<b>{_esc(row.name)}</b><br>{_esc(row.kind.replace('_', ' '))}",
            )
            for row in sel.sort_values("id").itertuples()
        ]
        layers.append(_points_layer(group, rows))
    return layers


def _countries_layer(inputs: _Inputs) -> folium.TopoJson:
    countries = inputs.topology["objects"]["data"]
    # folium writes each country's style into its properties: give it its own copies.
    geometries = [{**g, "properties": dict(g["properties"])} for g in countries["geometries"]]
    topology = inputs.topology | {"objects": {"data": countries | {"geometries": geometries}}}
    return folium.TopoJson(
        topology,
        "objects.data",
        name=f"Countries: Pakistan's trade, {inputs.trade_note}",
        style_function=lambda g: {
            "fillColor": STYLE["countries"][g["properties"]["cls"]]["fill"],
            "fillOpacity": _FILL_OPACITY,
            "color": "#737373",
            "weight": 0.8,
        },
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),
    ).add_child(folium.GeoJsonPopup(fields=["pop"], labels=False, max_width=380, **_POPUP_PAN))


# -------------------------------------------------------------------- panels


def _legend_swatch(group: str, spec: dict[str, Any]) -> str:
    """The legend's sample of one style entry, drawn with the entry's own values."""
    if group == "points":
        s = _POINT_DEFAULTS | spec
        return (
            f"<svg width=16 height=16><circle cx=8 cy=8 r={s['radius']} fill='{s['fill']}' "
            f"stroke='{s['color']}' stroke-width={s['weight']}/></svg>"
        )
    if group == "countries":
        return (
            f"<svg width=22 height=14><rect x=1 y=1 width=20 height=12 fill='{spec['fill']}' "
            f"fill-opacity={_FILL_OPACITY} stroke='#737373'/></svg>"
        )
    color, weight, opacity = (
        spec.get("color", "#525252"),
        spec.get("weight", 4),
        spec.get("opacity", spec.get("fade", 1)),
    )
    dash = f" stroke-dasharray='{spec['dash']}'" if spec.get("dash") else ""
    return (
        f"<svg width=34 height=12><line x1=3 y1=6 x2=31 y2=6 stroke='{color}' stroke-width={weight} "
        f"stroke-opacity={opacity} stroke-linecap=round{dash}/></svg>"
    )


def _legend() -> str:
    """The legend, written from :data:`STYLE`: one row per entry, entries with the same swatch share a row."""
    columns = []
    for groups in _LEGEND_COLUMNS:
        sections = []
        for group in groups:
            rows: dict[str, list[str]] = {}
            for key, spec in STYLE[group].items():
                rows.setdefault(_legend_swatch(group, spec), []).append(key)
            items = "".join(
                f"<li data-keys='{' '.join(f'{group}:{k}' for k in keys)}'>{swatch}{_labels(STYLE[group], keys)}</li>"
                for swatch, keys in rows.items()
            )
            sections.append(f"<h4>{_esc(_LEGEND_TITLES[group])}</h4><ul>{items}</ul>")
        columns.append(f"<section>{''.join(sections)}</section>")
    return f"<details open class='cm-panel cm-legend'><summary>Legend</summary><div>{''.join(columns)}</div></details>"


def _labels(entries: dict[str, dict[str, Any]], keys: list[str]) -> str:
    """Labels of entries drawn alike, as one: 'Operating, under construction'."""
    first, *rest = (_esc(entries[k]["label"]) for k in keys)
    return ", ".join([first, *(label[:1].lower() + label[1:] for label in rest)])


_CSS: Final = """
.cm-side{position:fixed;z-index:1000;top:10px;left:54px;right:180px;bottom:52px;display:flex;flex-direction:column;
 justify-content:space-between;align-items:flex-start;gap:8px;pointer-events:none}
.cm-panel{pointer-events:auto;overflow:auto;background:rgba(255,255,255,.94);border-radius:5px;padding:6px 9px;
 box-shadow:0 1px 5px rgba(0,0,0,.35);font:12px/1.35 system-ui,sans-serif;color:#222}
.cm-panel summary{font-weight:600;cursor:pointer}
.cm-title{width:350px;flex:0 1 auto;min-height:1.6em}.cm-title p{margin:4px 0}.cm-fine{font-size:10.5px;color:#555}
.cm-legend{flex:0 0 auto;max-width:100%;max-height:50vh}.cm-legend>div{display:flex;flex-wrap:wrap;gap:0 16px}
.cm-legend section{max-width:200px}.cm-legend h4{margin:5px 0 2px;font-size:11.5px}
.cm-legend ul{list-style:none;margin:0;padding:0}.cm-legend li{display:flex;align-items:center;gap:5px;min-height:16px}
.cm-legend svg{flex:none}
.cm-pop{font:12px/1.35 system-ui,sans-serif}
.cm-pop .cm-h,.cm-title .cm-h{display:block;font-size:13px;margin-bottom:3px}
.cm-pop table,.cm-title table{border-collapse:collapse;margin:2px 0 5px}
.cm-pop th,.cm-pop td,.cm-title th,.cm-title td{text-align:left;vertical-align:top;padding:1px 6px 1px 0}
.cm-pop ul,.cm-pop ol,.cm-title ol{margin:2px 0 5px;padding-left:18px}.cm-src{font-size:11px}
.cm-note{font-size:11px;color:#555;margin:2px 0 5px}
.cm-sw{display:inline-block;width:14px;height:4px;margin:0 5px 3px 0;vertical-align:middle}
.leaflet-interactive:focus{outline:none}
"""
#: Room, in pixels, the title panel takes on the left and the legend at the bottom: maps fit
#: and popups pan inside the rest.
_LEFT_PX: Final = 420
_BOTTOM_PX: Final = 220
_POPUP_PAN: Final = {"auto_pan_padding_top_left": (_LEFT_PX, 10), "auto_pan_padding_bottom_right": (70, _BOTTOM_PX)}


class _Panels(MacroElement):
    """The title panel and the legend: fixed HTML over the map, no script."""

    _template = Template(
        "{% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}"
        "{% macro html(this, kwargs) %}{{ this.body }}{% endmacro %}"
    )

    def __init__(self, body: str) -> None:
        super().__init__()
        self._name = "Panels"
        self.css = " ".join(_CSS.split())
        self.body = f"<div class=cm-side>{body}</div>"


#: Where :func:`build_maps` puts the data each map shows, for download, relative to the maps.
DATA_FOLDER: Final = "data"


def _download_links(stem: str | None) -> str:
    """Links to the map's data (GeoJSON and CSV files written beside it by :func:`build_maps`), or nothing."""
    if stem is None:
        return ""
    links = " · ".join(f"<a href='{DATA_FOLDER}/{_esc(stem)}.{fmt}' download>{label}</a>" for fmt, label in _DOWNLOADS)
    return f"<p class='cm-fine cm-download'>Download the data shown: {links}</p>"


_DOWNLOADS: Final = (("geojson", "GeoJSON"), ("csv", "CSV (WKT geometry)"))


def _title(inputs: _Inputs, heading: str, summary: str, *, data: str | None = None) -> str:
    return (
        f"<details open class='cm-panel cm-title'><summary>{heading}</summary>{summary}"
        f"<p class=cm-fine>Data as of {_esc(inputs.data_date)} (newest source). Boundaries: {inputs.boundary_note}</p>"
        f"{_download_links(data)}</details>"
    )


# ---------------------------------------------------------------------- maps


def _bounds(geoms: Iterable[shapely.Geometry]) -> list[list[float]]:
    x0, y0, x1, y1 = shapely.total_bounds(list(geoms))
    return [[round(y0, _DECIMALS), round(x0, _DECIMALS)], [round(y1, _DECIMALS), round(x1, _DECIMALS)]]


def _new_map(bounds: list[list[float]]) -> folium.Map:
    (y0, x0), (y1, x1) = bounds
    centre = [round((y0 + y1) / 2, _DECIMALS), round((x0 + x1) / 2, _DECIMALS)]
    m = folium.Map(location=centre, tiles=_TILES, control_scale=True)
    m.fit_bounds(bounds, padding_top_left=(_LEFT_PX, 20), padding_bottom_right=(20, _BOTTOM_PX))
    return m


def _finish(m: folium.Map, body: str) -> folium.Map:
    # Full screen shows the whole page, so the title panel and the legend stay in view.
    plugins.Fullscreen(position="topleft", fullscreen_element=JsCode("document.body")).add_to(m)
    plugins.MeasureControl(primary_length_unit="kilometers", primary_area_unit="sqkilometers").add_to(m)
    plugins.MiniMap(tile_layer=_TILES, toggle_display=True).add_to(m)
    _Panels(body).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return m


def _overview(inputs: _Inputs, *, data: str | None = None) -> folium.Map:
    """Every corridor, the border crossings, the nodes but towns and stations, the countries."""
    cs = list(inputs.corridors.values())
    m = _new_map(_bounds(g for c in cs for g in c.segments.geometry))
    _countries_layer(inputs).add_to(m)
    for c in cs:
        _corridor_layer(c, offsets=inputs.offsets, link=True).add_to(m)
    _points_layer("crossing", _crossing_rows(cs, inputs)).add_to(m)
    places = inputs.nodes["kind"].isin(STYLE["points"]["places"]["kinds"])
    for layer in _node_layers(inputs.nodes[~places]):
        layer.add_to(m)
    summary = (
        f"<p>{len(cs)} energy and transport corridors linking Pakistan with Central Asia, lengths computed on the "
        f"WGS84 ellipsoid. Click a line for its facts and sources, a country for its relations with Pakistan; "
        f"countries are shaded by Pakistan's trade with them, {inputs.trade_note}.</p>"
    )
    return _finish(m, _title(inputs, "Pakistan – Central Asia corridors", summary, data=data) + _legend())


def _corridor_map(c: _Corridor, inputs: _Inputs, *, data: str | None = None) -> folium.Map:
    """One corridor with its alternatives, crossings and nodes, over the countries."""
    m = _new_map(_bounds(c.segments.geometry))
    _countries_layer(inputs).add_to(m)
    _corridor_layer(c, offsets={}, link=False).add_to(m)
    _points_layer("crossing", _crossing_rows([c], inputs)).add_to(m)
    used = {n for row in c.segments.itertuples() for n in (row.start, row.end, *row.waypoints)}
    for layer in _node_layers(inputs.nodes[inputs.nodes["id"].isin(used)]):
        layer.add_to(m)
    return _finish(m, _title(inputs, _esc(c.id), c.panel, data=data) + _legend())


def build_map(corridor_id: str | None = None, *, data_dir: str | Path | None = None) -> folium.Map:
    """One interactive map: the overview of every corridor, or one corridor's map.

    Parameters
    ----------
    corridor_id
        None for the overview; else a corridor id or alias, case-insensitive.
    data_dir
        Data folder; default the project's ``geodata/``.

    Returns
    -------
    folium.Map
        Element ids are numbered, so rendering the map gives the same HTML for the same
        data (:func:`build_maps` also writes it compactly).

    Raises
    ------
    CorridorDataError
        When the data is invalid; the message names the file and the problem.

    Examples
    --------
    >>> import corridormap as cm
    >>> m = cm.build_map("TAPI")
    >>> "cm-tapi" in m.get_root().render()
    True
    """
    root = _data_dir(data_dir)
    cid = None if corridor_id is None else resolve_corridor_id(corridor_id, data_dir=root)
    inputs = _inputs(root)
    with _numbered_ids():
        return _overview(inputs) if cid is None else _corridor_map(inputs.corridors[cid], inputs)


def _render(m: folium.Map) -> str:
    """The map's HTML, compact: JSON without spaces, and lines without folium's indentation."""
    with _compact_json():
        return re.sub(r"\n\s+", "\n", m.get_root().render())


def _write_all(pages: dict[Path, str], progress: Callable[[Path], object] | None) -> None:
    """Write every page to a temporary file in its folder, then rename them all into place."""
    temps: list[tuple[Path, Path]] = []
    try:
        for path, text in pages.items():
            temps.append((path.with_name(f".{path.name}.{os.getpid()}.tmp"), path))
            temps[-1][0].write_bytes(text.encode("utf-8"))
        while temps:
            tmp, path = temps[0]
            tmp.replace(path)  # os.replace: atomic within the folder
            temps.pop(0)
            if progress is not None:
                progress(path)
    finally:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)


def build_maps(
    out_dir: str | Path = "maps",
    *,
    data_dir: str | Path | None = None,
    progress: Callable[[Path], object] | None = None,
) -> list[Path]:
    """Write ``index.html`` (the overview) and one ``<corridor id>.html`` per corridor, and the data each shows.

    The data goes into ``data/`` as GeoJSON and CSV (``corridors.*`` for the overview,
    ``<corridor id>.*`` for each corridor), linked from each map's title panel.

    Every map is built in memory first; only then is each file written to a temporary
    name in ``out_dir`` and renamed over the old one. A build that fails writes nothing,
    so the previous maps stay as they were; a write that fails leaves no temporary file.

    Parameters
    ----------
    out_dir
        Folder for the HTML files, created if missing.
    data_dir
        Data folder; default the project's ``geodata/``.
    progress
        Called with each file's path once it is written, e.g. ``print``.

    Returns
    -------
    list of pathlib.Path
        The files written, the overview first.

    Raises
    ------
    CorridorDataError
        When the data is invalid; the message names the file and the problem.

    Examples
    --------
    >>> import tempfile, corridormap as cm
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [p.name for p in cm.build_maps(tmp)][:2]
    ['index.html', 'casa-1000.html']
    """
    from .exports import download_files

    out = Path(out_dir)
    root = _data_dir(data_dir)
    inputs = _inputs(root)
    pages: dict[Path, str] = {}
    with _numbered_ids():
        pages[out / "index.html"] = _render(_overview(inputs, data="corridors"))
    for c in inputs.corridors.values():
        with _numbered_ids():
            pages[out / c.file_name] = _render(_corridor_map(c, inputs, data=c.id.lower()))
    for cid in [None, *inputs.corridors]:
        for name, content in download_files(cid, data_dir=root).items():
            pages[out / DATA_FOLDER / name] = content.decode("utf-8")
    (out / DATA_FOLDER).mkdir(parents=True, exist_ok=True)
    _write_all(pages, progress)
    return list(pages)
