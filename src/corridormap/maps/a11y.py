"""Keyboard and screen-reader access: a language, a visible focus ring, corridor popups from the keyboard.

- :func:`accessible_page` gives the page its language, ``<html lang="en">`` (see :mod:`.i18n`),
  and lets readers zoom the page (folium's viewport forbids it);
- :class:`KeyboardAccess` puts a short list of links first in the tab order, shown when it
  has focus: the text table of the corridors (:mod:`~corridormap.maps.text_table`) and one
  link per corridor that opens its popup (through the URL hash of
  :mod:`~corridormap.maps.share`) and moves the focus into it; Escape or the popup's close
  button goes back to the link. It also draws a visible focus ring on every control and links the table
  from the map's attribution line, for readers who use a mouse.

Map shapes stay out of the tab order: Leaflet listens for focus on every shape with a tooltip,
which makes an SVG path focusable in Chromium (some 150 Tab stops before the controls), so
each gets ``tabindex=-1``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from branca.element import MacroElement
from folium.template import Template

from .i18n import page_attributes, t
from .popups import esc
from .text_table import TABLE_FILE

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["KeyboardAccess", "accessible_page"]


_VIEWPORT: Final = '<meta name="viewport" content="width=device-width, initial-scale=1.0"'
_CSS: Final = (
    ".cm-keys{position:fixed;z-index:3000;top:8px;left:8px;transform:translateY(-200%);background:#fff;"
    "padding:6px 10px;border-radius:5px;box-shadow:0 1px 6px rgba(0,0,0,.45);font:13px/1.5 system-ui,sans-serif}"
    ".cm-keys:focus-within{transform:none}.cm-keys ul{margin:2px 0 0;padding-left:16px}"
    "a:focus-visible,button:focus-visible,input:focus-visible,summary:focus-visible,[tabindex]:focus-visible,"
    ".leaflet-container a:focus-visible{outline:3px solid #1a56db!important;outline-offset:2px}"
    ".leaflet-container:focus-visible{outline:3px solid #1a56db;outline-offset:-3px}"
    ".leaflet-popup-content:focus{outline:2px solid #1a56db;outline-offset:2px}"
)
_JS: Final = """(() => {
const keys = document.querySelector('.cm-keys');
document.body.prepend(keys);  // first in the tab order
const map = %s;
let opener = null, fromKeys = false, keyPopup = null;  // the link that opened a popup gets the focus back
keys.addEventListener('click', (e) => {
  if (e.target.hash && e.target.hash.includes('corridor=')) { fromKeys = true; opener = e.target; }
});
map.on('popupopen', (e) => {
  if (!fromKeys) { opener = null; keyPopup = null; return; }
  fromKeys = false;
  keyPopup = e.popup;
  const content = e.popup.getElement().querySelector('.leaflet-popup-content');
  content.tabIndex = -1;
  content.setAttribute('role', 'dialog');
  content.focus({preventScroll: true});  // a scroll would shift the map's panes
});
map.on('popupclose', (e) => {
  if (e.popup !== keyPopup) return;
  if (opener) opener.focus({preventScroll: true});
  opener = null; keyPopup = null;
});
document.addEventListener('keydown', (e) => { if (e.key === 'Escape') map.closePopup(); });
const untab = (el) => { if (el && el.tagName === 'path') el.setAttribute('tabindex', '-1'); };
document.querySelectorAll('.leaflet-pane path.leaflet-interactive').forEach(untab);
map.on('layeradd', (e) => untab(e.layer.getElement && e.layer.getElement()));
map.attributionControl.addAttribution('<a href="%s">%s</a>');
})();"""


class KeyboardAccess(MacroElement):
    """Links first in the tab order (the text table, each corridor's popup) and a visible focus ring."""

    _template = Template(
        "{% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}"
        "{% macro html(this, kwargs) %}{{ this.nav }}{% endmacro %}"
        "{% macro script(this, kwargs) %}{{ this.js }}{% endmacro %}"
    )

    def __init__(self, map_name: str, corridors: Iterable[tuple[str, str]]) -> None:
        """``corridors``: (id, name) of the corridors the map shows."""
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "KeyboardAccess"
        self.css = _CSS
        links = "".join(
            f"<li><a href='#corridor={esc(cid.lower())}'>{esc(t('keys_corridor', id=cid, name=name))}</a></li>"
            for cid, name in corridors
        )
        self.nav = (
            f"<nav class=cm-keys aria-label='{esc(t('keys_nav'))}'><a href={TABLE_FILE}>{esc(t('keys_table'))}</a>"
            f"<ul>{links}</ul></nav>"
        )
        self.js = _JS % (map_name, TABLE_FILE, esc(t("table_attribution")))


def accessible_page(html: str) -> str:
    """The rendered page with its language (and direction) and a viewport that lets readers zoom."""
    html = html.replace("<html>", f"<html {page_attributes()}>", 1)
    return re.sub(r'<meta name="viewport" content="[^"]*"', _VIEWPORT, html, count=1)
