"""The journeys' panel on the routes map: origin and port chooser, totals with their scope, chart, legend.

Each origin–port pair has one section (its totals today and with the proposed lines, the
borders it crosses, its time–distance chart) and one map layer; :class:`JourneyChooser`
shows the chosen pair's section and layer and fits the map to it (on a phone, once the
panel is closed). The panel is a :mod:`.panels`-style ``cm-panel``, so :mod:`.layout`
places it (top left, one line below 600 px wide), keeps the lines clear of it and prints it
below the map.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from branca.element import MacroElement
from folium.template import Template

from ..journey import Route
from .popups import esc, short_name

if TYPE_CHECKING:
    from collections.abc import Sequence

    import folium

__all__ = ["SCENARIOS", "JourneyChooser", "Pair", "journeys_legend", "journeys_panel", "scope_note"]

#: The two networks a journey is routed on: (label, what it includes, colour of the line's edge and the chart).
SCENARIOS: Final = (
    ("Today", "operating lines only", "#4d4d4d"),
    ("With the proposed lines", "operating lines plus those proposed or under construction", "#d6604d"),
)

CSS: Final = """
.cm-journeys.cm-panel{background:#fff}
@media screen and (min-width:601px){.cm-side{width:400px}.cm-journeys.cm-panel{max-height:calc(100vh - 190px)}}
.cm-journeys label{display:inline-block;margin:2px 8px 2px 0}.cm-journeys select{font:inherit;max-width:150px}
.cm-journeys table{border-collapse:collapse;margin:3px 0}.cm-journeys th,.cm-journeys td{padding:1px 5px;
 text-align:right;vertical-align:top}.cm-journeys th:first-child,.cm-journeys td:first-child{text-align:left}
.cm-journeys p{margin:4px 0}.cm-chart>summary,.cm-all>summary{font-weight:600;cursor:pointer;margin-top:4px}
.cm-chart svg{display:block;margin-top:2px}
@media (max-width:600px){.cm-journeys.cm-panel[open]{max-height:62vh}}
@media print{.cm-journeys select{border:0;appearance:none;background:none}.cm-chart svg{max-width:95mm}}
@media print and (orientation:landscape){
 .cm-side .cm-journeys{flex:2 1 0}.cm-side .cm-legend{flex:1 1 0}}
"""


@dataclass(frozen=True)
class Pair:
    """One origin and port: the fastest journey today and with the proposed lines (or why there is none)."""

    origin: str  # node id
    port: str
    today: Route | str
    proposed: Route | str

    @property
    def key(self) -> str:
        return f"{self.origin}|{self.port}"

    @property
    def same(self) -> bool:
        """Whether the proposed lines leave the journey as it is today."""
        t, p = self.today, self.proposed
        return (
            isinstance(t, Route)
            and isinstance(p, Route)
            and t.nodes == p.nodes
            and list(t.legs["link"]) == list(p.legs["link"])
        )


def _borders(r: Route) -> str:
    return ", ".join(short_name(n) for n in r.crossings["name"]) or "no border"


def _swatch(color: str) -> str:
    return f"<span class=cm-sw style='background:{color}'></span>"


def _rows(pair: Pair) -> str:
    rows = [(SCENARIOS[0], pair.today)] if pair.same else list(zip(SCENARIOS, (pair.today, pair.proposed)))
    out = []
    for (label, _, color), r in rows:
        label = "Today, and the same with the proposed lines" if pair.same else label
        cells = (
            f"<td>{r.km:,.0f}</td><td>{r.hours:,.0f}</td><td>{r.usd:,.0f}</td>"
            if isinstance(r, Route)
            else f"<td colspan=3>{esc(r)}</td>"
        )
        out.append(f"<tr><td>{_swatch(color)}{esc(label)}</td>{cells}</tr>")
    return "".join(out)


def _via(pair: Pair) -> str:
    t, p = pair.today, pair.proposed
    if pair.same and isinstance(t, Route):
        return f"<p>Borders crossed: {esc(_borders(t))}.</p>"
    parts = [f"{label}: {esc(_borders(r))}" for (label, _, _), r in zip(SCENARIOS, (t, p)) if isinstance(r, Route)]
    return f"<p>Borders crossed. {'. '.join(parts)}.</p>" if parts else ""


def _section(pair: Pair, chart: str, *, shown: bool) -> str:
    table = f"<table><tr><th>lines used</th><th>km</th><th>hours</th><th>US$</th></tr>{_rows(pair)}</table>"
    return (
        f"<section class=cm-pair data-pair='{esc(pair.key)}'{'' if shown else ' hidden'}>{table}{_via(pair)}"
        f"<details class=cm-chart open><summary>Time–distance chart</summary>{chart}</details></section>"
    )


def _select(name: str, label: str, options: dict[str, str]) -> str:
    opts = "".join(f"<option value='{esc(k)}'>{esc(v)}</option>" for k, v in options.items())
    return f"<label>{esc(label)} <select id=cm-{name}>{opts}</select></label>"


def _all_table(pairs: Sequence[Pair], names: dict[str, str]) -> str:
    def cells(r: Route | str) -> str:
        return (
            f"<td>{r.km:,.0f}</td><td>{r.hours:,.0f}</td><td>{r.usd:,.0f}</td>"
            if isinstance(r, Route)
            else (f"<td colspan=3>{esc(r)}</td>")
        )

    body = "".join(
        f"<tr><td>{esc(names[p.origin])} → {esc(names[p.port])}</td>{cells(p.today)}"
        + ("<td colspan=3>the same</td>" if p.same else cells(p.proposed))
        + "</tr>"
        for p in pairs
    )
    return (
        "<details class=cm-all><summary>Every journey (table)</summary><table><tr><th rowspan=2>journey</th>"
        "<th colspan=3>today</th><th colspan=3>with the proposed lines</th></tr><tr>"
        + "<th>km</th><th>hours</th><th>US$</th>" * 2
        + f"</tr>{body}</table></details>"
    )


#: The panel's word for the journey each ``optimize`` finds.
BEST: Final = {"time": "Fastest", "distance": "Shortest", "cost": "Cheapest"}


def scope_note(optimize: str, port_hours: float | None) -> str:
    """What the figures count, from the routing method (``network/params.json``, :mod:`corridormap.routing`)."""
    port = f" ({port_hours:,.0f} h)" if port_hours is not None else ""
    unit = {"time": "hours", "distance": "km", "cost": "US$"}[optimize]
    return (
        f"<p class=cm-fine>{BEST[optimize]} journey: least {unit}. <b>km</b>: geodesic (WGS84). "
        "<b>hours</b>: from the origin city until cleared at the port: moving at CAREC CPMM speeds without "
        "delay, plus clearing each border (both sides), "
        f"road–rail and gauge transfers, and port handling{port}. <b>US$</b>: for one 20 t load, CPMM costs per "
        f"20 t (transfers and port handling per container). <b>Today</b>: {SCENARIOS[0][1]}. <b>With the proposed "
        f"lines</b>: {SCENARIOS[1][1]}, costed as if running. Left out: seasonal queues and closures, security, "
        "tariffs, transit fees, waiting for a train or a ship. Figures and sources: network/params.json and each "
        "border's popup; each leg's tooltip names its sources.</p>"
    )


def journeys_panel(pairs: Sequence[Pair], charts: Sequence[str], names: dict[str, str], note: str) -> str:
    """The panel: a chooser when there is more than one origin or port, one section per pair, every journey, the scope.

    ``charts`` holds each pair's time–distance chart (SVG); ``names`` the places' names by node id.
    """
    first, best = pairs[0], BEST[next(r.optimize for p in pairs for r in (p.today, p.proposed) if isinstance(r, Route))]
    origins = {p.origin: names[p.origin] for p in pairs}
    ports = {p.port: names[p.port] for p in pairs}
    chooser = ""
    if len(pairs) > 1:
        chooser = "<p>" + (_select("from", "From", origins) if len(origins) > 1 else "")
        chooser += (_select("to", "to", ports) if len(ports) > 1 else "") + "</p>"
    sections = "".join(_section(p, chart, shown=n == 0) for n, (p, chart) in enumerate(zip(pairs, charts)))
    heading = f"{names[first.origin]} → {names[first.port]}"
    every = _all_table(pairs, names) if len(pairs) > 1 else ""
    return (
        f"<details open class='cm-panel cm-title cm-journeys'><summary>{best} journey: <span class=cm-pair-name>"
        f"{esc(heading)}</span></summary>{chooser}{sections}{every}{note}</details>"
    )


def journeys_legend(mode_style: dict[str, str]) -> str:
    """The legend: line colour by mode, edge by scenario, dashes, points."""

    def line(color: str, *, edge: str = "", dash: str = "") -> str:
        under = f"<line x1=3 y1=6 x2=31 y2=6 stroke='{edge}' stroke-width='8' stroke-opacity='.55'/>" if edge else ""
        dashes = f" stroke-dasharray='{dash}'" if dash else ""
        core = f"<line x1=3 y1=6 x2=31 y2=6 stroke='{color}' stroke-width='3'{dashes}/>"
        return f"<svg width=34 height=12>{under}{core}</svg>"

    def dot(fill: str) -> str:
        return f"<svg width=16 height=16><circle cx=8 cy=8 r=5 fill='{fill}' stroke='#fff' stroke-width='1.5'/></svg>"

    road, rail = mode_style["road"], mode_style["rail"]
    items = [
        (line(road), "Road"),
        (line(rail), "Rail"),
        (line(road, dash="6 4"), "Proposed or under construction"),
        (line(road, edge=SCENARIOS[0][2]), "Today's journey"),
        (line(road, edge=SCENARIOS[1][2]), "With the proposed lines, where it differs"),
        (dot("#e31a1c"), "Border post: hours to clear both sides"),
        (dot("#525252"), "Transfer (road–rail, gauge) or port: hours"),
    ]
    rows = "".join(f"<li>{svg}{esc(text)}</li>" for svg, text in items)
    return f"<details open class='cm-panel cm-legend'><summary>Legend</summary><ul>{rows}</ul></details>"


_JS: Final = """
const panel = document.querySelector('.cm-journeys'), from = document.getElementById('cm-from'),
  to = document.getElementById('cm-to'), head = panel.querySelector('.cm-pair-name');
const keys = Object.keys(pairs);
let current = keys[0], busy = false;
if (matchMedia('(max-width:600px)').matches) panel.querySelectorAll('.cm-chart').forEach((d) => { d.open = false; });
const name = (sel, value) => (sel ? [...sel.options].find((o) => o.value === value).text : '');
function show(key, alone) {
  if (!pairs[key]) return false;
  current = key; busy = true;
  for (const [k, p] of Object.entries(pairs)) {
    for (const l of p.layers) { if (k === key) map.addLayer(l); else if (alone) map.removeLayer(l); }
  }
  busy = false;
  panel.querySelectorAll('.cm-pair').forEach((s) => { s.hidden = s.dataset.pair !== key; });
  const [o, p] = key.split('|');
  if (from) from.value = o;
  if (to) to.value = p;
  head.textContent = (from ? name(from, o) : head.textContent.split(' → ')[0]) + ' → ' +
    (to ? name(to, p) : head.textContent.split(' → ')[1]);
  return true;
}
// On a phone the open panel covers most of the map: fit the chosen journey once it is closed.
const narrow = matchMedia('(max-width:600px)');
let pending = null;
function choose() {
  const [o, p] = current.split('|');
  const key = (from ? from.value : o) + '|' + (to ? to.value : p);
  if (!show(key, true)) return;
  if (narrow.matches && panel.open) pending = key; else map.cmFit(pairs[key].bounds);
}
panel.addEventListener('toggle', () => {
  if (!panel.open && pending) { map.cmFit(pairs[pending].bounds); pending = null; }
});
if (from) from.addEventListener('change', choose);
if (to) to.addEventListener('change', choose);
// A pair's layer switched on elsewhere (layer control, a shared link read next): its figures in the panel;
// a link that names a pair but no view opens fitted to that pair.
const linked = /(^#|&)map=/.test(location.hash);
let opening = true;
setTimeout(() => { opening = false; }, 0);
map.on('overlayadd', (e) => {
  if (busy) return;
  const key = keys.find((k) => pairs[k].layers.includes(e.layer));
  if (!key || key === current) return;
  show(key, false);
  if (opening && !linked) map.cmFit(pairs[key].bounds);
});
"""


class JourneyChooser(MacroElement):
    """Show the chosen origin–port pair: its section of the panel and its layer, the map fitted to it.

    ``pairs``: (key, layer, bounds) per pair, keys as :attr:`Pair.key`. Add it after the layout and before
    :class:`~corridormap.maps.share.ViewInHash`, so that it hears the layers a shared link switches on.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}(() => {\nconst map = {{ this._parent.get_name() }}, pairs = { "
        "{% for key, layer, bounds in this.pairs %}{{ key|tojson }}: {layers: [{{ layer.get_name() }}], "
        "bounds: {{ bounds|tojson }}},{% endfor %}};{{ this.js }}})();{% endmacro %}"
    )

    def __init__(self, pairs: Sequence[tuple[str, folium.FeatureGroup, list[list[float]]]]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "JourneyChooser"
        self.pairs = list(pairs)
        self.js = _JS
