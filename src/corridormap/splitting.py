"""Splitting lines where they meet the borders, and naming the country of every piece.

Lengths per country come from splitting each line where it meets a border:

1. every segment is measured on the ellipsoid;
2. segments whose geodesic passes within reach of a border (the chord's distance to
   the border less than 1.5 times a bound on the geodesic's bulge off the chord, plus
   1 m) are densified along the geodesic to ``densify_km`` (default 1 km) and
   intersected with the full-detail boundaries; where that bound exceeds half a degree
   (near the poles, where a short segment spans many degrees of longitude, or on very
   long segments) the segment is densified first and its polyline itself looked up
   among the borders, which finds the same borders without a box covering the map;
3. the cut positions split the line into pieces; each piece belongs to the country
   that contains its midpoint, or, where no country does, to ``"sea"`` with the world
   set (``"gap"`` being a polygon of its own there) and to ``"none"`` with a set of one's own.

A piece that runs *along* a border (its midpoint on the shared boundary) belongs to
the country the line was in before it, so a line changes country where it leaves the
border, not where it meets it. A vertex that only touches a border changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import shapely

from .caching import on_clear
from .geodesy import GEOD, PackedLines, densify_segments, parallel
from .world import GAP, SEA, Boundaries, analysis_boundaries

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["NO_COUNTRY", "UNATTRIBUTED", "Track", "split_at_borders"]

#: Label for length that lies in no country polygon of a boundary set of one's own (sea, lakes, outside the set).
#: The world set labels it ``"sea"`` instead, and land enclosed by countries but in none ``"gap"``
#: (:func:`corridormap.world.world_gaps`).
NO_COUNTRY = "none"
#: Labels of length in no country: outside every polygon, or in a gap between countries.
UNATTRIBUTED = (NO_COUNTRY, SEA, GAP)

_SAME_CUT_KM = 1e-4  # cuts closer than 10 cm are one cut


@dataclass(frozen=True)
class _Borders:
    """Country polygons and the border linework, indexed for fast queries."""

    iso3: np.ndarray
    countries: shapely.STRtree
    polygons: np.ndarray  # prepared: point-in-polygon tests take log time
    lines: np.ndarray
    line_tree: shapely.STRtree
    line_bounds: np.ndarray
    outside: str  # the label of length in no polygon


_INDEXES: dict[str, _Borders] = {}  # by Boundaries.key: built once per process (per dask worker)
_MAX_INDEXES = 8
on_clear(_INDEXES.clear)


def _borders(boundaries: Boundaries) -> _Borders:
    if boundaries.key in _INDEXES:
        return _INDEXES[boundaries.key]
    lines = boundaries.lines
    polygons = boundaries.geometry.to_numpy()  # a copy
    shapely.prepare(polygons)
    index = _Borders(
        iso3=np.array(boundaries.iso3, dtype=object),
        countries=shapely.STRtree(polygons),
        polygons=polygons,
        lines=lines,
        line_tree=shapely.STRtree(lines),
        line_bounds=shapely.bounds(lines),
        outside=boundaries.outside,
    )
    if len(_INDEXES) >= _MAX_INDEXES:
        _INDEXES.pop(next(iter(_INDEXES)))
    _INDEXES[boundaries.key] = index
    return index


@dataclass(frozen=True)
class Track:
    """One line split into pieces at the borders.

    ``cuts_km`` are the positions of the borders between pieces; ``countries`` has one
    more entry than ``cuts_km``; ``vertex_km`` is the distance along the line at each vertex.
    ``overlap_km`` is, per piece, the length lying inside more than one polygon (where a
    boundary set's polygons overlap: counted once here, in the piece's country).
    """

    coords: np.ndarray
    vertex_km: np.ndarray
    cuts_km: np.ndarray
    countries: list[str]
    overlap_km: np.ndarray = field(default_factory=lambda: np.empty(0))

    @property
    def total_km(self) -> float:
        return float(self.vertex_km[-1])

    @property
    def piece_km(self) -> np.ndarray:
        return np.diff(np.concatenate([[0.0], self.cuts_km, [self.total_km]]))

    def locate(self, km: np.ndarray) -> np.ndarray:
        """Lon/lat of the points ``km`` along the line (on the geodesic between vertices)."""
        km = np.atleast_1d(np.asarray(km, dtype=float))
        return PackedLines.of(self.coords, [self.vertex_km]).locate(np.zeros(len(km), dtype=int), km)


def _classify(points: np.ndarray, borders: _Borders) -> list[list[str]]:
    """The countries covering each point (two on a shared border, none at sea)."""
    found: list[list[str]] = [[] for _ in range(len(points))]
    if len(points):
        pts = np.asarray(shapely.points(points))
        pt, poly = borders.countries.query(pts)  # boxes only: the exact test below uses the prepared polygons
        inside = shapely.intersects(borders.polygons[poly], pts[pt])
        for p, c in zip(pt[inside].tolist(), poly[inside].tolist(), strict=True):
            found[p].append(str(borders.iso3[c]))
    return found


def _bulge_bound(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Upper bound, in degrees, on how far the geodesic a-b's midpoint lies from the lon/lat chord's midpoint.

    The bulge of a short geodesic off its chord is about tan(lat) L² π/1440 (L the chord
    in degrees, lat the latitude furthest from the equator), plus a small along-meridian
    term from the ellipsoid; (tan(lat) + 0.02) L² π/1152 exceeds the true bulge by at
    least 15 % over 2 million random WGS84 geodesics from 100 m to 3,000 km at all
    latitudes (benchmarks/README.md). Computing it costs no geodesic call.
    """
    lat = np.radians(np.minimum(np.maximum(np.abs(a[:, 1]), np.abs(b[:, 1])), 89.999))
    bound: np.ndarray = (np.tan(lat) + 0.02) * ((b[:, 0] - a[:, 0]) ** 2 + (b[:, 1] - a[:, 1]) ** 2) * (np.pi / 1152)
    return bound


_RUN = 16  # consecutive segments boxed together in the first, coarse search for borders
#: Reach (degrees) above which a segment is densified first and its polyline searched for borders, not its box.
#: The bulge bound grows with tan(latitude) and the chord's squared length in degrees: near a pole a 10 km
#: segment can span tens of degrees of longitude, and its grown box would cover the whole map.
_DIRECT_REACH = 0.5


def _polylines(
    a: np.ndarray, b: np.ndarray, az: np.ndarray, seg_km: np.ndarray, densify_km: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each segment densified along its geodesic into one polyline: the polylines, their vertices, steps, first."""
    pts, which = densify_segments(a, az, seg_km, densify_km)
    steps = np.bincount(which, minlength=len(a))
    dense_xy = np.insert(pts, np.cumsum(steps), b, axis=0)  # each polyline ends at its segment's end
    dense_first = np.cumsum(steps + 1) - (steps + 1)
    dense = np.asarray(shapely.linestrings(dense_xy, indices=np.repeat(np.arange(len(a)), steps + 1)))
    return dense, dense_xy, steps, dense_first


def _near_by_box(
    seg_lo: np.ndarray, seg_hi: np.ndarray, line_of: np.ndarray, borders: _Borders
) -> tuple[np.ndarray, np.ndarray]:
    """(segment, border piece) pairs whose boxes meet: runs of _RUN segments first, then each segment."""
    n = len(seg_lo)
    first_of_line = np.searchsorted(line_of, line_of, side="left")
    new_run = np.ones(n, dtype=bool)
    new_run[1:] = (line_of[1:] != line_of[:-1]) | ((np.arange(1, n) - first_of_line[1:]) % _RUN == 0)
    run_start = np.flatnonzero(new_run)
    run_len = np.diff(np.r_[run_start, n])
    lo, hi = np.minimum.reduceat(seg_lo, run_start), np.maximum.reduceat(seg_hi, run_start)
    boxed = np.flatnonzero(lo[:, 0] <= hi[:, 0])  # runs with at least one box
    runs = shapely.box(lo[boxed, 0], lo[boxed, 1], hi[boxed, 0], hi[boxed, 1])
    run_idx, piece_idx = borders.line_tree.query(runs)
    run_idx = boxed[run_idx]
    m = run_len[run_idx]
    seg = np.repeat(run_start[run_idx] - (np.cumsum(m) - m), m) + np.arange(m.sum())
    piece = np.repeat(piece_idx, m)
    box, lo, hi = borders.line_bounds[piece], seg_lo[seg], seg_hi[seg]
    keep = (lo[:, 0] <= box[:, 2]) & (hi[:, 0] >= box[:, 0]) & (lo[:, 1] <= box[:, 3]) & (hi[:, 1] >= box[:, 1])
    return seg[keep], piece[keep]


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
    reach = 1.5 * _bulge_bound(a, b) + 1e-5
    direct = reach > _DIRECT_REACH
    seg_lo = np.where(direct[:, None], np.inf, np.minimum(a, b) - reach[:, None])  # grown boxes; none if direct
    seg_hi = np.where(direct[:, None], -np.inf, np.maximum(a, b) + reach[:, None])

    # 1. Boxes: each chord's box grown by its reach against the border pieces' boxes; then exactly, within reach.
    seg, piece = _near_by_box(seg_lo, seg_hi, line_of, borders)
    if len(seg):
        unique_seg, which_chord = np.unique(seg, return_inverse=True)
        chords = np.asarray(shapely.linestrings(np.stack([a[unique_seg], b[unique_seg]], axis=1)))
        keep = parallel(shapely.dwithin, chords[which_chord], borders.lines[piece], reach[seg])
        seg, piece = seg[keep], piece[keep]
    # 2. Segments whose reach is too wide for a box: their densified polylines against the pieces they meet.
    far = np.flatnonzero(direct)
    if len(far):
        dense, *_ = _polylines(a[far], b[far], az[far], seg_km[far], densify_km)
        which, far_piece = borders.line_tree.query(dense, predicate="intersects")
        seg, piece = np.concatenate([seg, far[which]]), np.concatenate([piece, far_piece])
    if not len(seg):
        return none

    # 3. Each near segment's densified polyline intersected with its pieces only.
    near, pair = np.unique(seg, return_inverse=True)
    dense, dense_xy, steps, dense_first = _polylines(a[near], b[near], az[near], seg_km[near], densify_km)
    hits = parallel(shapely.intersection, dense[pair], borders.lines[piece])
    hit_xy, owner = shapely.get_coordinates(hits, return_index=True)
    if not len(hit_xy):
        return none
    k = pair[owner]  # the near segment of each hit
    # The 1-km step holding the hit: from its planar position along the polyline.
    along = shapely.line_locate_point(dense[k], shapely.points(hit_xy))
    cum = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(dense_xy, axis=0).T))])
    j = np.searchsorted(cum, cum[dense_first[k]] + along, side="right") - 1
    j = np.clip(j, dense_first[k], dense_first[k] + steps[k] - 1)
    _, _, d = GEOD.inv(dense_xy[j, 0], dense_xy[j, 1], hit_xy[:, 0], hit_xy[:, 1])
    s = near[k]
    km = seg_start_km[s] + (j - dense_first[k]) * (seg_km[s] / steps[k]) + np.atleast_1d(d) / 1000
    return line_of[s], km


def split_at_borders(
    lines: list[np.ndarray], root: Path, densify_km: float, *, boundaries: Boundaries | None = None
) -> list[Track]:
    """Split many lon/lat lines at the borders in one vectorised pass.

    ``boundaries`` default to :func:`~corridormap.world.analysis_boundaries` of ``root``.
    """
    borders = _borders(boundaries or analysis_boundaries(root))
    lines = [np.asarray(xy, dtype=float) for xy in lines]
    n_seg = np.array([len(xy) - 1 for xy in lines])
    xy = np.vstack(lines)
    line_of = np.repeat(np.arange(len(lines)), n_seg)
    start = np.arange(len(line_of)) + line_of  # each segment's first vertex in xy
    a, b = xy[start], xy[start + 1]
    az, _, dist_m = parallel(GEOD.inv, a[:, 0], a[:, 1], b[:, 0], b[:, 1])
    seg_km = np.atleast_1d(dist_m) / 1000
    first = np.cumsum(n_seg) - n_seg
    vertex_km = [np.concatenate([[0.0], np.cumsum(seg_km[f : f + k])]) for f, k in zip(first, n_seg, strict=True)]
    packed = PackedLines.of(xy, vertex_km)
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
    tracks = [Track(coords, km, cuts, []) for coords, km, cuts in zip(lines, vertex_km, per_line, strict=True)]
    return _label(tracks, borders, packed)


def _overlapping(points: np.ndarray, found: list[list[str]], borders: _Borders) -> np.ndarray:
    """Whether each point lies inside (not on the boundary of) more than one polygon."""
    out = np.zeros(len(points), dtype=bool)
    many = [i for i, covering in enumerate(found) if len(covering) > 1]
    if many:
        pts = np.asarray(shapely.points(points[many]))
        pt, poly = borders.countries.query(pts)
        inside = shapely.contains_properly(borders.polygons[poly], pts[pt])
        out[np.asarray(many)] = np.bincount(pt[inside], minlength=len(many)) > 1
    return out


def _label(tracks: list[Track], borders: _Borders, packed: PackedLines) -> list[Track]:
    """Name the country of every piece, then merge neighbouring pieces of one country."""
    pieces = [len(t.cuts_km) + 1 for t in tracks]
    starts = np.concatenate([[0.0, *t.cuts_km] for t in tracks])
    ends = np.concatenate([[*t.cuts_km, t.total_km] for t in tracks])
    mids = packed.locate(np.repeat(np.arange(len(tracks)), pieces), starts + (ends - starts) / 2)
    found = _classify(mids, borders)
    overlap = np.where(_overlapping(mids, found, borders), ends - starts, 0.0)
    out, k = [], 0
    for track, n in zip(tracks, pieces, strict=True):
        labels: list[str] = []
        previous: str | None = None
        for covering in found[k : k + n]:
            if not covering:
                label = borders.outside
            elif len(covering) == 1 or previous not in covering:
                label = sorted(covering)[0] if len(covering) > 1 else covering[0]
            else:
                label = previous  # along a border: stays in the country it came from
            labels.append(label)
            previous = label
        keep = [i for i in range(1, len(labels)) if labels[i] != labels[i - 1]]
        cuts = track.cuts_km[np.array(keep, dtype=int) - 1] if keep else np.empty(0)
        merged = np.add.reduceat(overlap[k : k + n], np.array([0, *keep], dtype=int))
        k += n
        out.append(Track(track.coords, track.vertex_km, cuts, [labels[0]] + [labels[i] for i in keep], merged))
    return out
