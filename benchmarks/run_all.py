"""Run every benchmark and print the machine and one markdown results table to paste into README.md.

usage: .venv/bin/python benchmarks/run_all.py [--quick]
(--quick: fewer runs and no 10,000-route growth step, for a smoke test; not for the README)
"""

from __future__ import annotations

import argparse

import bench_accuracy
import bench_api
import bench_build
import bench_cli
import bench_figures
import bench_growth
import bench_routing
from _common import machine, table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    quick = parser.parse_args().quick
    print(machine(), flush=True)
    rows = []
    # Whole-process comparisons first, while this process is still small.
    rows += bench_build.run(runs=3 if quick else 7)
    rows += bench_cli.run(runs=3 if quick else 9)
    rows += bench_api.run(repeat=3 if quick else 7)
    rows += bench_growth.run(sizes=(100, 1_000) if quick else (100, 1_000, 10_000), repeat=1 if quick else 3)
    rows += bench_accuracy.run()
    rows += bench_routing.run(repeat=3 if quick else 7)
    rows += bench_figures.run(repeat=1 if quick else 3)
    print()
    print(table(rows))


if __name__ == "__main__":
    main()
