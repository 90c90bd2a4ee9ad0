"""Popup and panel HTML: corridor facts with numbered citations, km per country, crossings, country relations.

Every value from the data is escaped with :func:`esc`, because folium puts text into HTML,
JavaScript template strings and Jinja templates alike.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from .. import formatting as fmt
from .._frames import named_rows
from .i18n import arrow, current_language, html_text, in_english, isolate, t
from .style import trade_class
from .units import kilometres, number, usd

if TYPE_CHECKING:
    from collections.abc import Iterable

    import geopandas as gpd
    import pandas as pd

__all__ = [
    "Citations",
    "Lengths",
    "along",
    "corridor_popup",
    "corridor_stats",
    "country_properties",
    "esc",
    "nearest_post",
    "short_name",
]


_ESCAPES: Final = str.maketrans({"`": "&#96;", "$": "&#36;", "{": "&#123;", "}": "&#125;"})


def esc(value: object) -> str:
    """``value`` as HTML text that is also inert in JavaScript template strings and Jinja templates.

    folium puts text into backtick strings (so ``${`` would run) and re-renders every
    element's output as a Jinja template (so ``{{`` would run): both are neutralised.

    Examples
    --------
    >>> esc("<b>${x}</b> `{{ 7*7 }}`")
    '&lt;b&gt;&#36;&#123;x&#125;&lt;/b&gt; &#96;&#123;&#123; 7*7 &#125;&#125;&#96;'
    """
    return html.escape(str(value), quote=True).translate(_ESCAPES)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _dates(start: str, end: str) -> str:
    return start if end == start else f"{start} – {end}"


class Citations:
    """Numbers sources in order of first citation, for one popup."""

    def __init__(self, registry: dict[str, dict[str, Any]]) -> None:
        self._registry = registry
        self._numbers: dict[str, int] = {}

    def mark(self, ids: Iterable[str]) -> str:
        numbers = [self._numbers.setdefault(sid, len(self._numbers) + 1) for sid in ids]
        return f"<sup>[{','.join(map(str, numbers))}]</sup>" if numbers else ""

    def html(self) -> str:
        items = []
        for sid in self._numbers:
            src = self._registry[sid]
            title = esc(src["title"])
            if "url" in src:
                title = f'<a href="{esc(src["url"])}" target="_blank" rel="noopener">{title}</a>'
            cited = f"{title}, {esc(src['publisher'])}, {esc(src['date'])}"
            items.append(f"<li>{in_english(cited)}</li>")
        return f"<ol class=cm-src>{''.join(items)}</ol>" if items else ""


def _rows(rows: Iterable[tuple[str, str]]) -> str:
    return "<table>" + "".join(f"<tr><th>{th}</th><td>{td}</td></tr>" for th, td in rows) + "</table>"


def short_name(name: str) -> str:
    """A node's name as a map label or a branch end: without its bracketed detail or a trailing kind.

    Examples
    --------
    >>> short_name("Chaman (Pakistan Railways railhead)"), short_name("Torkham border crossing")
    ('Chaman', 'Torkham')
    >>> short_name("Datka 500 kV substation"), short_name("Karachi (Port of Karachi)")
    ('Datka', 'Karachi')
    """
    return re.sub(_KIND_SUFFIX, "", re.sub(r"\s*\(.*?\)", "", name)).strip()


_KIND_SUFFIX: Final = re.compile(
    r"\s+(\d+ kV )?(substation|rail border crossing|border crossing|HVDC converter station|converter station"
    r"|rail border station|Port|railway station|gas field)(,.*)?$"
)


@dataclass(frozen=True)
class Lengths:
    """A corridor's computed lengths with their scope: per branch, per status, in all."""

    branches: list[tuple[str, float]]  # ("Almaty – Karachi", km), one per origin–destination branch
    forks: bool  # branches share segments (QTTA's two ports): their sum is no trip
    by_status: dict[str, float]
    total: float

    def headline(self) -> str:
        """One line a reader can quote: each branch's km, and the total only where it means something."""
        if len(self.branches) == 1:
            ((ends, km),) = self.branches
            return isolate(f"{kilometres(km)}, {in_english(esc(ends))}")
        each = "; ".join(isolate(f"{in_english(esc(ends))} {kilometres(km)}") for ends, km in self.branches)
        return each if self.forks else html_text("popup.in_all", km=kilometres(self.total), each=each)

    def status_line(self) -> str:
        """Km by status, where the corridor has more than one status (else the status says it all)."""
        if len(self.by_status) < 2:
            return ""
        by_status = self.by_status.items()
        text = ", ".join(f"{isolate(kilometres(km))} {esc(t(f'status.{s}').lower())}" for s, km in by_status)
        return text + (f" {esc(t('popup.all_branches'))}" if self.forks else "")


def corridor_popup(
    facts: dict[str, Any],
    segs: gpd.GeoDataFrame,
    seg_km: pd.Series,
    lengths: Lengths,
    countries: list[str],
    stats: str,
    cite: Citations,
) -> str:
    """The corridor's popup: a two-line summary, then sections a reader opens (lengths, capacity, milestones...)."""
    kind = esc(t(f"kind.{facts['kind']}"))
    status = esc(t(f"status.{facts['status']}").lower())
    summary = (
        f"<p class=cm-sum>{kind}, {status}{': ' + lengths.status_line() if lengths.status_line() else ''}.<br>"
        f"{esc(' – '.join(countries))}.</p>"
        f"<p class=cm-sum><b>{esc(t('popup.length'))}</b> {lengths.headline()} "
        f"<small>{esc(t('popup.computed_ellipsoid'))}</small></p>"
    )
    reported = "".join(
        f"<tr><td class=cm-n>{isolate(kilometres(r['km']))}{cite.mark(r['sources'])}</td>"
        f"<td>{in_english(esc(r['scope']))}</td></tr>"
        for r in facts["reported_lengths"]
    )
    segment_rows = []
    for row in named_rows(segs):
        rep = row.reported_length
        alternative = f" <i>{esc(t('popup.alternative'))}</i>" if row.alignment == "alternative" else ""
        label = in_english(esc(row.name)) + alternative
        reported_cell = f"{isolate(kilometres(rep['km']))}{cite.mark(rep['sources'])}" if rep else "–"
        computed = isolate(kilometres(seg_km[row.id]))
        segment_rows.append(
            f"<tr><td>{label}</td><td class=cm-n>{computed}</td><td class=cm-n>{reported_cell}</td></tr>"
        )
    note = f"<p class=cm-note>{in_english(esc(facts['length_note']))}</p>" if facts.get("length_note") else ""
    by_sources = esc(t("popup.reported_by_sources"))
    lengths_html = (
        (f"<table><tr><th colspan=2>{by_sources}</th></tr>{reported}</table>" if reported else "")
        + f"<table><tr><th>{esc(t('popup.segment'))}</th><th>{esc(t('popup.computed_column'))}</th>"
        + f"<th>{esc(t('popup.reported_column'))}</th></tr>"
        + "".join(segment_rows)
        + f"</table>{note}"
    )
    capacity = "; ".join(
        in_english(f"{q['value']:g} {esc(q['unit'])}") + cite.mark(q["sources"]) for q in facts["capacity"]
    )
    cost = "; ".join(
        f"{isolate(usd(c['usd']))}{cite.mark(c['sources'])} ({in_english(esc(c['scope']))})" for c in facts["cost"]
    )
    events = {(m["date"], m["event"]): m["sources"] for m in facts["milestones"]}
    for row in named_rows(segs):
        events.update({(m["date"], m["event"]): m["sources"] for m in row.milestones})
    milestones = "".join(
        f"<li>{in_english(f'<b>{esc(date)}</b> {esc(event)}')}{cite.mark(ids)}</li>"
        for (date, event), ids in sorted(events.items())
    )

    def section(title: str, body: str) -> str:
        return f"<details><summary>{title}</summary>{body}</details>" if body else ""

    unknown = esc(t("popup.not_reported"))
    sections = (
        section(esc(t("popup.lengths")), lengths_html)
        + section(esc(t("popup.km_and_crossings")), stats)
        + section(
            esc(t("popup.capacity_and_cost")),
            _rows([(esc(t("popup.capacity")), capacity or unknown), (esc(t("popup.cost")), cost or unknown)]),
        )
        + section(esc(t("popup.milestones", n=len(events))), f"<ul>{milestones}</ul>" if milestones else "")
    )
    sources = cite.html()
    return (
        f"<div class=cm-pop><b class=cm-h>{in_english(esc(facts['name']))}</b>{summary}{sections}"
        + section(esc(t("popup.sources_n", n=sources.count("<li>"))), sources)
        + "</div>"
    )


def nearest_post(node_id: str | None, km: float, node_names: pd.Series) -> str:
    """'nearest post Torkham (0.2 km)', or that the data has no border post to name.

    Examples
    --------
    >>> import pandas as pd
    >>> nearest_post("torkham", 0.18, pd.Series({"torkham": "Torkham"})), nearest_post(None, float("nan"), pd.Series())
    ('nearest post Torkham (0.2 km)', 'no border post in the data')
    """
    if not isinstance(node_id, str) or node_id not in node_names.index:
        return html_text("popup.no_post")
    name = in_english(esc(node_names[node_id]))
    return html_text("popup.nearest_post", name=name, km=kilometres(km, 1))


def along(km_from_start: float, line_name: str, *, name_the_line: bool = True) -> str:
    """:func:`corridormap.formatting.along` as HTML in the page's language, the line's name marked English.

    Examples
    --------
    >>> along(105.7, "Sangtuda–Nowshera"), along(234.4, "Galkynysh–Fazilka", name_the_line=False)
    ('Sangtuda–Nowshera line, km 106 from Sangtuda', 'km 234 from Galkynysh')
    """
    start = line_name.split(fmt.LINE_JOIN)[0]
    where = html_text("popup.along", km=number(km_from_start), start=in_english(esc(start)))
    return html_text("popup.along_line", line=in_english(esc(line_name)), where=where) if name_the_line else where


def corridor_stats(
    by_country: pd.Series,
    xings: gpd.GeoDataFrame,
    names: dict[str, str],
    node_names: pd.Series,
    *,
    forks: bool = False,
) -> str:
    """Km per country and the border crossings, as HTML shared by the popup and the corridor panel.

    ``forks``: the main alignment branches (QTTA's two ports), so the km per country count every branch.
    """
    km_rows = _rows(
        (esc(names.get(iso3, iso3)), kilometres(km))
        for iso3, km in zip(by_country.index.astype(str), by_country.astype(float), strict=True)
    )
    several = bool(xings["line"].nunique() > 1)  # name the line only where the corridor has more than one
    items = "".join(
        f"<li>{esc(names.get(x.from_iso3, x.from_iso3))} {arrow()} {esc(names.get(x.to_iso3, x.to_iso3))}, "
        f"{along(x.km_from_start, x.line, name_the_line=several)}; "
        f"{nearest_post(x.nearest_crossing, x.nearest_crossing_km, node_names)}</li>"
        for x in named_rows(xings)
    )
    scope = f" <small>{esc(t('popup.branches_once'))}</small>" if forks else ""
    return f"<b>{esc(t('popup.km_per_country'))}</b>{scope}{km_rows}<b>{esc(t('popup.border_crossings'))}</b>" + (
        f"<ol>{items}</ol>" if items else f"<p>{esc(t('popup.none'))}</p>"
    )


def _mechanism(mech: dict[str, Any]) -> str:
    """One mechanism of a country's relations and its latest session, as HTML (the data's names marked English)."""
    title = " — ".join(esc(t) for t in (mech["abbreviation"], mech["name"]) if t)
    last = mech["latest_session"]
    if last is None:
        session = html_text("popup.no_session")
    else:
        dates = isolate(esc(_dates(last["date_start"], last["date_end"])))
        if last["ordinal"]:
            number = _ordinal(last["ordinal"]) if current_language() == "en" else str(last["ordinal"])
            session = html_text("popup.nth_session", n=number, dates=dates)
        else:
            session = html_text("popup.last_session", dates=dates)
        session += f", {in_english(esc(last['place']))}" if last["place"] else ""
    return f"{in_english(title) if title else html_text('popup.unnamed_mechanism')}: {session}"


def country_properties(
    iso3: str, name: str, partner: dict[str, Any] | None, registry: dict[str, dict[str, Any]]
) -> dict[str, str]:
    """Tooltip and popup HTML of one country, and its style class."""
    if partner is None:
        klass = "pakistan" if iso3 == "PAK" else "other"
        text = f"<b>{esc(name)}</b>"
        return {
            "cls": klass,
            "tip": text,
            "pop": text + ("" if iso3 == "PAK" else f"<br>{html_text('popup.no_relations', name=esc(name))}"),
        }
    cite = Citations(registry)
    trade = partner["trade"]
    total = trade["exports_usd"] + trade["imports_usd"]
    period = (
        html_text("popup.fiscal_year", year=esc(trade["fiscal_year"]))
        if trade["fiscal_year"]
        else html_text("popup.period_as_stated", period=in_english(esc(trade["period_as_written"])))
    )
    stated = html_text("popup.stated_total", usd=usd(trade["total_usd"])) if trade["total_usd"] is not None else ""
    agency = in_english(esc(trade["agency"])) if trade["agency"] else html_text("popup.agency_not_named")
    trade_html = html_text(
        "popup.trade_figures",
        total=usd(total),
        period=period,
        exports=usd(trade["exports_usd"]),
        imports=usd(trade["imports_usd"]),
        stated=stated,
        agency=agency,
    ) + cite.mark(trade["sources"])
    since = partner["diplomatic_relations_established"]
    mechanisms = [_mechanism(mech) + cite.mark(mech["sources"]) for mech in partner["mechanisms"]]
    rows = [
        (esc(t("popup.relations_since")), f"{isolate(esc(since['date']))}{cite.mark(since['sources'])}"),
        (esc(t("popup.trade")), trade_html),
    ]
    if partner["visits"]:
        visit = max(partner["visits"], key=lambda v: v["date_start"])
        when = esc(_dates(visit["date_start"], visit["date_end"]))
        who = in_english(" ".join(esc(t) for t in (visit["visitor"]["title"], visit["visitor"]["name"]) if t))
        where = esc(t("countries.pakistan") if visit["direction"] == "to_pakistan" else name)
        visited = html_text("popup.visit", when=when, who=who, where=where)
        rows.append((esc(t("popup.last_visit")), f"{visited}{cite.mark(visit['sources'])}"))
    if mechanisms:
        rows.append((esc(t("popup.mechanisms")), f"<ul>{''.join(f'<li>{m}</li>' for m in mechanisms)}</ul>"))
    return {
        "cls": trade_class(total),
        "tip": f"<b>{esc(name)}</b><br>{esc(t('popup.trade_tip'))}: {usd(total)} ({period})",
        "pop": f"<div class=cm-pop><b class=cm-h>{esc(name)}</b>{_rows(rows)}<b>{esc(t('popup.sources'))}</b>"
        f"{cite.html()}</div>",
    }
