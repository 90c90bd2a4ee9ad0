"""Routing: build the network, warm route, routes(k=3), the standard matrix — beside bare networkx on the same graph.

usage: .venv/bin/python benchmarks/bench_routing.py [--repeat N]

"Bare networkx" runs the same algorithm on the same expanded journey graph with no
corridormap around it (no place lookup, no legs table): ``nx.dijkstra_path`` for a route,
``islice(nx.shortest_simple_paths(...), 3)`` for k=3, one ``single_source_dijkstra`` per
origin for the matrix. The difference is what corridormap's journeys cost on top.
"""

from __future__ import annotations

import argparse
import statistics
import time
import timeit
from itertools import islice
from typing import TYPE_CHECKING

import networkx as nx
from _common import machine, row, table

import corridormap as cm

if TYPE_CHECKING:
    from collections.abc import Callable

GOALS_MS = {"route": 5.0, "routes": 50.0, "matrix": 1000.0}


def _warm_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    return statistics.median(t / max(1, number) * 1000 for t in timer.repeat(repeat=repeat, number=max(1, number)))


def _journey_graph() -> nx.DiGraph:
    """The expanded graph corridormap's route runs on, rebuilt through the public network."""
    # corridormap keeps it private; rebuild it the same way for the bare runs.
    from corridormap._journey_graph import ACTIVE_STATUSES, PROPOSED_STATUSES, Costing, journey_graph

    return journey_graph(
        cm.network(),
        Costing.of(cm.network_params()),
        optimize="time",
        modes=("road", "rail"),
        statuses=ACTIVE_STATUSES | PROPOSED_STATUSES,
    )


def run(repeat: int = 7) -> list[dict[str, str]]:
    start = time.perf_counter()
    cm.network()
    build_s = time.perf_counter() - start
    figure = "7a. build the network (first call: load, validate, cut at borders)"
    rows = [row(figure, f"**{build_s:.2f} s**", "(info)", None)]
    g = _journey_graph()
    o, d = cm.resolve_place("Tashkent"), cm.resolve_place("Karachi")
    src, dst = ("src", o), ("dst", d)
    origins = [cm.resolve_place(p) for p in ("Tashkent", "Almaty", "Bishkek", "Dushanbe", "Ashgabat", "Kashgar")]
    pairs = {
        "route": (
            lambda: cm.route("Tashkent", "Karachi"),
            lambda: nx.dijkstra_path(g, src, dst, weight="weight"),
        ),
        "routes": (
            lambda: cm.routes("Tashkent", "Karachi", k=3),
            lambda: list(islice(nx.shortest_simple_paths(g, src, dst, weight="weight"), 3)),
        ),
        "matrix": (
            lambda: (cm.transit_matrix(include_proposed=False), cm.transit_matrix(include_proposed=True)),
            lambda: [nx.single_source_dijkstra(g, ("src", x), weight="weight") for x in origins * 2],
        ),
    }
    labels = {
        "route": '7b. warm `route("Tashkent", "Karachi")`',
        "routes": '7c. warm `routes("Tashkent", "Karachi", k=3)`',
        "matrix": "7d. standard matrix, today and with the proposed lines (2 × 18 journeys)",
    }
    for key, (ours, bare) in pairs.items():
        a, b = _warm_ms(ours, repeat), _warm_ms(bare, repeat)
        goal = GOALS_MS[key]
        rows.append(
            row(f"{labels[key]} / bare networkx", f"**{a:,.2f} ms** / {b:,.2f} ms", f"≤ {goal:g} ms", a <= goal)
        )
    size = f"{g.number_of_nodes():,} vertices, {g.number_of_edges():,} edges"
    rows.append(row("7e. journey graph (expanded: a vertex per side of each node)", size, "(info)", None))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    print(machine(), flush=True)
    print(table(run(parser.parse_args().repeat)))


if __name__ == "__main__":
    main()
