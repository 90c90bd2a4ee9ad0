"""Geodesic lengths on the WGS84 ellipsoid, in total, per segment and per country.

Lengths use :class:`pyproj.Geod` (Karney's algorithm), never a projected plane.
Lengths per country come from splitting each line where it meets a border:

1. every segment is measured on the ellipsoid;
2. segments whose geodesic passes within reach of a border (the chord's distance to
   the border less than 1.5 times the geodesic's bulge off the chord, plus 1 m) are
   densified along the geodesic to ``densify_km`` (default 1 km) and intersected with
   the full-detail boundaries;
3. the cut positions split the line into pieces; each piece belongs to the country
   that contains its midpoint, or to ``"none"`` where no country does.

A piece that runs *along* a border (its midpoint on the shared boundary) belongs to
the country the line was in before it, so a line changes country where it leaves the
border, not where it meets it. A vertex that only touches a border changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import shapely
from pyproj import Geod

from .data import _data_dir, boundaries, corridor, resolve_corridor_id

__all__ = ["DENSIFY_KM", "NO_COUNTRY", "densify", "geodesic_length_km", "route_length"]

#: Default step, in km, for densifying lines along the geodesic before intersecting borders.
DENSIFY_KM = 1.0
#: Label for length that lies in no country polygon (sea, lakes, outside the boundary set).
NO_COUNTRY = "none"

_GEOD = Geod(ellps="WGS84")
_SAME_CUT_KM = 1e-4  # cuts closer than 10 cm are one cut


def geodesic_length_km(coords: np.ndarray | list[list[float]]) -> float:
    """Length in km of a lon/lat polyline on the WGS84 ellipsoid.

    Examples
    --------
    >>> round(geodesic_length_km([[0, 0], [1, 0]]), 4)  # one degree along the equator
    111.3195
    """
    xy = np.asarray(coords, dtype=float)
    return float(_GEOD.line_length(xy[:, 0], xy[:, 1])) / 1000


def densify(coords: np.ndarray | list[list[float]], *, max_km: float = DENSIFY_KM) -> np.ndarray:
    """Insert points along each geodesic segment so that no step exceeds ``max_km``.

    Examples
    --------
    >>> densify([[60.0, 35.0], [61.0, 35.0]], max_km=10).shape
    (11, 2)
    """
    xy = np.asarray(coords, dtype=float)
    az, _, dist = _GEOD.inv(xy[:-1, 0], xy[:-1, 1], xy[1:, 0], xy[1:, 1])
    points, _ = _densify_segments(xy[:-1], np.atleast_1d(az), np.atleast_1d(dist) / 1000, max_km)
    return np.vstack([points, xy[-1:]])


def _densify_segments(
    start: np.ndarray, az: np.ndarray, km: np.ndarray, max_km: float
) -> tuple[np.ndarray, np.ndarray]:
    """Points along each segment's geodesic from its start, every <= max_km; their segment index."""
    steps = np.maximum(np.ceil(km / max_km), 1).astype(int)
    seg = np.repeat(np.arange(len(km)), steps)
    first = np.cumsum(steps) - steps
    offset_km = (np.arange(len(seg)) - first[seg]) * (km[seg] / steps[seg])
    lon, lat, _ = _GEOD.fwd(start[seg, 0], start[seg, 1], az[seg], offset_km * 1000)
    return np.column_stack([lon, lat]), seg


@dataclass(frozen=True)
class _Borders:
    """Country polygons and the border linework, indexed for fast queries."""

    iso3: np.ndarray
    countries: shapely.STRtree
    lines: np.ndarray
    line_tree: shapely.STRtree


@lru_cache(maxsize=8)
def _borders(root: Path) -> _Borders:
    polys = boundaries(data_dir=root)
    linework = shapely.union_all(shapely.boundary(polys.geometry.values))
    parts = shapely.get_parts(shapely.line_merge(linework))
    # Short pieces keep the tree's boxes tight.
    pieces = []
    for part in parts:
        xy = shapely.get_coordinates(part)
        for i in range(0, len(xy) - 1, 32):
            pieces.append(shapely.LineString(xy[i : i + 33]))
    lines = np.array(pieces, dtype=object)
    return _Borders(
        iso3=polys["iso3"].to_numpy(),
        countries=shapely.STRtree(polys.geometry.values),
        lines=lines,
        line_tree=shapely.STRtree(lines),
    )


@dataclass(frozen=True)
class _Track:
    """One line split into pieces at the borders.

    ``cuts_km`` are the positions of the borders between pieces; ``countries`` has one
    more entry than ``cuts_km``; ``vertex_km`` is the distance along the line at each vertex.
    """

    coords: np.ndarray
    vertex_km: np.ndarray
    cuts_km: np.ndarray
    countries: list[str]

    @property
    def total_km(self) -> float:
        return float(self.vertex_km[-1])

    @property
    def piece_km(self) -> np.ndarray:
        return np.diff(np.concatenate([[0.0], self.cuts_km, [self.total_km]]))

    def locate(self, km: np.ndarray) -> np.ndarray:
        """Lon/lat of the points ``km`` along the line (on the geodesic between vertices)."""
        km = np.atleast_1d(np.asarray(km, dtype=float))
        i = np.clip(np.searchsorted(self.vertex_km, km, side="right") - 1, 0, len(self.coords) - 2)
        a, b = self.coords[i], self.coords[i + 1]
        az, _, _ = _GEOD.inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
        lon, lat, _ = _GEOD.fwd(a[:, 0], a[:, 1], az, (km - self.vertex_km[i]) * 1000)
        return np.column_stack([lon, lat])

    def km_by_country(self) -> pd.Series:
        """Km per country, in order of first appearance along the line."""
        series = pd.Series(self.piece_km, index=self.countries, dtype=float)
        order = list(dict.fromkeys(self.countries))
        return series.groupby(level=0, sort=False).sum().reindex(order)


def _classify(points: np.ndarray, borders: _Borders) -> list[list[str]]:
    """The countries covering each point (two on a shared border, none at sea)."""
    found: list[list[str]] = [[] for _ in range(len(points))]
    if len(points):
        pt, poly = borders.countries.query(shapely.points(points), predicate="intersects")
        for p, c in zip(pt, poly, strict=True):
            found[p].append(str(borders.iso3[c]))
    return found


def _tracks(lines: list[np.ndarray], root: Path, densify_km: float) -> list[_Track]:
    """Split many lon/lat lines at the borders in one vectorised pass."""
    borders = _borders(root)
    lines = [np.asarray(xy, dtype=float) for xy in lines]
    n_seg = np.array([len(xy) - 1 for xy in lines])
    line_of = np.repeat(np.arange(len(lines)), n_seg)
    a = np.vstack([xy[:-1] for xy in lines])
    b = np.vstack([xy[1:] for xy in lines])
    az, _, dist_m = _GEOD.inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
    seg_km = np.atleast_1d(dist_m) / 1000
    az = np.atleast_1d(az)
    seg_start_km = np.zeros(len(seg_km))
    vertex_km = []
    first = np.cumsum(n_seg) - n_seg
    for i in range(len(lines)):
        cum = np.concatenate([[0.0], np.cumsum(seg_km[first[i] : first[i] + n_seg[i]])])
        vertex_km.append(cum)
        seg_start_km[first[i] : first[i] + n_seg[i]] = cum[:-1]

    # Which segments' geodesics come near a border: chord distance vs the geodesic's bulge.
    mid_lon, mid_lat, _ = _GEOD.fwd(a[:, 0], a[:, 1], az, dist_m / 2)
    bulge = np.hypot(mid_lon - (a[:, 0] + b[:, 0]) / 2, mid_lat - (a[:, 1] + b[:, 1]) / 2)
    chords = shapely.linestrings(np.stack([a, b], axis=1))
    seg_idx, _ = borders.line_tree.query(chords, predicate="dwithin", distance=1.5 * bulge + 1e-5)
    near = np.unique(seg_idx)

    # Densify those along the geodesic, intersect the short chords with the borders.
    cut_line = np.empty(0, dtype=int)
    cut_km = np.empty(0)
    if len(near):
        pts, which = _densify_segments(a[near], az[near], seg_km[near], densify_km)
        ends = np.vstack([pts[1:], [[0.0, 0.0]]])
        last_of_seg = np.r_[which[1:] != which[:-1], True]
        ends[last_of_seg] = b[near][which[last_of_seg]]
        small = shapely.linestrings(np.stack([pts, ends], axis=1))
        piece_idx, border_idx = borders.line_tree.query(small, predicate="intersects")
        if len(piece_idx):
            hits = shapely.intersection(small[piece_idx], borders.lines[border_idx])
            xy, owner = shapely.get_coordinates(hits, return_index=True)
            piece = piece_idx[owner]
            seg = near[which[piece]]
            _, _, d = _GEOD.inv(pts[piece, 0], pts[piece, 1], xy[:, 0], xy[:, 1])
            offset = seg_start_km[seg] + _piece_offset_km(which, seg_km[near])[piece] + np.atleast_1d(d) / 1000
            cut_line, cut_km = line_of[seg], offset

    tracks = []
    order = np.lexsort((cut_km, cut_line))
    cut_line, cut_km = cut_line[order], cut_km[order]
    bounds = np.searchsorted(cut_line, np.arange(len(lines) + 1))
    for i, xy in enumerate(lines):
        cuts = cut_km[bounds[i] : bounds[i + 1]]
        total = vertex_km[i][-1]
        cuts = cuts[(cuts > _SAME_CUT_KM) & (cuts < total - _SAME_CUT_KM)]
        if len(cuts):
            cuts = cuts[np.r_[True, np.diff(cuts) > _SAME_CUT_KM]]
        tracks.append(_Track(xy, vertex_km[i], cuts, []))
    return _label(tracks, borders)


def _piece_offset_km(which: np.ndarray, seg_km: np.ndarray) -> np.ndarray:
    """Distance from each densified point to the start of its segment."""
    steps = np.bincount(which, minlength=len(seg_km))
    first = np.cumsum(steps) - steps
    steps = np.maximum(steps, 1)
    return (np.arange(len(which)) - first[which]) * (seg_km[which] / steps[which])


def _label(tracks: list[_Track], borders: _Borders) -> list[_Track]:
    """Name the country of every piece, then merge neighbouring pieces of one country."""
    mids = [t.locate(np.concatenate([[0.0], t.cuts_km]) + t.piece_km / 2) for t in tracks]
    found = _classify(np.vstack(mids), borders)
    out, k = [], 0
    for track, mid in zip(tracks, mids, strict=True):
        labels, previous = [], None
        for covering in found[k : k + len(mid)]:
            if not covering:
                label = NO_COUNTRY
            elif len(covering) == 1 or previous not in covering:
                label = sorted(covering)[0] if len(covering) > 1 else covering[0]
            else:
                label = previous  # along a border: stays in the country it came from
            labels.append(label)
            previous = label
        k += len(mid)
        keep = [i for i in range(1, len(labels)) if labels[i] != labels[i - 1]]
        cuts = track.cuts_km[np.array(keep, dtype=int) - 1] if keep else np.empty(0)
        out.append(_Track(track.coords, track.vertex_km, cuts, [labels[0]] + [labels[i] for i in keep]))
    return out


@dataclass(frozen=True)
class _Route:
    """A corridor's segments split at the borders, with where each sits along the corridor.

    Segments chain through their start and end nodes. ``offsets`` is the km from the
    start of a segment's chain to the segment's start; ``chains`` numbers the chains in
    file order (CASA-1000's AC and HVDC lines are two); ``previous`` is the segment a
    segment continues, if any.
    """

    ids: list[str]
    offsets: list[float]
    chains: list[int]
    previous: list[int | None]
    tracks: list[_Track]

    def order_key(self, i: int, km: float) -> tuple[int, float]:
        """Sort key of a point ``km`` into segment ``i``: along the corridor, chain by chain."""
        return self.chains[i], self.offsets[i] + km


def _chain(starts: list[str], ends: list[str], alignments: list[str], lengths: list[float]):
    """Offsets, chain numbers and predecessors of segments linked end node to start node."""
    # Main segments win when a main and an alternative end at the same node.
    ends_at = {e: i for i, (e, a) in sorted(enumerate(zip(ends, alignments)), key=lambda t: t[1][1] == "main")}
    previous = [ends_at.get(s) for s in starts]
    offsets: list[float | None] = [None] * len(starts)
    roots: list[int] = [0] * len(starts)

    def walk(i: int, seen: frozenset[int]) -> tuple[float, int]:
        if offsets[i] is None:
            p = previous[i]
            if p is None or p in seen:
                offsets[i], roots[i] = 0.0, i
            else:
                before, roots[i] = walk(p, seen | {i})
                offsets[i] = before + lengths[p]
        return offsets[i], roots[i]

    for i in range(len(starts)):
        walk(i, frozenset({i}))
    chain_of_root = {r: n for n, r in enumerate(dict.fromkeys(roots))}
    return (
        offsets,
        [chain_of_root[r] for r in roots],
        [p if p not in (None, i) else None for i, p in enumerate(previous)],
    )


@lru_cache(maxsize=256)
def _corridor_route(cid: str, include_alternatives: bool, root: Path, densify_km: float) -> _Route:
    segs = corridor(cid, include_alternatives=include_alternatives, data_dir=root)
    tracks = _tracks([shapely.get_coordinates(g) for g in segs.geometry], root, densify_km)
    offsets, chains, previous = _chain(
        list(segs["start"]), list(segs["end"]), list(segs["alignment"]), [t.total_km for t in tracks]
    )
    return _Route(list(segs["id"]), offsets, chains, previous, tracks)


@lru_cache(maxsize=512)
def _route_length(cid: str, by: str | None, include_alternatives: bool, root: Path) -> float | pd.Series:
    if by in (None, "segment"):
        segs = corridor(cid, include_alternatives=include_alternatives, data_dir=root)
        km = [geodesic_length_km(shapely.get_coordinates(g)) for g in segs.geometry]
        if by is None:
            return float(sum(km))
        return pd.Series(km, index=pd.Index(segs["id"], name="segment"), name="km")
    route = _corridor_route(cid, include_alternatives, root, DENSIFY_KM)
    first: dict[str, tuple[int, float]] = {}
    km: dict[str, float] = {}
    for i, track in enumerate(route.tracks):
        starts = np.concatenate([[0.0], track.cuts_km])
        for country, at, piece in zip(track.countries, starts, track.piece_km, strict=True):
            first[country] = min(first.get(country, (1 << 30, 0.0)), route.order_key(i, float(at)))
            km[country] = km.get(country, 0.0) + float(piece)
    order = sorted(first, key=first.__getitem__)
    return pd.Series([km[c] for c in order], index=pd.Index(order, name="iso3"), name="km")


def route_length(
    corridor_id: str,
    *,
    by: Literal["country", "segment"] | None = None,
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
        route (``"none"`` for length in no country); ``"segment"`` for km per segment id.
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
    """
    if by not in (None, "country", "segment"):
        msg = f"by={by!r} is not supported — use None, 'country' or 'segment'"
        raise ValueError(msg)
    root = _data_dir(data_dir)
    cid = resolve_corridor_id(corridor_id, data_dir=root)
    result = _route_length(cid, by, include_alternatives, root)
    return result.copy() if isinstance(result, pd.Series) else result
