"""A corridor's segments chained into a route, and its length in total, per segment and per country.

Segments chain through their start and end nodes: a segment that starts at the node
where another ends continues it. CASA-1000's AC and HVDC lines are two chains.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal, overload

import numpy as np
import shapely

from . import formatting as fmt
from ._paths import data_root
from .caching import data_stamp, forget_on_clear
from .data import corridor, corridor_lines, nodes, resolve_corridor_id
from .geodesy import DENSIFY_KM, geodesic_length_km

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd

    from .caching import Stamp
    from .splitting import Track

__all__ = ["Route", "corridor_route", "route_length"]


@dataclass(frozen=True)
class Route:
    """A corridor's segments split at the borders, with where each sits along the corridor.

    Segments chain through their start and end nodes. ``offsets`` is the km from the
    start of a segment's chain to the segment's start; ``chains`` numbers the chains in
    file order (CASA-1000's AC and HVDC lines are two); ``previous`` is the segment a
    segment continues, if any; ``lines`` names the line each segment's km count along,
    from its chain's first node to the furthest end reached through the segment
    ("Sangtuda–Nowshera").
    """

    ids: list[str]
    offsets: list[float]
    chains: list[int]
    previous: list[int | None]
    tracks: list[Track]
    lines: list[str]

    def order_key(self, i: int, km: float) -> tuple[int, float]:
        """Sort key of a point ``km`` into segment ``i``: along the corridor, chain by chain."""
        return self.chains[i], self.offsets[i] + km


def _chain(
    starts: list[str], ends: list[str], alignments: list[str], lengths: list[float]
) -> tuple[list[float], list[int], list[int | None]]:
    """Offsets, chain numbers and predecessors of segments linked end node to start node."""
    # Main segments win when a main and an alternative end at the same node.
    ends_at = {e: i for i, (e, a) in sorted(enumerate(zip(ends, alignments)), key=lambda t: t[1][1] == "main")}
    previous = [ends_at.get(s) for s in starts]
    offsets: list[float | None] = [None] * len(starts)
    roots: list[int] = [0] * len(starts)

    def walk(i: int, seen: frozenset[int]) -> tuple[float, int]:
        offset = offsets[i]
        if offset is None:
            p = previous[i]
            if p is None or p in seen:
                offset, roots[i] = 0.0, i
            else:
                before, roots[i] = walk(p, seen | {i})
                offset = before + lengths[p]
            offsets[i] = offset
        return offset, roots[i]

    for i in range(len(starts)):
        walk(i, frozenset({i}))
    chain_of_root = {r: n for n, r in enumerate(dict.fromkeys(roots))}
    return (
        [o if o is not None else 0.0 for o in offsets],  # the walk above sets every offset
        [chain_of_root[r] for r in roots],
        [p if p not in (None, i) else None for i, p in enumerate(previous)],
    )


def corridor_route(cid: str, include_alternatives: bool, root: Path, densify_km: float) -> Route:
    """Corridor ``cid``'s segments split at the borders and chained (cached; ``cid`` must be canonical)."""
    return _corridor_route(cid, include_alternatives, root, densify_km, data_stamp(root))


@forget_on_clear
@lru_cache(maxsize=256)
def _corridor_route(cid: str, include_alternatives: bool, root: Path, densify_km: float, stamp: Stamp) -> Route:
    from .splitting import split_at_borders  # the world boundaries: not for a total length

    segs = corridor(cid, include_alternatives=include_alternatives, data_dir=root)
    tracks = split_at_borders([shapely.get_coordinates(g) for g in segs.geometry], root, densify_km)
    lengths = [t.total_km for t in tracks]
    starts, ends = list(segs["start"]), list(segs["end"])
    offsets, chains, previous = _chain(starts, ends, list(segs["alignment"]), lengths)
    names = nodes(data_dir=root).set_index("id")["name"]
    place = {n: fmt.place(str(names.get(n, n))) for n in {*starts, *ends}}
    lines = [fmt.line(place[starts[first]], place[ends[last]]) for first, last in _line_ends(previous, lengths)]
    return Route(list(segs["id"]), offsets, chains, previous, tracks, lines)


def _line_ends(previous: list[int | None], lengths: list[float]) -> list[tuple[int, int]]:
    """For each segment, the first and the last segment of the line it lies on.

    The first is where its chain starts; the last ends the longest way on through the
    segment (a chain that forks goes on along its longer branch).
    """
    after: dict[int, list[int]] = {}
    for i, p in enumerate(previous):
        if p is not None:
            after.setdefault(p, []).append(i)
    reach: dict[int, tuple[float, int]] = {}  # km from a segment's start to the furthest end, and that segment

    def furthest(i: int, seen: frozenset[int]) -> tuple[float, int]:
        if i not in reach:
            onward = [furthest(j, seen | {j}) for j in after.get(i, []) if j not in seen]
            km, last = max(onward, default=(0.0, i))
            reach[i] = (lengths[i] + km, last)
        return reach[i]

    ends = []
    for i in range(len(previous)):
        first, seen = i, {i}
        while (p := previous[first]) is not None and p not in seen:
            first = p
            seen.add(p)
        ends.append((first, furthest(i, frozenset({i}))[1]))
    return ends


@forget_on_clear
@lru_cache(maxsize=512)
def _route_length(cid: str, by: str | None, include_alternatives: bool, root: Path, stamp: Stamp) -> float | pd.Series:
    if by is None:  # from the data's coordinates: no frame, so `corridormap length` imports no pandas
        lines = corridor_lines(cid, include_alternatives=include_alternatives, data_dir=root)
        return float(sum(geodesic_length_km(line) for line in lines))
    import pandas as pd

    if by in ("segment", "status"):
        segs = corridor(cid, include_alternatives=include_alternatives, data_dir=root)
        seg_km = [geodesic_length_km(shapely.get_coordinates(g)) for g in segs.geometry]
        if by == "status":
            per = pd.Series(seg_km, index=pd.Index(segs["status"], name="status"), name="km")
            return per.groupby(level=0, sort=False).sum()
        return pd.Series(seg_km, index=pd.Index(segs["id"], name="segment"), name="km")
    route = corridor_route(cid, include_alternatives, root, DENSIFY_KM)
    first: dict[str, tuple[int, float]] = {}
    km: dict[str, float] = {}
    for i, track in enumerate(route.tracks):
        starts = np.concatenate([[0.0], track.cuts_km])
        for country, at, piece in zip(track.countries, starts, track.piece_km, strict=True):
            first[country] = min(first.get(country, (1 << 30, 0.0)), route.order_key(i, float(at)))
            km[country] = km.get(country, 0.0) + float(piece)
    order = sorted(first, key=first.__getitem__)
    return pd.Series([km[c] for c in order], index=pd.Index(order, name="iso3"), name="km")


@overload
def route_length(
    corridor_id: str,
    *,
    by: None = None,
    include_alternatives: bool = False,
    data_dir: str | Path | None = None,
) -> float: ...


@overload
def route_length(
    corridor_id: str,
    *,
    by: Literal["country", "segment", "status"],
    include_alternatives: bool = False,
    data_dir: str | Path | None = None,
) -> pd.Series: ...


def route_length(
    corridor_id: str,
    *,
    by: Literal["country", "segment", "status"] | None = None,
    include_alternatives: bool = False,
    data_dir: str | Path | None = None,
) -> float | pd.Series:
    """Length of a corridor in km on the WGS84 ellipsoid.

    Parameters
    ----------
    corridor_id
        A corridor id or alias, case-insensitive (``"TAPI"``, ``"casa 1000"``).
    by
        None for the total; ``"country"`` for km per ISO3 code in order along the
        route (``"none"`` for length in no country); ``"segment"`` for km per segment id;
        ``"status"`` for km per segment status (``operating``, ``construction``, ``proposed`` ...),
        in order of first appearance along the data (KTAP: 1,461 km operating, the rest proposed).
    include_alternatives
        Add the alternative alignments' segments to the main ones.
    data_dir
        Data folder; default the project's ``geodata/``.

    Returns
    -------
    float or pandas.Series
        Kilometres. Results are cached: a repeated call costs microseconds.

    Examples
    --------
    >>> import corridormap as cm
    >>> km = cm.route_length("TAPI", by="country")
    >>> list(km.index[:2])
    ['TKM', 'AFG']
    >>> bool(abs(km.sum() - cm.route_length("TAPI")) < 1e-6)
    True
    >>> cm.route_length("KTAP", by="status").round().to_dict()
    {'operating': 1461.0, 'proposed': 736.0}
    """
    if by not in (None, "country", "segment", "status"):
        msg = f"by={by!r} is not supported — use None, 'country', 'segment' or 'status'"
        raise ValueError(msg)
    root = data_root(data_dir)
    cid = resolve_corridor_id(corridor_id, data_dir=root)
    result = _route_length(cid, by, include_alternatives, root, data_stamp(root))
    return result if isinstance(result, float) else result.copy()
