"""The maps' timeline: a year slider that redraws each segment in its status at the end of that year.

A panel under the title holds a labelled range input (arrow keys, Home and End move it), a
Play button and, for the chosen year, the count of segments in each status and the year's
events (milestones, agreements, visits, sessions) as text. The statuses come from
:func:`corridormap.status_on`, computed here for every year and written into the page as a
small table of changes; the page only restyles the lines it already has (dashes from
:data:`~corridormap.maps.style.STYLE`, grey where the data cannot tell, hidden where the data
has no status for the segment yet). The last stop is the data's date, where every line has
its current status and the map looks as it did before the slider moved. Any other year is kept
in the URL hash (``#...&year=2015``), so a shared link opens at that year.

folium's ``Timeline`` and ``TimestampedGeoJson`` plugins were tried first: both draw their own
copy of every line (one per period) and need Leaflet.timeline or Leaflet.TimeDimension
(with jQuery and iso8601-js for the latter), which would duplicate the corridor layers, their
offsets and popups; a native ``<input type=range>`` and a short script restyle the existing ones.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Final

import pandas as pd
from branca.element import MacroElement
from folium.template import Template

from .._frames import named_rows
from ..timeline import UNKNOWN, data_as_of, timeline_events
from .i18n import RTL_LANGUAGES, current_language, html_text, t
from .popups import esc
from .style import STATUS_GROUPS, STYLE

if TYPE_CHECKING:
    from .inputs import Corridor, Inputs

__all__ = ["UNKNOWN_STYLE", "Timeline"]

# The words the page's script fills in (``timeline.<key>`` in the strings).
_SCRIPT_WORDS: Final = (
    "now",
    "play",
    "pause",
    "count",
    "not_yet",
    "told_now",
    "told_year",
    "events",
    "year_now",
)

#: How a line whose status at the chosen date the data cannot tell is drawn (its words: ``timeline.unknown``).
UNKNOWN_STYLE: Final = {"color": "#8c8c8c", "dashArray": "2 6"}

CSS: Final = (
    ".cm-when{margin-bottom:auto}.cm-when-row{display:flex;align-items:center;gap:6px;margin:4px 0}"
    ".cm-when-row input{flex:1 1 auto;min-width:120px;margin:0}.cm-when-row output{font-weight:600;min-width:3em}"
    ".cm-when button{font:inherit;min-width:34px;min-height:28px;border:1px solid #888;border-radius:4px;"
    "background:#fff;cursor:pointer}.cm-when p{margin:3px 0}"
    ".cm-when ol{margin:2px 0;padding-left:18px;max-height:24vh;overflow:auto}.cm-when li{margin:1px 0}"
    ".cm-when time{font-variant-numeric:tabular-nums;color:#444}"
    "@media (max-width:600px){.cm-when ol{max-height:16vh}}"
    "@media print{.cm-when-row,.cm-when-events{display:none}.cm-when{flex:1 1 0}}"
)

_JS: Final = r"""
const T = JSON.parse(document.getElementById('cm-when-data').textContent), S = T.words;
const fill = (s, v) => s.replace(/\{(\w+)\}/g, (_, k) => (S.rtl ? `\u2068${v[k]}\u2069` : String(v[k])));
const box = document.querySelector('.cm-when'), input = box.querySelector('input'), out = box.querySelector('output');
const play = box.querySelector('button'), told = box.querySelector('.cm-when-told');
const list = box.querySelector('ol'), head = box.querySelector('.cm-when-events summary');
if (!matchMedia('(max-width:600px)').matches) box.querySelector('.cm-when-events').open = true;
const last = T.years[T.years.length - 1];
const base = new Map();  // each line's style as built: the current status
let year = last, timer = null;
const statusAt = (id, y) => {  // the last change at or before y; null before the first one
  let s = null;
  for (const [from, status] of T.seg[id] || []) { if (from <= y) s = status; }
  return s;
};
const styleOf = (l, s) => {
  const b = base.get(l);
  if (year === last) return b;
  if (s === T.unknown) return Object.assign({}, b, {color: T.unknownColor, dashArray: T.unknownDash});
  return Object.assign({}, b, {dashArray: T.dash[s] || null});
};
const lines = () => {
  const found = [];
  map.eachLayer((l) => {
    if (l.feature && l.setStyle && T.seg[l.feature.id] && /\bcm-corridor\b/.test(l.options.className || '')) {
      if (!base.has(l)) base.set(l, Object.assign({}, l.options));
      found.push(l);
    }
  });
  return found;
};
const apply = () => {
  const counts = {};
  for (const l of lines()) {
    const id = l.feature.id, s = year === last ? T.now[id] : statusAt(id, year);
    counts[s] = (counts[s] || 0) + 1;
    if (s) l.setStyle(styleOf(l, s));
    const p = l.getElement && l.getElement();
    if (!p) continue;
    p.style.display = s ? '' : 'none';
    p.setAttribute('data-status', s || 'none'); p.setAttribute('data-segment', id);
  }
  document.querySelectorAll('.cm-l-corridor span').forEach((e) => {
    const from = T.shown[e.textContent];
    if (from !== undefined) e.style.visibility = year === last || from <= year ? '' : 'hidden';
  });
  const parts = T.order.filter((s) => counts[s]).map((s) => fill(S.count, {n: counts[s], status: T.labels[s]}));
  if (counts.null) parts.push(fill(S.not_yet, {n: counts.null}));
  const all = new Intl.ListFormat(document.documentElement.lang || 'en', {style: 'narrow'}).format(parts);
  told.textContent = year === last ? fill(S.told_now, {date: T.asOf, parts: all})
    : fill(S.told_year, {year, parts: all});
  const events = T.events[year] || [];
  head.textContent = fill(S.events, {year, n: events.length});
  list.replaceChildren(...events.map(([date, who, text]) => {
    const li = document.createElement('li'), t = document.createElement('time');
    t.dateTime = date; t.textContent = date;
    li.append(t, ' ' + (who ? who + ': ' : '') + text);
    return li;
  }));
  const label = year === last ? fill(S.year_now, {year}) : String(year);
  out.value = label; input.setAttribute('aria-valuetext', label);
  box.querySelector(':scope > summary span').textContent = year === last ? S.now : String(year);
};
const remember = () => {  // the chosen year in the URL hash (the map's view is share.py's part of it)
  const rest = location.hash.slice(1).split('&').filter((p) => p && !p.startsWith('year='));
  if (year !== last) rest.push('year=' + year);
  const hash = rest.length ? '#' + rest.join('&') : location.pathname + location.search;
  if (location.hash !== (rest.length ? hash : '')) history.replaceState(null, '', hash);
};
const go = (y) => { year = Math.min(last, Math.max(T.years[0], y)); input.value = year; apply(); remember(); };
const linked = () => Number((/(?:^#|&)year=(\d{4})(?=&|$)/.exec(location.hash) || [])[1]) || last;
const stop = () => {
  clearInterval(timer); timer = null;
  play.textContent = '▶'; play.setAttribute('aria-label', S.play);
};
input.addEventListener('input', () => { stop(); go(Number(input.value)); });
play.addEventListener('click', () => {
  if (timer) { stop(); return; }
  if (year === last) go(T.marks[0]);
  play.textContent = '❚❚'; play.setAttribute('aria-label', S.pause);
  // Through the years in which something happens (an event or a change of status), not every year since 1886.
  timer = setInterval(() => { if (year >= last) stop(); else go(T.marks.find((y) => y > year) ?? last); }, 900);
});
map.on('overlayadd', apply);  // a layer shown again gets new path elements
addEventListener('hashchange', () => { if (linked() !== year) { stop(); go(linked()); } });
if (linked() !== last) go(linked()); else apply();
})();"""


def _changes(yearly: list[tuple[int, dict[Any, Any]]], wanted: set[str]) -> dict[str, list[list[Any]]]:
    """Per segment of ``wanted``, the years where its status changes: ``[[year, status or None], ...]``."""
    out: dict[str, list[list[Any]]] = {}
    for year, statuses in yearly:
        for sid, status in statuses.items():
            if sid not in wanted:
                continue
            steps = out.setdefault(sid, [])
            if not steps or steps[-1][1] != status:
                steps.append([year, status])
    return out


class Timeline(MacroElement):
    """The timeline panel (``.panel``, HTML for the side column) and its script, for the corridors ``cs``."""

    _template = Template(
        "{% macro html(this, kwargs) %}<script type=application/json id=cm-when-data>{{ this.data }}</script>"
        "{% endmacro %}"
        "{% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}"
        "{% macro script(this, kwargs) %}(() => {\nconst map = {{ this._parent.get_name() }};{{ this.js }}"
        "{% endmacro %}"
    )

    def __init__(self, inputs: Inputs, cs: list[Corridor], *, overview: bool) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "Timeline"
        root = inputs.root
        events = timeline_events(data_dir=root) if overview else timeline_events(corridor=cs[0].id, data_dir=root)
        as_of = data_as_of(data_dir=root)
        segs = pd.concat([c.segments for c in cs])
        # Status dates are milestone dates (validated), so the events span them too.
        first, last = min([*events["year"], as_of.year]), as_of.year
        table = inputs.yearly_status.loc[:, [y for y in inputs.yearly_status.columns if y >= first]]
        ids = list(table.index)  # read once, not once a year
        yearly = [(int(y), dict(zip(ids, table[y], strict=True))) for y in table.columns]
        changes = _changes(yearly, set(segs["id"]))
        shown_from = {  # the first year each corridor has a line on the map
            c.id: min((y for sid in c.segments["id"] for y, s in changes.get(sid, []) if s), default=last) for c in cs
        }
        marks = sorted({*(int(y) for y in events["year"]), *(y for steps in changes.values() for y, _ in steps), last})
        shown_marks = [y for y in marks if y >= first]
        payload = {
            "years": list(range(first, last + 1)),
            "marks": shown_marks,
            "asOf": f"{as_of.day} {as_of:%B %Y}" if current_language() == "en" else as_of.isoformat(),
            "seg": changes,
            "now": dict(zip(segs["id"], segs["status"], strict=True)),
            "dash": {k: v["dash"] for k, v in STYLE["status"].items()},
            "labels": {k: t(f"status.{k}").lower() for k in STYLE["status"]} | {UNKNOWN: t("timeline.status_unknown")},
            "order": [*(k for g in STATUS_GROUPS for k, v in STYLE["status"].items() if v["group"] == g), UNKNOWN],
            "unknown": UNKNOWN,
            "unknownColor": UNKNOWN_STYLE["color"],
            "unknownDash": UNKNOWN_STYLE["dashArray"],
            "events": _events_by_year(events),
            "shown": shown_from,
            "words": {k: t(f"timeline.{k}") for k in _SCRIPT_WORDS} | {"rtl": current_language() in RTL_LANGUAGES},
        }
        # Inside <script type=application/json>: "</" must not close the element.
        self.data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
        self.css = CSS
        self.js = _JS
        self.panel = _panel(first, last, shown_marks)


def _events_by_year(events: pd.DataFrame) -> dict[int, list[list[str]]]:
    """The events as ``{year: [[date, corridor or country, text], ...]}``, plain text (the page sets textContent)."""
    out: dict[int, list[list[str]]] = {}
    for row in named_rows(events):
        who = next((w for w in (row.corridor, row.country) if isinstance(w, str)), "")
        out.setdefault(int(row.year), []).append([str(row.date), who, str(row.text)])
    return out


def _panel(first: int, last: int, marks: list[int]) -> str:
    """The panel's HTML (``marks``: the years in which something happens, ticks on the slider); the script fills in
    the counts and the events."""
    swatch = (
        f"<svg width=28 height=8 aria-hidden=true><line x1=2 y1=4 x2=26 y2=4 stroke-width=3 "
        f"stroke='{UNKNOWN_STYLE['color']}' stroke-dasharray='{UNKNOWN_STYLE['dashArray']}'/></svg>"
    )
    return (
        f"<details class='cm-panel cm-when'><summary>{esc(t('timeline.title'))}: <span>{esc(t('timeline.now'))}"
        f"</span></summary><div class=cm-when-row><button type=button aria-label='{esc(t('timeline.play'))}'>▶"
        f"</button><label for=cm-when-year>{esc(t('timeline.year'))}</label><input id=cm-when-year type=range "
        f"min={first} max={last} step=1 value={last} list=cm-when-marks><datalist id=cm-when-marks>"
        + "".join(f"<option value={y}></option>" for y in marks)
        + f"</datalist><output for=cm-when-year>{last}</output></div>"
        "<p class=cm-when-told aria-live=polite></p>"
        "<details class='cm-more cm-when-events'><summary></summary>"
        f"<ol tabindex=0 aria-label='{esc(t('timeline.events_label'))}'></ol></details>"
        f"<details class='cm-more cm-fine'><summary>{esc(t('timeline.how'))}</summary>"
        f"<p>{html_text('timeline.how_body', swatch=swatch, unknown=esc(t('timeline.unknown')))}</p></details>"
        "</details>"
    )
