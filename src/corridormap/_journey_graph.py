"""The graph Dijkstra runs on: each network node expanded into its sides, costs on every edge.

A journey pays at a node when it changes country (the clearance figures), mode
(road <-> rail) or gauge (rail <-> rail). Each node is expanded into one *arrival* and one
*departure* vertex per side — (mode, gauge, country) of the edges meeting there — with an
internal edge from every arrival to every departure carrying what that change costs, plus
a source vertex (journeys start there) and a sink vertex (journeys end there, paying port
handling at a port). Parallel edges are reduced to the best for the weight, so the result
is a simple ``DiGraph`` that ``nx.shortest_simple_paths`` accepts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "ACTIVE_STATUSES",
    "DEFAULT_GAUGE_MM",
    "PROPOSED_STATUSES",
    "TRANSFER_KINDS",
    "Costing",
    "journey_graph",
    "sink",
    "source",
]

#: Lines usable today, and those added by ``include_proposed=True``.
ACTIVE_STATUSES = frozenset({"operating"})
PROPOSED_STATUSES = frozenset({"proposed", "construction"})
#: Node kinds where a load can change between road and rail (a terminal); not at border posts or passes.
TRANSFER_KINDS = frozenset({"city", "station", "port"})
#: Rail gauge assumed when a line does not give one: Pakistan broad, China standard, else Russian.
DEFAULT_GAUGE_MM = {"PAK": 1676, "CHN": 1435, "*": 1520}

Side = tuple[str, int, str]  # mode, gauge (0 for road), country
_TIE = 1e-6  # second criterion, to make equal-cost choices deterministic and sensible


def source(node: str) -> tuple[str, str]:
    """The vertex a journey from ``node`` starts at."""
    return ("src", node)


def sink(node: str) -> tuple[str, str]:
    """The vertex a journey to ``node`` ends at."""
    return ("dst", node)


@dataclass(frozen=True)
class Costing:
    """The parameter file as look-ups: speeds and costs, border defaults, transfers, node figures."""

    speed: dict[tuple[str, str], dict[str, Any]]
    border_default: dict[tuple[str, str], dict[str, Any]]
    transfer: dict[str, dict[str, Any]]
    border_override: dict[str, list[dict[str, Any]]]

    @classmethod
    def of(cls, params: dict[str, Any]) -> Costing:
        return cls(
            speed={(e["mode"], e["country"]): e for e in params.get("speed_cost", [])},
            border_default={(e["country"], e["mode"]): e for e in params.get("border_defaults", [])},
            transfer={e["kind"]: e for e in params.get("transfers", [])},
            border_override=dict(params.get("border", {})),
        )

    def moving(self, mode: str, km_by_country: dict[str, float], km: float) -> tuple[float, float, list[str]]:
        """Hours and US$ to move ``km`` by ``mode``, split by country as ``km_by_country`` says."""
        share_total = sum(km_by_country.values()) or 1.0
        hours = usd = 0.0
        cited: list[str] = []
        for country, part in (km_by_country or {"*": km}).items():
            entry = self.speed.get((mode, country)) or self.speed.get((mode, "*"))
            if entry is None:
                msg = f"params: speed_cost: no {mode} speed for {country} and no default ('*') — add one"
                raise ValueError(msg)
            part_km = km * part / share_total
            hours += part_km / entry["kmh"]
            usd += part_km * entry["usd_per_km"]
            cited += entry["sources"]
        return hours, usd, sorted(set(cited))

    def _side_figure(self, node: str, attrs: dict[str, Any], country: str, direction: str, mode: str) -> dict[str, Any]:
        figures = self.border_override.get(node, attrs.get("border", []))
        for f in figures:
            if f["country"] == country and f["direction"] == direction and f["mode"] == mode:
                if f.get("usd") is None:
                    default = self._default(country, mode)
                    note = f"no US$ published for this post: the {default['country']} default"
                    sources = [*f["sources"], *default["sources"]]
                    return {**f, "usd": default["usd"], "sources": sources, "usd_note": note}
                return dict(f)
        default = self._default(country, mode)
        return {**default, "country": country, "direction": direction, "default": True}

    def _default(self, country: str, mode: str) -> dict[str, Any]:
        entry = self.border_default.get((country, mode)) or self.border_default.get(("*", mode))
        if entry is None:
            msg = f"params: border_defaults: no {mode} figure for {country} and no default ('*') — add one"
            raise ValueError(msg)
        return entry

    def change(self, node: str, attrs: dict[str, Any], arrive: Side, depart: Side) -> list[dict[str, Any]]:
        """What a journey pays at ``node`` arriving on side ``arrive`` and leaving on ``depart``."""
        paid: list[dict[str, Any]] = []
        if arrive[2] != depart[2]:
            out = self._side_figure(node, attrs, arrive[2], "outbound", arrive[0])
            into = self._side_figure(node, attrs, depart[2], "inbound", depart[0])
            note = "; ".join(
                f"{f['country']} {f['direction']} {f['mode']} {f['hours']:g} h, US$ {f['usd']:g}"
                f" ({'default, ' if f.get('default') else ''}{f['year']}{', ' + f['usd_note'] if 'usd_note' in f else ''})"  # noqa: E501
                for f in (out, into)
            )
            paid.append(
                {
                    "kind": "border",
                    "node": node,
                    "from_iso3": arrive[2],
                    "to_iso3": depart[2],
                    "mode": depart[0],
                    "hours": float(out["hours"] + into["hours"]),
                    "usd": float(out["usd"] + into["usd"]),
                    "note": note,
                    "detail": " ".join(
                        f"{f['country']} {f['direction']}: {f['note']}" for f in (out, into) if f.get("note")
                    ),
                    "sources": sorted({*out["sources"], *into["sources"]}),
                }
            )
        kind = None
        if arrive[0] != depart[0]:
            kind = "mode_change"
        elif arrive[0] == "rail" and arrive[1] != depart[1]:
            kind = "gauge_break"
        if kind is not None:
            paid.append(self._transfer(kind, node, f"{arrive[0]} {arrive[1] or ''} → {depart[0]} {depart[1] or ''}"))
        return paid

    def _transfer(self, kind: str, node: str, what: str) -> dict[str, Any]:
        entry = self.transfer.get(kind)
        if entry is None:
            msg = f"params: transfers: no figure for {kind!r} — add one"
            raise ValueError(msg)
        label = f"{kind.replace('_', ' ')} ({' '.join(what.split())})"
        note = f"{label} {entry['hours']:g} h, US$ {entry['usd']:g} ({entry['year']})"
        return {
            "kind": kind,
            "node": node,
            "hours": float(entry["hours"]),
            "usd": float(entry["usd"]),
            "note": note,
            "sources": list(entry["sources"]),
        }

    def arrival(self, node: str, attrs: dict[str, Any]) -> list[dict[str, Any]]:
        """What a journey ending at ``node`` pays there (port handling at a port)."""
        return [self._transfer("port", node, "handling")] if attrs.get("kind") == "port" else []


def _side(data: dict[str, Any], country: str) -> Side:
    if data["mode"] != "rail":
        return ("road", 0, country)
    gauge = data.get("gauge_mm") or DEFAULT_GAUGE_MM.get(country, DEFAULT_GAUGE_MM["*"])
    return ("rail", int(gauge), country)


def _weight(optimize: str, km: float, hours: float, usd: float) -> float:
    if optimize == "distance":
        return km + _TIE * hours
    if optimize == "cost":
        return usd + _TIE * hours
    return hours + _TIE * km


def _add_best(graph: nx.DiGraph[Any], u: Any, v: Any, attrs: dict[str, Any]) -> None:
    if not graph.has_edge(u, v) or attrs["weight"] < graph.edges[u, v]["weight"]:
        graph.add_edge(u, v, **attrs)


def journey_graph(
    network: nx.MultiDiGraph[str],
    costing: Costing,
    *,
    optimize: str,
    modes: Iterable[str],
    statuses: Iterable[str],
    avoid_nodes: Iterable[str] = (),
    avoid_links: Iterable[str] = (),
) -> nx.DiGraph[Any]:
    """The expanded, weighted graph for one set of filters (see the module notes)."""
    modes, statuses = set(modes), set(statuses)
    avoid_nodes, avoid_links = set(avoid_nodes), set(avoid_links)
    graph: nx.DiGraph[Any] = nx.DiGraph()
    arrivals: dict[str, set[Side]] = {}
    departures: dict[str, set[Side]] = {}
    for u, v, key, data in network.edges(keys=True, data=True):
        if data["mode"] not in modes or data["status"] not in statuses or data["link"] in avoid_links:
            continue
        if u in avoid_nodes or v in avoid_nodes:
            continue
        hours, usd, cited = costing.moving(data["mode"], data["km_by_country"], data["km"])
        out, into = _side(data, data["from_country"]), _side(data, data["to_country"])
        departures.setdefault(u, set()).add(out)
        arrivals.setdefault(v, set()).add(into)
        attrs = {"edge": (u, v, key), "km": data["km"], "hours": hours, "usd": usd, "cost_sources": cited}
        _add_best(
            graph, ("out", u, out), ("in", v, into), {**attrs, "weight": _weight(optimize, data["km"], hours, usd)}
        )
    for node in set(arrivals) | set(departures):
        attrs = network.nodes[node]
        for side in departures.get(node, ()):
            graph.add_edge(source(node), ("out", node, side), weight=0.0, paid=[], km=0.0, hours=0.0, usd=0.0)
        for side in arrivals.get(node, ()):
            paid = costing.arrival(node, attrs)
            hours, usd = sum(p["hours"] for p in paid), sum(p["usd"] for p in paid)
            graph.add_edge(
                ("in", node, side),
                sink(node),
                weight=_weight(optimize, 0.0, hours, usd),
                paid=paid,
                km=0.0,
                hours=hours,
                usd=usd,
            )
            for depart in departures.get(node, ()):
                if side[0] != depart[0] and attrs.get("kind") not in TRANSFER_KINDS:
                    continue  # no road-rail terminal here
                paid = costing.change(node, attrs, side, depart)
                hours, usd = sum(p["hours"] for p in paid), sum(p["usd"] for p in paid)
                graph.add_edge(
                    ("in", node, side),
                    ("out", node, depart),
                    weight=_weight(optimize, 0.0, hours, usd),
                    paid=paid,
                    km=0.0,
                    hours=hours,
                    usd=usd,
                )
    return graph
