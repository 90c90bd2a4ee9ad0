"""`corridormap build` (every map) vs an overview-only `GeoDataFrame.explore()` script: time, RSS, HTML size.

Alternates A B C E F A B C E F ... (whole processes, each into a fresh temporary folder, with an XDG
cache of their own): A is a repeated build (data and code unchanged since the round before:
`corridormap build` writes the files it kept), B a build that computes every map (the kept build
removed first; the data was validated before and the derived data of ``derived/`` is kept: each
map's countries, the countries' TopoJSON), C the explore() script, E the build a user meets after
editing a data file (one vertex of a TAPI segment in ``geodata/corridors/tapi.geojson`` moved by a
different 1e-5° each round, and restored at the end: the data is validated again, TAPI's and the
overview's countries are computed afresh), F a build with nothing kept (builds and derived data
removed; the validation record kept). Also checks that A and B wrote the same files.
With ``--before DIR`` (a source tree of an earlier commit: ``git archive REV | tar -x -C DIR``), that
tree's ``python -m corridormap.cli build`` runs in the same rounds as a fourth command.

usage: .venv/bin/python benchmarks/bench_build.py [--runs N] [--before DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path

from _common import CORRIDORMAP, PYTHON, ROOT, Runs, before_env, fmt_s, row, run_once, table

EXPLORE = str(Path(__file__).with_name("explore_overview.py"))
GOAL_TIME = 0.5
GOAL_SIZE = 0.6
EDITED = ROOT / "geodata" / "corridors" / "tapi.geojson"
VERTEX = "[62.245, 35.24]"  # an inner vertex of tapi-afg-herat


def _private_cache(tmp: Path) -> dict[str, str]:
    """An XDG cache of its own, with the prepared world boundaries of the real one (they take seconds to prepare)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    world = Path(base) / "corridormap" / "world"
    if world.is_dir():
        shutil.copytree(world, tmp / "cache" / "corridormap" / "world")
    return {**os.environ, "XDG_CACHE_HOME": str(tmp / "cache")}


def run(runs: int = 7, before: Path | None = None) -> list[dict[str, str]]:
    repeated, computed, base, earlier, edited, bare = Runs(), Runs(), Runs(), Runs(), Runs(), Runs()
    original = EDITED.read_text(encoding="utf-8")
    assert original.count(VERTEX) == 1, f"{EDITED}: the vertex {VERTEX} the benchmark moves is not there once"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        env = _private_cache(tmp)
        kept = tmp / "cache" / "corridormap"
        for i in range(-1, runs):  # round -1 is an untimed warm-up (it also keeps a build)
            out = tmp / f"maps{i}"
            commands = [
                ([CORRIDORMAP, "build", "--out", str(out)], env, repeated),  # the build of the round before, kept
                ([CORRIDORMAP, "build", "--out", str(tmp / f"computed{i}")], env, computed),
                ([PYTHON, EXPLORE, str(tmp / f"explore{i}.html")], env, base),
                ([CORRIDORMAP, "build", "--out", str(tmp / f"edited{i}")], env, edited),
                ([CORRIDORMAP, "build", "--out", str(tmp / f"bare{i}")], env, bare),
            ]
            if before is not None:
                cmd = [PYTHON, "-m", "corridormap.cli", "build", "--out", str(tmp / f"before{i}")]
                commands.append((cmd, {**before_env(before), "XDG_CACHE_HOME": env["XDG_CACHE_HOME"]}, earlier))
            try:
                for cmd, cmd_env, runs_ in commands:
                    EDITED.write_text(original, encoding="utf-8")
                    if runs_ is computed or runs_ is bare:
                        shutil.rmtree(kept / "builds", ignore_errors=True)  # validated before, no build kept
                    if runs_ is bare:
                        shutil.rmtree(kept / "derived", ignore_errors=True)
                    if runs_ is edited:  # a new edit each round: a new key for every cache of this file
                        EDITED.write_text(original.replace(VERTEX, f"[62.245, {35.24 + (i + 2) * 1e-5:.5f}]"))
                    s, c, m = run_once(cmd, env=cmd_env)
                    if i >= 0:
                        runs_.seconds.append(s)
                        runs_.cpu.append(c)
                        runs_.rss_mib.append(m)
            finally:
                EDITED.write_text(original, encoding="utf-8")
        maps = sorted(p.name for p in out.glob("*.html"))
        ours_kb = (out / "index.html").stat().st_size / 1024
        base_kb = (tmp / f"explore{runs - 1}.html").stat().st_size / 1024
        all_kb = sum(p.stat().st_size for p in out.glob("*.html")) / 1024
        same = all(
            (out / p.relative_to(tmp / folder)).read_bytes() == p.read_bytes()
            for folder in (f"computed{runs - 1}", f"bare{runs - 1}")
            for p in (tmp / folder).rglob("*")
            if p.is_file()
        )
    ratio, cold = repeated.median / base.median, computed.median / base.median
    size = ours_kb / base_kb
    rows = []
    if before is not None:
        rows.append(
            row(
                f"1c. before ({before}): `corridormap build` / explore(), same rounds (median of {runs})",
                f"{fmt_s(earlier.median)} / {fmt_s(base.median)} = **{earlier.median / base.median:.2f}**; "
                f"CPU {fmt_s(earlier.median_cpu)} / {fmt_s(base.median_cpu)} "
                f"= {earlier.median_cpu / base.median_cpu:.2f}",
                f"≤ {GOAL_TIME}",
                earlier.median / base.median <= GOAL_TIME,
            )
        )
    return [
        *rows,
        row(
            f"1. `corridormap build` again, data and code unchanged ({len(maps)} maps; the kept build) "
            f"/ explore() overview only (median of {runs})",
            f"{fmt_s(repeated.median)} / {fmt_s(base.median)} = **{ratio:.2f}**"
            + ("" if same else " — NOT the same files as a computed build"),
            f"≤ {GOAL_TIME}",
            ratio <= GOAL_TIME and same,
        ),
        row(
            "1a. `corridormap build` computing every map (data validated before, no kept build; derived data kept) "
            "/ explore()",
            f"{fmt_s(computed.median)} / {fmt_s(base.median)} = **{cold:.2f}**",
            f"≤ {GOAL_TIME}",
            cold <= GOAL_TIME,
        ),
        row(
            "1d. `corridormap build` after an edit of a corridor's line (validates; TAPI's and the overview's "
            "countries computed, the rest of the derived data kept) / explore()",
            f"{fmt_s(edited.median)} / {fmt_s(base.median)} = **{edited.median / base.median:.2f}**",
            f"≤ {GOAL_TIME}",
            edited.median / base.median <= GOAL_TIME,
        ),
        row(
            "1e. `corridormap build` with nothing kept (no build, no derived data; data validated before) / explore()",
            f"{fmt_s(bare.median)} / {fmt_s(base.median)} = **{bare.median / base.median:.2f}**",
            f"≤ {GOAL_TIME}",
            bare.median / base.median <= GOAL_TIME,
        ),
        row(
            "1b. CPU time (user+sys) and peak RSS: again / computing / explore()",
            f"CPU {fmt_s(repeated.median_cpu)} / {fmt_s(computed.median_cpu)} / {fmt_s(base.median_cpu)} "
            f"= {repeated.median_cpu / base.median_cpu:.2f} / {computed.median_cpu / base.median_cpu:.2f}; "
            f"RSS {repeated.median_rss:.0f} / {computed.median_rss:.0f} / {base.median_rss:.0f} MiB",
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
    parser.add_argument("--before", type=Path, metavar="DIR", help="source tree of an earlier commit to run alongside")
    args = parser.parse_args()
    print(table(run(args.runs, args.before)))
