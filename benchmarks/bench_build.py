"""`corridormap build` (every map) vs an overview-only `GeoDataFrame.explore()` script: time, RSS, HTML size.

Alternates A B A B ... (whole processes, each into a fresh temporary folder).

usage: .venv/bin/python benchmarks/bench_build.py [--runs N]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from _common import CORRIDORMAP, PYTHON, Runs, fmt_s, row, run_once, table

EXPLORE = str(Path(__file__).with_name("explore_overview.py"))
GOAL_TIME = 0.5
GOAL_SIZE = 0.6


def run(runs: int = 7) -> list[dict[str, str]]:
    ours, base = Runs(), Runs()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for i in range(-1, runs):  # round -1 is an untimed warm-up
            out = tmp / f"maps{i}"
            for cmd, runs_ in (
                ([CORRIDORMAP, "build", "--out", str(out)], ours),
                ([PYTHON, EXPLORE, str(tmp / f"explore{i}.html")], base),
            ):
                s, c, m = run_once(cmd)
                if i >= 0:
                    runs_.seconds.append(s)
                    runs_.cpu.append(c)
                    runs_.rss_mib.append(m)
        maps = sorted(p.name for p in out.glob("*.html"))
        ours_kb = (out / "index.html").stat().st_size / 1024
        base_kb = (tmp / f"explore{runs - 1}.html").stat().st_size / 1024
        all_kb = sum(p.stat().st_size for p in out.glob("*.html")) / 1024
    ratio = ours.median / base.median
    size = ours_kb / base_kb
    return [
        row(
            f"1. `corridormap build` ({len(maps)} maps) / explore() overview only (median of {runs})",
            f"{fmt_s(ours.median)} / {fmt_s(base.median)} = **{ratio:.2f}**",
            f"≤ {GOAL_TIME}",
            ratio <= GOAL_TIME,
        ),
        row(
            "1b. same, CPU time (user+sys) and peak RSS",
            f"CPU {fmt_s(ours.median_cpu)} / {fmt_s(base.median_cpu)} = {ours.median_cpu / base.median_cpu:.2f}; "
            f"RSS {ours.median_rss:.0f} / {base.median_rss:.0f} MiB = {ours.median_rss / base.median_rss:.2f}",
            "(info)",
            None,
        ),
        row(
            "2. overview `index.html` / explore() HTML",
            f"{ours_kb:,.0f} KiB / {base_kb:,.0f} KiB = **{size:.2f}** (all {len(maps)} maps: {all_kb:,.0f} KiB)",
            f"≤ {GOAL_SIZE}",
            size <= GOAL_SIZE,
        ),
    ]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    print(table(run(parser.parse_args().runs)))
