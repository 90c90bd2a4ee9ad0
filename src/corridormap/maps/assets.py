"""What the maps load, and the self-contained build: Leaflet and the plugins the maps use, from CDNs or inline.

folium's default page loads jQuery, Bootstrap (JS, CSS and the Bootstrap 3 glyphicons) and
Font Awesome for its awesome markers and for parsing popup HTML. The maps draw circle markers
and have their own panels, so :class:`LeanMap` loads Leaflet alone and :class:`HtmlPopup`
hands Leaflet the popup's HTML string itself. Plugins add their own files as usual.

:func:`inline_assets` makes a rendered page self-contained: every ``<script src>`` and
stylesheet ``<link>`` is replaced by the file's text, taken from the copies that ship in
``vendor/`` (written by ``scripts/vendor_assets.py`` from npm tarballs checked against their
pinned sha512; :func:`vendored` lists each with version, licence and hash), and the images
the stylesheets load become ``data:`` URIs. :class:`LoadCheck` shows a visible message when a
page's scripts or tiles fail to load, instead of a blank map.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import mimetypes
import re
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any, Final

import folium
from branca.element import Element, MacroElement
from folium import plugins
from folium.template import Template

from ..errors import CorridorDataError
from .i18n import current_language, t
from .tiles import TilesAfterLoad

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["MAX_BYTES", "HtmlPopup", "LeanMap", "LoadCheck", "Measure", "inline_assets", "vendored"]

#: Largest self-contained file the build accepts (bytes).
MAX_BYTES: Final = 1_500_000
_KEEP: Final = {"leaflet", "leaflet_css"}  # of folium's default scripts and stylesheets
_LEAN_JS: Final = [(name, url) for name, url in folium.Map.default_js if name in _KEEP]
_LEAN_CSS: Final = [(name, url) for name, url in folium.Map.default_css if name in _KEEP]


class LeanMap(folium.Map):
    """A folium Map that loads Leaflet only: no jQuery, Bootstrap, glyphicons, Font Awesome or awesome markers.

    With a basemap (``tiles`` not None), its tiles wait for the page's ``load`` event
    (:class:`~corridormap.maps.tiles.TilesAfterLoad`).
    """

    default_js = _LEAN_JS
    default_css = _LEAN_CSS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if any(isinstance(child, folium.TileLayer) for child in self._children.values()):  # the basemap folium added
            TilesAfterLoad().add_to(self)


class HtmlPopup(folium.Popup):
    """folium's Popup without jQuery: Leaflet's ``setContent`` takes the (escaped) HTML string itself."""

    _template = Template(
        "var {{ this.get_name() }} = L.popup({{ this.options|tojavascript }});\n"
        "{% for name, element in this.html._children.items() %}"
        "{{ this.get_name() }}.setContent(`{{ element.render(**kwargs).replace('\\n', ' ') }}`);\n"
        "{% endfor %}"
        "{{ this._parent.get_name() }}.bindPopup({{ this.get_name() }});\n"
    )


_MEASURE: Final = "https://cdn.jsdelivr.net/npm/leaflet-measure@3.1.0/dist/"
#: leaflet-measure's builds by map language (its English one for the languages it has no build for).
_MEASURE_JS: Final = {"ru": f"{_MEASURE}leaflet-measure.ru.js"}


class Measure(plugins.MeasureControl):
    """folium's measuring tool on leaflet-measure 3.1.0, in the map's language where it has a build.

    folium loads leaflet-measure 2.1.7, whose one file bundles every language, two copies of
    underscore and a colour library: 31 KiB gzip against 3.1.0's 11 KiB, with the same control,
    options and folium's workaround for Leaflet 1.8+ (``_setCaptureMarkerIcon``). One more
    workaround: the invisible marker that catches the clicks is created with Leaflet's default
    icon before it gets its own, so every measurement asked for ``marker-icon.png`` (a refused
    request from a self-contained file); it is created with an empty icon instead.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "L.Control.Measure.include({\n"
        "  _setCaptureMarkerIcon: function () {\n"
        "    this._captureMarker.options.autoPanOnFocus = false;\n"
        "    this._captureMarker.setIcon(L.divIcon({iconSize: this._map.getSize().multiplyBy(2)}));\n"
        "  },\n"
        "  _startMeasure: (function (start) {\n"
        "    return function () {\n"
        "      const o = L.Marker.prototype.options, was = [o.icon, o.autoPanOnFocus];\n"
        "      o.icon = L.divIcon({className: ''}); o.autoPanOnFocus = false;\n"
        "      try { start.call(this); } finally { [o.icon, o.autoPanOnFocus] = was; }\n"
        "    };\n"
        "  })(L.Control.Measure.prototype._startMeasure),\n"
        "});\n"  # before the control is made: it binds _startMeasure to its button
        "var {{ this.get_name() }} = new L.Control.Measure({{ this.options|tojavascript }});\n"
        "{{ this._parent.get_name() }}.addControl({{ this.get_name() }});\n"
        "{% endmacro %}"
    )

    def __init__(self, **options: str) -> None:
        super().__init__(**options)  # type: ignore[no-untyped-call]
        self.default_css = [("leaflet_measure_css", f"{_MEASURE}leaflet-measure.css")]
        url = _MEASURE_JS.get(current_language(), f"{_MEASURE}leaflet-measure.js")
        self.default_js = [("leaflet_measure_js", url)]


_CHECK_CSS: Final = (
    ".cm-alert{position:fixed;z-index:2000;left:50%;top:12px;transform:translateX(-50%);max-width:min(560px,92vw);"
    "background:#fff3cd;color:#3d2e00;border:1px solid #c9a227;border-radius:5px;padding:8px 12px;"
    "font:13px/1.4 system-ui,sans-serif;box-shadow:0 1px 5px rgba(0,0,0,.3)}"
)
# Registered first in <head>, before any <script src>: it records scripts and stylesheets that fail
# to load (the error events of elements do not bubble, so it listens in the capture phase), and
# tiles that fail. The body script shows the matching message; an error in a script that did
# load is not reported as a failed download.
_CATCH_JS: Final = """window.cmFailed = {files: [], tiles: false};
addEventListener('error', (e) => {
  const t = e.target, f = window.cmFailed;
  if (t && (t.tagName === 'SCRIPT' || t.tagName === 'LINK')) f.files.push(t.src || t.href);
  else if (t && t.tagName === 'IMG' && t.classList.contains('leaflet-tile')) {
    f.tiles = true;
    const el = document.getElementById('cm-no-tiles');
    if (el) el.hidden = false;
  }
}, true);"""
_SHOW_JS: Final = """(() => {
const show = () => {
  if (window.cmFailed.files.length || typeof L === 'undefined') document.getElementById('cm-no-scripts').hidden = false;
};
show();
addEventListener('load', show);
if (window.cmFailed.tiles) document.getElementById('cm-no-tiles').hidden = false;
})();"""


class LoadCheck(MacroElement):
    """A visible message when the map's scripts (CDN) or its basemap tiles fail to load."""

    _template = Template(
        "{% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}"
        "{% macro html(this, kwargs) %}"
        "<div id=cm-no-scripts class=cm-alert role=alert hidden><b>{{ this.no_scripts_title }}</b> "
        "{{ this.no_scripts_body }}</div>"
        "<div id=cm-no-tiles class=cm-alert role=status hidden>{{ this.no_tiles }}</div>"
        "<script>{{ this.js }}</script>"
        "{% endmacro %}"
    )

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "LoadCheck"
        self.css = _CHECK_CSS
        command = "<code dir=ltr>corridormap build --self-contained</code>"
        self.no_scripts_title = html.escape(t("no_scripts_title"))
        self.no_scripts_body = html.escape(t("no_scripts_body")).replace("{command}", command)
        self.no_tiles = html.escape(t("no_tiles"))
        self.js = _SHOW_JS

    def render(self, **kwargs: object) -> str:
        """Render, and put the listener first in the page's <head>, before the scripts it watches."""
        catch = Element(f"<script>{_CATCH_JS}</script>")
        self.get_root().header.add_child(catch, name="cm_load_catch", index=0)  # type: ignore[attr-defined]
        super().render(**kwargs)  # type: ignore[no-untyped-call]
        return ""  # MacroElement renders into the figure, not into its return value


def _vendor() -> Traversable:
    return files("corridormap.maps").joinpath("vendor")


@cache
def vendored() -> dict[str, dict[str, str]]:
    """The files :func:`inline_assets` inlines, by CDN URL: package, version, licence, npm integrity, sha256.

    Examples
    --------
    >>> entry = vendored()["https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"]
    >>> entry["package"], entry["version"], entry["licence"]
    ('leaflet', '1.9.3', 'BSD-2-Clause')
    """
    manifest: dict[str, dict[str, str]] = json.loads(_vendor().joinpath("manifest.json").read_text("utf-8"))
    return manifest


def _read(url: str) -> tuple[dict[str, str], bytes]:
    entry = vendored().get(url)
    if entry is None:
        msg = (
            f"the map loads {url}, which is not vendored for self-contained maps — add it to ASSETS in "
            "scripts/vendor_assets.py (and its npm package to tests/browser/cdn_assets.json), then run that script"
        )
        raise CorridorDataError([msg])
    data = _vendor().joinpath(entry["file"]).read_bytes()
    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
        msg = f"vendored file {entry['file']} does not match its sha256 in vendor/manifest.json — rerun "
        msg += "scripts/vendor_assets.py"
        raise CorridorDataError([msg])
    return entry, data


def _data_uri(folder: Traversable, ref: str) -> str:
    target = folder
    for part in ref.split("/"):
        target = target.joinpath(part)  # "images/x.png" relative to the stylesheet
    kind = mimetypes.guess_type(ref)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(target.read_bytes()).decode()}"


def _inline_css(entry: dict[str, str], css: str) -> str:
    folder = _vendor()
    for part in entry["file"].split("/")[:-1]:
        folder = folder.joinpath(part)

    def replace(m: re.Match[str]) -> str:
        ref = m.group(1)
        return f"url({_data_uri(folder, ref)})" if not ref.startswith(("#", "data:")) else m.group(0)

    return re.sub(r"url\(['\"]?([^'\")]+)['\"]?\)", replace, css)


def _banner(entry: dict[str, str]) -> str:
    return f"/* {entry['package']} {entry['version']}, {entry['licence']} (vendor/{entry['licence_file']}) */\n"


def inline_assets(html: str) -> str:
    """The page with every external script and stylesheet replaced by its vendored text.

    Raises
    ------
    CorridorDataError
        If the page loads a file that is not vendored, or a vendored file was changed.
    """

    def script(m: re.Match[str]) -> str:
        entry, data = _read(m.group(1))
        text = data.decode("utf-8").replace("</script", "<\\/script")
        return f"<script>{_banner(entry)}{text}\n</script>"

    def style(m: re.Match[str]) -> str:
        entry, data = _read(m.group(1))
        return f"<style>{_banner(entry)}{_inline_css(entry, data.decode('utf-8'))}</style>"

    html = re.sub(r'<script src="(https?://[^"]+)"></script>', script, html)
    html = re.sub(r'<link rel="stylesheet" href="(https?://[^"]+)"\s*/?>', style, html)
    left = re.findall(r'(?:src|href)="(https?://[^"]+\.(?:js|css))"', html)
    if left:
        msg = f"self-contained map still loads {left[0]} — its tag is not in a form inline_assets() knows"
        raise CorridorDataError([msg])
    return html
