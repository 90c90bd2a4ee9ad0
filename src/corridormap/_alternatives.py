"""Alternative journeys on the journey graph: different corridors (Yen-style on borders) or different lines.

A ``_private`` module whose names are its interface inside the package.
"""

from __future__ import annotations

from itertools import islice, pairwise
from typing import Any

import networkx as nx

from ._journey_graph import sink, source

__all__ = ["by_borders", "by_lines"]


def _borders_of(graph: nx.DiGraph[Any], path: list[Any]) -> tuple[str, ...]:
    return tuple(
        p["node"] for a, b in pairwise(path) for p in graph.edges[a, b].get("paid", []) if p["kind"] == "border"
    )


def _weight_of(graph: nx.DiGraph[Any], path: list[Any]) -> float:
    return float(sum(graph.edges[a, b]["weight"] for a, b in pairwise(path)))


def by_borders(graph: nx.DiGraph[Any], stops: list[str], k: int, *, last: bool) -> list[list[Any]]:
    """Up to ``k`` paths, best first, each crossing a different sequence of borders (``last``: a different last border).

    Yen's idea on borders instead of edges: each journey found spawns, for each border it
    crosses (``last``: its last one), the best journey that avoids that border as well as
    those its parent avoided.
    """

    def key_of(path: list[Any]) -> tuple[str, ...]:
        borders = _borders_of(graph, path)
        return borders[-1:] if last else borders

    src, dst = source(stops[0]), sink(stops[-1])
    vertices: dict[str, list[Any]] = {}
    for v in graph:
        if v[0] in ("in", "out") and v[1] not in stops:
            vertices.setdefault(v[1], []).append(v)
    first = nx.dijkstra_path(graph, src, dst, weight="weight")
    found, seen = [first], {key_of(first)}
    tried: set[frozenset[str]] = set()
    pending: dict[tuple[str, ...], tuple[float, list[Any], frozenset[str]]] = {}
    parents: list[tuple[list[Any], frozenset[str]]] = [(first, frozenset())]
    while len(found) < k:
        for path, banned in parents:
            for node in key_of(path):
                avoid = banned | {node}
                if node in stops or avoid in tried:
                    continue
                tried.add(avoid)
                view = nx.restricted_view(graph, [v for n in avoid for v in vertices.get(n, [])], [])
                try:
                    other = nx.dijkstra_path(view, src, dst, weight="weight")
                except nx.NetworkXNoPath:
                    continue
                key, cost = key_of(other), _weight_of(graph, other)
                if key not in seen and (key not in pending or cost < pending[key][0]):
                    pending[key] = (cost, other, avoid)
        if not pending:
            break
        key = min(pending, key=lambda b: pending[b][0])
        cost, path, banned = pending.pop(key)
        found.append(path)
        seen.add(key)
        parents = [(path, banned)]
    return found


def by_lines(graph: nx.DiGraph[Any], stops: list[str], k: int, max_shared: float) -> list[list[Any]]:
    """Up to ``k`` simple paths, best first, none sharing more than ``max_shared`` of its km with a better one."""
    found: list[list[Any]] = []
    kept: list[set[str]] = []  # the edge keys (link or link#piece) of each journey found
    for path in islice(nx.shortest_simple_paths(graph, source(stops[0]), sink(stops[-1]), weight="weight"), 50 * k):
        edges = [graph.edges[a, b] for a, b in pairwise(path) if "edge" in graph.edges[a, b]]
        places = [v[1] for v in path[1:-1] if v[0] == "in"]
        if len(set(places)) < len(places) or stops[0] in places:
            continue
        km = sum(e["km"] for e in edges)
        shared = max((sum(e["km"] for e in edges if e["edge"][2] in seen) for seen in kept), default=0.0)
        if kept and shared > max_shared * km:
            continue
        kept.append({e["edge"][2] for e in edges})
        found.append(path)
        if len(found) == k:
            break
    return found
