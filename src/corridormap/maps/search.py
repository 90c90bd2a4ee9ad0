"""Search the map: corridors, segments, places and countries by name, forgiving case, accents and spelling.

The search box is the leaflet-search plugin (npm ``leaflet-search``, the plugin behind
folium's :class:`~folium.plugins.Search`), collapsed to a button until it is tapped or
reached with Tab. folium's ``Search`` indexes one layer by one property and matches the
start of the text only; here the index is built in Python from what the map draws
(:func:`search_index`: the names and aliases of the data, normalised by :func:`normalise`
as :mod:`corridormap.places` does, with accents dropped) and handed to the plugin, with a
short script that ranks matches: the whole name, then its start, then any part of it, then a
close spelling of the whole name, then of a part (one edit in 4 to 7 letters, two from 8:
"Torkam" finds Torkham, "Afganistan" Afghanistan); corridors first, then places, countries,
segments.

Choosing a result opens what was found as a tap would: a corridor's popup (as the
keyboard links of :mod:`~corridormap.maps.a11y` do), a segment's corridor popup on that
segment, a country's popup over its outline, a place's name and kind in a popup at the
place (places have tooltips only). The map first fits what was found, clear of the panels.
The popup takes the focus; closing it gives the focus back to the search button.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from .._frames import named_rows
from ..data import boundaries
from .i18n import RTL_LANGUAGES, current_language, place_name, t

if TYPE_CHECKING:
    from collections.abc import Iterable

    import geopandas as gpd
    from branca.element import Element

    from .inputs import Corridor, Inputs

__all__ = ["SEARCH_JS", "MapSearch", "SearchEntry", "normalise", "search_index"]

#: The plugin's script, pinned (vendored for self-contained maps by ``scripts/vendor_assets.py``).
SEARCH_JS: Final = "https://cdn.jsdelivr.net/npm/leaflet-search@4.0.0/dist/leaflet-search.min.js"
_PLUGIN: Final = [("leaflet_search", SEARCH_JS)]  # no stylesheet: its sprite is replaced by the CSS below

Kind = Literal["corridor", "segment", "node", "country"]
_KIND_CODE: Final[dict[Kind, str]] = {"corridor": "c", "segment": "s", "node": "n", "country": "k"}


@dataclass(frozen=True)
class SearchEntry:
    """One thing the search finds: what the result list shows, how to find it on the map, the keys it matches."""

    label: str  #: shown in the result list; unique within one map
    kind: Kind
    target: str | int  #: the drawn feature's id (a corridor's lower-case id; a country's TopoJSON id)
    detail: str  #: the result's second line
    keys: tuple[str, ...]  #: names and aliases, normalised
    at: tuple[float, float] | None = None  #: (lat, lon) where a country's popup opens


def normalise(text: str) -> str:
    """``text`` as the search compares it: lower case, accents dropped, letters and digits only (any script).

    The browser normalises what is typed the same way (Unicode NFKD, then only the letters
    and digits kept, as Unicode's letter and number classes; accents and other marks go).

    Examples
    --------
    >>> normalise("Tórkham  Border-crossing"), normalise("CASA 1000"), normalise("Пакистан")
    ('torkhambordercrossing', 'casa1000', 'пакистан')
    """
    folded = unicodedata.normalize("NFKD", text).lower()
    return "".join(c for c in folded if unicodedata.category(c)[0] in "LN")


def _keys(names: Iterable[object]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(k for n in names if isinstance(n, str) and (k := normalise(n))))


def _place_names(name: str, aliases: object) -> list[object]:
    """A node's names as :mod:`corridormap.places` reads them: the name, without and within its brackets, aliases."""
    extra = aliases if isinstance(aliases, list) else []
    return [name, re.sub(r"\s*\(.*?\)", "", name), *re.findall(r"\((.*?)\)", name), *extra]


def _node_entries(nodes: gpd.GeoDataFrame, names: dict[str, str], *, at: bool = False) -> list[SearchEntry]:
    """Entries for ``nodes``; with ``at``, each carries its place (for labelled places the map draws no point for)."""
    out = []
    for row in named_rows(nodes.sort_values("id")):
        where = names.get(row.country, row.country)
        if isinstance(row.neighbour, str):
            where += f"–{names.get(row.neighbour, row.neighbour)}"
        detail = f"{t(f'node_kind.{row.kind}')}, {where}"
        local = place_name(getattr(row, "names", None), row.name)
        keys = _keys([row.id, *_place_names(row.name, row.aliases), local])
        where_at = (round(row.geometry.y, 3), round(row.geometry.x, 3)) if at else None
        out.append(SearchEntry(local, "node", row.id, detail, keys, where_at))
    return out


def _corridor_entries(cs: Iterable[Corridor]) -> list[SearchEntry]:
    out = []
    for c in cs:
        kind = t(f"kind.{c.facts['kind']}")
        status = t(f"status.{c.facts['status']}").lower()
        names = [c.id, c.facts["name"], *c.facts.get("aliases", [])]
        label = f"{c.id}: {c.facts['name']}"
        out.append(SearchEntry(label, "corridor", c.id.lower(), f"{kind}, {status}", _keys(names)))
        for row in named_rows(c.segments):
            detail = f"{t('search.segment', id=c.id)}, {t(f'status.{row.status}').lower()}"
            out.append(SearchEntry(row.name, "segment", row.id, detail, _keys([row.name])))
    return out


def _country_entries(inputs: Inputs) -> list[SearchEntry]:
    """Each country by its name on the map (the page's language) and its English name and codes."""
    countries = boundaries(display=True, data_dir=inputs.root)
    geometries = inputs.topology["objects"]["data"]["geometries"]
    return [
        SearchEntry(
            label.text,
            "country",
            geom["id"],
            t("search.country"),
            _keys([label.text, row.name, row.iso3, row.iso2]),
            (round(label.lat, 3), round(label.lon, 3)),
        )
        for row, geom, label in zip(named_rows(countries), geometries, inputs.country_labels, strict=True)
    ]


def search_index(
    inputs: Inputs,
    corridors: Iterable[Corridor],
    nodes: gpd.GeoDataFrame,
    *,
    places: gpd.GeoDataFrame | None = None,
) -> list[SearchEntry]:
    """What one map's search finds: its corridors and their segments, the nodes it draws, every country.

    ``places`` are nodes the map names with a label but draws no point for (the cities at the
    ends of the corridors): choosing one opens its name and kind at the place.

    Labels are made unique (a repeated one gets its kind, then its id, in brackets), since the
    result list hands back the label chosen.

    Examples
    --------
    >>> from corridormap._paths import data_root
    >>> from corridormap.maps.inputs import map_inputs
    >>> inputs = map_inputs(data_root(None))
    >>> index = search_index(inputs, [inputs.corridors["TAPI"]], inputs.nodes)
    >>> [(e.label, e.kind) for e in index if "torkam" in e.keys or "torkham" in e.keys]
    [('Torkham border crossing', 'node')]
    """
    entries = _corridor_entries(corridors) + _node_entries(nodes, inputs.country_names)
    if places is not None:
        entries += _node_entries(places[~places["id"].isin(nodes["id"])], inputs.country_names, at=True)
    entries += _country_entries(inputs)
    seen: dict[str, int] = {}
    for e in entries:
        seen[e.label] = seen.get(e.label, 0) + 1
    out, taken = [], set()
    for e in entries:
        label = e.label if seen[e.label] == 1 else f"{e.label} ({e.kind})"
        if label in taken:
            label = f"{e.label} ({e.target})"
        taken.add(label)
        out.append(SearchEntry(label, e.kind, e.target, e.detail, e.keys, e.at))
    return out


def _index_json(entries: Iterable[SearchEntry]) -> str:
    """The index as compact JSON rows ``[label, kind code, target, detail, other keys, (lat, lon)?]``.

    ``<`` and braces are written as ``\\u`` escapes: the JSON sits in a ``<script>`` that folium
    renders again as a Jinja template.
    """
    rows = [  # the browser adds the label's own key
        [e.label, _KIND_CODE[e.kind], e.target, e.detail, [k for k in e.keys if k != normalise(e.label)]]
        + ([list(e.at)] if e.at else [])
        for e in entries
    ]
    return _script_json(rows)


def _script_json(value: object) -> str:
    """``value`` as JSON for a script that folium renders as a Jinja template: ``<`` and braces as ``\\u`` escapes."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("{", "\\u007b").replace("}", "\\u007d")


def _strings() -> str:
    """The search's words in the page's language, as a script's object literal (``rtl``: isolate filled-in values)."""
    keys = ("placeholder", "nothing_here", "clear", "box", "button", "found", "found_none", "listed", "keys")
    words = ",".join(f"{k}:{_script_json(t(f'search.{k}'))}" for k in keys)  # braces escaped inside the strings only
    return f"{{{words},rtl:{str(current_language() in RTL_LANGUAGES).lower()}}}"


_CSS: Final = """
.leaflet-control-search{position:relative;z-index:801;background:#fff;border:2px solid rgba(0,0,0,.2);
 background-clip:padding-box;border-radius:4px;font:13px/1.3 system-ui,sans-serif;display:flex;align-items:center}
.leaflet-control-search .search-button{display:block;width:30px;height:30px;order:2;border-radius:2px;
 background:#fff url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'%3E%3Ccircle \
cx='10' cy='10' r='6' fill='none' stroke='%23333' stroke-width='2.4'/%3E%3Cpath d='M14.5 14.5l6 6' stroke='%23333' \
stroke-width='2.6' stroke-linecap='round'/%3E%3C/svg%3E") center/20px no-repeat}
.leaflet-touch .leaflet-control-search .search-button{width:40px;height:40px}
.leaflet-control-search .search-input{order:1;width:min(230px,calc(100vw - 150px));height:26px;margin:0 0 0 4px;
 padding:0 26px 0 5px;border:1px solid #767676;border-radius:3px;font:inherit;box-sizing:border-box}
.leaflet-control-search label.search-input{display:none!important}
.leaflet-control-search .search-cancel{position:absolute;right:34px;top:50%;transform:translateY(-50%);width:22px;
 height:22px;line-height:22px;text-align:center;text-decoration:none;color:#555;font-size:17px}
.leaflet-touch .leaflet-control-search .search-cancel{right:44px}
.leaflet-control-search .search-tooltip{position:absolute;top:100%;right:0;margin:4px 0 0;padding:3px;list-style:none;
 width:min(320px,calc(100vw - 70px));max-height:min(50vh,340px);overflow:auto;background:#fff;border-radius:4px;
 box-shadow:0 1px 6px rgba(0,0,0,.4);cursor:pointer}
.leaflet-control-search .search-tip{display:block;padding:5px 7px;border-radius:3px;color:#222}
.leaflet-control-search .search-tip small{display:block;color:#555}
.leaflet-control-search .search-tip-select,.leaflet-control-search .search-tip:hover{background:#e8f0fe}
.leaflet-control-search .search-alert{position:absolute;top:100%;right:0;margin-top:4px;padding:5px 7px;
 background:#fff;color:#a50e0e;border-radius:4px;box-shadow:0 1px 6px rgba(0,0,0,.4);white-space:nowrap}
.leaflet-top.leaflet-right{z-index:1001}
.cm-search-status{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
@media print{.leaflet-control-search{display:none!important}}
"""

# The body of the script; the template opens it with `map`, `overlays` (the layer control's) and `index`.
_JS: Final = r"""
const fold = (s) => s.normalize('NFKD').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
const fill = (s, v) => s.replace(/\{(\w+)\}/g, (_, k) => (S.rtl ? `\u2068${v[k]}\u2069` : String(v[k])));
const edits = (q, k, part) => {  // fewest edits (a swap of two letters is one) from q to k, or to a part of k
  let back = [], prev = Array.from({length: k.length + 1}, (_, j) => (part ? 0 : j));
  for (let i = 1; i <= q.length; i++) {
    const row = [i];
    for (let j = 1; j <= k.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (q[i - 1] === k[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && q[i - 1] === k[j - 2] && q[i - 2] === k[j - 1]) row[j] = Math.min(row[j], back[j - 2] + 1);
    }
    back = prev; prev = row;
  }
  return part ? Math.min(...prev) : prev[k.length];
};
const rank = (q, keys) => {  // 0 the whole name, 1 its start, 2 a part; close spellings: 3 of the whole, 4 of a part
  const slack = q.length < 4 ? 0 : q.length < 8 ? 1 : 2;
  let best = Infinity;
  for (const k of keys) {
    if (k === q) return 0;
    const r = k.startsWith(q) ? 1 : k.includes(q) ? 2 : !slack || best < 4 ? Infinity
      : edits(q, k, false) <= slack ? 3 : edits(q, k, true) <= slack ? 4 : Infinity;
    best = Math.min(best, r);
  }
  return best;
};
const order = {c: 0, n: 1, k: 2, s: 3}, LISTED = 8, keys = index.map((e) => [fold(e[0]), ...e[4]]);
const records = Object.fromEntries(index.map((e, i) => [e[0], Object.assign(L.latLng(0, 0), {i: i})]));
const status = document.createElement('div');
status.className = 'cm-search-status';
status.setAttribute('role', 'status');
document.body.appendChild(status);
const filter = (text) => {
  const q = fold(text), hits = [];
  if (q) keys.forEach((k, i) => { const r = rank(q, k); if (r < Infinity) hits.push([r, order[index[i][1]], i]); });
  hits.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  const n = hits.length, shown = hits.slice(0, LISTED);
  status.textContent = fill(n ? S.found : S.found_none, {n, text}) + (n > LISTED ? fill(S.listed, {n: LISTED}) : '')
    + (n ? S.keys : '');
  return Object.fromEntries(shown.map(([, , i]) => [index[i][0], records[index[i][0]]]));
};
const drawn = (test) => {  // every drawn feature that passes; their layer groups are shown
  const out = [];
  for (const group of Object.values(overlays)) {
    if (!group.eachLayer) continue;  // a tile layer
    const visit = (l) => {
      if (!l.feature) { if (l.eachLayer) l.eachLayer(visit); return; }
      if (!test(l)) return;
      out.push(l);
      if (!map.hasLayer(group)) map.addLayer(group);
    };
    visit(group);
  }
  return out;
};
const middle = (line) => { const pts = line.getLatLngs().flat(Infinity); return pts[Math.floor(pts.length / 2)]; };
const fit = (bounds) => {
  const o = L.Popup.prototype.options;  // the layout's margins, clear of the panels
  map.fitBounds(bounds, {paddingTopLeft: o.autoPanPaddingTopLeft, paddingBottomRight: o.autoPanPaddingBottomRight,
                         maxZoom: 9, animate: false});
};
const tap = (layer, at) => layer.fire('click', {latlng: at}, true);  // opens the popup as a tap there does
let opening = false, searchPopup = null;
map.on('popupopen', (ev) => { searchPopup = opening ? ev.popup : null; });
const go = (e) => {
  const [label, kind, id, detail] = e;
  map.closePopup();
  opening = true;
  try {
    if (kind === 'c') {
      const lines = drawn((l) => l.getLatLngs && (l.options.className || '').split(' ').includes('cm-' + id));
      if (lines.length) { fit(L.featureGroup(lines).getBounds()); tap(lines[0], middle(lines[0])); }
    } else if (kind === 's') {
      const [line] = drawn((l) => l.feature.id === id && l.getLatLngs);
      if (line) { fit(line.getBounds()); tap(line, middle(line)); }
    } else if (kind === 'k') {
      const [shape] = drawn((l) => l.feature.id === id && l.getBounds);
      if (shape) { fit(shape.getBounds()); tap(shape, e[5] ? L.latLng(e[5]) : shape.getCenter()); }
    } else {
      const [point] = drawn((l) => l.feature.id === id && l.getLatLng);
      const at = point ? point.getLatLng() : e[5] && L.latLng(e[5]);  // a labelled place has no point drawn
      if (!at) return;
      map.setView(at, Math.max(map.getZoom(), 9), {animate: false});
      const box = document.createElement('div'), name = document.createElement('b');
      box.className = 'cm-pop';
      name.className = 'cm-h';
      name.textContent = label;
      box.append(name, detail);
      L.popup().setLatLng(at).setContent(box).openOn(map);
    }
  } finally { opening = false; }
};
const Search = L.Control.Search.extend({
  _handleKeypress(ev) {  // Enter: rank what is typed now, not what the list showed a moment ago
    if (ev.keyCode === 13 && !this._input.value) return;  // the key that opened the box, released in it
    if (ev.keyCode === 13) { clearTimeout(this.timerKeypress); this._fillRecordsCache(); }
    L.Control.Search.prototype._handleKeypress.call(this, ev);
  },
});
const control = new Search({
  sourceData: (text, done) => done(records), formatData: (d) => d, filterData: filter,
  moveToLocation: (at) => go(index[at.i]), buildTip: (text) => {
    const e = index[records[text].i], li = document.createElement('li'), small = document.createElement('small');
    small.textContent = e[3];
    li.append(text, small);
    return li;
  },
  position: 'topright', collapsed: true, autoCollapse: true, autoType: false, firstTipSubmit: true,
  delayType: 150, tooltipLimit: LISTED, marker: false, textPlaceholder: S.placeholder,
  textErr: S.nothing_here, textCancel: S.clear,
}).addTo(map);
const box = control.getContainer(), corner = box.parentNode;
corner.insertBefore(box, corner.firstChild);  // the first control on the right
const input = box.querySelector('input'), button = box.querySelector('.search-button');
input.setAttribute('role', 'searchbox');
// Text that comes without key presses (an input method, dictation, a deletion) searches too: the
// plugin listens to keyup only; its timer makes the two calls of a key press one search.
input.addEventListener('input', (ev) => { if (!ev.isComposing) control._handleKeypress({keyCode: 0}); });
input.setAttribute('aria-label', S.box);
button.setAttribute('role', 'button');
button.setAttribute('aria-label', S.button);
box.querySelector('.search-alert').setAttribute('role', 'alert');
control.on('search:locationfound', () => {  // the reader goes on in the popup the choice opened
  if (!searchPopup || !searchPopup.isOpen()) return;
  const content = searchPopup.getElement().querySelector('.leaflet-popup-content');
  content.tabIndex = -1;
  content.focus({preventScroll: true});  // a scroll would shift the map's panes
});
map.on('popupclose', (ev) => {  // back to the search, unless the reader went on elsewhere
  if (ev.popup !== searchPopup) return;
  searchPopup = null;
  const at = document.activeElement, box = ev.popup.getElement();
  if (!at || at === document.body || (box && box.contains(at))) button.focus({preventScroll: true});
});
})();"""


class MapSearch(JSCSSMixin, MacroElement):
    """A search box (leaflet-search) over the map's corridors, segments, nodes and countries; see the module doc.

    Add it after the layer control, whose overlays it searches.
    """

    _template = Template(
        "{% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}"
        "{% macro script(this, kwargs) %}(() => {\n"
        "const map = {{ this._parent.get_name() }}, overlays = {{ this.control.get_name() }}_layers.overlays;\n"
        "const index = {{ this.index }};\nconst S = {{ this.strings }};{{ this.js }}{% endmacro %}"
    )
    default_js = _PLUGIN

    def __init__(self, control: Element, entries: Iterable[SearchEntry]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "MapSearch"
        self.control = control
        self.index = _index_json(entries)
        self.strings = _strings()
        self.css = " ".join(_CSS.split())
        self.js = re.sub(r"^ +| +// .*$", "", _JS, flags=re.MULTILINE)  # no indents, no comments
