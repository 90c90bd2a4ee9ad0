"""Worldwide analysis: growth of `corridormap analyze` with both engines, and GEM's method side by side.

``growth``: `corridormap analyze FILE.parquet --engine local|dask` as whole processes on the
synthetic world set of ``world_lines.py`` (files made once into --workdir), the two
engines alternating, after one untimed run of each on 1,000 lines (or the smallest size). Wall and CPU time
(user + sys, the process and its reaped children: dask's workers included) and peak RSS
of the largest single process (``wait4``: the driver or one worker).

``large``: 10⁶ lines (by default) as a GeoParquet folder of files of 10⁵ lines each (seeds
``20261130 + k``, ids ``F{k}-L…``), read lazily with ``dask_geopandas.read_parquet`` (one
partition per row group of 10⁴ lines) and analysed with the dask engine on a fresh local cluster
of two single-threaded workers: the only way the set fits in this machine's memory (the whole
input as shapely geometries would need about ten times the 3.6 GiB of the 10⁵ file). Shows
progress (tqdm, stderr), then wall time, the workers' CPU time and peak RSS, and the
table sizes.

``gem``: in one process, on the same n lines, alternating: corridormap's ``cm.analyze``
(1 km densification near borders) against Global Energy Monitor's way — ``gpd.overlay``
of the lines with the country polygons, then ``Geod.geometry_length`` per piece — and
both against a reference: every line densified along the geodesic to 100 m, then
overlaid and measured the same way. Lines crossing ±180° are left out of the accuracy
comparison (the overlay reference cannot handle them; the count is printed).

``overhead``: in one process, the file read once, ``cm.analyze(lines)`` in-process and
``cm.analyze(lines, engine="dask")`` (which starts and stops its own local cluster of one
single-threaded worker per core, as a user's call does) alternating, ``--runs`` each after one
untimed call of each on 1,000 lines; median wall times, their ratio, and the load average
before each run. With ``--from-file``, ``cm.analyze_file(path, id_column="line_id")`` instead, as
`corridormap analyze` calls it: the dask engine's workers then read and check the file's batches.

``memory``: the dask engine in this process on a fresh local cluster of two single-threaded
workers, for each size; afterwards each worker reports its own peak RSS (``VmHWM``: what
one worker needs, against the partition size), and the driver its own (the input and the graph).

usage:
  .venv/bin/python benchmarks/bench_world.py growth [--sizes 1000 10000 100000] [--runs 1] [--workdir DIR]
  .venv/bin/python benchmarks/bench_world.py gem [--n 1000] [--runs 3]
  .venv/bin/python benchmarks/bench_world.py overhead [--n 100000] [--runs 3] [--from-file] [--workdir DIR]
  .venv/bin/python benchmarks/bench_world.py memory [--sizes 10000 100000] [--from-file] [--workdir DIR]
  .venv/bin/python benchmarks/bench_world.py large [--files 10] [--lines-per-file 100000] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from _common import CORRIDORMAP, machine, run_once
from pyproj import Geod
from world_lines import world_lines

import corridormap as cm
from corridormap.splitting import UNATTRIBUTED

_GEOD = Geod(ellps="WGS84")


def _file(n: int, workdir: Path) -> tuple[Path, int]:
    path = workdir / f"world_lines_{n}.parquet"
    if not path.exists():
        world_lines(n).to_parquet(path)
    import pyarrow.parquet as pq

    # Batch by batch: reading the whole file here would put its size into this process's peak memory.
    vertices = sum(
        int(shapely.get_num_coordinates(shapely.from_wkb(batch.column("geometry"))).sum())
        for batch in pq.ParquetFile(path).iter_batches(batch_size=10_000, columns=["geometry"])
    )
    return path, vertices


def growth(sizes: list[int], runs: int, workdir: Path) -> None:
    print(machine())
    print()
    print(
        "| lines | vertices | engine | wall s (median) | CPU s | µs per line | per line vs first size | peak RSS MiB |"
    )
    print("|---|---|---|---|---|---|---|---|")
    base: dict[str, float] = {}
    warm, _ = _file(min(1_000, *sizes), workdir)
    for engine in ("local", "dask"):  # untimed: fills the world-boundary cache, imports compiled
        run_once([CORRIDORMAP, "analyze", str(warm), "--out", str(workdir / "out"), "--engine", engine])
    for n in sizes:
        path, vertices = _file(n, workdir)
        results: dict[str, list[tuple[float, float, float]]] = {"local": [], "dask": []}
        for _ in range(runs):
            for engine in results:
                cmd = [CORRIDORMAP, "analyze", str(path), "--id", "line_id", "--out", str(workdir / f"out_{engine}")]
                results[engine].append(run_once([*cmd, "--engine", engine]))
        for engine, measured in results.items():
            wall = statistics.median(m[0] for m in measured)
            cpu = statistics.median(m[1] for m in measured)
            rss = max(m[2] for m in measured)
            per_line = wall / n
            base.setdefault(engine, per_line)
            print(
                f"| {n:,} | {vertices:,} | {engine} | {wall:.1f} | {cpu:.1f} | {per_line * 1e6:,.0f} | "
                f"×{per_line / base[engine]:.2f} | {rss:,.0f} |",
                flush=True,
            )
        local, dask = (statistics.median(m[0] for m in results[e]) for e in ("local", "dask"))
        same = all(
            (workdir / "out_local" / f"{t}.csv").read_bytes() == (workdir / "out_dask" / f"{t}.csv").read_bytes()
            for t in ("km_by_country", "crossings", "lines", "rejected")
        )
        print(f"|  |  | dask / local | **{dask / local:.2f}** | | | | identical output files: {same} |", flush=True)


def overhead(n: int, runs: int, workdir: Path, *, from_file: bool = False) -> None:
    import os

    print(machine())
    path, vertices = _file(n, workdir)
    lines = gpd.read_parquet(path).set_index("line_id").geometry
    warm = lines.iloc[:1_000]
    cm.analyze(warm)
    cm.analyze(warm, engine="dask")
    if from_file:  # what `corridormap analyze FILE --id line_id [--engine dask]` does, the lines not held here
        del lines, warm

        def call(engine: str) -> tuple[pd.DataFrame, gpd.GeoDataFrame]:
            result = cm.analyze_file(path, id_column="line_id", engine=engine)  # type: ignore[arg-type]
            return result.km, result.crossings
    else:

        def call(engine: str) -> tuple[pd.DataFrame, gpd.GeoDataFrame]:
            return cm.analyze(lines, engine=engine)  # type: ignore[call-overload,no-any-return]

    times: dict[str, list[float]] = {"local": [], "dask": []}
    results: dict[str, tuple[pd.DataFrame, gpd.GeoDataFrame]] = {}
    print(f"\n{n:,} lines, {vertices:,} vertices, {'analyze_file(path)' if from_file else 'analyze(lines)'}\n")
    print("| run | engine | load average before (1 min) | wall s |")
    print("|---|---|---|---|")
    for run in range(1, runs + 1):
        for engine in ("local", "dask"):
            load = os.getloadavg()[0]
            start = time.perf_counter()
            results[engine] = call(engine)
            times[engine].append(time.perf_counter() - start)
            print(f"| {run} | {engine} | {load:.1f} | {times[engine][-1]:.1f} |", flush=True)
    local, dask = (statistics.median(times[e]) for e in ("local", "dask"))
    (km_l, x_l), (km_d, x_d) = results["local"], results["dask"]
    same = km_l[["line", "iso3"]].equals(km_d[["line", "iso3"]]) and len(x_l) == len(x_d)
    diff = float(np.abs(km_l["km"].to_numpy() - km_d["km"].to_numpy()).max()) if same else float("nan")
    print(
        f"\nmedian of {runs}: local {local:.1f} s, dask {dask:.1f} s: dask / local = **{dask / local:.2f}** "
        f"(overhead {(dask / local - 1) * 100:+.0f} %); same rows: {same}, max |Δkm| {diff:.1e}"
    )


def _peak_rss_mib() -> float:
    """This process's own peak RSS (``VmHWM``), in MiB.

    Not ``getrusage``'s ``ru_maxrss``: Linux carries it over a fork and an exec, so a dask
    worker spawned by a driver holding 3 GB reports at least 3 GB of its own.
    """
    status = Path("/proc/self/status").read_text().splitlines()
    return next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024


def memory(sizes: list[int], workdir: Path, *, from_file: bool = False) -> None:
    from corridormap.distributed import PARTITION_VERTICES, analyze_dask, analyze_parquet_dask, local_client
    from corridormap.files import open_parquet_lines

    print(machine())
    print()
    print("| lines | vertices | partitions | vertices per partition | peak RSS per worker MiB | driver MiB | wall s |")
    print("|---|---|---|---|---|---|---|")
    for n in sizes:
        path, vertices = _file(n, workdir)
        with local_client(workers=2) as client:
            start = time.perf_counter()
            if from_file:  # the workers read the file's batches: the lines are never all in this process
                analyze_parquet_dask(open_parquet_lines(path, id_column="line_id"), id_column="line_id", client=client)  # type: ignore[arg-type]
            else:
                analyze_dask(gpd.read_parquet(path).set_index("line_id").geometry, client=client)
            wall = time.perf_counter() - start
            peaks = sorted(client.run(_peak_rss_mib).values())
        parts = max(2, -(-vertices // PARTITION_VERTICES))
        print(
            f"| {n:,} | {vertices:,} | {parts} | {vertices // parts:,} | "
            f"{', '.join(f'{p:,.0f}' for p in peaks)} | {_peak_rss_mib():,.0f} | {wall:.1f} |",
            flush=True,
        )


def _cpu_and_peak() -> tuple[float, float]:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime, _peak_rss_mib()


def large(files: int, per_file: int, workdir: Path) -> None:
    import os

    import dask_geopandas

    from corridormap.distributed import analyze_dask, local_client

    folder = workdir / f"world_lines_{files}x{per_file}"
    folder.mkdir(exist_ok=True)
    for k in range(files):
        path = folder / f"part_{k:02d}.parquet"
        if not path.exists():
            start = time.perf_counter()
            frame = world_lines(per_file, seed=20261130 + k)
            frame["line_id"] = f"F{k}-" + frame["line_id"]
            frame.set_index("line_id").to_parquet(path.with_suffix(".tmp"), row_group_size=max(1, per_file // 10))
            path.with_suffix(".tmp").rename(path)
            print(f"wrote {path.name} in {time.perf_counter() - start:.0f} s", flush=True)
    print(machine())
    print(f"load average before: {os.getloadavg()}", flush=True)
    lines = dask_geopandas.read_parquet(sorted(folder.glob("part_*.parquet")), split_row_groups=True)
    with local_client(workers=2) as client:
        start = time.perf_counter()
        km, x = analyze_dask(lines, client=client, progress=True)  # tqdm on stderr
        wall = time.perf_counter() - start
        worker_stats = sorted(client.run(_cpu_and_peak).values())
    n = files * per_file
    cpu = sum(c for c, _ in worker_stats)
    print(
        f"{n:,} lines, {lines.npartitions} partitions: wall {wall:.0f} s ({wall / n * 1e3:.2f} ms per line), "
        f"workers' CPU {cpu:.0f} s ({cpu / n * 1e3:.2f} ms per line), "
        f"peak RSS per worker {', '.join(f'{p:,.0f}' for _, p in worker_stats)} MiB; "
        f"{len(km):,} km rows, {len(x):,} crossings, {km['line'].nunique():,} lines; "
        f"load average after: {os.getloadavg()}",
        flush=True,
    )


def gem_way(lines: gpd.GeoDataFrame, world: gpd.GeoDataFrame) -> pd.DataFrame:
    """GEM's route-length method: planar overlay with the countries, then the geodesic length of each piece."""
    pieces = gpd.overlay(lines, world[["iso3", "geometry"]], how="intersection", keep_geom_type=True)
    pieces["km"] = [_GEOD.geometry_length(g) / 1000 for g in pieces.geometry]
    return pieces.groupby(["line_id", "iso3"], as_index=False)["km"].sum()


def _with_unattributed(km: pd.DataFrame, totals: pd.Series) -> pd.Series:
    """km per (line, iso3), with the length in no country (sea, gaps) as 'none'."""
    per = km[~km["iso3"].isin(UNATTRIBUTED)].groupby(["line_id", "iso3"])["km"].sum()
    none = totals - per.groupby(level=0).sum().reindex(totals.index, fill_value=0.0)
    none.index = pd.MultiIndex.from_arrays([none.index, ["none"] * len(none)], names=["line_id", "iso3"])
    return pd.concat([per, none.clip(lower=0.0)]).sort_index()


def _errors(ours: pd.Series, ref: pd.Series, total_km: float) -> str:
    both = pd.concat([ours.rename("a"), ref.rename("b")], axis=1).fillna(0.0)
    diff = (both["a"] - both["b"]).abs()
    wrong = int(((both["a"] > 0.001) != (both["b"] > 0.001)).sum())
    return (
        f"max {diff.max() * 1000:,.1f} m, mean {diff.mean() * 1000:,.2f} m per (line, country); "
        f"Σ|Δ| {diff.sum() / total_km * 100:.4f} % of {total_km:,.0f} km; "
        f"(line, country) pairs present in one and not the other (> 1 m): {wrong}"
    )


def gem(n: int, runs: int) -> None:
    print(machine())
    world = cm.world_boundaries().reset_index(drop=True)
    lines = world_lines(n)
    cm.analyze(lines.geometry.iloc[:10])  # loads and indexes the boundaries: not timed
    ours_times, gem_times = [], []
    ours_km = gem_km = None
    for _ in range(runs):
        start = time.perf_counter()
        km, _ = cm.analyze(lines.set_index("line_id").geometry)
        ours_times.append(time.perf_counter() - start)
        ours_km = km.rename(columns={"line": "line_id"})
        start = time.perf_counter()
        gem_km = gem_way(lines, world)
        gem_times.append(time.perf_counter() - start)
    assert ours_km is not None and gem_km is not None
    xy = [shapely.get_coordinates(g) for g in lines.geometry]
    crosses = np.array([bool((np.abs(np.diff(c[:, 0])) > 180).any()) for c in xy])
    keep = lines[~crosses]
    start = time.perf_counter()
    dense = gpd.GeoDataFrame(
        {"line_id": keep["line_id"]},
        geometry=[shapely.LineString(cm.densify(c, max_km=0.1)) for c, k in zip(xy, ~crosses, strict=True) if k],
        crs="EPSG:4326",
    )
    ref_km = gem_way(dense, world)
    ref_s = time.perf_counter() - start
    totals = pd.Series(
        [cm.geodesic_length_km(c) for c, k in zip(xy, ~crosses, strict=True) if k], index=keep["line_id"]
    )
    ids = set(keep["line_id"])
    ref = _with_unattributed(ref_km, totals)
    ours = _with_unattributed(ours_km[ours_km["line_id"].isin(ids)], totals)
    theirs = _with_unattributed(gem_km[gem_km["line_id"].isin(ids)], totals)
    vertices = int(shapely.get_num_coordinates(lines.geometry.values).sum())
    print(f"\n{n:,} lines, {vertices:,} vertices; {int(crosses.sum())} cross ±180° (left out of the accuracy rows)\n")
    print("| figure | corridormap `analyze()` | GEM's way (overlay + Geod.geometry_length) |")
    print("|---|---|---|")
    print(
        f"| wall time, median of {runs} (alternating) | {statistics.median(ours_times):.2f} s | "
        f"{statistics.median(gem_times):.2f} s |"
    )
    total = float(totals.sum())
    print(
        f"| km per line and country vs 100 m reference | {_errors(ours, ref, total)} | {_errors(theirs, ref, total)} |"
    )
    across = lines.loc[crosses, "line_id"]
    if len(across):
        true = pd.Series([cm.geodesic_length_km(c) for c, k in zip(xy, crosses, strict=True) if k], index=across)
        for name, table in (("corridormap", ours_km), ("GEM", gem_km)):
            on_land = table[table["line_id"].isin(set(across)) & ~table["iso3"].isin(UNATTRIBUTED)]
            excess = on_land.groupby("line_id")["km"].sum().reindex(true.index, fill_value=0.0) - true
            print(
                f"- {name}, the {len(across)} lines across ±180°: km in countries exceed the line's own length on "
                f"{int((excess > 0.001).sum())} lines (worst by {max(float(excess.max()), 0.0):,.1f} km)"
            )
    print(f"\n(reference: {len(dense):,} lines densified to 100 m and overlaid in {ref_s:.1f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    p = sub.add_parser("growth")
    p.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "corridormap-bench")
    p = sub.add_parser("overhead")
    p.add_argument("--from-file", action="store_true", help="time analyze_file(path), as the CLI, not analyze(lines)")
    p.add_argument("--n", type=int, default=100_000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "corridormap-bench")
    p = sub.add_parser("memory")
    p.add_argument(
        "--from-file", action="store_true", help="the workers read the file (as the CLI), not analyze(lines)"
    )
    p.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    p.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "corridormap-bench")
    p = sub.add_parser("large")
    p.add_argument("--files", type=int, default=10)
    p.add_argument("--lines-per-file", type=int, default=100_000)
    p.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "corridormap-bench")
    p = sub.add_parser("gem")
    p.add_argument("--n", type=int, default=1_000)
    p.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.what == "large":
        args.workdir.mkdir(parents=True, exist_ok=True)
        large(args.files, args.lines_per_file, args.workdir)
    elif args.what == "overhead":
        args.workdir.mkdir(parents=True, exist_ok=True)
        overhead(args.n, args.runs, args.workdir, from_file=args.from_file)
    elif args.what in ("growth", "memory"):
        args.workdir.mkdir(parents=True, exist_ok=True)
        if args.what == "growth":
            growth(args.sizes, args.runs, args.workdir)
        else:
            memory(args.sizes, args.workdir, from_file=args.from_file)
    else:
        gem(args.n, args.runs)


if __name__ == "__main__":
    sys.exit(main())
