"""Growth: km per country and crossings for 100, 1,000 and 10,000 synthetic routes through `cm.analyze()`.

Routes are random walks on the ellipsoid (fixed seed): 50-500 vertices, steps of 5-20 km,
headings that drift, kept inside lon 60-78, lat 24-45 by turning back at the edges.

usage: .venv/bin/python benchmarks/bench_growth.py [--sizes 100 1000 10000] [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time

import geopandas as gpd
import numpy as np
import shapely
from _common import row, table
from pyproj import Geod

import corridormap as cm

BOX = (60.0, 24.0, 78.0, 45.0)
GOAL_S = 10.0  # for 10,000 routes
_GEOD = Geod(ellps="WGS84")


def random_routes(n: int, seed: int = 20240601) -> gpd.GeoSeries:
    """``n`` random-walk LineStrings inside BOX, all walked together one step at a time."""
    rng = np.random.default_rng(seed)
    x0, y0, x1, y1 = BOX
    lengths = rng.integers(50, 501, n)
    lon = np.empty((n, lengths.max()))
    lat = np.empty_like(lon)
    lon[:, 0] = rng.uniform(x0 + 0.5, x1 - 0.5, n)
    lat[:, 0] = rng.uniform(y0 + 0.5, y1 - 0.5, n)
    heading = rng.uniform(0, 360, n)
    for k in range(1, lengths.max()):
        heading += rng.normal(0, 25, n)
        step = rng.uniform(5_000, 20_000, n)
        x, y, _ = _GEOD.fwd(lon[:, k - 1], lat[:, k - 1], heading, step)
        out = (x < x0) | (x > x1) | (y < y0) | (y > y1)
        if out.any():  # turn back towards the box centre and step again
            m = int(out.sum())
            centre = np.full(m, (x0 + x1) / 2), np.full(m, (y0 + y1) / 2)
            heading[out] = _GEOD.inv(lon[out, k - 1], lat[out, k - 1], *centre)[0]
            x[out], y[out], _ = _GEOD.fwd(lon[out, k - 1], lat[out, k - 1], heading[out], step[out])
        lon[:, k], lat[:, k] = x, y
    lines = [shapely.LineString(np.column_stack([lon[i, :m], lat[i, :m]])) for i, m in enumerate(lengths)]
    return gpd.GeoSeries(lines, crs="EPSG:4326")


def run(sizes: tuple[int, ...] = (100, 1_000, 10_000), repeat: int = 3) -> list[dict[str, str]]:
    # First call loads and indexes the full-detail boundaries; time it apart from the growth.
    start = time.perf_counter()
    cm.analyze(random_routes(1, seed=1))
    rows = [
        row(
            "5. `analyze()` first call in the process, 1 route (loads the boundaries if not yet loaded)",
            f"{time.perf_counter() - start:.2f} s",
            "",
            None,
        )
    ]
    base = None
    for n in sizes:
        routes = random_routes(n)
        vertices = int(shapely.get_num_coordinates(routes.values).sum())
        times, cpu, out = [], [], None
        for _ in range(repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            out = cm.analyze(routes)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        s = statistics.median(times)
        per_route = s / n
        base = base or per_route
        km, crossings = out
        goal = n == 10_000
        rows.append(
            row(
                f"5. `analyze()` {n:,} routes, {vertices:,} vertices (median of {repeat})",
                f"**{s:.2f} s** (CPU {statistics.median(cpu):.2f} s), {n / s:,.0f} routes/s, "
                f"{vertices / s / 1e6:.2f} M vertices/s, {len(km):,} km rows, {len(crossings):,} crossings; "
                f"time/route ×{per_route / base:.2f} vs {sizes[0]:,}",
                f"≤ {GOAL_S:g} s, ~linear" if goal else "~linear",
                s <= GOAL_S if goal else None,
            )
        )
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1_000, 10_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(table(run(tuple(args.sizes), args.repeat)))
