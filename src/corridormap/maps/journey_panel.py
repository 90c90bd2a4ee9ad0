"""The journeys' panel on the routes map: origin and port chooser, totals with their scope, chart, legend.

Each origin–port pair has one section (its totals today and with the proposed lines, the
borders it crosses, its time–distance chart) and one map layer; :class:`JourneyChooser`
shows the chosen pair's section and layer and fits the map to it (on a phone, once the
panel is closed). The panel is a :mod:`.panels`-style ``cm-panel``, so :mod:`.layout`
places it (top left, one line below 600 px wide), keeps the lines clear of it and prints it
below the map. Its words come from the string table (``routes.*`` keys, :mod:`.i18n`); places are
named in the page's language where the data has a name (:class:`Place`), else in English, marked so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from branca.element import MacroElement
from folium.template import Template

from ..journey import Route
from .i18n import RTL_LANGUAGES, arrow, current_language, html_text, in_english, t
from .popups import esc
from .text_table import TABLE_FILE
from .units import number

if TYPE_CHECKING:
    from collections.abc import Sequence

    import folium

__all__ = [
    "RTL_CSS",
    "SCENARIOS",
    "JourneyChooser",
    "Pair",
    "Place",
    "home_links",
    "journeys_legend",
    "journeys_panel",
    "scenario",
    "scope_note",
]

#: The two networks a journey is routed on: (key of its label in the string table, key of what it includes,
#: colour of the line's edge and the chart); :func:`scenario` gives the words in the page's language.
SCENARIOS: Final = (
    ("routes.today", "routes.today_scope", "#4d4d4d"),
    ("routes.proposed", "routes.proposed_scope", "#d6604d"),
)


def scenario(n: int) -> tuple[str, str, str]:
    """Scenario ``n`` of :data:`SCENARIOS` in the current language: (label, what it includes, colour).

    Examples
    --------
    >>> scenario(0)
    ('Today', 'operating lines only', '#4d4d4d')
    """
    label, scope, color = SCENARIOS[n]
    return t(label), t(scope), color


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
#: The panel right to left (Urdu): names in the first column on the right, figures at the line's end, the chart's
#: axes left to right as in every language.
RTL_CSS: Final = (
    ".cm-journeys th,.cm-journeys td{text-align:left}"
    ".cm-journeys th:first-child,.cm-journeys td:first-child{text-align:right}"
    ".cm-journeys label{margin:2px 0 2px 8px}.cm-chart svg{direction:ltr}.cm-legend li svg{vertical-align:middle}"
)


@dataclass(frozen=True)
class Place:
    """A place's name as a reader sees it: in the page's language where the data has one, else English.

    Examples
    --------
    >>> from corridormap.maps.i18n import language
    >>> with language("ru"):
    ...     Place("Port Qasim", english=True).html, Place("Карачи", english=False).html
    ('<span lang=en>Port Qasim</span>', 'Карачи')
    """

    text: str
    english: bool  # the data has no name in the page's language: this is its English name

    @property
    def html(self) -> str:
        """The name as HTML text, marked English if it is (in a page in another language)."""
        return in_english(esc(self.text)) if self.english else esc(self.text)

    @property
    def lang(self) -> str:
        """Attributes for an element holding only this name (``<option>``, SVG ``<tspan>``): its language."""
        if not self.english or current_language() == "en":
            return ""
        return " lang=en" + (" dir=ltr" if current_language() in RTL_LANGUAGES else "")


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


def _borders(r: Route, names: dict[str, Place]) -> str:
    """The border posts a journey crosses, as HTML, with the comma of the page's script."""
    comma = "، " if current_language() in RTL_LANGUAGES else ", "
    return comma.join(names[n].html for n in r.crossings["node"]) or esc(t("routes.no_border"))


def _swatch(color: str) -> str:
    return f"<span class=cm-sw style='background:{color}'></span>"


def _failed(reason: str, columns: int = 3) -> str:
    """A cell that says why a journey cannot be made (the router's words: English)."""
    return f"<td colspan={columns}>{in_english(esc(reason))}</td>"


def _figures(r: Route) -> str:
    return f"<td>{number(r.km)}</td><td>{number(r.hours)}</td><td>{number(r.usd)}</td>"


def _units() -> str:
    return f"<th>{esc(t('routes.col_km'))}</th><th>{esc(t('routes.col_hours'))}</th><th>US$</th>"


def _rows(pair: Pair) -> str:
    rows = [(0, pair.today)] if pair.same else list(enumerate((pair.today, pair.proposed)))
    out = []
    for n, r in rows:
        label, _, color = scenario(n)
        label = t("routes.same_today") if pair.same else label
        cells = _figures(r) if isinstance(r, Route) else _failed(r)
        out.append(f"<tr><td>{_swatch(color)}{esc(label)}</td>{cells}</tr>")
    return "".join(out)


def _via(pair: Pair, names: dict[str, Place]) -> str:
    today, proposed = pair.today, pair.proposed
    if pair.same and isinstance(today, Route):
        return f"<p>{html_text('routes.borders_same', borders=_borders(today, names))}</p>"
    if isinstance(today, Route) and isinstance(proposed, Route):
        both = {"today": _borders(today, names), "proposed": _borders(proposed, names)}
        return f"<p>{html_text('routes.borders_both', **both)}</p>"
    for key, r in (("routes.borders_today", today), ("routes.borders_proposed", proposed)):
        if isinstance(r, Route):
            return f"<p>{html_text(key, borders=_borders(r, names))}</p>"
    return ""


def _section(pair: Pair, chart: str, names: dict[str, Place], *, shown: bool) -> str:
    table = f"<table><tr><th>{esc(t('routes.lines_used'))}</th>{_units()}</tr>{_rows(pair)}</table>"
    return (
        f"<section class=cm-pair data-pair='{esc(pair.key)}'{'' if shown else ' hidden'}>{table}{_via(pair, names)}"
        f"<details class=cm-chart open><summary>{esc(t('routes.chart'))}</summary>{chart}</details></section>"
    )


def _select(name: str, label: str, options: dict[str, Place]) -> str:
    opts = "".join(f"<option value='{esc(k)}'{v.lang}>{esc(v.text)}</option>" for k, v in options.items())
    return f"<label>{esc(label)} <select id=cm-{name}>{opts}</select></label>"


def _all_table(pairs: Sequence[Pair], names: dict[str, Place]) -> str:
    def cells(r: Route | str) -> str:
        return _figures(r) if isinstance(r, Route) else _failed(r)

    body = "".join(
        f"<tr><td>{names[p.origin].html} {arrow()} {names[p.port].html}</td>{cells(p.today)}"
        + (f"<td colspan=3>{esc(t('routes.the_same'))}</td>" if p.same else cells(p.proposed))
        + "</tr>"
        for p in pairs
    )
    return (
        f"<details class=cm-all><summary>{esc(t('routes.every_journey'))}</summary><table><tr><th rowspan=2>"
        f"{esc(t('routes.journey'))}</th><th colspan=3>{esc(t('routes.today_column'))}</th><th colspan=3>"
        f"{esc(t('routes.proposed_column'))}</th></tr><tr>" + _units() * 2 + f"</tr>{body}</table></details>"
    )


def home_links() -> str:
    """Links from the routes map to the overview and the text table beside it in the maps folder.

    Examples
    --------
    >>> import re
    >>> re.findall(r"href=([a-z.]+)>([^<]+)", home_links())
    [('index.html', 'Map of all corridors'), ('corridors.html', 'Table of the corridors (text)')]
    """
    overview = f"<a href=index.html>{esc(t('routes.home'))}</a>"
    return f"<p class=cm-fine>{overview} · <a href={TABLE_FILE}>{esc(t('table_attribution'))}</a></p>"


def scope_note(optimize: str, port_hours: float | None) -> str:
    """What the figures count, from the routing method (``network/params.json``, :mod:`corridormap.routing`).

    Examples
    --------
    >>> scope_note("time", 30).startswith("<p class=cm-fine>Fastest journey: least hours. <b>km</b>")
    True
    """
    port = f" ({number(port_hours)} {t('unit.hours')})" if port_hours is not None else ""
    (today, today_scope, _), (proposed, proposed_scope, _) = scenario(0), scenario(1)
    words = {"km": t("routes.col_km"), "hours": t("routes.col_hours"), "today": today, "proposed": proposed}
    note = html_text(
        "routes.scope",
        least=esc(t(f"routes.least.{optimize}")),
        port=esc(port),
        today_scope=esc(today_scope),
        proposed_scope=esc(proposed_scope),
        file=in_english("network/params.json"),
        usd="<b>US$</b>",  # as written in the table's heading (esc would write $ as &#36;)
        **{k: f"<b>{esc(v)}</b>" for k, v in words.items()},
    )
    return f"<p class=cm-fine>{note}</p>"


def journeys_panel(
    pairs: Sequence[Pair], charts: Sequence[str], names: dict[str, Place], note: str, *, links: str = ""
) -> str:
    """The panel: a chooser when there is more than one origin or port, one section per pair, every journey, the scope.

    ``charts`` holds each pair's time–distance chart (SVG); ``names`` the places' names by node id; ``links``
    (HTML, e.g. :func:`home_links`) goes first, under the heading.
    """
    optimize = next(r.optimize for p in pairs for r in (p.today, p.proposed) if isinstance(r, Route))
    first, best = pairs[0], t(f"routes.best.{optimize}")
    origins = {p.origin: names[p.origin] for p in pairs}
    ports = {p.port: names[p.port] for p in pairs}
    chooser = ""
    if len(pairs) > 1:
        chooser = "<p>" + (_select("from", t("routes.from"), origins) if len(origins) > 1 else "")
        chooser += (_select("to", t("routes.to"), ports) if len(ports) > 1 else "") + "</p>"
    sections = "".join(_section(p, chart, names, shown=n == 0) for n, (p, chart) in enumerate(zip(pairs, charts)))
    heading = f"{names[first.origin].html} {arrow()} {names[first.port].html}"
    every = _all_table(pairs, names) if len(pairs) > 1 else ""
    return (
        f"<details open class='cm-panel cm-title cm-journeys'><summary>{esc(best)}: <span class=cm-pair-name>"
        f"{heading}</span></summary>{links}{chooser}{sections}{every}{note}</details>"
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
        (line(road), "road"),
        (line(rail), "rail"),
        (line(road, dash="6 4"), "dashed"),
        (line(road, edge=SCENARIOS[0][2]), "today"),
        (line(road, edge=SCENARIOS[1][2]), "proposed"),
        (dot("#e31a1c"), "border"),
        (dot("#525252"), "transfer"),
    ]
    rows = "".join(f"<li>{svg}{esc(t(f'routes.legend.{key}'))}</li>" for svg, key in items)
    return f"<details open class='cm-panel cm-legend'><summary>{esc(t('legend'))}</summary><ul>{rows}</ul></details>"


#: How the chooser writes the heading ("Tashkent → Karachi") in English: as text.
_PLAIN_HEADING: Final = """head.textContent = (from ? name(from, o) : head.textContent.split(' → ')[0]) + ' → ' +
    (to ? name(to, p) : head.textContent.split(' → ')[1]);"""
#: In other languages, as HTML: a name the data has only in English keeps its option's lang (and dir).
_MARKED_HEADING: Final = """const part = (sel, value, n) => {
    if (!sel) return head.innerHTML.split(' → ')[n];
    const opt = [...sel.options].find((x) => x.value === value), span = document.createElement('span');
    span.textContent = opt.text;
    if (!opt.lang) return span.innerHTML;
    span.lang = opt.lang;
    if (opt.dir) span.dir = opt.dir;
    return span.outerHTML;
  };
  head.innerHTML = part(from, o, 0) + ' → ' + part(to, p, 1);"""

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
  HEADING
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
        heading = _PLAIN_HEADING if current_language() == "en" else _MARKED_HEADING
        self.js = _JS.replace("HEADING", heading).replace(" → ", f" {arrow()} ")  # the arrow the way the page reads
