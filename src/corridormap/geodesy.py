"""Geodesic lengths on the WGS84 ellipsoid, in total, per segment and per country.

Lengths use :class:`pyproj.Geod` (Karney's algorithm), never a projected plane.
Lengths per country come from splitting each line where it meets a border:

1. every segment is measured on the ellipsoid;
2. segments whose geodesic passes within reach of a border (the chord's distance to
   the border less than 1.5 times a bound on the geodesic's bulge off the chord, plus
   1 m) are densified along the geodesic to ``densify_km`` (default 1 km) and
   intersected with the full-detail boundaries;
3. the cut positions split the line into pieces; each piece belongs to the country
   that contains its midpoint, or to ``"none"`` where no country does.

A piece that runs *along* a border (its midpoint on the shared boundary) belongs to
the country the line was in before it, so a line changes country where it leaves the
border, not where it meets it. A vertex that only touches a border changes nothing.
"""

from __future__ import annotations

import itertools
import os
from concurrent.futures import ThreadPoolExecutor
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
_PARALLEL_FROM = 50_000  # elementwise work worth spreading over the cores


def _parallel(func, *arrays: np.ndarray):
    """``func(*arrays)`` for an elementwise function, in equal chunks on one thread per core.

    For pyproj's ``Geod.inv``/``fwd`` and shapely's vectorised functions, which release
    the GIL; the result is the same as one call's, each element being computed on its own.
    """
    workers = min(os.cpu_count() or 1, len(arrays[0]) // _PARALLEL_FROM)
    if workers < 2:
        return func(*arrays)
    edges = np.linspace(0, len(arrays[0]), workers + 1).astype(int)
    chunks = [slice(lo, hi) for lo, hi in itertools.pairwise(edges)]
    with ThreadPoolExecutor(workers) as pool:
        parts = list(pool.map(lambda chunk: func(*(x[chunk] for x in arrays)), chunks))
    if isinstance(parts[0], tuple):
        return tuple(np.concatenate(column) for column in zip(*parts, strict=True))
    return np.concatenate(parts)


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
    lon, lat, _ = _parallel(_GEOD.fwd, start[seg, 0], start[seg, 1], az[seg], offset_km * 1000)
    return np.column_stack([lon, lat]), seg


@dataclass(frozen=True)
class _Borders:
    """Country polygons and the border linework, indexed for fast queries."""

    iso3: np.ndarray
    countries: shapely.STRtree
    polygons: np.ndarray  # prepared: point-in-polygon tests take log time
    lines: np.ndarray
    line_tree: shapely.STRtree
    line_bounds: np.ndarray


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
    polygons = polys.geometry.values.copy()
    shapely.prepare(polygons)
    return _Borders(
        iso3=polys["iso3"].to_numpy(),
        countries=shapely.STRtree(polygons),
        polygons=polygons,
        lines=lines,
        line_tree=shapely.STRtree(lines),
        line_bounds=shapely.bounds(lines),
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
        return _Lines.of(self.coords, [self.vertex_km]).locate(np.zeros(len(km), dtype=int), km)


def _classify(points: np.ndarray, borders: _Borders) -> list[list[str]]:
    """The countries covering each point (two on a shared border, none at sea)."""
    found: list[list[str]] = [[] for _ in range(len(points))]
    if len(points):
        pts = shapely.points(points)
        pt, poly = borders.countries.query(pts)  # boxes only: the exact test below uses the prepared polygons
        inside = shapely.intersects(borders.polygons[poly], pts[pt])
        for p, c in zip(pt[inside].tolist(), poly[inside].tolist(), strict=True):
            found[p].append(str(borders.iso3[c]))
    return found


@dataclass(frozen=True)
class _Lines:
    """Many lines' vertices in one array, for vectorised work across lines.

    ``km`` is the distance along its own line at each vertex, ``all_km`` the same counted
    across all lines in turn (so one searchsorted finds a point's segment), ``base_km``
    each line's start in ``all_km``, ``first`` and ``count`` each line's vertex slice.
    """

    xy: np.ndarray
    km: np.ndarray
    all_km: np.ndarray
    base_km: np.ndarray
    first: np.ndarray
    count: np.ndarray

    @classmethod
    def of(cls, xy: np.ndarray, vertex_km: list[np.ndarray]) -> _Lines:
        count = np.array([len(v) for v in vertex_km])
        km = np.concatenate(vertex_km)
        base_km = np.concatenate([[0.0], np.cumsum([v[-1] for v in vertex_km])[:-1]])
        return cls(xy, km, km + np.repeat(base_km, count), base_km, np.cumsum(count) - count, count)

    def locate(self, line: np.ndarray, km: np.ndarray) -> np.ndarray:
        """Lon/lat of the points ``km`` along lines ``line``, on the geodesic between vertices."""
        i = np.searchsorted(self.all_km, km + self.base_km[line], side="right") - 1
        i = np.clip(i, self.first[line], self.first[line] + self.count[line] - 2)
        a, b = self.xy[i], self.xy[i + 1]
        az, _, _ = _GEOD.inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
        lon, lat, _ = _GEOD.fwd(a[:, 0], a[:, 1], az, (km - self.km[i]) * 1000)
        return np.column_stack([lon, lat])


def _bulge_bound(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Upper bound, in degrees, on how far the geodesic a-b's midpoint lies from the lon/lat chord's midpoint.

    The bulge of a short geodesic off its chord is about tan(lat) L² π/1440 (L the chord
    in degrees, lat the latitude furthest from the equator), plus a small along-meridian
    term from the ellipsoid; (tan(lat) + 0.02) L² π/1152 exceeds the true bulge by at
    least 15 % over 2 million random WGS84 geodesics from 100 m to 3,000 km at all
    latitudes (benchmarks/README.md). Computing it costs no geodesic call.
    """
    lat = np.radians(np.minimum(np.maximum(np.abs(a[:, 1]), np.abs(b[:, 1])), 89.999))
    return (np.tan(lat) + 0.02) * ((b[:, 0] - a[:, 0]) ** 2 + (b[:, 1] - a[:, 1]) ** 2) * (np.pi / 1152)


_RUN = 16  # consecutive segments boxed together in the first, coarse search for borders


def _border_cuts(
    a: np.ndarray,
    b: np.ndarray,
    az: np.ndarray,
    seg_km: np.ndarray,
    seg_start_km: np.ndarray,
    line_of: np.ndarray,
    borders: _Borders,
    densify_km: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Line index and km along the line of every meeting of the segments' geodesics with a border."""
    none = np.empty(0, dtype=int), np.empty(0)
    n = len(a)
    reach = 1.5 * _bulge_bound(a, b) + 1e-5
    seg_lo = np.minimum(a, b) - reach[:, None]  # each chord's box, grown by its reach
    seg_hi = np.maximum(a, b) + reach[:, None]

    # 1. Coarse: the box of each run of _RUN segments of one line against the border pieces.
    first_of_line = np.searchsorted(line_of, line_of, side="left")
    new_run = np.ones(n, dtype=bool)
    new_run[1:] = (line_of[1:] != line_of[:-1]) | ((np.arange(1, n) - first_of_line[1:]) % _RUN == 0)
    run_start = np.flatnonzero(new_run)
    run_len = np.diff(np.r_[run_start, n])
    lo, hi = np.minimum.reduceat(seg_lo, run_start), np.maximum.reduceat(seg_hi, run_start)
    run_idx, piece_idx = borders.line_tree.query(shapely.box(lo[:, 0], lo[:, 1], hi[:, 0], hi[:, 1]))
    if not len(run_idx):
        return none

    # 2. Each segment of those runs whose grown box meets the piece's box, then exactly: chord within reach.
    m = run_len[run_idx]
    seg = np.repeat(run_start[run_idx] - (np.cumsum(m) - m), m) + np.arange(m.sum())
    piece = np.repeat(piece_idx, m)
    box, lo, hi = borders.line_bounds[piece], seg_lo[seg], seg_hi[seg]
    keep = (lo[:, 0] <= box[:, 2]) & (hi[:, 0] >= box[:, 0]) & (lo[:, 1] <= box[:, 3]) & (hi[:, 1] >= box[:, 1])
    seg, piece = seg[keep], piece[keep]
    unique_seg, which_chord = np.unique(seg, return_inverse=True)
    chords = shapely.linestrings(np.stack([a[unique_seg], b[unique_seg]], axis=1))
    keep = _parallel(shapely.dwithin, chords[which_chord], borders.lines[piece], reach[seg])
    seg, piece = seg[keep], piece[keep]
    if not len(seg):
        return none

    # 3. Densify each near segment along its geodesic into one polyline; intersect it with its pieces only.
    near, pair = np.unique(seg, return_inverse=True)
    pts, which = _densify_segments(a[near], az[near], seg_km[near], densify_km)
    steps = np.bincount(which, minlength=len(near))
    dense_xy = np.insert(pts, np.cumsum(steps), b[near], axis=0)  # each polyline ends at its segment's end
    dense_first = np.cumsum(steps + 1) - (steps + 1)
    dense = shapely.linestrings(dense_xy, indices=np.repeat(np.arange(len(near)), steps + 1))
    hits = _parallel(shapely.intersection, dense[pair], borders.lines[piece])
    hit_xy, owner = shapely.get_coordinates(hits, return_index=True)
    if not len(hit_xy):
        return none
    k = pair[owner]  # the near segment of each hit
    # The 1-km step holding the hit: from its planar position along the polyline.
    along = shapely.line_locate_point(dense[k], shapely.points(hit_xy))
    cum = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(dense_xy, axis=0).T))])
    j = np.searchsorted(cum, cum[dense_first[k]] + along, side="right") - 1
    j = np.clip(j, dense_first[k], dense_first[k] + steps[k] - 1)
    _, _, d = _GEOD.inv(dense_xy[j, 0], dense_xy[j, 1], hit_xy[:, 0], hit_xy[:, 1])
    s = near[k]
    km = seg_start_km[s] + (j - dense_first[k]) * (seg_km[s] / steps[k]) + np.atleast_1d(d) / 1000
    return line_of[s], km


def _tracks(lines: list[np.ndarray], root: Path, densify_km: float) -> list[_Track]:
    """Split many lon/lat lines at the borders in one vectorised pass."""
    borders = _borders(root)
    lines = [np.asarray(xy, dtype=float) for xy in lines]
    n_seg = np.array([len(xy) - 1 for xy in lines])
    xy = np.vstack(lines)
    line_of = np.repeat(np.arange(len(lines)), n_seg)
    start = np.arange(len(line_of)) + line_of  # each segment's first vertex in xy
    a, b = xy[start], xy[start + 1]
    az, _, dist_m = _parallel(_GEOD.inv, a[:, 0], a[:, 1], b[:, 0], b[:, 1])
    seg_km = np.atleast_1d(dist_m) / 1000
    first = np.cumsum(n_seg) - n_seg
    vertex_km = [np.concatenate([[0.0], np.cumsum(seg_km[f : f + k])]) for f, k in zip(first, n_seg, strict=True)]
    packed = _Lines.of(xy, vertex_km)
    cut_line, cut_km = _border_cuts(a, b, np.atleast_1d(az), seg_km, packed.km[start], line_of, borders, densify_km)

    # Cuts in order along each line, without those at its ends or within 10 cm of the one before.
    order = np.lexsort((cut_km, cut_line))
    cut_line, cut_km = cut_line[order], cut_km[order]
    total = np.array([v[-1] for v in vertex_km])
    keep = (cut_km > _SAME_CUT_KM) & (cut_km < total[cut_line] - _SAME_CUT_KM)
    cut_line, cut_km = cut_line[keep], cut_km[keep]
    keep = np.ones(len(cut_km), dtype=bool)
    keep[1:] = (cut_line[1:] != cut_line[:-1]) | (np.diff(cut_km) > _SAME_CUT_KM)
    cut_line, cut_km = cut_line[keep], cut_km[keep]
    per_line = np.split(cut_km, np.searchsorted(cut_line, np.arange(1, len(lines))))
    tracks = [_Track(coords, km, cuts, []) for coords, km, cuts in zip(lines, vertex_km, per_line, strict=True)]
    return _label(tracks, borders, packed)


def _label(tracks: list[_Track], borders: _Borders, packed: _Lines) -> list[_Track]:
    """Name the country of every piece, then merge neighbouring pieces of one country."""
    pieces = [len(t.cuts_km) + 1 for t in tracks]
    starts = np.concatenate([[0.0, *t.cuts_km] for t in tracks])
    ends = np.concatenate([[*t.cuts_km, t.total_km] for t in tracks])
    mids = packed.locate(np.repeat(np.arange(len(tracks)), pieces), starts + (ends - starts) / 2)
    found = _classify(mids, borders)
    out, k = [], 0
    for track, n in zip(tracks, pieces, strict=True):
        labels, previous = [], None
        for covering in found[k : k + n]:
            if not covering:
                label = NO_COUNTRY
            elif len(covering) == 1 or previous not in covering:
                label = sorted(covering)[0] if len(covering) > 1 else covering[0]
            else:
                label = previous  # along a border: stays in the country it came from
            labels.append(label)
            previous = label
        k += n
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
