"""Geodesic lengths on the WGS84 ellipsoid, and the vectorised geodesic helpers the other modules share.

Lengths use :class:`pyproj.Geod` (Karney's algorithm), never a projected plane. How a
line is split at the borders is in :mod:`corridormap.splitting`; how a corridor's
segments chain into a route, and its length per country, in :mod:`corridormap.chaining`.
"""

from __future__ import annotations

import itertools
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from pyproj import Geod

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["DENSIFY_KM", "GEOD", "PackedLines", "densify", "densify_segments", "geodesic_length_km", "parallel"]

#: Default step, in km, for densifying lines along the geodesic before intersecting borders.
DENSIFY_KM = 1.0

#: The WGS84 ellipsoid every length and position is computed on.
GEOD = Geod(ellps="WGS84")
_PARALLEL_FROM = 50_000  # elementwise work worth spreading over the cores


def parallel(func: Callable[..., Any], *arrays: np.ndarray) -> Any:
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
    return float(GEOD.line_length(xy[:, 0], xy[:, 1])) / 1000


def densify(coords: np.ndarray | list[list[float]], *, max_km: float = DENSIFY_KM) -> np.ndarray:
    """Insert points along each geodesic segment so that no step exceeds ``max_km``.

    Examples
    --------
    >>> densify([[60.0, 35.0], [61.0, 35.0]], max_km=10).shape
    (11, 2)
    """
    xy = np.asarray(coords, dtype=float)
    az, _, dist = GEOD.inv(xy[:-1, 0], xy[:-1, 1], xy[1:, 0], xy[1:, 1])
    points, _ = densify_segments(xy[:-1], np.atleast_1d(az), np.atleast_1d(dist) / 1000, max_km)
    return np.vstack([points, xy[-1:]])


def densify_segments(start: np.ndarray, az: np.ndarray, km: np.ndarray, max_km: float) -> tuple[np.ndarray, np.ndarray]:
    """Points along each segment's geodesic from its start, every <= max_km; their segment index."""
    steps = np.maximum(np.ceil(km / max_km), 1).astype(int)
    seg = np.repeat(np.arange(len(km)), steps)
    first = np.cumsum(steps) - steps
    offset_km = (np.arange(len(seg)) - first[seg]) * (km[seg] / steps[seg])
    lon, lat, _ = parallel(GEOD.fwd, start[seg, 0], start[seg, 1], az[seg], offset_km * 1000)
    return np.column_stack([lon, lat]), seg


@dataclass(frozen=True)
class PackedLines:
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
    def of(cls, xy: np.ndarray, vertex_km: list[np.ndarray]) -> PackedLines:
        count = np.array([len(v) for v in vertex_km])
        km = np.concatenate(vertex_km)
        base_km = np.concatenate([[0.0], np.cumsum([v[-1] for v in vertex_km])[:-1]])
        return cls(xy, km, km + np.repeat(base_km, count), base_km, np.cumsum(count) - count, count)

    def locate(self, line: np.ndarray, km: np.ndarray) -> np.ndarray:
        """Lon/lat of the points ``km`` along lines ``line``, on the geodesic between vertices."""
        i = np.searchsorted(self.all_km, km + self.base_km[line], side="right") - 1
        i = np.clip(i, self.first[line], self.first[line] + self.count[line] - 2)
        a, b = self.xy[i], self.xy[i + 1]
        az, _, _ = GEOD.inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
        lon, lat, _ = GEOD.fwd(a[:, 0], a[:, 1], az, (km - self.km[i]) * 1000)
        return np.column_stack([lon, lat])
