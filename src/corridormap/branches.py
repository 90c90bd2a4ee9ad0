"""One origin–destination length per branch of a corridor's main alignment.

A corridor that forks (QTTA: Almaty → Islamabad, then Karachi *or* Gwadar) has no single
trip length: adding both port branches gives a figure no journey covers. A *branch* is the
chain of main-alignment segments from a start (a node no segment leads into) to an end (a
node no segment leaves); CASA-1000's AC and HVDC lines are two branches.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import networkx as nx
import pandas as pd

from ._paths import data_root
from .chaining import route_length
from .data import corridor, resolve_corridor_id

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["branch_lengths"]


def branch_lengths(corridor_id: str, *, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Km of each origin–destination branch of the corridor's main alignment, on the WGS84 ellipsoid.

    Returns
    -------
    pandas.DataFrame
        One row per branch, in data order: ``start`` and ``end`` (node ids), ``km``,
        ``segments`` (ids, in order).

    Examples
    --------
    >>> import corridormap as cm
    >>> b = cm.branch_lengths("QTTA")
    >>> b[["start", "end"]].values.tolist()
    [['almaty', 'karachi'], ['almaty', 'gwadar']]
    >>> bool(b["km"].max() < cm.route_length("QTTA"))
    True
    """
    root = data_root(data_dir)
    cid = resolve_corridor_id(corridor_id, data_dir=root)
    segs = corridor(cid, data_dir=root)
    seg_km = route_length(cid, by="segment", data_dir=root)
    graph: nx.DiGraph[str] = nx.DiGraph()
    for sid, start, end in zip(segs["id"], segs["start"], segs["end"], strict=True):
        graph.add_edge(start, end, id=sid, km=float(seg_km[sid]))
    nodes = list(dict.fromkeys([*segs["start"], *segs["end"]]))  # data order
    starts = [n for n in nodes if graph.in_degree(n) == 0]
    ends = [n for n in nodes if graph.out_degree(n) == 0]
    rows = []
    for start in starts:
        for end in ends:
            if nx.has_path(graph, start, end):
                path = nx.shortest_path(graph, start, end)
                edges = [graph.edges[a, b] for a, b in itertools.pairwise(path)]
                rows.append(
                    {
                        "start": start,
                        "end": end,
                        "km": sum(e["km"] for e in edges),
                        "segments": [e["id"] for e in edges],
                    }
                )
    return pd.DataFrame(rows, columns=["start", "end", "km", "segments"])
