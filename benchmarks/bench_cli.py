"""Whole-process `corridormap length TAPI` vs `python -c "import geopandas"`, alternating A B A B.

The untimed first round leaves the answer on disk (`corridormap._answers`), as any first use
does: the timed rounds are a repeated question. Rows 3c and 3d are the first time: no
validation record and no answer kept, and an answer not kept for data already validated.

With ``--before DIR`` (a source tree of an earlier commit: ``git archive REV | tar -x -C DIR``)
that tree's ``python -m corridormap.cli length TAPI`` runs in the same rounds, as a third command.

usage: .venv/bin/python benchmarks/bench_cli.py [--runs N] [--before DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

from _common import CORRIDORMAP, PYTHON, before_env, fmt_s, interleave, row, run_once, table

GOAL = 1.0


def run(runs: int = 9, before: Path | None = None) -> list[dict[str, str]]:
    # The untimed warm-up round also fills the validation cache, as any first use does.
    commands: list[tuple[list[str], dict[str, str] | None]] = [
        ([CORRIDORMAP, "length", "TAPI"], None),
        ([PYTHON, "-c", "import geopandas"], None),
    ]
    if before is not None:
        commands.append(([PYTHON, "-m", "corridormap.cli", "length", "TAPI"], before_env(before)))
    ours, base, *earlier = interleave(commands, runs)
    ratio = ours.median / base.median
    cold = []
    for _ in range(max(3, runs // 3)):  # an empty validation cache: the first run after installing or editing data
        with tempfile.TemporaryDirectory() as cache:
            cold.append(run_once([CORRIDORMAP, "length", "TAPI"], env={**os.environ, "XDG_CACHE_HOME": cache})[0])
    unanswered = []
    for _ in range(max(3, runs // 3)):  # validated before, but this answer not kept (as after an upgrade of numpy)
        with tempfile.TemporaryDirectory() as cache:
            env = {**os.environ, "XDG_CACHE_HOME": cache}
            subprocess.run([CORRIDORMAP, "validate"], env=env, capture_output=True, check=True)
            shutil.rmtree(Path(cache) / "corridormap" / "answers", ignore_errors=True)
            unanswered.append(run_once([CORRIDORMAP, "length", "TAPI"], env=env)[0])
    rows = [
        row(
            f"3e. before ({before}): `corridormap length TAPI` / import geopandas, same rounds (median of {runs})",
            f"{fmt_s(earlier[0].median)} / {fmt_s(base.median)} = **{earlier[0].median / base.median:.2f}**; "
            f"CPU {fmt_s(earlier[0].median_cpu)}",
            f"≤ {GOAL}",
            earlier[0].median / base.median <= GOAL,
        )
        for _ in earlier
    ]
    return [
        *rows,
        row(
            f"3. `corridormap length TAPI` / `python -c 'import geopandas'` (median of {runs})",
            f"{fmt_s(ours.median)} / {fmt_s(base.median)} = **{ratio:.2f}**",
            f"≤ {GOAL}",
            ratio <= GOAL,
        ),
        row(
            "3b. same, CPU time (user+sys) and peak RSS",
            f"CPU {fmt_s(ours.median_cpu)} / {fmt_s(base.median_cpu)} = {ours.median_cpu / base.median_cpu:.2f}; "
            f"RSS {ours.median_rss:.0f} / {base.median_rss:.0f} MiB = {ours.median_rss / base.median_rss:.2f}",
            "(info)",
            None,
        ),
        row(
            f"3c. `corridormap length TAPI` with an empty cache: validates, computes (median of {len(cold)})",
            f"{fmt_s(statistics.median(cold))} = {statistics.median(cold) / base.median:.2f} × import geopandas",
            "(info)",
            None,
        ),
        row(
            f"3d. same, data validated before, answer not kept: computes (median of {len(unanswered)})",
            f"{fmt_s(statistics.median(unanswered))} = {statistics.median(unanswered) / base.median:.2f} "
            "× import geopandas",
            "(info)",
            None,
        ),
    ]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--before", type=Path, metavar="DIR", help="source tree of an earlier commit to run alongside")
    args = parser.parse_args()
    print(table(run(args.runs, args.before)))
