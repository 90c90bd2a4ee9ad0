"""The maps' text alternative: one plain HTML page, ``corridors.html``, tabulating every corridor.

For screen-reader users and for anyone who would rather read than look: each corridor's kind,
status, computed length (main alignment, WGS84 ellipsoid), the lengths reported by its sources
with their scope, km per country, and every border crossing with the nearest named post.
Every map links to it; it links back to every map. No script, no network.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from .. import formatting as fmt
from .._frames import named_rows
from .popups import esc
from .style import STYLE

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


def _crossings(c: Corridor, inputs: Inputs) -> str:
    names, posts = inputs.country_names, inputs.nodes.set_index("id")["name"]
    rows = "".join(
        f"<tr><td>{esc(names.get(x.from_iso3, x.from_iso3))} → {esc(names.get(x.to_iso3, x.to_iso3))}</td>"
        f"<td class=n>{x.km_from_start:,.0f}</td>"
        f"<td>{esc(posts.get(x.nearest_crossing, x.nearest_crossing))} ({x.nearest_crossing_km:,.1f} km away)</td></tr>"
        for x in named_rows(c.crossings)
    )
    if not rows:
        return "<p>No border crossing on the main alignment.</p>"
    return (
        f"<table><caption>{esc(c.id)}: border crossings, main alignment</caption>"
        "<tr><th scope=col>From → to</th><th scope=col>km from the start</th>"
        f"<th scope=col>Nearest named border post</th></tr>{rows}</table>"
    )


def _reported(c: Corridor) -> str:
    items = [
        f"{fmt.km(r['km'])} ({esc(r.get('scope', ''))})" if r.get("scope") else fmt.km(r["km"])
        for r in c.facts.get("reported_lengths", [])
        if isinstance(r.get("km"), int | float)
    ]
    return "; ".join(items) or "none reported"


def corridor_table(inputs: Inputs) -> str:
    """The text table page: a summary row per corridor, then each corridor's border crossings."""
    head = (
        "<tr><th scope=col>Corridor</th><th scope=col>Kind</th><th scope=col>Status</th>"
        "<th scope=col>Computed length (main alignment)</th><th scope=col>Reported lengths (scope)</th>"
        "<th scope=col>Countries, in order</th><th scope=col>Border crossings</th><th scope=col>Map</th></tr>"
    )
    rows = []
    for c in inputs.corridors.values():
        rows.append(
            f"<tr><th scope=row>{esc(c.id)}: {esc(c.facts['name'])}</th>"
            f"<td>{esc(STYLE['kind'][c.facts['kind']]['label'])}</td>"
            f"<td>{esc(STYLE['status'][c.facts['status']]['label'])}</td>"
            f"<td class=n>{fmt.km(c.km)}</td><td>{_reported(c)}</td>"
            f"<td>{' → '.join(esc(inputs.country_names.get(i, i)) for i in c.facts['countries'])}</td>"
            f"<td class=n>{len(c.crossings)}</td><td><a href={c.file_name}>Map of {esc(c.id)}</a></td></tr>"
        )
    details = "".join(_crossings(c, inputs) for c in inputs.corridors.values())
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Pakistan – Central Asia corridors: table</title><style>{_CSS}</style></head><body><main>"
        "<h1>Pakistan – Central Asia corridors: the table</h1>"
        "<p>The text version of the <a href=index.html>maps</a>. Lengths are computed on the WGS84 ellipsoid "
        "along the digitised main alignment; reported lengths are as the sources give them, with what they "
        f"cover. Data as of {esc(inputs.data_date)}.</p>"
        f"<table><caption>The corridors</caption>{head}{''.join(rows)}</table>"
        f"<h2>Border crossings</h2>{details}"
        f"<p>Boundaries: {inputs.boundary_note}</p></main></body></html>\n"
    )
