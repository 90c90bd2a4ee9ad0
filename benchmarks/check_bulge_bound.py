"""Check the bulge bound proposed for `geodesy._bulge_bound` against the true geodesic bulge (see README).

The bulge is how far, in degrees, a geodesic's midpoint lies from its lon/lat chord's midpoint;
the bound is (tan(lat) + 0.02) L² π/1152, L the chord in degrees, lat the larger |latitude|.

usage: .venv/bin/python benchmarks/check_bulge_bound.py [N]
"""

from __future__ import annotations

import sys

import numpy as np
from pyproj import Geod

_GEOD = Geod(ellps="WGS84")


def bound(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    lat = np.radians(np.minimum(np.maximum(np.abs(a[:, 1]), np.abs(b[:, 1])), 89.999))
    return (np.tan(lat) + 0.02) * ((b[:, 0] - a[:, 0]) ** 2 + (b[:, 1] - a[:, 1]) ** 2) * (np.pi / 1152)


def main(n: int = 2_000_000) -> None:
    rng = np.random.default_rng(0)
    lon, lat = rng.uniform(-180, 180, n), rng.uniform(-85, 85, n)
    az, dist = rng.uniform(0, 360, n), 10 ** rng.uniform(2, 6.5, n)  # 100 m to 3,000 km
    lon2, lat2, _ = _GEOD.fwd(lon, lat, az, dist)
    keep = np.abs(lon2 - lon) < 180  # chords across the antimeridian are not lon/lat chords
    lon, lat, az, dist, lon2, lat2 = (v[keep] for v in (lon, lat, az, dist, lon2, lat2))
    mid_lon, mid_lat, _ = _GEOD.fwd(lon, lat, az, dist / 2)
    bulge = np.hypot(mid_lon - (lon + lon2) / 2, mid_lat - (lat + lat2) / 2)
    ratio = bulge / bound(np.column_stack([lon, lat]), np.column_stack([lon2, lat2]))
    worst = int(np.argmax(ratio))
    print(
        f"{keep.sum():,} geodesics: max bulge/bound = {ratio[worst]:.3f} "
        f"(at {dist[worst] / 1000:,.1f} km, lat {lat[worst]:.1f}); bound < bulge in {(ratio > 1).sum()} cases"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000)
