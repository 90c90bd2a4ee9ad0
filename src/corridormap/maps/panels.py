"""The title panel and the legend: fixed HTML over the map, the legend written from the style table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from branca.element import MacroElement
from folium.template import Template

from .i18n import html_text, t
from .popups import esc
from .style import COUNTRY_EDGE, FILL_OPACITY, POINT_DEFAULTS, STATUS_GROUPS, STYLE, TRADE_YEAR

if TYPE_CHECKING:
    from pathlib import Path

    from .inputs import Inputs

__all__ = ["ROUTES_FILE", "Panels", "Shown", "has_routes", "journeys_note", "legend", "overview_summary", "title"]

#: The routes map: journeys to Pakistan's seaports (:func:`~corridormap.maps.routes.build_routes_map`).
ROUTES_FILE: Final = "routes.html"


def _legend_swatch(group: str, spec: dict[str, Any]) -> str:
    """The legend's sample of one style entry, drawn with the entry's own values."""
    if group == "points":
        s = POINT_DEFAULTS | spec
        return (
            f"<svg width='16' height='16'><circle cx='8' cy='8' r='{s['radius']}' fill='{s['fill']}' "
            f"stroke='{s['color']}' stroke-width='{s['weight']}'/></svg>"
        )
    if group == "countries":
        return (
            f"<svg width='22' height='14'><rect x='1' y='1' width='20' height='12' fill='{spec['fill']}' "
            f"fill-opacity='{FILL_OPACITY}' stroke='{COUNTRY_EDGE}'/></svg>"
        )
    color, weight, opacity = (
        spec.get("color", "#525252"),
        spec.get("weight", 4),
        spec.get("opacity", spec.get("fade", 1)),
    )
    dash = f" stroke-dasharray='{spec['dash']}'" if spec.get("dash") else ""
    return (
        f"<svg width='34' height='12'><line x1='3' y1='6' x2='31' y2='6' stroke='{color}' stroke-width='{weight}' "
        f"stroke-opacity='{opacity}' stroke-linecap='round'{dash}/></svg>"
    )


@dataclass(frozen=True)
class Shown:
    """What one map draws, so that its legend lists only that: corridors (id, label, colour) and style keys."""

    corridors: list[tuple[str, str, str]]
    statuses: set[str]
    accuracies: set[str]
    alignments: set[str]
    points: set[str]


def _section(title: str, items: list[tuple[str, str, str]]) -> str:
    rows = "".join(f"<li data-keys='{keys}'>{swatch}{label}</li>" for keys, swatch, label in items)
    return f"<section><h4>{esc(title)}</h4><ul>{rows}</ul></section>" if rows else ""


def legend(shown: Shown) -> str:
    """The legend, written from :data:`STYLE`: only the entries this map uses."""
    corridors = [
        (
            f"corridor:{esc(cid)}",
            _legend_swatch("kind", {"color": color}),
            f"<b>{esc(cid)}</b>&nbsp;<small>{esc(label.lower())}</small>",
        )
        for cid, label, color in shown.corridors
    ]
    statuses = []
    for group in STATUS_GROUPS:
        keys = [k for k, v in STYLE["status"].items() if v["group"] == group and k in shown.statuses]
        if keys:
            spec = STYLE["status"][keys[0]]
            text = (
                t(f"status_group.{group}")
                if group != "inactive"
                else f"{t('inactive')}: " + ", ".join(t(f"status.{k}") for k in keys)
            )
            statuses.append((" ".join(f"status:{k}" for k in keys), _legend_swatch("status", spec), esc(text)))

    def entries(group: str, used: set[str]) -> list[tuple[str, str, str]]:
        return [
            (f"{group}:{k}", _legend_swatch(group, spec), esc(t(f"{group}.{k}")))
            for k, spec in STYLE[group].items()
            if k in used
        ]

    detail = entries("accuracy", shown.accuracies) + entries("alignment", shown.alignments)
    more = (
        f"<details class=cm-more><summary>{esc(t('legend_more'))}</summary>{_section('', detail)}</details>"
        if detail
        else ""
    )
    body = (
        f"<div>{_section(t('legend_corridors'), corridors)}{_section(t('legend_status'), statuses)}"
        f"{more}</div><div>{_section(t('legend_points'), entries('points', shown.points))}"
        f"{_section(t('legend_countries', year=TRADE_YEAR), entries('countries', set(STYLE['countries'])))}</div>"
    )
    return f"<details open class='cm-panel cm-legend'><summary>{esc(t('legend'))}</summary><div>{body}</div></details>"


class Panels(MacroElement):
    """The title panel and the legend: HTML over the map (styled and placed by :mod:`.layout`), no script."""

    _template = Template("{% macro html(this, kwargs) %}{{ this.body }}{% endmacro %}")

    def __init__(self, body: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "Panels"
        self.body = f"<div class=cm-side>{body}</div>"


#: Where :func:`~corridormap.build_maps` writes the data each map shows, relative to the maps.
DATA_FOLDER: Final = "data"
_DOWNLOADS: Final = (("geojson", "GeoJSON"), ("csv", "CSV (WKT geometry)"))


def download_links(stem: str | None) -> str:
    """Links to the map's data, ``data/<stem>.geojson`` and ``.csv`` beside the map, or nothing."""
    if stem is None:
        return ""
    links = " · ".join(f"<a href='{DATA_FOLDER}/{esc(stem)}.{fmt}' download>{label}</a>" for fmt, label in _DOWNLOADS)
    return f"<p class='cm-fine cm-download'>{esc(t('download'))} {links}</p>"


def title(inputs: Inputs, heading: str, summary: str, *, data: str | None = None, languages: str = "") -> str:
    """The title panel; ``data`` names the map's download files (see :func:`download_links`).

    ``languages``: links to the map in other languages (:func:`~corridormap.maps.i18n.language_links`).
    """
    return (
        f"<details open class='cm-panel cm-title'><summary>{heading}</summary>{languages}{summary}"
        f"<details class='cm-more cm-fine'><summary>{esc(t('data_as_of_short', date=inputs.data_date))}</summary>"
        f"<p>{esc(t('data_as_of', date=inputs.data_date))} {inputs.boundary_note}</p></details>"
        f"<p class='cm-fine cm-sources'>{html_text('sources_intro')} "
        f"<a href='sources/index.html'>{esc(t('all_sources'))}</a>{esc(t('sources_brief'))}</p>"
        f"{download_links(data)}</details>"
    )


def has_routes(root: Path) -> bool:
    """Whether a build of the data folder ``root`` writes the routes map: only with a transport network."""
    return (root / "network").is_dir()


def journeys_note(root: Path) -> str:
    """The pointer to the routes map (:data:`ROUTES_FILE`) that the overview and the text table carry.

    ``""`` for a data folder without a transport network, whose build has no routes map.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     root = pathlib.Path(tmp)
    ...     before = journeys_note(root)
    ...     (root / "network").mkdir()
    ...     print(repr(before), journeys_note(root)[:76])
    '' <p><a href=routes.html>Journeys to Pakistan&#x27;s seaports</a> from Central
    """
    if not has_routes(root):
        return ""
    link = f"<a href={ROUTES_FILE}>{esc(t('journeys.link'))}</a>"
    return f"<p>{html_text('journeys.about', link=link)}</p>"


def overview_summary(inputs: Inputs, n: int) -> str:
    """The overview's summary: what its ``n`` corridors and the countries show, and the journeys to the ports."""
    return f"<p>{html_text('overview_summary', n=str(n), trade_note=inputs.trade_note)}</p>{journeys_note(inputs.root)}"
