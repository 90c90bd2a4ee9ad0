"""A realistic synthetic world set of lines, written as GeoParquet: the input of the growth benchmarks.

Each line starts at a random vertex of Natural Earth's country outlines (so on a border
or a coast), has 2 to 2,000 vertices (log-uniform: most lines short, some very long, as
in power-line and pipeline data) and walks with a drifting heading in steps of 0.2 to
20 km (log-uniform per line) on the ellipsoid. Fixed seed: the same ``n`` gives the same
file. Lines stay between 72°S and 72°N (a walk that would leave turns back towards the
equator), as the infrastructure it stands for does: starts are drawn from outline
vertices in that band. Lines crossing the antimeridian are kept: they are part of the test.

usage: .venv/bin/python benchmarks/world_lines.py N OUT.parquet [--seed S]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Geod

import corridormap as cm

_GEOD = Geod(ellps="WGS84")
MAX_LAT = 72.0


def world_lines(n: int, seed: int = 20261130) -> gpd.GeoDataFrame:
    """``n`` random-walk LineStrings starting on borders and coasts all over the world."""
    rng = np.random.default_rng(seed)
    outline = shapely.get_coordinates(shapely.boundary(cm.world_boundaries().geometry.values))
    outline = outline[np.abs(outline[:, 1]) < MAX_LAT]
    vertices = np.round(np.exp(rng.uniform(np.log(2), np.log(2000), n))).astype(int)
    step_km = np.exp(rng.uniform(np.log(0.2), np.log(20), n))
    heading = rng.uniform(0, 360, n)
    start = outline[rng.integers(0, len(outline), n)]
    total = int(vertices.sum())
    line = np.repeat(np.arange(n), vertices)
    first = np.cumsum(vertices) - vertices
    xy = np.empty((total, 2))
    xy[first] = start
    # Walk all lines together, one step index at a time, only those still growing.
    for k in range(1, int(vertices.max())):
        alive = np.flatnonzero(vertices > k)
        at = first[alive] + k
        heading[alive] += rng.normal(0, 20, len(alive))
        lon, lat, _ = _GEOD.fwd(xy[at - 1, 0], xy[at - 1, 1], heading[alive], step_km[alive] * 1000)
        out = np.abs(lat) > MAX_LAT
        if out.any():  # head back towards the equator and step again
            turn = alive[out]
            heading[turn] = np.where(xy[at[out] - 1, 1] > 0, 180.0, 0.0) + rng.normal(0, 30, len(turn))
            lon[out], lat[out], _ = _GEOD.fwd(
                xy[at[out] - 1, 0], xy[at[out] - 1, 1], heading[turn], step_km[turn] * 1000
            )
        xy[at, 0], xy[at, 1] = lon, lat
    geoms = shapely.linestrings(xy, indices=line)
    return gpd.GeoDataFrame({"line_id": [f"L{i:07d}" for i in range(n)]}, geometry=geoms, crs="EPSG:4326")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=20261130)
    args = parser.parse_args()
    frame = world_lines(args.n, args.seed)
    frame.to_parquet(args.out)
    vertices = int(shapely.get_num_coordinates(frame.geometry.values).sum())
    print(f"wrote {args.out}: {args.n:,} lines, {vertices:,} vertices")


if __name__ == "__main__":
    main()
