"""Where the panels and controls sit on any screen and on paper, and the fit that keeps the corridors in view.

The stylesheet puts the title panel top left and the legend bottom left, at most 330 px wide
and 38 % of the height each; below 600 px wide both start collapsed to one line. After
load, a short script measures the panels and fits the map to the corridors in the space
they leave, and gives popups a width and a pan margin that fit the screen. The print
stylesheet puts the map on top of the page, the panels as a compact block below it, and
hides the controls and the minimap; the script opens the panels and refits for paper.
"""

from __future__ import annotations

from typing import Final

from branca.element import MacroElement
from folium.template import Template

__all__ = ["CSS", "Layout"]

CSS: Final = """
.cm-side{position:fixed;z-index:1000;top:10px;left:54px;bottom:50px;width:330px;max-width:calc(100vw - 112px);
 display:flex;flex-direction:column;justify-content:space-between;align-items:flex-start;gap:8px;pointer-events:none}
.cm-panel{pointer-events:auto;overflow:auto;background:rgba(255,255,255,.95);border-radius:5px;padding:5px 9px;
 box-shadow:0 1px 5px rgba(0,0,0,.35);font:12px/1.35 system-ui,sans-serif;color:#222;max-width:100%;
 box-sizing:border-box;max-height:38vh}
.cm-panel>summary{font-weight:600;cursor:pointer;min-height:22px;line-height:22px}
.cm-title p{margin:4px 0}.cm-fine{font-size:10.5px;color:#555}
.cm-legend>div{display:flex;gap:0 12px;font-size:11px}.cm-legend>div>div{flex:0 1 auto}
.cm-legend small{color:#555;font-size:10.5px}.cm-legend b{white-space:nowrap}
.cm-legend h4{margin:5px 0 2px;font-size:11.5px}.cm-legend ul{list-style:none;margin:0;padding:0}
.cm-legend li{display:flex;align-items:center;gap:5px;min-height:16px}.cm-legend svg{flex:none}
.cm-more>summary{font-size:11px;color:#444;cursor:pointer;margin-top:4px}
.cm-pop{font:12px/1.35 system-ui,sans-serif;overflow-wrap:anywhere}
.cm-pop .cm-h,.cm-title .cm-h{display:block;font-size:13px;margin-bottom:3px}
.cm-pop table,.cm-title table{border-collapse:collapse;margin:2px 0 5px}
.cm-pop th,.cm-pop td,.cm-title th,.cm-title td{text-align:left;vertical-align:top;padding:1px 6px 1px 0}
.cm-pop td.cm-n,.cm-title td.cm-n{text-align:right;white-space:nowrap}
.cm-pop th{overflow-wrap:normal}
.cm-pop ul,.cm-pop ol,.cm-title ol{margin:2px 0 5px;padding-left:18px}.cm-src{font-size:11px}
.cm-pop details{margin:3px 0}.cm-pop details>summary{font-weight:600;cursor:pointer;padding:2px 0}
.cm-note{font-size:11px;color:#555;margin:2px 0 5px}
.cm-sw{display:inline-block;width:14px;height:4px;margin:0 5px 3px 0;vertical-align:middle}
.leaflet-interactive:focus{outline:none}
@media (max-width:600px){.cm-side{left:50px;max-width:calc(100vw - 104px);bottom:54px}
 .leaflet-control-attribution{max-width:calc(100vw - 130px);white-space:nowrap;overflow:hidden;text-overflow:ellipsis;
  font-size:9px}.leaflet-control-attribution:hover,.leaflet-control-attribution:focus{white-space:normal}
 .cm-panel[open]{max-height:60vh}.leaflet-control-minimap{display:none!important}}
@media print{@page{margin:8mm}html,body{height:auto!important;overflow:visible!important}
 .folium-map{position:relative!important;width:100%!important;height:120mm!important;break-inside:avoid}
 .leaflet-control-zoom,.leaflet-control-layers,.leaflet-control-measure,.leaflet-control-minimap,
 .leaflet-control-zoom-fullscreen,.leaflet-popup,.cm-download{display:none!important}
 .leaflet-control-attribution{font-size:7px}
 .cm-side{position:static;width:auto;max-width:none;display:flex;flex-direction:row;align-items:flex-start;gap:3mm;
  margin-top:2mm}
 .cm-panel{box-shadow:none;border:.3mm solid #999;max-height:none;overflow:visible;font-size:8.5px;padding:1mm 2mm}
 .cm-panel>summary{list-style:none;min-height:0;line-height:1.3}.cm-panel>summary::-webkit-details-marker{display:none}
 .cm-title{flex:1 1 0}.cm-legend{flex:2 1 0}
 .cm-legend h4{font-size:9px;margin:1mm 0 0}.cm-legend li{min-height:12px}
 .cm-legend>div{font-size:8.5px}.cm-fine,.cm-more>summary,.cm-src,.cm-legend small{font-size:7.5px}
 .leaflet-control-scale-line{font-size:8px}}
@media print and (orientation:portrait){.folium-map{height:175mm!important}.cm-side{flex-direction:column}
 .cm-title,.cm-legend{flex:none;width:100%}}
"""

_SCRIPT: Final = """
function cmLayout(map, bounds) {
  var narrow = matchMedia('(max-width:600px)'), paper = matchMedia('print');
  if (narrow.matches) document.querySelectorAll('.cm-panel').forEach(function (d) { d.open = false; });
  function rect(sel) {
    var e = document.querySelector(sel);
    return e && e.offsetParent ? e.getBoundingClientRect() : null;
  }
  function pads() {
    var m = map.getContainer().getBoundingClientRect(), tl = [12, 12], br = [12, 12];
    if (paper.matches) return [tl, br];
    var t = rect('.cm-when') || rect('.cm-title'), l = rect('.cm-legend');  // the timeline sits under the title
    var right = Math.max(t ? t.right : 0, l ? l.right : 0) - m.left;
    if (!narrow.matches && m.width - right > 360) { tl = [right + 12, 24]; br = [70, 30]; }
    else {  // panels above and below the corridors; room on the right for the names beside points
      br[0] = 40;
      if (t) tl[1] = Math.max(12, t.bottom - m.top + 8);
      if (l) br[1] = Math.max(12, m.bottom - l.top + 8);
    }
    return [tl, br];
  }
  function fit() {
    map.invalidateSize({animate: false});
    var p = pads(), o = L.Popup.prototype.options, size = map.getSize();
    map.fitBounds(bounds, {paddingTopLeft: p[0], paddingBottomRight: p[1], maxZoom: 9, animate: false});
    // Popups: as wide as the screen allows, clear of the panels and of the controls on the right.
    var ctl = rect('.leaflet-top.leaflet-right'), top = Math.max(p[0][1], ctl ? ctl.bottom + 8 : 10);
    o.maxWidth = Math.min(380, size.x - 80);
    o.maxHeight = Math.max(160, Math.min(440, size.y - top - p[1][1] - 60));
    o.autoPanPaddingTopLeft = L.point(narrow.matches ? [8, top] : [p[0][0], 10]);
    o.autoPanPaddingBottomRight = L.point(narrow.matches ? 8 : 60, p[1][1]);
  }
  function zoomClass() {
    var c = map.getContainer();
    c.className = c.className.replace(/ ?cm-z\\d+/g, '') + ' cm-z' + Math.round(map.getZoom());
  }
  map.on('zoomend', zoomClass);
  // A tap shows a line's tooltip too; under an open popup it is only clutter.
  map.on('popupopen', function () { map.eachLayer(function (l) { if (l.closeTooltip) l.closeTooltip(); }); });
  function forPaper(on) {
    if (on) document.querySelectorAll('.cm-side details').forEach(function (d) { d.open = true; });
    map.closePopup(); fit();
  }
  paper.addEventListener('change', function (e) { forPaper(e.matches); });
  addEventListener('beforeprint', function () { forPaper(true); });
  // The page is laid out for paper after the media change: fit again when the map's box changes.
  if (window.ResizeObserver) new ResizeObserver(function () { if (paper.matches) fit(); }).observe(map.getContainer());
  map.cmFit = function (b) { bounds = b; fit(); };  // fit other lines (a chooser's)
  fit(); zoomClass();
}
"""


class Layout(MacroElement):
    """The stylesheet (screen and print) and the script that fits the map to ``bounds`` around the panels."""

    _template = Template(
        "{% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}"
        "{% macro script(this, kwargs) %}{{ this.script }}"
        "cmLayout({{ this._parent.get_name() }}, {{ this.bounds|tojson }});{% endmacro %}"
    )

    def __init__(self, bounds: list[list[float]], css: str = "") -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "Layout"
        self.css = " ".join((CSS + css).split())
        self.bounds = bounds
        self.script = _SCRIPT
