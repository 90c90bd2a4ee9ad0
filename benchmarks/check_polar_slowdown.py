"""Time cm.analyze() on random walks at rising latitudes: the engine used to slow down near the poles.

20 random walks of 300 vertices (10 km steps, drifting heading) starting at 45, 70, 80 and 86 degrees N
at random longitudes; prints the CPU seconds of one analyze() call each.

usage: .venv/bin/python benchmarks/check_polar_slowdown.py
"""

from __future__ import annotations

import time

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Geod

import corridormap as cm

geod = Geod(ellps="WGS84")


def walks(lat0: float, n: int = 20, k: int = 300, seed: int = 1) -> gpd.GeoSeries:
    """``n`` random walks of ``k`` vertices starting near latitude ``lat0``."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        x, y, h = rng.uniform(-170, 170), lat0 + rng.uniform(-1, 1), rng.uniform(0, 360)
        pts = [(x, y)]
        for _ in range(k - 1):
            h += rng.normal(0, 20)
            x, y, _ = geod.fwd(x, y, h, 10_000)
            pts.append((x, y))
        out.append(shapely.LineString(pts))
    return gpd.GeoSeries(out, crs=4326)


def main() -> None:
    cm.analyze(walks(45.0, n=1))  # loads the world boundaries: not timed
    for lat in (45.0, 70.0, 80.0, 86.0):
        lines = walks(lat)
        start = time.process_time()
        cm.analyze(lines)
        print(
            f"{lat}°N: {time.process_time() - start:.2f} CPU s for 20 lines of 300 vertices (10 km steps)", flush=True
        )


if __name__ == "__main__":
    main()
