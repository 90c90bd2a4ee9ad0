"""Shared helpers for the benchmark scripts: whole-process timing, A/B alternation, tables, machine info."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PYTHON = sys.executable
CORRIDORMAP = str(BIN / "corridormap")


@dataclass
class Runs:
    """Wall seconds, CPU seconds (user + sys) and peak RSS (MiB) of repeated whole-process runs of one command."""

    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss_mib: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu)

    @property
    def median_rss(self) -> float:
        return statistics.median(self.rss_mib)


def run_once(cmd: list[str], *, env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Run a command to completion; return (wall s, CPU s, peak RSS MiB). Fails loudly on a non-zero exit."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode:
        msg = f"{' '.join(cmd)} exited {proc.returncode}:\n{err}"
        raise RuntimeError(msg)
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def interleave(commands: list[tuple[list[str], dict[str, str] | None]], runs: int, *, warmup: int = 1) -> list[Runs]:
    """Time several (command, environment) pairs A B C A B C ... ``runs`` times each, after ``warmup`` rounds."""
    out = [Runs() for _ in commands]
    for i in range(-warmup, runs):
        for (cmd, env), runs_ in zip(commands, out, strict=True):
            s, c, m = run_once(cmd, env=env)
            if i >= 0:
                runs_.seconds.append(s)
                runs_.cpu.append(c)
                runs_.rss_mib.append(m)
    return out


def before_env(source: Path) -> dict[str, str]:
    """The environment that runs the corridormap of another source tree (``git archive REV | tar -x -C DIR``)."""
    return {**os.environ, "PYTHONPATH": str(Path(source).resolve() / "src")}


def row(figure: str, measured: str, goal: str, met: bool | None) -> dict[str, str]:
    return {
        "figure": figure,
        "measured": measured,
        "goal": goal,
        "met?": "—" if met is None else ("yes" if met else "NO"),
    }


def table(rows: list[dict[str, str]]) -> str:
    """A markdown table of result rows."""
    cols = ["figure", "measured", "goal", "met?"]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(r[c] for c in cols) + " |" for r in rows]
    return "\n".join(lines)


def machine() -> str:
    """The machine the numbers come from, as markdown bullet points."""
    cpu = next(
        (ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines() if "model name" in ln),
        platform.processor(),
    )
    mem = subprocess.run(["free", "-h"], capture_output=True, text=True, check=False).stdout.splitlines()
    total = mem[1].split()[1] if len(mem) > 1 else "?"
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"
    import geopandas
    import pyproj
    import shapely

    import corridormap

    git = ["git", "-C", str(ROOT)]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run([*git, "status", "--porcelain", "--", "src"], capture_output=True, text=True).stdout.strip()
    return "\n".join(
        [
            f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            f"- CPU: {cpu}, nproc {os.cpu_count()}, RAM {total} (free -h), load average before the run {load}",
            f"- Python {platform.python_version()} ({platform.system()} {platform.release()}), "
            f"PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', 'unset')}",
            f"- corridormap {corridormap.__version__} (commit {commit or '?'}{', src/ modified' if dirty else ''}; "
            f"imported from {Path(corridormap.__file__).parent}), geopandas {geopandas.__version__}, "
            f"shapely {shapely.__version__}, pyproj {pyproj.__version__}",
        ]
    )


def fmt_s(seconds: float) -> str:
    return f"{seconds:.2f} s"
