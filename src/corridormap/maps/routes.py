"""Journeys on a map, beside their time–distance chart (ESCAP style).

The chart plots cumulative hours against cumulative km: moving makes a sloped line (the
steeper, the slower), and every border, transfer or port a vertical step of the hours it
costs. It is plain SVG written here, with every label escaped; the map is folium.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final, cast

import folium

from .. import formatting as fmt
from .._paths import data_root
from ..errors import NoRouteError
from ..journey import Route
from ..routing import STANDARD_ORIGINS, STANDARD_PORTS, Optimize, route
from ..transport_network import network_gdfs
from .assets import HtmlPopup, LeanMap, LoadCheck
from .inputs import map_inputs
from .layers import countries_layer
from .popups import esc
from .style import TILES

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from pathlib import Path

__all__ = ["MODE_STYLE", "build_route_map", "build_routes_map", "time_distance_svg"]

#: Leg colours by mode; proposed and under-construction legs are dashed.
MODE_STYLE: Final = {"road": "#8c510a", "rail": "#2166ac"}
_SCENARIOS: Final = (("Today (operating lines)", False, "#4d4d4d"), ("With the proposed lines", True, "#d6604d"))
_CSS: Final = (
    ".cm-side{position:fixed;z-index:1000;top:10px;right:10px;max-width:min(420px,92vw);max-height:88vh;"
    "overflow:auto;background:#fff;border-radius:6px;box-shadow:0 1px 5px rgba(0,0,0,.4);padding:8px 10px;"
    "font:13px/1.35 system-ui,sans-serif}.cm-side table{border-collapse:collapse;font-size:12px}"
    ".cm-side td,.cm-side th{padding:1px 6px;text-align:right}.cm-side td:first-child,.cm-side th:first-child"
    "{text-align:left}.cm-side summary{font-weight:600;cursor:pointer}.cm-fine{color:#555;font-size:11px}"
    "@media (max-width:600px){.cm-side{top:auto;bottom:10px;max-height:45vh}}"
)


def _legs(r: Route) -> list[dict[str, Any]]:
    return cast("list[dict[str, Any]]", r.legs.to_dict(orient="records"))


def _steps(r: Route, names: dict[str, str]) -> list[tuple[float, float, float, float, str]]:
    """(km, hours before, hours after, paid hours, label) at the end of each leg, from the origin."""
    km = hours = 0.0
    out = []
    for leg in _legs(r):
        km += leg["km"]
        hours += leg["hours"]
        label = leg["end_kind"].replace("_", " ")
        out.append(
            (
                km,
                hours,
                hours + leg["end_hours"],
                leg["end_hours"],
                f"{names.get(leg['to_node'], leg['to_node'])}: {label}" if label else "",
            )
        )
        hours += leg["end_hours"]
    return out


def time_distance_svg(
    journeys: Sequence[tuple[str, Route]],
    *,
    colors: Sequence[str] = (),
    names: dict[str, str] | None = None,
    width: int = 400,
    height: int = 260,
) -> str:
    """An SVG time–distance chart of journeys: cumulative hours (up) against km (right).

    Each border, transfer or port is a vertical step labelled with its hours when it costs
    two hours or more; ``names`` maps node ids to the names shown. Every label is escaped.

    Examples
    --------
    >>> import corridormap as cm
    >>> svg = cm.time_distance_svg([("fastest", cm.route("Tashkent", "Karachi"))])
    >>> svg.startswith("<svg") and "hours" in svg
    True
    """
    left, right, top, bottom = 44, 10, 10, 34
    max_km = max((r.km for _, r in journeys), default=1.0) or 1.0
    max_h = max((r.hours for _, r in journeys), default=1.0) or 1.0

    def sx(km: float) -> float:
        return left + km / max_km * (width - left - right)

    def sy(hours: float) -> float:
        return height - bottom - hours / max_h * (height - top - bottom)

    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' width='100%' role='img' "
        f"aria-label='Time–distance chart: cumulative hours against km'>",
        f"<line x1='{left}' y1='{sy(0):.1f}' x2='{width - right}' y2='{sy(0):.1f}' stroke='#999'/>",
        f"<line x1='{left}' y1='{top}' x2='{left}' y2='{sy(0):.1f}' stroke='#999'/>",
    ]
    for frac in (0.25, 0.5, 0.75, 1.0):
        km, h = max_km * frac, max_h * frac
        parts.append(
            f"<text x='{sx(km):.1f}' y='{height - bottom + 13}' font-size='10' text-anchor='middle'>{km:,.0f}</text>"
        )
        parts.append(f"<text x='{left - 4}' y='{sy(h) + 3:.1f}' font-size='10' text-anchor='end'>{h:,.0f}</text>")
    parts.append(f"<text x='{(left + width) / 2:.0f}' y='{height - 4}' font-size='11' text-anchor='middle'>km</text>")
    parts.append(
        f"<text x='12' y='{top + 8}' font-size='11' transform='rotate(-90 12 {top + 8})' text-anchor='end'>hours</text>"
    )
    for n, (label, r) in enumerate(journeys):
        color = colors[n] if n < len(colors) else ("#4d4d4d", "#d6604d", "#1b7837", "#762a83")[n % 4]
        points = [(sx(0), sy(0))]
        marks = []
        for km, before, after, paid, text in _steps(r, names or {}):
            points += [(sx(km), sy(before)), (sx(km), sy(after))]
            if paid >= 2 and text:
                right = sx(km) > width * 0.55  # label on the left of steps near the right edge
                marks.append(
                    f"<text x='{sx(km) + (-3 if right else 3):.1f}' y='{(sy(before) + sy(after)) / 2 + 3:.1f}' "
                    f"font-size='9' fill='{color}' text-anchor='{'end' if right else 'start'}'>"
                    f"{esc(text)} {paid:,.0f} h</text>"
                )
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f"<polyline points='{path}' fill='none' stroke='{color}' stroke-width='2'/>")
        parts += marks
        parts.append(
            f"<text x='{left + 6}' y='{top + 12 + 13 * n}' font-size='11' fill='{color}'>"
            f"{esc(label)}: {r.km:,.0f} km, {r.hours:,.1f} h</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _leg_tip(leg: dict[str, Any], names: dict[str, str]) -> str:
    paid = f"<br>then {esc(leg['end_note'])}" if leg["end_note"] else ""
    ends = f"{esc(names.get(leg['from_node'], leg['from_node']))} → {esc(names.get(leg['to_node'], leg['to_node']))}"
    return (
        f"<b>{ends}</b><br>{esc(leg['mode'])} on {esc(leg['link'])} ({esc(leg['status'])}), {esc(leg['country'])}: "
        f"{fmt.km(leg['km'])}, {fmt.hours(leg['hours'])}, {fmt.dollars(leg['usd'])}{paid}<br><small>sources: "
        f"{esc(leg['sources'])}; speed and cost: {esc(leg['cost_sources'])}</small>"
    )


def _journey_layer(
    label: str, r: Route, names: dict[str, str], xy: dict[str, tuple[float, float]], show: bool
) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=esc(label), show=show)
    for leg in _legs(r):
        border = "border" in leg["end_kind"]
        folium.PolyLine(  # type: ignore[no-untyped-call]
            [(round(y, 5), round(x, 5)) for x, y in leg["geometry"].coords],
            color=MODE_STYLE[leg["mode"]],
            weight=5,
            opacity=0.85,
            dash_array=None if leg["status"] == "operating" else "8 6",
            tooltip=folium.Tooltip(_leg_tip(leg, names)),
        ).add_to(group)
        if leg["end_kind"]:
            x, y = xy[leg["to_node"]]
            text = f"{esc(names.get(leg['to_node'], leg['to_node']))}: {leg['end_hours']:,.0f} h"
            folium.CircleMarker(
                (round(y, 5), round(x, 5)),
                radius=6 if border else 4,
                color="#ffffff",
                weight=1.5,
                fill=True,
                fill_color="#e31a1c" if border else "#525252",
                fill_opacity=0.9,
                tooltip=folium.Tooltip(text, permanent=border and leg["end_hours"] >= 1, direction="right"),
                popup=HtmlPopup(esc(leg["end_note"]), max_width=300),
            ).add_to(group)
    return group


def _short(name: str) -> str:
    """A border post's name without its bracketed detail: 'Termez-Hairatan (Friendship Bridge)' -> 'Termez-Hairatan'."""
    return re.sub(r"\s*\(.*?\)", "", name).removesuffix(" border crossing")


def _table(rows: Iterable[tuple[str, Route | str]]) -> str:
    body = "".join(
        f"<tr><td>{esc(label)}</td><td>{r.km:,.0f}</td><td>{r.hours:,.1f}</td><td>{r.usd:,.0f}</td>"
        f"<td>{esc(', '.join(_short(n) for n in r.crossings['name']) or 'none')}</td></tr>"
        if isinstance(r, Route)
        else f"<tr><td>{esc(label)}</td><td colspan=4>{esc(r)}</td></tr>"
        for label, r in rows
    )
    return f"<table><tr><th></th><th>km</th><th>hours</th><th>US$</th><th>borders</th></tr>{body}</table>"


def _finish(m: folium.Map, body: str) -> folium.Map:
    LoadCheck().add_to(m)
    note = (
        "<p class=cm-fine>km on the WGS84 ellipsoid; hours and US$ for one 20 t load from CAREC CPMM speeds, costs "
        "and border figures (network/params.json, node figures; sources in each leg's tooltip). Left out: queues by "
        "season, security, tariffs. Road brown, rail blue, dashed = proposed or under construction; red dots: "
        "borders, with their clearance hours.</p>"
    )
    page: Any = m.get_root()
    page.header.add_child(folium.Element(f"<style>{_CSS}</style>"))
    page.html.add_child(folium.Element(f"<div class=cm-side>{body}{note}</div>"))
    folium.LayerControl(collapsed=True, position="topleft").add_to(m)
    return m


def _places(data_dir: str | Path | None) -> tuple[dict[str, str], dict[str, tuple[float, float]]]:
    places, _ = network_gdfs(data_dir=data_dir)
    return dict(zip(places.index, places["name"])), dict(zip(places.index, zip(places["x"], places["y"])))


def _new_map(journeys: list[Route], *, self_contained: bool, data_dir: str | Path | None) -> folium.Map:
    if not journeys:
        msg = "no journey to draw: every one asked for was cut (see the table of errors)"
        raise NoRouteError(msg)
    xs = [x for r in journeys for g in r.legs.geometry for x, _ in g.coords]
    ys = [y for r in journeys for g in r.legs.geometry for _, y in g.coords]
    m = LeanMap(tiles=None if self_contained else TILES, control_scale=True)
    if self_contained:  # the countries are the basemap; tiles only when asked for (and reachable)
        countries_layer(map_inputs(data_root(data_dir))).add_to(m)
        folium.TileLayer(TILES, name="Background tiles (Esri; needs the internet)", overlay=True, show=False).add_to(m)
    # Keep the journeys clear of the side panel (right, 420 px wide on a desktop).
    m.fit_bounds([[min(ys), min(xs)], [max(ys), max(xs)]], padding_top_left=(20, 20), padding_bottom_right=(440, 20))
    return m


def build_route_map(
    origin: str,
    destination: str,
    *,
    optimize: Optimize = "time",
    self_contained: bool = False,
    data_dir: str | Path | None = None,
    **options: Any,
) -> folium.Map:
    """A map of the best journey today and with the proposed lines, with the time–distance chart beside it.

    ``options`` go to :func:`corridormap.route` (``modes``, ``via``, ``avoid``, ``params``);
    ``self_contained`` draws the countries as the basemap instead of tiles (as ``build_maps`` does).

    Examples
    --------
    >>> import corridormap as cm
    >>> m = cm.build_route_map("Tashkent", "Karachi")
    >>> "Time–distance" in m.get_root().render()
    True
    """
    names, xy = _places(data_dir)
    found: list[tuple[str, Route | str]] = []
    for label, proposed, _ in _SCENARIOS:
        try:
            found.append(
                (
                    label,
                    route(
                        origin,
                        destination,
                        optimize=optimize,
                        include_proposed=proposed,
                        data_dir=data_dir,
                        **options,
                    ),
                )
            )
        except LookupError as exc:
            if proposed:
                raise
            found.append((label, str(exc)))
    journeys = [(label, r) for label, r in found if isinstance(r, Route)]
    m = _new_map([r for _, r in journeys], self_contained=self_contained, data_dir=data_dir)
    for n, (label, r) in enumerate(journeys):
        _journey_layer(label, r, names, xy, show=n == len(journeys) - 1 or n == 0).add_to(m)
    first = journeys[0][1]
    heading = f"{names.get(first.origin, first.origin)} → {names.get(first.destination, first.destination)}"
    colors = [c for label, _, c in _SCENARIOS if any(label == j for j, _ in journeys)]
    body = (
        f"<details open><summary>{esc(heading)}, best by {esc(optimize)}</summary>{_table(found)}"
        f"<p><b>Time–distance</b></p>{time_distance_svg(journeys, colors=colors, names=names)}</details>"
    )
    return _finish(m, body)


def build_routes_map(
    origins: Sequence[str] = STANDARD_ORIGINS,
    ports: Sequence[str] = STANDARD_PORTS,
    *,
    self_contained: bool = False,
    data_dir: str | Path | None = None,
) -> folium.Map:
    """The standard journeys (each origin to each port, today and with the proposed lines) as layers.

    The panel gives every journey's km, hours and US$, and one time–distance chart per origin.

    Examples
    --------
    >>> import corridormap as cm
    >>> m = cm.build_routes_map(["Tashkent"], ["Karachi"])
    >>> "Tashkent" in m.get_root().render()
    True
    """
    names, xy = _places(data_dir)
    m: folium.Map | None = None
    sections: list[str] = []
    layers: list[tuple[str, Route]] = []
    for origin in origins:
        rows: list[tuple[str, Route | str]] = []
        charts: list[tuple[str, Route]] = []
        for port in ports:
            for label, proposed, _ in _SCENARIOS:
                try:
                    r = route(origin, port, include_proposed=proposed, data_dir=data_dir)
                except LookupError as exc:
                    rows.append((f"{port}, {label.lower()}", str(exc)))
                    continue
                rows.append((f"{names.get(r.destination, port)}, {label.lower()}", r))
                layers.append((f"{names.get(r.origin, origin)} → {names.get(r.destination, port)}, {label.lower()}", r))
                if port == ports[0]:
                    charts.append((label, r))
        colors = [c for _, _, c in _SCENARIOS][: len(charts)]
        sections.append(
            f"<details{' open' if not sections else ''}><summary>{esc(names.get(origin.lower(), origin))}</summary>"
            f"{_table(rows)}<p><b>Time–distance to {esc(ports[0])}</b></p>"
            f"{time_distance_svg(charts, colors=colors, names=names)}"
            "</details>"
        )
    m = _new_map([r for _, r in layers], self_contained=self_contained, data_dir=data_dir)
    for n, (label, r) in enumerate(layers):
        _journey_layer(label, r, names, xy, show=n == 0).add_to(m)
    intro = (
        "<p><b>Transit to the seaports</b>: the fastest journey from each origin to each port, today and with "
        "the proposed lines (layers, top left).</p>"
    )
    return _finish(m, intro + "".join(sections))
