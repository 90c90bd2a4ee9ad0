"""Warm API calls in-process: median µs per call over timeit repeats, after one untimed first call.

usage: .venv/bin/python benchmarks/bench_api.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time
import timeit

from _common import row, table

import corridormap as cm

GOAL_US = 1000.0  # route_length


def _per_call_us(fn, repeat: int) -> tuple[float, float]:
    """(first-call µs, median warm µs per call): each repeat runs enough calls to last ~0.2 s."""
    start = time.perf_counter()
    fn()
    first = (time.perf_counter() - start) * 1e6
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    number = max(1, number)
    return first, statistics.median(t / number * 1e6 for t in timer.repeat(repeat=repeat, number=number))


def run(repeat: int = 7) -> list[dict[str, str]]:
    calls = {
        'route_length("TAPI")': lambda: cm.route_length("TAPI"),
        'route_length("TAPI", by="country")': lambda: cm.route_length("TAPI", by="country"),
        'crossings("TAPI")': lambda: cm.crossings("TAPI"),
        "summary()": cm.summary,
    }
    cm.corridor_ids()  # load (and, first time ever, validate) the data outside the timings
    rows = []
    for name, fn in calls.items():
        first, warm = _per_call_us(fn, repeat)
        goal = name == 'route_length("TAPI")'
        rows.append(
            row(
                f"4. warm `{name}` (first call {first / 1000:,.1f} ms)",
                f"**{warm:,.0f} µs**",
                f"≤ {GOAL_US:,.0f} µs" if goal else "(info)",
                warm <= GOAL_US if goal else None,
            )
        )
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    print(table(run(parser.parse_args().repeat)))
