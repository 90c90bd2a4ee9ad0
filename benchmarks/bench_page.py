"""What a reader's browser pays for a map: bytes downloaded (gzip) and time to interactive with the CPU throttled 4x.

Pages are opened in headless Chromium (Playwright, Debian's /usr/bin/chromium) from a local HTTPS
server (`_local_cdn.py`) that every host name resolves to: the page from ``https://localhost``, CDN
files from the pinned npm packages of tests/browser, gzip-compressed as a web server sends them,
tiles as a blank PNG (and not counted). No request goes through Playwright's Python interception,
which used to make the CDN build look slower than it is. For each page:

- **bytes**: gzip -6 of the HTML plus of every script, stylesheet, font and image it loaded
  (tiles excluded), as a web server would send them, in KB (1,000 bytes) as the issue's goals are
  (the overview ≤ 200 KB, a corridor map ≤ 150 KB; other pages are information);
- **interactive**: ``performance.now()`` (ms since navigation start) at the first animation frame
  after the ``load`` event, i.e. every script has run, the map is built and painted, with
  ``Emulation.setCPUThrottlingRate`` 4 (DevTools' mid-range phone); median of ``--runs``,
  the pages alternating A B C A B C ...; then the same with Slow 4G emulated as well
  (``Network.emulateNetworkConditions``: Lighthouse's mobile setting, 150 ms round trip,
  1.6 Mbit/s down), unless ``--no-network``;
- **quiet** (with ``--quiet``): Lighthouse's time to interactive without its network rule: the
  end of the last long task (≥ 50 ms on the main thread, from a ``PerformanceObserver``) before
  5 s with none, or first contentful paint if later. It catches work a page merely moves past
  its ``load`` event (tiles fetched after it, for instance), which the first figure would not.

With ``--trace OUT.json`` the first page is also traced (Chromium performance trace through
CDP) and the main-thread time is summarised by event; ``--breakdown`` prints what the HTML's
bytes are (countries, corridor geometry, popups, ...).

usage: .venv/bin/python benchmarks/bench_page.py [--runs 5] [--page NAME=PATH ...] [--breakdown] [--no-network]
       [--quiet] [--trace OUT.json]
(with no --page: builds the default maps and the explore() overview into a temporary folder)
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import re
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from _common import CORRIDORMAP, PYTHON, ROOT, row, table
from _local_cdn import SLOW_4G, LocalWeb

EXPLORE = str(Path(__file__).with_name("explore_overview.py"))
THROTTLE = 4
GOAL_OVERVIEW_KB = 200
GOAL_CORRIDOR_KB = 150
GOAL_INTERACTIVE_MS = 1500
QUIET_MS = 5000  # Lighthouse's quiet window

INTERACTIVE = """() => new Promise(done => {
    const after = () => requestAnimationFrame(() => done(performance.now()));
    if (document.readyState === 'complete') after(); else addEventListener('load', after);
})"""


# Before the page's own scripts: every long task's end, from the start (buffered).
LONG_TASKS = """window.cmLongTaskEnds = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.cmLongTaskEnds.push(e.startTime + e.duration);
}).observe({type: 'longtask', buffered: true});"""
QUIET_STATE = """() => [performance.now(), Math.max(0, ...window.cmLongTaskEnds),
    (performance.getEntriesByName('first-contentful-paint')[0] || {startTime: 0}).startTime]"""


def _quiet(page: Any) -> float:
    """Lighthouse's TTI without the network rule: the last long task's end before ``QUIET_MS`` with none (or FCP)."""
    while True:
        now, last, fcp = page.evaluate(QUIET_STATE)
        if now - max(last, fcp) >= QUIET_MS or now > 60_000:
            return float(max(last, fcp))
        page.wait_for_timeout(250)


def _harness() -> Any:
    spec = importlib.util.spec_from_file_location("browser_conftest", ROOT / "tests" / "browser" / "conftest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _resolver(h: Any) -> Any:
    fetcher = h._load_fetcher()
    cache = fetcher.fetch(fetcher.DEFAULT_CACHE, h.MANIFEST)
    return h.CdnResolver(
        cache=cache, assets=json.loads(h.MANIFEST.read_text())["assets"], package_dir=fetcher.package_dir
    )


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def open_once(
    browser: Any,
    web: LocalWeb,
    url: str,
    *,
    throttle: float,
    network: dict[str, Any] | None = None,
    quiet: bool = False,
) -> tuple[float, dict[str, tuple[int, int]], list[str], float | None]:
    """(ms to interactive, {URL: (gzip, raw bytes)} of what loaded, URLs refused, ms to quiet) of one cold load."""
    web.reset()
    context = browser.new_context(viewport={"width": 1200, "height": 800}, ignore_https_errors=True)
    context.add_init_script(LONG_TASKS)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    if network is not None:
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", network)
    page.goto(url, wait_until="commit")
    ms = page.evaluate(INTERACTIVE)
    page.wait_for_function("document.fonts.status === 'loaded'")
    page.wait_for_timeout(300)  # late requests (fonts, images) count too
    settled = _quiet(page) if quiet else None
    context.close()
    return ms, {u: (_gz(b), len(b)) for u, b in web.loaded.items()}, list(web.refused), settled


def breakdown(path: Path) -> list[tuple[str, int, int]]:
    """(part, raw bytes, gzip bytes) of one folium HTML file, by what each line holds."""
    parts: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if re.match(r"var topo_json_\w+_data = ", line):
            data = json.loads(line.split(" = ", 1)[1].rstrip().rstrip(";"))
            arcs = json.dumps(data.pop("arcs"), separators=(",", ":"))
            props = json.dumps(
                [g.pop("properties") for g in data["objects"]["data"]["geometries"]], separators=(",", ":")
            )
            parts.setdefault("countries: TopoJSON arcs", []).append(arcs)
            parts.setdefault("countries: popups and tooltips (properties)", []).append(props)
            parts.setdefault("countries: topology structure", []).append(json.dumps(data, separators=(",", ":")))
            continue
        if re.match(r"\w+_add\(\{", line) or re.match(r"geo_json_\w+\.addData\(", line):
            kind = "points (GeoJSON)" if '"type":"Point"' in line else "corridor lines (GeoJSON)"
        elif "cm-pop" in line and ("setContent" in line or "html_" in line):
            kind = "corridor popups (HTML)"
        elif line.lstrip().startswith(("<script src", "<link rel=")):
            kind = "script and stylesheet tags"
        elif "cm-side" in line or "cm-panel" in line:
            kind = "panels (title, legend, CSS)"
        else:
            kind = "other (folium set-up code)"
        parts.setdefault(kind, []).append(line)
    rows = [(k, sum(len(x.encode()) for x in v), _gz("".join(v).encode())) for k, v in parts.items()]
    return sorted(rows, key=lambda r: -r[1])


def trace_summary(trace: Path) -> list[tuple[str, float]]:
    """Main-thread time of the renderer by top-level trace event (ms), largest first."""
    events = json.loads(trace.read_text())
    events = events["traceEvents"] if isinstance(events, dict) else events
    main = {
        (e["pid"], e["tid"])
        for e in events
        if e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"
    }
    spans = sorted(
        (e for e in events if (e.get("pid"), e.get("tid")) in main and e.get("ph") == "X" and "dur" in e),
        key=lambda e: (e["ts"], -e["dur"]),
    )
    by_name: Counter[str] = Counter()
    end = 0
    for e in spans:  # top level only: events not nested in an earlier one
        if e["ts"] >= end:
            name = e["name"]
            if name in {"RunTask", "ThreadControllerImpl::RunTask"}:
                continue
            by_name[name] += e["dur"] / 1000
            end = e["ts"] + e["dur"]
    return by_name.most_common(12)


def _build_default(tmp: Path) -> dict[str, Path]:
    subprocess.run([CORRIDORMAP, "build", "--out", str(tmp / "maps")], check=True, capture_output=True)
    subprocess.run([PYTHON, EXPLORE, str(tmp / "explore.html")], check=True, capture_output=True)
    return {
        "overview": tmp / "maps" / "index.html",
        "tapi": tmp / "maps" / "tapi.html",
        "explore()": tmp / "explore.html",
    }


def run(
    pages: dict[str, Path],
    runs: int = 5,
    trace: Path | None = None,
    *,
    per_file: bool = False,
    network: bool = True,
    quiet: bool = False,
) -> list[dict[str, str]]:
    from playwright.sync_api import sync_playwright

    h = _harness()
    times: dict[str, list[float]] = {name: [] for name in pages}
    slow: dict[str, list[float]] = {name: [] for name in pages}
    settled: dict[str, list[float]] = {name: [] for name in pages}
    weight: dict[str, tuple[int, int, list[str]]] = {}
    files: dict[str, dict[str, tuple[int, int]]] = {}
    with sync_playwright() as pw, LocalWeb(h, _resolver(h)) as web:
        urls = {name: web.add(f"{i}/{path.name}", path.read_bytes()) for i, (name, path) in enumerate(pages.items())}
        # Chromium's own autofill lookups (content-autofill.googleapis.com) are not the page's requests.
        args = [*h.LAUNCH_ARGS, *web.launch_args(), "--disable-features=AutofillServerCommunication"]
        browser = pw.chromium.launch(executable_path=h.DEFAULT_CHROMIUM, args=args)
        for name, url in urls.items():  # untimed warm-up round; also the bytes
            _, files[name], refused, _ = open_once(browser, web, url, throttle=THROTTLE)
            weight[name] = (sum(g for g, _ in files[name].values()), sum(r for _, r in files[name].values()), refused)
        for _ in range(runs):
            for name, url in urls.items():
                ms, _, _, quiet_ms = open_once(browser, web, url, throttle=THROTTLE, quiet=quiet)
                times[name].append(ms)
                if quiet_ms is not None:
                    settled[name].append(quiet_ms)
                if network:
                    slow[name].append(open_once(browser, web, url, throttle=THROTTLE, network=SLOW_4G)[0])
        if trace is not None:
            first = next(iter(urls.values()))
            browser.start_tracing(path=str(trace), categories=["devtools.timeline", "v8.execute", "blink"])
            open_once(browser, web, first, throttle=THROTTLE)
            browser.stop_tracing()
        browser.close()
    if per_file:
        for name, loaded in files.items():
            print(f"\n{name}: file | gzip KiB | raw KiB")
            for url, (gz, raw) in sorted(loaded.items(), key=lambda kv: -kv[1][0]):
                print(f"  {url.rsplit('/', 2)[-2:] if '/' in url else url} | {gz / 1024:,.1f} | {raw / 1024:,.1f}")
    peer = "explore()" if "explore()" in pages else None
    rows = []
    for name in pages:
        gz, raw, refused = weight[name]
        ms = statistics.median(times[name])
        goal_kb = None if name == peer else goal_for(pages[name])
        vs = f" ({gz / weight[peer][0]:.2f} × explore())" if peer and name != peer else ""
        rows.append(
            row(
                f"page weight, {name} (`{pages[name].name}`): gzip of HTML + assets, tiles excluded",
                f"**{gz / 1000:,.1f} KB** gzip ({gz / 1024:,.1f} KiB; {raw / 1024:,.0f} KiB raw){vs}"
                + (f"; {len(refused)} requests refused" if refused else ""),
                f"≤ {goal_kb} KB" if goal_kb else "(peer)" if name == peer else "(info)",
                gz / 1000 <= goal_kb if goal_kb else None,
            )
        )
        is_peer = name == peer
        rows.append(
            _timing_row(
                f"interactive, {name}, CPU throttled {THROTTLE}× (",
                times,
                name,
                peer,
                runs,
                goal=f"≤ {GOAL_INTERACTIVE_MS:,} ms" if not is_peer else "(peer)",
                met=ms <= GOAL_INTERACTIVE_MS if not is_peer else None,
            )
        )
        if quiet:
            label = f"main thread quiet (Lighthouse TTI, no network rule), {name}, CPU {THROTTLE}× ("
            rows.append(_timing_row(label, settled, name, peer, runs, goal="(info)", met=None))
        if network:
            label = f"interactive, {name}, CPU {THROTTLE}× and Slow 4G (150 ms, 1.6 Mbit/s; "
            rows.append(_timing_row(label, slow, name, peer, runs, goal="(info)", met=None))
    return rows


def goal_for(path: Path) -> int | None:
    """The issue's goal for a page's bytes, in KB (1,000 bytes): the overview 200, a corridor map 150, else none.

    Examples
    --------
    >>> goal_for(Path("maps/index.html")), goal_for(Path("maps/ru/qtta.html")), goal_for(Path("maps/routes.html"))
    (200, 150, None)
    """
    if path.name == "index.html":
        return GOAL_OVERVIEW_KB
    return GOAL_CORRIDOR_KB if path.stem.upper() in _corridor_ids() else None


def _corridor_ids() -> set[str]:
    import corridormap as cm

    return set(cm.corridor_ids())


def _timing_row(
    label: str,
    samples: dict[str, list[float]],
    name: str,
    peer: str | None,
    runs: int,
    *,
    goal: str,
    met: bool | None,
) -> dict[str, str]:
    """One time-to-interactive row: the median of ``samples[name]``, every sample, and the ratio to the peer's.

    ``label`` ends where the list of samples starts ("... (" or "...; ").
    """
    ms = statistics.median(samples[name])
    vs = f" ({ms / statistics.median(samples[peer]):.2f} × explore())" if peer and name != peer else ""
    runs_text = f"median of {runs}; all: " + ", ".join(f"{t:,.0f}" for t in samples[name]) + " ms)"
    return row(label + runs_text, f"**{ms:,.0f} ms**{vs}", goal, met)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--page", action="append", default=[], help="NAME=PATH of a built HTML file (repeatable)")
    parser.add_argument("--breakdown", action="store_true", help="print the byte breakdown of each page's HTML")
    parser.add_argument("--no-network", action="store_true", help="skip the rounds with Slow 4G emulated")
    parser.add_argument("--quiet", action="store_true", help="also measure Lighthouse's TTI (long tasks; +5 s a run)")
    parser.add_argument("--trace", type=Path, help="write a Chromium trace of the first page here and summarise it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pages = dict(p.split("=", 1) for p in args.page)
        paths = {k: Path(v) for k, v in pages.items()} if pages else _build_default(Path(tmp))
        if args.breakdown:
            for name, path in paths.items():
                print(f"\n{name} ({path}): part | raw KiB | gzip KiB")
                for part, raw, gz in breakdown(path):
                    print(f"  {part} | {raw / 1024:,.1f} | {gz / 1024:,.1f}")
        rows = run(
            paths,
            runs=args.runs,
            trace=args.trace,
            per_file=args.breakdown,
            network=not args.no_network,
            quiet=args.quiet,
        )
    print()
    print(table(rows))
    if args.trace:
        print(f"\nmain thread of the first page, throttled {THROTTLE}× (ms, top-level events):")
        for name, ms in trace_summary(args.trace):
            print(f"  {name}: {ms:,.0f}")


if __name__ == "__main__":
    main()
