"""A view you can share: the map's centre, zoom, shown layers and open corridor live in the URL hash.

``index.html#map=6/35.1/68.4&layers=tapi,tap,border-posts&corridor=tapi`` opens at zoom 6 on
35.1° N 68.4° E with those layers shown (the others hidden) and TAPI's popup open; a ``&year=2015``
that the timeline (:mod:`corridormap.maps.timeline`) writes is kept. Moving the
map, switching layers or opening a corridor's popup rewrites the hash in place
(``history.replaceState``, so the Back button is not flooded), and pasting another link into the
same tab restores that view. In the spirit of leaflet-hash, which keeps only centre and zoom.

Layers are named by a slug of their name in the layer control ("TAPI · Gas pipeline" → ``tapi``,
"Border posts" → ``border-posts``); unknown slugs and malformed values are ignored, so an old
link still opens the map.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from branca.element import MacroElement
from folium.template import Template

if TYPE_CHECKING:
    from branca.element import Element

__all__ = ["ViewInHash"]

# The body of the script; the template opens it with `map` and `overlays` (the layer control's).
_JS: Final = r"""
const slug = (name) => {
  const text = new DOMParser().parseFromString(name, 'text/html').body.textContent;
  return text.split(/\s*[·:(]/)[0].toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
};
const layers = Object.entries(overlays).map(([name, layer]) => [slug(name), layer]);
let corridor = null, restoring = false;
const corridorOf = (layer) => {
  const m = /(?:^| )cm-corridor cm-([a-z0-9-]+)/.exec((layer && layer.options && layer.options.className) || '');
  return m ? m[1] : null;
};
const write = () => {
  if (restoring) return;
  const c = map.getCenter(), z = map.getZoom(), d = Math.max(0, Math.ceil(Math.log10(2 ** z)));
  let hash = `#map=${z}/${c.lat.toFixed(d)}/${c.lng.toFixed(d)}`;
  hash += '&layers=' + layers.filter(([, l]) => map.hasLayer(l)).map(([s]) => s).join(',');
  if (corridor) hash += '&corridor=' + corridor;
  const year = /(?:^#|&)(year=\d{4})(?=&|$)/.exec(location.hash);  // the timeline's own part
  if (year) hash += '&' + year[1];
  if (location.hash !== hash) history.replaceState(null, '', hash);
};
const openCorridor = (id) => {  // the popup is bound to the corridor's GeoJson layer, not to each line
  for (const [, group] of layers) {
    if (!group.eachLayer) continue;  // a tile layer
    let line = null, owner = null;
    group.eachLayer(function visit(l) {
      if (line) return;
      if (l.eachLayer) { owner = l; l.eachLayer(visit); } else if (corridorOf(l) === id && l.getLatLngs) line = l;
    });
    if (line) {
      if (!map.hasLayer(group)) map.addLayer(group);
      const pts = line.getLatLngs().flat(Infinity);
      (line.getPopup() ? line : owner).openPopup(pts[Math.floor(pts.length / 2)]);
      return true;
    }
  }
  return false;
};
const read = () => {
  const args = new URLSearchParams(location.hash.slice(1));
  restoring = true;
  try {
    const view = (args.get('map') || '').split('/').map(Number);
    const ok = view.length === 3 && view.every(Number.isFinite);
    const go = () => { if (ok) map.setView([view[1], view[2]], view[0], {animate: false}); };
    go();
    if (args.has('layers')) {
      const shown = new Set(args.get('layers').split(','));
      for (const [s, l] of layers) { if (shown.has(s)) map.addLayer(l); else map.removeLayer(l); }
    }
    map.closePopup();
    corridor = null;
    const id = (args.get('corridor') || '').toLowerCase();
    if (id && openCorridor(id)) { corridor = id; go(); }  // the sender's view, not the popup's pan
  } finally { restoring = false; }
  write();
};
map.on('moveend overlayadd overlayremove', write);
map.on('popupopen', (e) => { corridor = corridorOf(e.popup._source); write(); });
map.on('popupclose', () => { corridor = null; write(); });
addEventListener('hashchange', read);  // a link pasted into this tab (replaceState fires no hashchange)
if (location.hash.length > 1) read(); else write();
})();"""


class ViewInHash(MacroElement):
    """Keep the map's view (centre, zoom, shown layers, open corridor) in the URL hash; restore it from there.

    Add it after the layer control, whose overlays it reads.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}(() => {\n"
        "const map = {{ this._parent.get_name() }}, overlays = {{ this.control.get_name() }}_layers.overlays;"
        "{{ this.js }}{% endmacro %}"
    )

    def __init__(self, control: Element) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "ViewInHash"
        self.control = control
        self.js = _JS
