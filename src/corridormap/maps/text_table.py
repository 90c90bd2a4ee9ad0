"""The maps' text alternative: one plain HTML page, ``corridors.html``, tabulating every corridor.

For screen-reader users and for anyone who would rather read than look: each corridor's kind,
status, computed length (main alignment, WGS84 ellipsoid), the lengths reported by its sources
with their scope, km per country, and every border crossing with the nearest named post.
Every map links to it; it links back to every map. No script, no network.

Each language of a build has its own, beside its maps (``ur/corridors.html``), in the language
of :func:`~corridormap.maps.i18n.current_language`: the wording from the string table, the
countries' names as the maps give them, and the data's own English (corridor and post names,
scopes) marked ``lang="en"``; the Urdu page reads right to left.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from .. import formatting as fmt
from .._frames import named_rows
from .i18n import arrow, html_text, in_english, isolate, page_attributes, t, text_page_css
from .panels import journeys_note
from .popups import esc
from .units import kilometres, number

if TYPE_CHECKING:
    from .inputs import Corridor, Inputs

__all__ = ["TABLE_FILE", "corridor_table"]

#: The text table's file name, beside the maps.
TABLE_FILE: Final = "corridors.html"

_CSS: Final = (
    "body{font:15px/1.45 system-ui,sans-serif;color:#1a1a1a;margin:1.5em auto;max-width:70em;padding:0 1em}"
    "table{border-collapse:collapse;margin:.5em 0 1.5em}caption{text-align:left;font-weight:600;padding:.3em 0}"
    "th,td{border:1px solid #bbb;padding:.3em .6em;text-align:left;vertical-align:top}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f2f2f2}"
    "a:focus-visible{outline:3px solid #1a56db;outline-offset:2px}"
    "@media (max-width:640px){body{font-size:14px}table{display:block;overflow-x:auto}}"
)


def _th(key: str) -> str:
    return f"<th scope=col>{esc(t(key))}</th>"


def _crossings(c: Corridor, inputs: Inputs) -> str:
    names, posts = inputs.country_names, inputs.nodes.set_index("id")["name"]
    rows = "".join(
        f"<tr><td>{esc(names.get(x.from_iso3, x.from_iso3))} {arrow()} {esc(names.get(x.to_iso3, x.to_iso3))}</td>"
        f"<td class=n>{isolate(number(x.km_from_start))}</td>"
        "<td>"
        + html_text(
            "table.post_away",
            name=in_english(esc(posts.get(x.nearest_crossing, x.nearest_crossing))),
            km=number(x.nearest_crossing_km, 1),
        )
        + "</td></tr>"
        for x in named_rows(c.crossings)
    )
    if not rows:
        return f"<p>{esc(t('table.no_crossing'))}</p>"
    return (
        f"<table><caption>{html_text('table.crossings_caption', id=esc(c.id))}</caption>"
        f"<tr>{_th('table.from_to')}{_th('table.km_from_start')}{_th('table.nearest_post')}</tr>{rows}</table>"
    )


def _reported(c: Corridor) -> str:
    """The lengths the sources report, with their scope: the data's English, marked so as a whole."""
    items = [
        f"{fmt.km(r['km'])} ({esc(r.get('scope', ''))})" if r.get("scope") else fmt.km(r["km"])
        for r in c.facts.get("reported_lengths", [])
        if isinstance(r.get("km"), int | float)
    ]
    return in_english("; ".join(items)) or esc(t("table.none_reported"))


def corridor_table(inputs: Inputs) -> str:
    """The text table page in the current language: a summary row per corridor, then each corridor's border crossings.

    Examples
    --------
    >>> from corridormap._paths import default_data_dir
    >>> from corridormap.maps.i18n import language
    >>> from corridormap.maps.inputs import map_inputs
    >>> with language("ur"):
    ...     page = corridor_table(map_inputs(default_data_dir()))
    >>> page.splitlines()[1][:26]
    '<html lang="ur" dir="rtl">'
    """
    columns = ("corridor", "kind", "status", "computed", "reported", "countries", "crossings", "map")
    head = "<tr>" + "".join(_th(f"table.col_{name}") for name in columns) + "</tr>"
    rows = []
    for c in inputs.corridors.values():
        facts = c.facts
        countries = f" {arrow()} ".join(esc(inputs.country_names.get(i, i)) for i in facts["countries"])
        rows.append(
            f"<tr><th scope=row>{in_english(esc(c.id) + ': ' + esc(facts['name']))}</th>"
            f"<td>{esc(t('kind.' + facts['kind']))}</td><td>{esc(t('status.' + facts['status']))}</td>"
            f"<td class=n>{isolate(kilometres(c.km))}</td><td>{_reported(c)}</td><td>{countries}</td>"
            f"<td class=n>{len(c.crossings)}</td>"
            f"<td><a href={c.file_name}>{html_text('table.map_of', id=esc(c.id))}</a></td></tr>"
        )
    details = "".join(_crossings(c, inputs) for c in inputs.corridors.values())
    maps = f"<a href=index.html>{esc(t('table.maps'))}</a>"
    return (
        f'<!DOCTYPE html>\n<html {page_attributes()}><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(t('table.title'))}</title><style>{_CSS}{text_page_css()}</style></head><body><main>"
        f"<h1>{esc(t('table.heading'))}</h1>"
        f"<p>{html_text('table.intro', maps=maps, date=esc(inputs.data_date))}</p>{journeys_note(inputs.root)}"
        f"<table><caption>{esc(t('table.caption'))}</caption>{head}{''.join(rows)}</table>"
        f"<h2>{esc(t('popup.border_crossings'))}</h2>{details}"
        f"<p>{html_text('table.boundaries', note=in_english(inputs.boundary_note))}</p></main></body></html>\n"
    )
