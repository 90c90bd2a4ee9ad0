"""Corridors that share a stretch, clickable one by one.

TAPI, TAP, TAP-FOC and KTAP follow the same Herat–Kandahar route a few pixels apart, so a tap
there cannot say which line was meant. After a tap on a line, a short script asks the
browser which corridors are drawn within a finger's width of the point. If there is more
than one, the popup that opens lists them — name and the first line of each one's summary —
and choosing one opens that corridor's own popup.
"""

from __future__ import annotations

from typing import Final

from branca.element import MacroElement
from folium.template import Template

from .i18n import current_language, strings

__all__ = ["Picker"]

#: How near a line a tap counts as on it, in pixels.
REACH_PX: Final = 12

_SCRIPT: Final = """
function cmPicker(map, reach, heading) {
  function corridorOf(layer) {
    var m = /(?:^| )cm-corridor cm-(\\S+)/.exec((layer.options && layer.options.className) || '');
    return m ? m[1] : null;
  }
  function near(e) {  // every corridor drawn within reach of the tap: the page's own hit test around the point
    var c = e.originalEvent, x0 = c.clientX, y0 = c.clientY, ids = {}, found = {};
    for (var dx = -reach; dx <= reach; dx += reach / 2) {
      for (var dy = -reach; dy <= reach; dy += reach / 2) {
        document.elementsFromPoint(x0 + dx, y0 + dy).forEach(function (el) {
          var m = /(?:^| )cm-corridor cm-(\\S+)/.exec(el.getAttribute('class') || '');
          if (m) ids[m[1]] = true;
        });
      }
    }
    map.eachLayer(function (layer) { var id = corridorOf(layer); if (id && ids[id] && !found[id]) found[id] = layer; });
    return found;
  }
  function owner(layer) {  // the layer that holds the line's popup: the line, or the GeoJSON layer around it
    if (layer.getPopup && layer.getPopup()) return layer;
    for (var k in layer._eventParents || {}) { if (layer._eventParents[k].getPopup()) return layer._eventParents[k]; }
    return layer;
  }
  function summary(layer) {
    var c = layer.getPopup() && layer.getPopup().getContent(), box = document.createElement('div');
    if (typeof c === 'string') box.innerHTML = c; else if (c) box.appendChild(c.cloneNode(true));
    var h = box.querySelector('.cm-h'), s = box.querySelector('.cm-sum');
    return [h ? h.textContent : '', s ? s.innerHTML.split('<br>')[0] : ''];
  }
  function pick(e) {
    if (!e.originalEvent) return;
    var found = near(e), ids = Object.keys(found);
    if (ids.length < 2) return;
    var list = document.createElement('div');
    list.className = 'cm-pop cm-pick';
    list.innerHTML = '<b class=cm-h></b>';
    list.firstChild.textContent = heading.replace('{n}', ids.length);
    ids.forEach(function (id) {
      var s = summary(owner(found[id])), b = document.createElement('button');
      b.type = 'button'; b.className = 'cm-pick-' + id;
      b.innerHTML = '<b></b><br><small></small>';
      b.firstChild.textContent = s[0];
      b.lastChild.innerHTML = s[1];
      b.addEventListener('click', function () { map.closePopup(); owner(found[id]).openPopup(e.latlng); });
      list.appendChild(b);
    });
    setTimeout(function () {
      if (e.target.closePopup) e.target.closePopup();
      map.closePopup();
      L.popup().setLatLng(e.latlng).setContent(list).openOn(map);
    }, 0);
  }
  function hook(layer) {
    if (corridorOf(layer) && !layer._cmPick) { layer._cmPick = true; layer.on('click', pick); }
  }
  map.eachLayer(hook);
  map.on('layeradd', function (e) { hook(e.layer); });
}
"""

_CSS: Final = (
    ".cm-pick button{display:block;width:100%;text-align:left;margin:4px 0;padding:5px 7px;border:1px solid #bbb;"
    "border-radius:4px;background:#f7f7f7;font:inherit;cursor:pointer}.cm-pick button:hover{background:#eee}"
)


class Picker(MacroElement):
    """The script that lists every corridor under a tap where several share a stretch."""

    _template = Template(
        "{% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}"
        "{% macro script(this, kwargs) %}{{ this.script }}"
        "cmPicker({{ this._parent.get_name() }}, {{ this.reach }}, {{ this.heading|tojson }});{% endmacro %}"
    )

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "Picker"
        self.css = _CSS
        self.script = _SCRIPT
        self.reach = REACH_PX
        self.heading = strings()["picker"][current_language()]  # '{n}' is filled in by the script
