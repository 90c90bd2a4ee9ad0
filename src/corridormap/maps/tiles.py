"""Basemap tiles that wait for the page: no tile is asked for before the page's ``load`` event.

An image in the page holds its ``load`` event back, and Leaflet puts a tile layer's images in
the page as soon as the layer is added. On the CDN build that was 17–57 tiles (the grey
canvas, its place names, the minimap; by page and screen) fetched and drawn while the reader
waited for the map. The countries and corridors come from the page itself, so the map is
readable before any tile arrives.

:class:`TilesAfterLoad` makes every tile layer on the page (the minimap's too) ask for its
tiles once the page has loaded, for the view the reader then sees. The layers are on the map
from the start as before (the layer control, the view in the URL and the "tiles failed" note
see them as usual); only the first fetch waits. It wraps ``L.GridLayer``'s ``_update``, the
one method through which Leaflet 1.x creates tiles; the page pins Leaflet, and a browser test
checks that no tile starts before ``load``.
"""

from __future__ import annotations

from typing import Final

from branca.element import Element, MacroElement

__all__ = ["TilesAfterLoad"]

_JS: Final = """(() => {
if (document.readyState === 'complete') return;
const update = L.GridLayer.prototype._update;
L.GridLayer.include({_update(center) {
  if (document.readyState === 'complete') return update.call(this, center);
  if (this.cmWaits) return;
  this.cmWaits = true;
  addEventListener('load', () => { if (this._map) update.call(this); });
}});
})();"""


class TilesAfterLoad(MacroElement):
    """Tile layers fetch their first tiles after the page's ``load`` event, at the view shown then.

    Add it to a map before rendering; it puts its script into the page's ``<head>``, after
    Leaflet's.

    Examples
    --------
    >>> import folium
    >>> m = folium.Map(tiles=None)
    >>> _ = TilesAfterLoad().add_to(m)
    >>> html = m.get_root().render()
    >>> html.index("L.GridLayer.include") > html.index("leaflet.js")
    True
    """

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "TilesAfterLoad"

    def render(self, **kwargs: object) -> str:
        """Put the script into the page's ``<head>`` (after the map's own scripts, Leaflet first)."""
        script = Element(f"<script>{_JS}</script>")
        self.get_root().header.add_child(script, name="cm_tiles_after_load")  # type: ignore[attr-defined]
        return ""  # MacroElement renders into the figure, not into its return value
