"""Journeys on a map, beside their time–distance chart (ESCAP style).

The chart (:mod:`.time_distance`) plots cumulative hours against cumulative km: moving makes a
sloped line (the steeper, the slower), and every border, transfer or port a vertical step of
the hours it costs. The map is folium, laid out as the corridor maps are (:mod:`.layout`,
:mod:`.labels`), with the journeys' panel of :mod:`.journey_panel`: one origin–port pair at a
time, today's journey and, where the proposed lines change it, that one too.

The page speaks the build's language (:mod:`.i18n`): its words and units from the string table,
places named as the data names them in that language (``names`` of ``nodes.geojson``) or in
English, marked ``lang=en``, as are the router's notes and the data's ids and sources.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import folium

from .._paths import data_root
from ..data import nodes
from ..errors import NoRouteError
from ..journey import Route
from ..routing import STANDARD_ORIGINS, STANDARD_PORTS, Optimize, route
from ..transport_network import network_gdfs, network_params
from .assets import HtmlPopup, LeanMap, LoadCheck
from .i18n import (
    RTL_LANGUAGES,
    arrow,
    current_language,
    html_text,
    in_english,
    language,
    language_css,
    layer_name,
    place_name,
    t,
)
from .inputs import map_inputs
from .journey_panel import (
    CSS,
    RTL_CSS,
    SCENARIOS,
    JourneyChooser,
    Pair,
    Place,
    home_links,
    journeys_legend,
    journeys_panel,
    scenario,
    scope_note,
)
from .labels import LABEL_CSS, Label, LabelsInView, label_layer
from .layers import countries_layer
from .layout import Layout
from .panels import Panels
from .popups import esc, short_name
from .share import ViewInHash
from .style import DECIMALS, TILES
from .time_distance import leg_rows, paid_kinds, time_distance_svg
from .units import dollars, hours, kilometres

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

__all__ = ["MODE_STYLE", "build_route_map", "build_routes_map", "time_distance_svg"]

#: Leg colours by mode; proposed and under-construction legs are dashed.
MODE_STYLE: Final = {"road": "#8c510a", "rail": "#2166ac"}
#: Points where a journey pays: borders (red, larger) and transfers or the port (grey).
_BORDER_DOT: Final = "#e31a1c"
_PAY_DOT: Final = "#525252"


def _leg_tip(leg: dict[str, Any], names: dict[str, Place]) -> str:
    paid = f"<br>{html_text('routes.then', note=in_english(esc(leg['end_note'])))}" if leg["end_note"] else ""
    ends = f"{names[leg['from_node']].html} {arrow()} {names[leg['to_node']].html}"
    figures = f"{kilometres(leg['km'])}, {hours(leg['hours'])}, {dollars(leg['usd'])}"
    what = html_text(
        "routes.leg",
        mode=esc(t(f"routes.mode.{leg['mode']}")),
        link=in_english(esc(leg["link"])),
        status=esc(t(f"status.{leg['status']}").lower()),
        country=esc(leg["country"]),
        figures=figures,
    )
    sources = html_text(
        "routes.leg_sources", sources=in_english(esc(leg["sources"])), costs=in_english(esc(leg["cost_sources"]))
    )
    return f"<b>{ends}</b><br>{what}{paid}<br><small>{sources}</small>"


def _paid_at(leg: dict[str, Any], names: dict[str, Place]) -> tuple[Place, str]:
    """Where a journey pays at a leg's end, and what, for its point's label: (Khunjerab Pass, ': 23 h')."""
    kind = "" if leg["end_kind"] == "border" else f" {paid_kinds(leg['end_kind'])}"
    return names[leg["to_node"]], f":{kind} {hours(leg['end_hours'], 0)}"


def _draw(
    r: Route,
    group: folium.FeatureGroup,
    names: tuple[dict[str, Place], dict[str, Place]],
    xy: dict[str, tuple[float, float]],
    *,
    edge: str,
    skip: set[str],
) -> tuple[list[Label], list[Label]]:
    """The journey's legs (but those in ``skip``) edged in ``edge``, its paid points; their labels: borders, others.

    ``names``: the places' full names (for the tooltips) and short ones (for the labels).
    """
    full, short = names
    borders: list[Label] = []
    others: list[Label] = []
    for leg in leg_rows(r):
        if leg["link"] in skip:
            continue
        line = [(round(y, DECIMALS), round(x, DECIMALS)) for x, y in leg["geometry"].coords]
        folium.PolyLine(  # type: ignore[no-untyped-call]
            line,
            color=edge,
            weight=10,
            opacity=0.5,
            class_name="cm-journey",
            tooltip=folium.Tooltip(_leg_tip(leg, full)),
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
            place, paid = _paid_at(leg, short)
            folium.CircleMarker(
                (round(y, DECIMALS), round(x, DECIMALS)),
                radius=6 if border else 4,
                color="#ffffff",
                weight=1.5,
                fill=True,
                fill_color=_BORDER_DOT if border else _PAY_DOT,
                fill_opacity=0.9,
                tooltip=folium.Tooltip(place.html + esc(paid)),
                popup=HtmlPopup(f"<b>{place.html}{esc(paid)}</b><br>{in_english(esc(leg['end_note']))}", max_width=300),
            ).add_to(group)
            if leg["end_kind"] != "port" and leg["end_hours"] >= 1:
                (borders if border else others).append(Label(place.text + paid, "post", x, y))
    return borders, others


def _bounds(routes: list[Route]) -> list[list[float]]:
    xs = [x for r in routes for g in r.legs.geometry for x, _ in g.coords]
    ys = [y for r in routes for g in r.legs.geometry for _, y in g.coords]
    return [[round(min(ys), DECIMALS), round(min(xs), DECIMALS)], [round(max(ys), DECIMALS), round(max(xs), DECIMALS)]]


@dataclass(frozen=True)
class _Names:
    """The network's places by node id: English (as the data has them), and as the page shows them."""

    english: dict[str, str]  # full names: "Karachi (Port of Karachi)"
    full: dict[str, Place]  # in the tooltips: the name in the page's language, else the full English one
    short: dict[str, Place]  # on labels, in the panel and the chart: "Karachi", "Карачи"


def _names(data_dir: str | Path | None, english: dict[str, str]) -> _Names:
    """The places' names in the current language where ``nodes.geojson`` has them, English otherwise."""
    data = nodes(data_dir=data_dir)
    given = data["names"] if "names" in data else [None] * len(data)  # a data folder may name no place
    local = {k: place_name(v, "") for k, v in zip(data["id"], given) if k in english}
    full = {k: Place(local[k], english=False) if local.get(k) else Place(v, english=True) for k, v in english.items()}
    short = {
        k: Place(local[k], english=False) if local.get(k) else Place(short_name(v), english=True)
        for k, v in english.items()
    }
    return _Names(english, full, short)


def _pair_layer(
    pair: Pair, names: _Names, xy: dict[str, tuple[float, float]], base: list[Label], *, show: bool
) -> folium.FeatureGroup:
    """Today's journey, the proposed lines' where it differs (only its own legs), the labels of their paid points.

    Outside English the layer's name keeps its English one before it, hidden, for shared links (as
    :func:`~corridormap.maps.i18n.layer_name` does; " · " ends what a link's slug reads).
    """
    english = esc(f"{short_name(names.english[pair.origin])} → {short_name(names.english[pair.port])}")
    shown = f"{names.short[pair.origin].html} {arrow()} {names.short[pair.port].html}"
    title = english if current_language() == "en" else f"<span hidden>{english} · </span>{shown}"
    group = folium.FeatureGroup(name=title, show=show)
    borders: list[Label] = []
    others: list[Label] = []
    drawn: set[str] = set()
    for (_, _, edge), r in zip(SCENARIOS, (pair.today, pair.proposed)):
        if isinstance(r, Route) and not (drawn and pair.same):
            found = _draw(r, group, (names.full, names.short), xy, edge=edge, skip=drawn)
            borders, others = borders + found[0], others + found[1]
            drawn |= set(r.legs["link"])
    unique = list({(lbl.text, lbl.lon, lbl.lat): lbl for lbl in borders + others}.values())  # borders first
    label_layer(base + unique, draw={"post"}).add_to(group)
    return group


def _chart(pair: Pair, names: dict[str, Place]) -> str:
    journeys: list[tuple[str, Route]] = []
    colors: list[str] = []
    for n, r in enumerate((pair.today, pair.proposed)):
        if isinstance(r, Route):
            label, _, color = scenario(n)
            journeys.append((label, r))
            colors.append(color)
    if pair.same:
        journeys, colors = [(t("routes.same_chart"), journeys[0][1])], colors[:1]
    # Narrow enough to read in a phone's panel; the totals are in the table above it.
    return time_distance_svg(journeys, colors=colors, names=names, width=330, height=230, totals=False)


def _places(data_dir: str | Path | None) -> tuple[dict[str, str], dict[str, tuple[float, float]]]:
    places, _ = network_gdfs(data_dir=data_dir)
    return dict(zip(places.index, places["name"])), dict(zip(places.index, zip(places["x"], places["y"])))


def _port_hours(data_dir: str | Path | None) -> float | None:
    return next((t["hours"] for t in network_params(data_dir=data_dir)["transfers"] if t["kind"] == "port"), None)


def _pairs_map(
    pairs: list[Pair], *, self_contained: bool, data_dir: str | Path | None, home: bool = False
) -> folium.Map:
    """The map of ``pairs`` in the current language: countries, one layer per pair (the first shown), panel, legend.

    ``home``: links to the overview and the text table, for the routes map the build writes beside them.
    """
    routes = [r for p in pairs for r in (p.today, p.proposed) if isinstance(r, Route)]
    if not routes:
        msg = "no journey to draw: every one asked for was cut (see the table of errors)"
        raise NoRouteError(msg)
    pairs = [p for p in pairs if isinstance(p.today, Route) or isinstance(p.proposed, Route)]
    english, xy = _places(data_dir)
    names = _names(data_dir, english)
    short = names.short
    root = data_root(data_dir)
    display = root / "boundaries" / "countries_display.geojson"  # without it (a bare network): tiles only
    inputs = map_inputs(root) if display.exists() else None
    m = LeanMap(location=[30, 68], zoom_start=5, tiles=None if self_contained else TILES, control_scale=True)
    if self_contained:  # the countries are the basemap; tiles only when asked for (and reachable)
        name = layer_name("Background tiles (Esri; needs the internet)", "layer.tiles")
        folium.TileLayer(TILES, name=name, overlay=True, show=inputs is None).add_to(m)
    if inputs is not None:
        countries_layer(inputs).add_to(m)
    ends = [Label(short[p.port].text, "port", *xy[p.port]) for p in pairs]
    ends += [Label(short[p.origin].text, "origin", *xy[p.origin]) for p in pairs]
    base = list({lbl.text: lbl for lbl in ends}.values()) + (inputs.country_labels if inputs else [])
    chosen = []
    for n, pair in enumerate(pairs):
        layer = _pair_layer(pair, names, xy, base, show=n == 0)
        layer.add_to(m)
        chosen.append((pair.key, layer, _bounds([r for r in (pair.today, pair.proposed) if isinstance(r, Route)])))
    label_layer(base).add_to(m)
    charts = [_chart(p, short) for p in pairs]
    body = journeys_panel(
        pairs, charts, short, scope_note(routes[0].optimize, _port_hours(data_dir)), links=home_links() if home else ""
    ) + journeys_legend(MODE_STYLE)
    Panels(body).add_to(m)
    LoadCheck().add_to(m)
    control = folium.LayerControl(collapsed=True).add_to(m)
    right_to_left = RTL_CSS if current_language() in RTL_LANGUAGES else ""
    Layout(chosen[0][2], LABEL_CSS + CSS + language_css() + right_to_left).add_to(m)
    LabelsInView().add_to(m)
    JourneyChooser(chosen).add_to(m)
    ViewInHash(control).add_to(m)
    m.get_root().title = t("routes.page_title")  # type: ignore[attr-defined]
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
    lang: str = "en",
    **options: Any,
) -> folium.Map:
    """A map of the best journey today and with the proposed lines, with the time–distance chart beside it.

    ``options`` go to :func:`corridormap.route` (``modes``, ``via``, ``avoid``, ``params``);
    ``self_contained`` leaves the tiles off until switched on (as ``build_maps`` does); ``lang``
    is the map's language (one of :data:`~corridormap.maps.i18n.LANGUAGES`).

    Examples
    --------
    >>> import corridormap as cm
    >>> m = cm.build_route_map("Tashkent", "Karachi")
    >>> "Time–distance" in m.get_root().render()
    True
    """
    pair = _pair(origin, destination, data_dir=data_dir, strict=True, optimize=optimize, **options)
    with language(lang):
        return _pairs_map([pair], self_contained=self_contained, data_dir=data_dir)


def build_routes_map(
    origins: Sequence[str] = STANDARD_ORIGINS,
    ports: Sequence[str] = STANDARD_PORTS,
    *,
    self_contained: bool = False,
    data_dir: str | Path | None = None,
    lang: str = "en",
) -> folium.Map:
    """The standard journeys (each origin to each port, today and with the proposed lines), one pair at a time.

    The panel chooses the origin and the port and gives the pair's km, hours and US$ with its
    time–distance chart, and every journey in a table; each pair is also a layer. ``lang``: the
    map's language, its words from the string table and places named as the data names them in it.
    The panel links to the overview (``index.html``) and the text table beside it, as
    :func:`~corridormap.build_maps` writes them; the overview and the table link back.

    Examples
    --------
    >>> import corridormap as cm
    >>> m = cm.build_routes_map(["Tashkent"], ["Karachi"])
    >>> "Tashkent" in m.get_root().render()
    True
    >>> "Ташкент" in cm.build_routes_map(["Tashkent"], ["Karachi"], lang="ru").get_root().render()
    True
    """
    pairs = [_pair(o, p, data_dir=data_dir, strict=False) for o in origins for p in ports]
    with language(lang):
        return _pairs_map(pairs, self_contained=self_contained, data_dir=data_dir, home=True)
