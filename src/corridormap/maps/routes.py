"""Journeys on a map, beside their time–distance chart (ESCAP style).

The chart plots cumulative hours against cumulative km: moving makes a sloped line (the
steeper, the slower), and every border, transfer or port a vertical step of the hours it
costs. It is plain SVG written here, with every label escaped; the map is folium, laid out
as the corridor maps are (:mod:`.layout`, :mod:`.labels`), with the journeys' panel of
:mod:`.journey_panel`: one origin–port pair at a time, today's journey and, where the
proposed lines change it, that one too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, cast

import folium
from pandas.api.types import is_object_dtype

from .. import formatting as fmt
from .._paths import data_root
from ..errors import NoRouteError
from ..journey import Route
from ..routing import STANDARD_ORIGINS, STANDARD_PORTS, Optimize, route
from ..transport_network import network_gdfs, network_params
from .assets import HtmlPopup, LeanMap, LoadCheck
from .inputs import map_inputs
from .journey_panel import CSS, SCENARIOS, JourneyChooser, Pair, journeys_legend, journeys_panel, scope_note
from .labels import LABEL_CSS, Label, LabelsInView, label_layer
from .layers import countries_layer
from .layout import Layout
from .panels import Panels
from .popups import esc, short_name
from .share import ViewInHash
from .style import DECIMALS, TILES

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

__all__ = ["MODE_STYLE", "build_route_map", "build_routes_map", "time_distance_svg"]

#: Leg colours by mode; proposed and under-construction legs are dashed.
MODE_STYLE: Final = {"road": "#8c510a", "rail": "#2166ac"}
#: Points where a journey pays: borders (red, larger) and transfers or the port (grey).
_BORDER_DOT: Final = "#e31a1c"
_PAY_DOT: Final = "#525252"


def _legs(r: Route) -> list[dict[str, Any]]:
    """``r.legs.to_dict(orient="records")``, read column by column (to_dict reads a GeoDataFrame row by row: 4x slower).

    The same dicts: to_dict changes values only in object-typed columns, which the legs have
    none of (strings, floats and the geometry); a frame that has one goes through to_dict.
    """
    legs = r.legs
    if any(is_object_dtype(dtype) for dtype in legs.dtypes):
        return cast("list[dict[str, Any]]", legs.to_dict(orient="records"))
    names = list(legs.columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*(column for _, column in legs.items()), strict=True)]


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
                f"{short_name(names.get(leg['to_node'], leg['to_node']))}: {label}" if label else "",
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
    totals: bool = True,
) -> str:
    """An SVG time–distance chart of journeys: cumulative hours (up) against km (right).

    Each border, transfer or port is a vertical step labelled with its hours when it costs
    two hours or more and the label overlaps no other (the longest stops are labelled first);
    ``names`` maps node ids to the names shown; ``totals=False`` leaves each journey's km and
    hours out of its title (when a table beside the chart gives them). Every label is escaped.

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
        anchor = "end" if frac == 1.0 else "middle"  # the last tick's number inside the chart
        parts.append(
            f"<text x='{sx(km):.1f}' y='{height - bottom + 13}' font-size='10' text-anchor='{anchor}'>{km:,.0f}</text>"
        )
        parts.append(f"<text x='{left - 4}' y='{sy(h) + 3:.1f}' font-size='10' text-anchor='end'>{h:,.0f}</text>")
    parts.append(f"<text x='{(left + width) / 2:.0f}' y='{height - 4}' font-size='11' text-anchor='middle'>km</text>")
    parts.append(
        f"<text x='12' y='{top + 8}' font-size='11' transform='rotate(-90 12 {top + 8})' text-anchor='end'>hours</text>"
    )
    # Boxes taken (x0, y0, x1, y1): the journeys' titles, then step labels, the longest stops first.
    taken: list[tuple[float, float, float, float]] = [
        (left + 6, top + 3 + 13 * n, width - right, top + 15 + 13 * n) for n in range(len(journeys))
    ]
    marks: list[tuple[float, str, tuple[float, float, float, float]]] = []
    for n, (label, r) in enumerate(journeys):
        color = colors[n] if n < len(colors) else ("#4d4d4d", "#d6604d", "#1b7837", "#762a83")[n % 4]
        points = [(sx(0), sy(0))]
        for km, before, after, paid, text in _steps(r, names or {}):
            points += [(sx(km), sy(before)), (sx(km), sy(after))]
            if paid >= 2 and text:
                words = f"{text} {paid:,.0f} h"
                right = sx(km) > width * 0.55  # label on the left of steps near the right edge
                x, y, w = sx(km) + (-3 if right else 3), (sy(before) + sy(after)) / 2 + 3, len(words) * 9 * 0.55
                box = (x - w if right else x, y - 8, x if right else x + w, y + 2)
                marks.append(
                    (
                        paid,
                        f"<text x='{x:.1f}' y='{y:.1f}' font-size='9' fill='{color}' "
                        f"text-anchor='{'end' if right else 'start'}'>{esc(words)}</text>",
                        box,
                    )
                )
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f"<polyline points='{path}' fill='none' stroke='{color}' stroke-width='2'/>")
        parts.append(
            f"<text x='{left + 6}' y='{top + 12 + 13 * n}' font-size='11' fill='{color}'>"
            f"{esc(label)}{f': {r.km:,.0f} km, {r.hours:,.1f} h' if totals else ''}</text>"
        )
    for _, mark, box in sorted(marks, key=lambda m: -m[0]):  # a label that would overlap another is left out
        if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken):
            taken.append(box)
            parts.append(mark)
    parts.append("</svg>")
    return "".join(parts)


def _leg_tip(leg: dict[str, Any], names: dict[str, str]) -> str:
    paid = f"<br>then {esc(leg['end_note'])}" if leg["end_note"] else ""
    ends = f"{esc(names.get(leg['from_node'], leg['from_node']))} → {esc(names.get(leg['to_node'], leg['to_node']))}"
    return (
        f"<b>{ends}</b><br>{esc(leg['mode'])} on {esc(leg['link'])} ({esc(leg['status'])}), {esc(leg['country'])}: "
        f"{fmt.km(leg['km'])}, {fmt.hours(leg['hours'])}, {fmt.dollars(leg['usd'])} (one 20 t load){paid}<br>"
        f"<small>sources: {esc(leg['sources'])}; speed and cost: {esc(leg['cost_sources'])}</small>"
    )


def _paid_at(leg: dict[str, Any], names: dict[str, str]) -> str:
    """What a journey pays at a leg's end, for its point's label: 'Khunjerab Pass: 23 h'."""
    name = short_name(names.get(leg["to_node"], leg["to_node"]))
    kind = "" if leg["end_kind"] == "border" else f" {leg['end_kind'].replace('_', ' ')}"
    return f"{name}:{kind} {leg['end_hours']:,.0f} h"


def _draw(
    r: Route,
    group: folium.FeatureGroup,
    names: dict[str, str],
    xy: dict[str, tuple[float, float]],
    *,
    edge: str,
    skip: set[str],
) -> tuple[list[Label], list[Label]]:
    """The journey's legs (but those in ``skip``) edged in ``edge``, its paid points; their labels: borders, others."""
    borders: list[Label] = []
    others: list[Label] = []
    for leg in _legs(r):
        if leg["link"] in skip:
            continue
        line = [(round(y, DECIMALS), round(x, DECIMALS)) for x, y in leg["geometry"].coords]
        folium.PolyLine(  # type: ignore[no-untyped-call]
            line,
            color=edge,
            weight=10,
            opacity=0.5,
            class_name="cm-journey",
            tooltip=folium.Tooltip(_leg_tip(leg, names)),
        ).add_to(group)
        folium.PolyLine(  # type: ignore[no-untyped-call]
            line,
            color=MODE_STYLE[leg["mode"]],
            weight=4,
            dash_array=None if leg["status"] == "operating" else "8 6",
            interactive=False,
        ).add_to(group)
        if leg["end_kind"]:
            x, y = xy[leg["to_node"]]
            border = leg["end_kind"] == "border"
            folium.CircleMarker(
                (round(y, DECIMALS), round(x, DECIMALS)),
                radius=6 if border else 4,
                color="#ffffff",
                weight=1.5,
                fill=True,
                fill_color=_BORDER_DOT if border else _PAY_DOT,
                fill_opacity=0.9,
                tooltip=folium.Tooltip(esc(_paid_at(leg, names))),
                popup=HtmlPopup(f"<b>{esc(_paid_at(leg, names))}</b><br>{esc(leg['end_note'])}", max_width=300),
            ).add_to(group)
            if leg["end_kind"] != "port" and leg["end_hours"] >= 1:
                (borders if border else others).append(Label(_paid_at(leg, names), "post", x, y))
    return borders, others


def _bounds(routes: list[Route]) -> list[list[float]]:
    xs = [x for r in routes for g in r.legs.geometry for x, _ in g.coords]
    ys = [y for r in routes for g in r.legs.geometry for _, y in g.coords]
    return [[round(min(ys), DECIMALS), round(min(xs), DECIMALS)], [round(max(ys), DECIMALS), round(max(xs), DECIMALS)]]


def _pair_layer(
    pair: Pair, names: dict[str, str], xy: dict[str, tuple[float, float]], base: list[Label], *, show: bool
) -> folium.FeatureGroup:
    """Today's journey, the proposed lines' where it differs (only its own legs), the labels of their paid points."""
    ends = f"{short_name(names[pair.origin])} → {short_name(names[pair.port])}"
    group = folium.FeatureGroup(name=esc(ends), show=show)
    borders: list[Label] = []
    others: list[Label] = []
    drawn: set[str] = set()
    for (_, _, edge), r in zip(SCENARIOS, (pair.today, pair.proposed)):
        if isinstance(r, Route) and not (drawn and pair.same):
            found = _draw(r, group, names, xy, edge=edge, skip=drawn)
            borders, others = borders + found[0], others + found[1]
            drawn |= set(r.legs["link"])
    unique = list({(lbl.text, lbl.lon, lbl.lat): lbl for lbl in borders + others}.values())  # borders first
    label_layer(base + unique, draw={"post"}).add_to(group)
    return group


def _chart(pair: Pair, names: dict[str, str]) -> str:
    found = [(label, r) for (label, _, _), r in zip(SCENARIOS, (pair.today, pair.proposed)) if isinstance(r, Route)]
    colors = [c for (label, _, c) in SCENARIOS if any(label == f for f, _ in found)]
    if pair.same:
        found, colors = [("Today and with the proposed lines", found[0][1])], colors[:1]
    # Narrow enough to read in a phone's panel; the totals are in the table above it.
    return time_distance_svg(found, colors=colors, names=names, width=330, height=230, totals=False)


def _places(data_dir: str | Path | None) -> tuple[dict[str, str], dict[str, tuple[float, float]]]:
    places, _ = network_gdfs(data_dir=data_dir)
    return dict(zip(places.index, places["name"])), dict(zip(places.index, zip(places["x"], places["y"])))


def _port_hours(data_dir: str | Path | None) -> float | None:
    return next((t["hours"] for t in network_params(data_dir=data_dir)["transfers"] if t["kind"] == "port"), None)


def _pairs_map(pairs: list[Pair], *, self_contained: bool, data_dir: str | Path | None) -> folium.Map:
    """The map of ``pairs``: countries, one layer per pair (the first shown), panel, legend, labels, layout."""
    routes = [r for p in pairs for r in (p.today, p.proposed) if isinstance(r, Route)]
    if not routes:
        msg = "no journey to draw: every one asked for was cut (see the table of errors)"
        raise NoRouteError(msg)
    pairs = [p for p in pairs if isinstance(p.today, Route) or isinstance(p.proposed, Route)]
    names, xy = _places(data_dir)
    short = {k: short_name(v) for k, v in names.items()}
    root = data_root(data_dir)
    display = root / "boundaries" / "countries_display.geojson"  # without it (a bare network): tiles only
    inputs = map_inputs(root) if display.exists() else None
    m = LeanMap(location=[30, 68], zoom_start=5, tiles=None if self_contained else TILES, control_scale=True)
    if self_contained:  # the countries are the basemap; tiles only when asked for (and reachable)
        name = "Background tiles (Esri; needs the internet)"
        folium.TileLayer(TILES, name=name, overlay=True, show=inputs is None).add_to(m)
    if inputs is not None:
        countries_layer(inputs).add_to(m)
    ends = [Label(short[p.port], "port", *xy[p.port]) for p in pairs]
    ends += [Label(short[p.origin], "origin", *xy[p.origin]) for p in pairs]
    base = list({lbl.text: lbl for lbl in ends}.values()) + (inputs.country_labels if inputs else [])
    chosen = []
    for n, pair in enumerate(pairs):
        layer = _pair_layer(pair, names, xy, base, show=n == 0)
        layer.add_to(m)
        chosen.append((pair.key, layer, _bounds([r for r in (pair.today, pair.proposed) if isinstance(r, Route)])))
    label_layer(base).add_to(m)
    charts = [_chart(p, names) for p in pairs]
    body = journeys_panel(
        pairs, charts, short, scope_note(routes[0].optimize, _port_hours(data_dir))
    ) + journeys_legend(MODE_STYLE)
    Panels(body).add_to(m)
    LoadCheck().add_to(m)
    control = folium.LayerControl(collapsed=True).add_to(m)
    Layout(chosen[0][2], LABEL_CSS + CSS).add_to(m)
    LabelsInView().add_to(m)
    JourneyChooser(chosen).add_to(m)
    ViewInHash(control).add_to(m)
    m.get_root().title = "Transit to Pakistan's seaports: journeys (map)"  # type: ignore[attr-defined]
    return m


def _pair(origin: str, port: str, *, data_dir: str | Path | None, strict: bool, **options: Any) -> Pair:
    """Today's and the proposed lines' fastest journey; a journey that cannot be made is its reason (or raises)."""
    found: list[Route | str] = []
    for proposed in (False, True):
        try:
            found.append(route(origin, port, include_proposed=proposed, data_dir=data_dir, **options))
        except LookupError as exc:
            if strict and proposed:
                raise
            found.append(str(exc))
    ids = [r for r in found if isinstance(r, Route)]
    start, end = (ids[0].origin, ids[0].destination) if ids else (origin.lower(), port.lower())
    return Pair(start, end, found[0], found[1])


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
    ``self_contained`` leaves the tiles off until switched on (as ``build_maps`` does).

    Examples
    --------
    >>> import corridormap as cm
    >>> m = cm.build_route_map("Tashkent", "Karachi")
    >>> "Time–distance" in m.get_root().render()
    True
    """
    pair = _pair(origin, destination, data_dir=data_dir, strict=True, optimize=optimize, **options)
    return _pairs_map([pair], self_contained=self_contained, data_dir=data_dir)


def build_routes_map(
    origins: Sequence[str] = STANDARD_ORIGINS,
    ports: Sequence[str] = STANDARD_PORTS,
    *,
    self_contained: bool = False,
    data_dir: str | Path | None = None,
) -> folium.Map:
    """The standard journeys (each origin to each port, today and with the proposed lines), one pair at a time.

    The panel chooses the origin and the port and gives the pair's km, hours and US$ with its
    time–distance chart, and every journey in a table; each pair is also a layer.

    Examples
    --------
    >>> import corridormap as cm
    >>> m = cm.build_routes_map(["Tashkent"], ["Karachi"])
    >>> "Tashkent" in m.get_root().render()
    True
    """
    pairs = [_pair(o, p, data_dir=data_dir, strict=False) for o in origins for p in ports]
    return _pairs_map(pairs, self_contained=self_contained, data_dir=data_dir)
