"""Journeys on the transport network: the best route, k alternatives, and tables of many pairs.

A journey costs, leg by leg: moving (geodesic km per country at that country's speed and
US$ per km for the mode, from ``network/params.json``); at each node where it changes
country, the clearance of the country left (outbound) plus the country entered (inbound)
for the mode — the node's own figure, else the countries' defaults; a transfer where it
changes mode or rail gauge; handling at a destination port. ``optimize`` chooses which of
km, hours or US$ Dijkstra minimises (networkx underneath).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal, cast

import networkx as nx
import pandas as pd

from ._alternatives import by_borders, by_lines
from ._journey_graph import ACTIVE_STATUSES, PROPOSED_STATUSES, Costing, journey_graph, sink, source
from .caching import forget_on_clear
from .errors import NoRouteError
from .journey import Route, route_from_path
from .places import match_in, resolve_place
from .transport_network import content_key, shared_graph, shared_params

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from pathlib import Path

__all__ = [
    "OPTIMIZE",
    "STANDARD_ORIGINS",
    "STANDARD_PORTS",
    "Optimize",
    "Route",
    "resolve_place",
    "route",
    "route_alternatives",
    "routes",
    "transit_matrix",
]

Optimize = Literal["distance", "time", "cost"]
OPTIMIZE = ("distance", "time", "cost")
#: The standard journeys: each Central Asian capital (and Kashgar) to each of Pakistan's seaports.
STANDARD_ORIGINS = ("Tashkent", "Almaty", "Bishkek", "Dushanbe", "Ashgabat", "Kashgar")
STANDARD_PORTS = ("Karachi", "Port Qasim", "Gwadar")
_MODES = ("road", "rail")


# ------------------------------------------------------------------ graphs


def _merged(base: dict[str, Any], override: dict[str, Any] | None) -> dict[str, Any]:
    """``base`` parameters with ``override``'s entries replacing those with the same key."""
    if not override:
        return base
    keys = {"speed_cost": ("mode", "country"), "border_defaults": ("country", "mode"), "transfers": ("kind",)}
    merged = dict(base)
    for field, key in keys.items():
        table = {tuple(e[k] for k in key): e for e in base.get(field, [])}
        table.update({tuple(e[k] for k in key): e for e in override.get(field, [])})
        merged[field] = list(table.values())
    merged["border"] = {**base.get("border", {}), **override.get("border", {})}
    return merged


@forget_on_clear
@forget_on_clear
@lru_cache(maxsize=64)
def _journeys(
    root: Path,
    key: str,
    params_json: str,
    optimize: str,
    modes: tuple[str, ...],
    include_proposed: bool,
    avoid: tuple[str, ...],
) -> nx.DiGraph[Any]:
    params = _merged(shared_params(root, key), json.loads(params_json) if params_json else None)
    statuses = ACTIVE_STATUSES | (PROPOSED_STATUSES if include_proposed else frozenset())
    network = shared_graph(root, key)
    avoid_nodes = [a for a in avoid if a in network]
    return journey_graph(
        network, Costing.of(params), optimize=optimize, modes=modes, statuses=statuses,
        avoid_nodes=avoid_nodes, avoid_links=[a for a in avoid if a not in network],
    )  # fmt: skip


@dataclass(frozen=True)
class _Query:
    root: Path
    key: str
    params_json: str
    optimize: str
    modes: tuple[str, ...]
    include_proposed: bool
    avoid: tuple[str, ...]

    def graph(self, **change: Any) -> nx.DiGraph[Any]:
        fields = {**self.__dict__, **change}
        return _journeys(
            fields["root"], fields["key"], fields["params_json"], fields["optimize"], fields["modes"],
            fields["include_proposed"], fields["avoid"],
        )  # fmt: skip


def _query(
    optimize: str,
    modes: Sequence[str] | str,
    include_proposed: bool,
    avoid: Iterable[str] | str | None,
    params: dict[str, Any] | None,
    data_dir: str | Path | None,
) -> _Query:
    if optimize not in OPTIMIZE:
        msg = f"optimize={optimize!r} is not supported — use one of: {', '.join(OPTIMIZE)}"
        raise ValueError(msg)
    modes = (modes,) if isinstance(modes, str) else tuple(modes)
    if not modes or any(m not in _MODES for m in modes):
        msg = f"modes={modes!r} is not supported — use 'road', 'rail' or both"
        raise ValueError(msg)
    root, key = content_key(data_dir)
    network = shared_graph(root, key)
    avoided = []
    for name in [avoid] if isinstance(avoid, str) else list(avoid or []):
        links = {d["link"] for _, _, d in network.edges(data=True)}
        avoided.append(name if name in links else match_in(root, key, name)[0])
    params_json = json.dumps(params, sort_keys=True) if params else ""
    return _Query(root, key, params_json, optimize, tuple(sorted(set(modes))), include_proposed, tuple(sorted(avoided)))


def _why(q: _Query, origin: str, destination: str) -> str:
    """Which filter cuts every journey from ``origin`` to ``destination``."""
    src, dst = source(origin), sink(destination)

    def reachable(graph: nx.DiGraph[Any]) -> bool:
        return src in graph and dst in graph and bool(nx.has_path(graph, src, dst))

    names = f"{origin} to {destination}"
    if q.avoid and reachable(q.graph(avoid=())):
        return f"no route from {names} avoiding {', '.join(q.avoid)} — every route passes there"
    if not q.include_proposed and reachable(q.graph(include_proposed=True)):
        return f"no route from {names} on operating lines — there is one with the proposed lines (include_proposed)"
    if set(q.modes) != set(_MODES) and reachable(q.graph(modes=_MODES)):
        return f"no route from {names} by {' or '.join(q.modes)} alone — there is one mixing road and rail"
    return f"no route from {names}: the network does not join them under any filter"


def _via_path(graph: nx.DiGraph[Any], stops: list[str]) -> list[Any] | None:
    """Best path through ``stops`` in order, paying what is due at each intermediate stop."""
    frontier: dict[Any, tuple[float, list[Any]]] = {source(stops[0]): (0.0, [source(stops[0])])}
    for n, stop in enumerate(stops[1:], start=1):
        work = graph.copy()
        work.add_edges_from([("start", v, {"weight": cost}) for v, (cost, _) in frontier.items()])
        dist, paths = cast("tuple[dict[Any, float], dict[Any, list[Any]]]", nx.single_source_dijkstra(work, "start"))

        def full(p: list[Any], reached: dict[Any, tuple[float, list[Any]]] = frontier) -> list[Any]:
            return [*reached[p[1]][1], *p[2:]]

        if n == len(stops) - 1:
            return full(paths[sink(stop)]) if sink(stop) in dist else None
        step: dict[Any, tuple[float, list[Any]]] = {}
        for depart in graph.successors(source(stop)) if source(stop) in graph else []:
            for arrive in graph.predecessors(depart):
                if arrive in dist and arrive[0] == "in":
                    cost = dist[arrive] + graph.edges[arrive, depart]["weight"]
                    if depart not in step or cost < step[depart][0]:
                        step[depart] = (cost, [*full(paths[arrive]), depart])
        if not step:
            return None
        frontier = step
    return None


def _resolve_all(q: _Query, origin: str, destination: str, via: Iterable[str] | str | None) -> list[str]:
    stops = [
        match_in(q.root, q.key, p)[0] for p in [origin, *([via] if isinstance(via, str) else via or []), destination]
    ]
    if stops[0] == stops[-1]:
        msg = f"origin and destination are the same place ({stops[0]}) — give two different places"
        raise ValueError(msg)
    for stop in stops:
        if stop in q.avoid:
            msg = f"{stop} is both a stop of the journey and avoided — drop it from avoid"
            raise ValueError(msg)
    return stops


def _best(q: _Query, stops: list[str]) -> Route:
    graph = q.graph()
    path: list[Any] | None
    if len(stops) > 2:
        path = _via_path(graph, stops)
    else:
        try:
            path = nx.dijkstra_path(graph, source(stops[0]), sink(stops[-1]), weight="weight")
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            path = None
    if path is None:
        why = _why(q, stops[0], stops[-1])
        raise NoRouteError(why + (f" (via {', '.join(stops[1:-1])})" if len(stops) > 2 else ""))
    return route_from_path(shared_graph(q.root, q.key), graph, path, stops[0], stops[-1], q.optimize)


def route(
    origin: str,
    destination: str,
    *,
    optimize: Optimize = "time",
    modes: Sequence[str] | str = _MODES,
    include_proposed: bool = True,
    via: Iterable[str] | str | None = None,
    avoid: Iterable[str] | str | None = None,
    params: dict[str, Any] | None = None,
    data_dir: str | Path | None = None,
) -> Route:
    """The best journey from ``origin`` to ``destination`` by time, distance or cost.

    Parameters
    ----------
    origin, destination
        Places: node ids, names or aliases, any case (``"Tashkent"``, ``"port qasim"``).
    optimize
        ``"time"`` (hours, default), ``"distance"`` (km) or ``"cost"`` (US$).
    modes
        ``"road"``, ``"rail"`` or both (default); both allow changing mode at a node.
    include_proposed
        Use lines that are proposed or under construction (default); False for today's network.
    via
        Places the journey must pass, in order.
    avoid
        Places (e.g. a border crossing) or link ids the journey must not use.
    params
        Parameters replacing those of ``network/params.json`` entry by entry (same shape as
        :func:`corridormap.network_params`; ``"border": {node_id: [figures]}`` replaces a node's figures).
    data_dir
        Data folder; default the project's ``geodata/``.

    Raises
    ------
    UnknownPlaceError
        A place matches no node; the message names the closest.
    NoRouteError
        No journey under these filters; the message says which filter cut it.

    Examples
    --------
    >>> import corridormap as cm
    >>> r = cm.route("Tashkent", "Karachi")
    >>> r.origin, r.destination, bool(abs(r.km - r.legs["km"].sum()) < 1e-9)
    ('tashkent', 'karachi', True)
    """
    q = _query(optimize, modes, include_proposed, avoid, params, data_dir)
    return _best(q, _resolve_all(q, origin, destination, via))


def route_alternatives(
    origin: str,
    destination: str,
    *,
    k: int = 3,
    optimize: Optimize = "time",
    modes: Sequence[str] | str = _MODES,
    include_proposed: bool = True,
    avoid: Iterable[str] | str | None = None,
    distinct: Literal["entry", "borders", "lines"] = "entry",
    max_shared: float = 0.9,
    params: dict[str, Any] | None = None,
    data_dir: str | Path | None = None,
) -> list[Route]:
    """Up to ``k`` best distinct journeys, best first.

    ``distinct="entry"`` (default): each journey reaches the destination's country through a
    different border — a different corridor (into Pakistan through Khunjerab, Torkham, Chaman,
    Kharlachi...). ``distinct="borders"``: each crosses a different sequence of borders. Both
    are found Yen-style, each journey spawning the best one that avoids one more of its borders.
    ``distinct="lines"``: networkx's ``shortest_simple_paths``, skipping a journey that shares
    more than ``max_shared`` of its km with a better one (``1.0`` keeps every distinct path).
    No journey passes a place twice. Fewer than ``k`` come back when the network has fewer.
    Other options as for :func:`route`.

    Examples
    --------
    >>> import corridormap as cm
    >>> found = cm.route_alternatives("Tashkent", "Karachi", k=2)
    >>> found[0].hours <= found[1].hours, found[0].borders[-1] != found[1].borders[-1]
    (True, True)
    """
    if k < 1:
        msg = f"k={k} — ask for at least one journey"
        raise ValueError(msg)
    if distinct not in ("entry", "borders", "lines"):
        msg = f"distinct={distinct!r} is not supported — use 'entry', 'borders' or 'lines'"
        raise ValueError(msg)
    q = _query(optimize, modes, include_proposed, avoid, params, data_dir)
    stops = _resolve_all(q, origin, destination, None)
    graph = q.graph()
    _best(q, stops)  # raises NoRouteError, saying why
    if distinct == "lines":
        paths = by_lines(graph, stops, k, max_shared)
    else:
        paths = by_borders(graph, stops, k, last=distinct == "entry")
    network = shared_graph(q.root, q.key)
    return [route_from_path(network, graph, path, stops[0], stops[-1], q.optimize) for path in paths]


def routes(origin: str, destination: str, *, k: int = 3, **options: Any) -> pd.DataFrame:
    """The ``k`` best distinct journeys as a table, one row each with their totals.

    Takes the options of :func:`route_alternatives`. Columns: ``rank``, ``origin``,
    ``destination``, ``km``, ``hours``, ``usd``, ``modes``, ``countries``, ``borders``,
    ``border_hours``, ``links``.

    Examples
    --------
    >>> import corridormap as cm
    >>> table = cm.routes("Tashkent", "Karachi", k=3)
    >>> list(table["rank"]) == list(range(1, len(table) + 1))
    True
    """
    found = route_alternatives(origin, destination, k=k, **options)
    table = pd.DataFrame([r.summary() for r in found])
    table.insert(0, "rank", range(1, len(table) + 1))
    return table


def transit_matrix(
    origins: Iterable[str] = STANDARD_ORIGINS,
    destinations: Iterable[str] = STANDARD_PORTS,
    *,
    optimize: Optimize = "time",
    modes: Sequence[str] | str = _MODES,
    include_proposed: bool = True,
    avoid: Iterable[str] | str | None = None,
    params: dict[str, Any] | None = None,
    data_dir: str | Path | None = None,
) -> pd.DataFrame:
    """The best journey for every origin and destination: one row per pair with its totals.

    Default: the standard journeys (each Central Asian capital and Kashgar to each seaport).
    A pair with no journey has empty totals and ``error`` saying which filter cut it.

    Examples
    --------
    >>> import corridormap as cm
    >>> m = cm.transit_matrix(["Tashkent"], ["Karachi", "Gwadar"])
    >>> list(m["destination"]), bool(m["error"].isna().all())
    (['karachi', 'gwadar'], True)
    """
    q = _query(optimize, modes, include_proposed, avoid, params, data_dir)
    graph = q.graph()
    origin_ids = [match_in(q.root, q.key, o)[0] for o in origins]
    destination_ids = [match_in(q.root, q.key, d)[0] for d in destinations]
    rows = []
    for o in origin_ids:
        paths: dict[Any, list[Any]] = {}
        if source(o) in graph:
            paths = cast("dict[Any, list[Any]]", nx.single_source_dijkstra(graph, source(o))[1])
        for d in destination_ids:
            if o == d:
                continue
            if sink(d) in paths:
                found = route_from_path(shared_graph(q.root, q.key), graph, paths[sink(d)], o, d, q.optimize)
                rows.append({**found.summary(), "error": None})
            else:
                rows.append({"origin": o, "destination": d, "error": _why(q, o, d)})
    columns = ["origin", "destination", "km", "hours", "usd", "modes", "countries", "borders", "border_hours", "links"]
    return pd.DataFrame(rows).reindex(columns=[*columns, "error"])
