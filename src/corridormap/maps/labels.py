"""Place names and corridor names drawn on the map from the data, so they show with or without tiles.

Labels are placed once, in Python, for every zoom level from :data:`MIN_ZOOM` to
:data:`MAX_ZOOM`: each label's box is measured in Web-Mercator pixels at that zoom and the
label is shown there only if it overlaps no label of higher priority already shown
(ports, then origin cities, corridors, countries, border posts). A label carries one
class per zoom at which it shows (``cm-s5``), and the map's container carries the current
zoom (``cm-z5``, set by :mod:`.layout`), so a CSS rule shows exactly the labels placed for
it: none collide, and more appear as you zoom in. Labels are Leaflet markers (above the
lines and points) that take no clicks.

At the map's edge a name would be cut (Almaty, Kashgar, Karachi on a phone's screen; Gwadar,
whose point is just off it on ``routes.html``): in the page, after every move, zoom and resize,
:class:`LabelsInView` turns a name that sits beside its point to the point's left when it would
cross the right edge, and moves any other name that crosses an edge inside it; a name beside a
point that is off the map is hidden rather than cut. A name under a control or panel drawn over
the map (Leaflet's ``.leaflet-control`` elements, the ``.cm-panel`` title, legend, timeline and
journeys) is treated alike: turned to its point's left if that clears it, else hidden; no name is
moved onto one. It runs again when a panel opens or closes (``toggle`` of a ``<details>``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

import folium
from branca.element import MacroElement
from folium.template import Template

from .i18n import layer_name, right_to_left
from .popups import esc
from .style import DECIMALS

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

__all__ = ["LABEL_CSS", "MAX_ZOOM", "MIN_ZOOM", "Label", "LabelsInView", "label_layer", "place_labels"]

MIN_ZOOM: Final = 3
MAX_ZOOM: Final = 12
#: Label kinds, highest priority first, with their font size (px) and whether they sit beside a point.
KINDS: Final = {
    "port": (11.5, True),
    "origin": (11.5, True),
    "corridor": (11.0, False),
    "country": (12.0, False),
    "post": (10.5, True),
}
_CHAR_EM: Final = 0.56  # mean advance of a character of system-ui, in em (measured on the labels' text)
_GAP: Final = 2.0  # pixels kept clear around each label


@dataclass(frozen=True)
class Label:
    """A label: its text, kind (a key of :data:`KINDS`), anchor (lon, lat) and, for corridors, colour.

    Labels with the same ``group`` are candidate places for one name: at each zoom the first
    that fits is shown, and no other of its group.
    """

    text: str
    kind: str
    lon: float
    lat: float
    color: str = ""
    group: str = ""


def _pixels(lon: float, lat: float, zoom: int) -> tuple[float, float]:
    scale = 256 * 2**zoom
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2
    return (lon + 180) / 360 * scale, y * scale


def _box(label: Label, zoom: int) -> tuple[float, float, float, float]:
    size, beside = KINDS[label.kind]
    text = label.text.upper() if label.kind == "country" else label.text
    width = len(text) * size * (_CHAR_EM + (0.12 if label.kind == "country" else 0)) + 6
    height = size * 1.3
    x, y = _pixels(label.lon, label.lat, zoom)
    x0 = x + 6 if beside else x - width / 2
    return x0 - _GAP, y - height / 2 - _GAP, x0 + width + _GAP, y + height / 2 + _GAP


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(labels: Sequence[Label]) -> list[tuple[Label, list[int]]]:
    """Each label with the zoom levels at which it shows without overlapping a label of higher priority.

    Examples
    --------
    >>> a = Label("Karachi", "port", 67.0, 24.85)
    >>> b = Label("Port Qasim", "port", 67.32, 24.78)
    >>> [(lbl.text, zooms[:2]) for lbl, zooms in place_labels([a, b])]
    [('Karachi', [3, 4]), ('Port Qasim', [8, 9])]
    """
    order = sorted(range(len(labels)), key=lambda i: (list(KINDS).index(labels[i].kind), i))
    shown: dict[int, list[int]] = {i: [] for i in order}
    for zoom in range(MIN_ZOOM, MAX_ZOOM + 1):
        placed: list[tuple[float, float, float, float]] = []
        groups: set[str] = set()
        for i in order:
            group = labels[i].group
            if group and group in groups:
                continue
            box = _box(labels[i], zoom)
            if not any(_overlaps(box, other) for other in placed):
                placed.append(box)
                shown[i].append(zoom)
                if group:
                    groups.add(group)
    return [(labels[i], shown[i]) for i in range(len(labels))]


def label_layer(labels: Sequence[Label], *, draw: Collection[str] | None = None) -> folium.GeoJson:
    """The labels as one GeoJSON layer of text markers, each with a class per zoom at which it shows.

    ``draw`` names the kinds drawn (default all): the others are placed as they would be, so
    that the drawn ones keep clear of them, but left to another layer.
    """
    features = []
    for n, (label, zooms) in enumerate(place_labels(labels)):
        if not zooms or (draw is not None and label.kind not in draw):
            continue
        color = f" style='color:{label.color}'" if label.color else ""
        direction = " dir=rtl" if right_to_left(label.text) else ""  # Urdu names among English ones
        features.append(
            {
                "type": "Feature",
                "id": f"l{n}",
                "properties": {
                    "className": f"cm-lbl cm-l-{label.kind} " + " ".join(f"cm-s{z}" for z in zooms),
                    "html": f"<span{color}{direction}>{esc(label.text)}</span>",
                },
                "geometry": {"type": "Point", "coordinates": [round(label.lon, DECIMALS), round(label.lat, DECIMALS)]},
            }
        )
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name=layer_name("Place and corridor names", "layer.labels"),
        marker=folium.Marker(icon=folium.DivIcon(icon_size=(0, 0)), interactive=False, keyboard=False),
        style_function=lambda f: {"className": f["properties"]["className"], "html": f["properties"]["html"]},
    )


LABEL_CSS: Final = (
    ".cm-lbl{display:none;background:none;border:0;white-space:nowrap}"
    ".cm-lbl span{position:absolute;top:0;left:0;transform:translate(-50%,-50%);font:600 11px/1.3 system-ui,sans-serif;"
    "color:#222;text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff,0 0 3px #fff}"
    ".cm-l-port span,.cm-l-origin span,.cm-l-post span{transform:translate(6px,-50%)}"
    ".cm-lbl span.cm-flip{transform:translate(calc(-100% - 6px),-50%)}"
    ".cm-l-port span,.cm-l-origin span{font-size:11.5px}.cm-l-port span{color:#08306b}"
    ".cm-l-post span{font-weight:500;font-size:10.5px;color:#444}"
    ".cm-l-country span{font-size:12px;font-weight:500;letter-spacing:.12em;text-transform:uppercase;color:#555}"
    ".cm-l-corridor span{font-weight:700}"
    + ",".join(f".cm-z{z} .cm-s{min(max(z, MIN_ZOOM), MAX_ZOOM)}" for z in range(19))
    + "{display:block}"
)

# Names that the map's edge would cut or a control/panel covers, after each move and each toggle
# of a <details>: one beside a point (port, origin, post) goes to its point's left side if that
# keeps it whole, else moves inside the edge as any other name does; one whose point is off the
# map (beside it) is hidden. Each place tried must not land on a control/panel nor on a drawn
# name of higher or equal priority (KINDS' order), else the next is tried and,
# if none is left, the name is hidden; names of lower priority that it lands on are hidden.
# A name not drawn at this zoom, or wholly off the map, is left. Reads every box, then writes.
# No comments in the script: it is joined into one line.
_IN_VIEW_JS: Final = """
function cmLabelsInView(map, order) {
  var box = map.getContainer(), margin = 2, moved = [];
  function hit(a, b) { return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }
  function place() {
    moved.forEach(function (l) {
      l.s.classList.remove('cm-flip'); l.s.style.translate = ''; l.s.style.visibility = '';
    });
    moved = [];
    var m = box.getBoundingClientRect(), drawn = [], ctl = [];
    document.querySelectorAll('.leaflet-control,.cm-panel').forEach(function (c) {
      var r = c.getBoundingClientRect();
      if (r.width && r.height) ctl.push(r);
    });
    function under(a) { return ctl.some(function (c) { return hit(a, c); }); }
    var e0 = Math.max(m.left, 0), f0 = Math.max(m.top, 0), e1 = Math.min(m.right, innerWidth);
    var f1 = Math.min(m.bottom, innerHeight), x0 = e0 + margin, y0 = f0 + margin, x1 = e1 - margin, y1 = f1 - margin;
    box.querySelectorAll('.leaflet-marker-pane .cm-lbl span').forEach(function (s) {
      var r = s.getBoundingClientRect(), kind = /cm-l-(\\w+)/.exec(s.parentNode.className);
      if (!r.width || r.right <= e0 || r.left >= e1 || r.bottom <= f0 || r.top >= f1) return;
      var l = {s: s, rank: order.indexOf(kind ? kind[1] : ''), left: r.left, top: r.top};
      l.right = r.right; l.bottom = r.bottom;
      drawn.push(l);
      if (r.left < x0 || r.right > x1 || r.top < y0 || r.bottom > y1 || under(r)) moved.push(l);
    });
    moved.forEach(function (l) {
      var w = l.right - l.left, h = l.bottom - l.top, at = l.s.parentNode.getBoundingClientRect();
      var beside = /cm-l-(port|origin|post)/.test(l.s.parentNode.className), lefts = [l.left];
      if (beside && (at.left < x0 || at.left > x1 || at.top < y0 || at.top > y1)) { l.hidden = true; return; }
      if (beside && (l.right > x1 || under(l)) && at.left - 6 - w >= x0) lefts.unshift(at.left - 6 - w);
      var dy = Math.round(Math.max(y0 - l.top, Math.min(0, y1 - l.top - h)));
      l.tries = lefts.map(function (left, i) {
        var dx = Math.round(Math.max(x0 - left, Math.min(0, x1 - left - w)));
        return {flip: lefts.length > 1 && !i, dx: dx, dy: dy, left: left + dx, right: left + dx + w,
                top: l.top + dy, bottom: l.top + dy + h};
      });
    });
    moved.slice().sort(function (a, b) { return a.rank - b.rank; }).forEach(function (l) {
      if (l.hidden) return;
      var above = drawn.filter(function (o) { return o !== l && !o.hidden && o.rank <= l.rank; });
      var pick = l.tries.filter(function (t) {
        return !under(t) && !above.some(function (o) { return hit(t, o); });
      })[0];
      if (!pick) { l.hidden = true; return; }
      ['flip', 'dx', 'dy', 'left', 'right', 'top', 'bottom'].forEach(function (k) { l[k] = pick[k]; });
      drawn.forEach(function (o) {
        if (o === l || o.hidden || o.rank <= l.rank || !hit(l, o)) return;
        o.hidden = true;
        if (moved.indexOf(o) < 0) moved.push(o);
      });
    });
    moved.forEach(function (l) {
      if (l.hidden) { l.s.style.visibility = 'hidden'; return; }
      if (l.flip) l.s.classList.add('cm-flip');
      if (l.dx || l.dy) l.s.style.translate = l.dx + 'px ' + l.dy + 'px';
    });
  }
  map.on('moveend resize', place);
  document.addEventListener('toggle', place, true);
  if (document.fonts) document.fonts.ready.then(place);
  place();
}
"""


class LabelsInView(MacroElement):
    """The script that keeps names whole at the map's edge and off its controls (see the module's docstring).

    Add it after the layout.

    Examples
    --------
    >>> import folium
    >>> m = folium.Map()
    >>> _ = LabelsInView().add_to(m)
    >>> "cmLabelsInView(" in m.get_root().render()
    True
    """

    _template = Template(
        "{% macro script(this, kwargs) %}{{ this.script }}"
        "cmLabelsInView({{ this._parent.get_name() }}, {{ this.kinds|tojson }});{% endmacro %}"
    )

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "LabelsInView"
        self.script = " ".join(_IN_VIEW_JS.split())
        self.kinds = list(KINDS)
