"""Static figures and exports: seconds per 300 dpi A4 PNG figure (goal 8: < 3 s), per SVG and PDF, per export format.

In-process, after one untimed round that imports matplotlib and GDAL and computes the data
(as any first figure in a process does); median of the repeats. Each figure is built
(`figure()`) and saved (`save_figure()`), both timed together, into a temporary folder.

usage: .venv/bin/python benchmarks/bench_figures.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from _common import row, table

import corridormap as cm
from corridormap.exports import FORMATS
from corridormap.figures import figure, save_figure

GOAL_S = 3.0  # per 300 dpi A4 PNG


def _seconds(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(repeat: int = 3) -> list[dict[str, str]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        save_figure(figure(None), out / "warm.png")  # imports, data, boundaries: once per process
        for fmt in FORMATS:
            cm.export(out / "warm", format=fmt)
        for cid in [None, *cm.corridor_ids()]:
            name = cid or "overview"
            s = _seconds(lambda cid=cid, name=name: save_figure(figure(cid), out / f"{name}.png", dpi=300), repeat)
            size = (out / f"{name}.png").stat().st_size / 1024
            label = f"8. `{name}` A4 PNG, 300 dpi ({size:,.0f} KiB)"
            rows.append(row(label, f"**{s:.2f} s**", f"< {GOAL_S:g} s", s < GOAL_S))
        for fmt in ("svg", "pdf"):
            s = _seconds(lambda fmt=fmt: save_figure(figure(None), out / f"overview.{fmt}"), repeat)
            size = (out / f"overview.{fmt}").stat().st_size / 1024
            rows.append(row(f"8. `overview` A4 {fmt.upper()} ({size:,.0f} KiB)", f"{s:.2f} s", "(info)", None))
        for fmt in FORMATS:
            s = _seconds(lambda fmt=fmt: cm.export(out / fmt, format=fmt), repeat)
            size = sum(p.stat().st_size for p in (out / fmt).iterdir()) / 1024
            rows.append(row(f"9. `export --format {fmt}`, every table ({size:,.0f} KiB)", f"{s:.2f} s", "(info)", None))
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    print(table(run(parser.parse_args().repeat)))
