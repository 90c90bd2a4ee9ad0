"""The title panel and the legend: fixed HTML over the map, the legend written from the style table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from branca.element import MacroElement
from folium.template import Template

from .popups import esc
from .style import COUNTRY_EDGE, FILL_OPACITY, LEGEND_COLUMNS, LEGEND_TITLES, POINT_DEFAULTS, STYLE

if TYPE_CHECKING:
    from .inputs import Inputs

__all__ = ["Panels", "legend", "title"]


def _legend_swatch(group: str, spec: dict[str, Any]) -> str:
    """The legend's sample of one style entry, drawn with the entry's own values."""
    if group == "points":
        s = POINT_DEFAULTS | spec
        return (
            f"<svg width=16 height=16><circle cx=8 cy=8 r={s['radius']} fill='{s['fill']}' "
            f"stroke='{s['color']}' stroke-width={s['weight']}/></svg>"
        )
    if group == "countries":
        return (
            f"<svg width=22 height=14><rect x=1 y=1 width=20 height=12 fill='{spec['fill']}' "
            f"fill-opacity={FILL_OPACITY} stroke='{COUNTRY_EDGE}'/></svg>"
        )
    color, weight, opacity = (
        spec.get("color", "#525252"),
        spec.get("weight", 4),
        spec.get("opacity", spec.get("fade", 1)),
    )
    dash = f" stroke-dasharray='{spec['dash']}'" if spec.get("dash") else ""
    return (
        f"<svg width=34 height=12><line x1=3 y1=6 x2=31 y2=6 stroke='{color}' stroke-width={weight} "
        f"stroke-opacity={opacity} stroke-linecap=round{dash}/></svg>"
    )


def legend() -> str:
    """The legend, written from :data:`STYLE`: one row per entry, entries with the same swatch share a row."""
    columns = []
    for groups in LEGEND_COLUMNS:
        sections = []
        for group in groups:
            rows: dict[str, list[str]] = {}
            for key, spec in STYLE[group].items():
                rows.setdefault(_legend_swatch(group, spec), []).append(key)
            items = "".join(
                f"<li data-keys='{' '.join(f'{group}:{k}' for k in keys)}'>{swatch}{_labels(STYLE[group], keys)}</li>"
                for swatch, keys in rows.items()
            )
            sections.append(f"<h4>{esc(LEGEND_TITLES[group])}</h4><ul>{items}</ul>")
        columns.append(f"<section>{''.join(sections)}</section>")
    return f"<details open class='cm-panel cm-legend'><summary>Legend</summary><div>{''.join(columns)}</div></details>"


def _labels(entries: dict[str, dict[str, Any]], keys: list[str]) -> str:
    """Labels of entries drawn alike, as one: 'Operating, under construction'."""
    first, *rest = (esc(entries[k]["label"]) for k in keys)
    return ", ".join([first, *(label[:1].lower() + label[1:] for label in rest)])


_CSS: Final = """
.cm-side{position:fixed;z-index:1000;top:10px;left:54px;right:180px;bottom:52px;display:flex;flex-direction:column;
 justify-content:space-between;align-items:flex-start;gap:8px;pointer-events:none}
.cm-panel{pointer-events:auto;overflow:auto;background:rgba(255,255,255,.94);border-radius:5px;padding:6px 9px;
 box-shadow:0 1px 5px rgba(0,0,0,.35);font:12px/1.35 system-ui,sans-serif;color:#222}
.cm-panel summary{font-weight:600;cursor:pointer}
.cm-title{width:350px;flex:0 1 auto;min-height:1.6em}.cm-title p{margin:4px 0}.cm-fine{font-size:10.5px;color:#555}
.cm-legend{flex:0 0 auto;max-width:100%;max-height:50vh}.cm-legend>div{display:flex;flex-wrap:wrap;gap:0 16px}
.cm-legend section{max-width:200px}.cm-legend h4{margin:5px 0 2px;font-size:11.5px}
.cm-legend ul{list-style:none;margin:0;padding:0}.cm-legend li{display:flex;align-items:center;gap:5px;min-height:16px}
.cm-legend svg{flex:none}
.cm-pop{font:12px/1.35 system-ui,sans-serif}
.cm-pop .cm-h,.cm-title .cm-h{display:block;font-size:13px;margin-bottom:3px}
.cm-pop table,.cm-title table{border-collapse:collapse;margin:2px 0 5px}
.cm-pop th,.cm-pop td,.cm-title th,.cm-title td{text-align:left;vertical-align:top;padding:1px 6px 1px 0}
.cm-pop ul,.cm-pop ol,.cm-title ol{margin:2px 0 5px;padding-left:18px}.cm-src{font-size:11px}
.cm-note{font-size:11px;color:#555;margin:2px 0 5px}
.cm-sw{display:inline-block;width:14px;height:4px;margin:0 5px 3px 0;vertical-align:middle}
.leaflet-interactive:focus{outline:none}
"""


class Panels(MacroElement):
    """The title panel and the legend: fixed HTML over the map, no script."""

    _template = Template(
        "{% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}"
        "{% macro html(this, kwargs) %}{{ this.body }}{% endmacro %}"
    )

    def __init__(self, body: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "Panels"
        self.css = " ".join(_CSS.split())
        self.body = f"<div class=cm-side>{body}</div>"


#: Where :func:`~corridormap.build_maps` writes the data each map shows, relative to the maps.
DATA_FOLDER: Final = "data"
_DOWNLOADS: Final = (("geojson", "GeoJSON"), ("csv", "CSV (WKT geometry)"))


def download_links(stem: str | None) -> str:
    """Links to the map's data, ``data/<stem>.geojson`` and ``.csv`` beside the map, or nothing."""
    if stem is None:
        return ""
    links = " · ".join(f"<a href='{DATA_FOLDER}/{esc(stem)}.{fmt}' download>{label}</a>" for fmt, label in _DOWNLOADS)
    return f"<p class='cm-fine cm-download'>Download the data shown: {links}</p>"


def title(inputs: Inputs, heading: str, summary: str, *, data: str | None = None) -> str:
    """The title panel; ``data`` names the map's download files (see :func:`download_links`)."""
    return (
        f"<details open class='cm-panel cm-title'><summary>{heading}</summary>{summary}"
        f"<p class=cm-fine>Data as of {esc(inputs.data_date)} (newest source). Boundaries: {inputs.boundary_note}</p>"
        f"{download_links(data)}</details>"
    )
