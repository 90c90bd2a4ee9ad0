"""The corridors through time: each segment's status at a date, and every dated event of the data.

A segment's ``status_history`` (see the corridor schema) lists the statuses it entered, each
dated by a milestone of the segment or its corridor, or ``null`` where the sources give no
date. :func:`status_on` reads it at any date; the maps' timeline, the ``corridormap status``
command and the notebooks all go through it. The rules:

- A date written at year or month precision counts from the last day of that year or month
  (:func:`~corridormap.periods.counted_from`), and so does the date asked about: ``2015``
  means 31 December 2015.
- Before the first status the data dates, a segment is not yet in the data: status ``None``.
  Where the first status has no date, or where the next status began at a date the sources do
  not give (and may already have begun), the status is :data:`UNKNOWN`.
- On and after the data's date (:func:`data_as_of`: the newest source), every segment has its
  current ``status``.

:func:`timeline_events` lists every dated event: the corridors' and segments' milestones and,
from ``relations.json``, agreements, visits, sessions of the bilateral mechanisms, diplomatic
events and connectivity statements.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import geopandas as gpd
import pandas as pd

from .data import corridor_facts, corridor_ids, load_corridors, relations, resolve_corridor_id, sources
from .periods import counted_from, parse_when, period

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable
    from pathlib import Path

__all__ = ["UNKNOWN", "data_as_of", "segment_status", "status_by_year", "status_on", "timeline_events"]

#: The status of a segment at a date the data cannot tell.
UNKNOWN: Final = "unknown"
_VISIT_KINDS: Final = {
    "state_visit": "State visit",
    "bilateral_visit": "Visit",
    "multilateral_event": "Visit (multilateral event)",
    "unspecified": "Visit",
}


def data_as_of(*, data_dir: str | Path | None = None) -> dt.date:
    """The data's date: the first day of the newest source's date. Current statuses hold from it.

    Examples
    --------
    >>> import corridormap as cm
    >>> cm.data_as_of().year >= 2026
    True
    """
    return max(period(s["date"])[0] for s in sources(data_dir=data_dir).values())


def segment_status(
    history: list[dict[str, Any]] | None, current: str, day: dt.date, *, as_of: dt.date
) -> tuple[str | None, str | None]:
    """A segment's status on ``day`` and the date it entered it (None where unknown), by the rules above.

    Examples
    --------
    >>> import datetime as dt
    >>> history = [{"status": "proposed", "date": "2010"}, {"status": "construction", "date": "2015-12-13"}]
    >>> now = dt.date(2026, 3, 13)
    >>> [segment_status(history, "construction", dt.date(y, 12, 31), as_of=now) for y in (2009, 2014, 2015)]
    [(None, None), ('proposed', '2010'), ('construction', '2015-12-13')]
    >>> segment_status([{"status": "operating", "date": None}], "operating", dt.date(2000, 1, 1), as_of=now)
    ('unknown', None)
    """
    if day >= as_of:
        return current, (history[-1]["date"] if history else None)
    if not history:
        return UNKNOWN, None
    in_force = None
    for i, entry in enumerate(history):
        dated = entry["date"] or entry.get("by")
        if dated and counted_from(dated) <= day:
            in_force = i
    if in_force is None:
        return (None, None) if history[0]["date"] else (UNKNOWN, None)
    following = history[in_force + 1] if in_force + 1 < len(history) else None
    if following is not None and following["date"] is None:  # began at an unknown date, perhaps already
        return UNKNOWN, None
    return history[in_force]["status"], history[in_force]["date"]


def status_on(
    when: str | int | dt.date, *, corridor: str | None = None, data_dir: str | Path | None = None
) -> gpd.GeoDataFrame:
    """Every segment (of one corridor, alternatives included, if ``corridor`` is given) and its status on a date.

    Parameters
    ----------
    when
        A year (``2015``: its last day), ``"YYYY-MM"`` (the month's last day), ``"YYYY-MM-DD"``
        or a :class:`datetime.date`.
    corridor
        A corridor id or alias; default every corridor.
    data_dir
        Data folder; default the project's ``geodata/``.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``id``, ``corridor``, ``name``, ``kind``, ``alignment``, ``status`` (on that date:
        a status of the schema, :data:`UNKNOWN`, or None where the data has no status for the
        segment yet), ``since`` (the date it entered that status, as the data writes it; None
        where unknown), ``status_now`` and the geometry, in file order.

    Raises
    ------
    ValueError
        When ``when`` is not a date.

    Examples
    --------
    >>> import corridormap as cm
    >>> then = cm.status_on(2015, corridor="TAPI").set_index("id")
    >>> then.loc["tapi-tkm", ["status", "since", "status_now"]].tolist()
    ['construction', '2015-12-13', 'construction']
    >>> then.loc["tapi-afg-herat", "status"]
    'proposed'
    """
    day = parse_when(when)
    segs = load_corridors(data_dir)
    if corridor is not None:
        segs = segs[segs["corridor"] == resolve_corridor_id(corridor, data_dir=data_dir)]
    found = _statuses(_histories(segs), day, data_as_of(data_dir=data_dir))
    out = segs[["id", "corridor", "name", "kind", "alignment"]].copy()
    out["status"] = pd.Series([status for status, _ in found], index=segs.index, dtype=object)
    out["since"] = pd.Series([since for _, since in found], index=segs.index, dtype=object)
    out["status_now"] = segs["status"]
    return gpd.GeoDataFrame(out, geometry=segs.geometry, crs=segs.crs)


def _histories(segs: gpd.GeoDataFrame) -> list[tuple[list[dict[str, Any]] | None, str]]:
    """Each segment's status history (None where it has none) and current status, read from the frame once."""
    histories = segs["status_history"] if "status_history" in segs else [None] * len(segs)
    return [(h if isinstance(h, list) else None, now) for h, now in zip(histories, segs["status"], strict=True)]


def _statuses(
    histories: list[tuple[list[dict[str, Any]] | None, str]], day: dt.date, as_of: dt.date
) -> list[tuple[str | None, str | None]]:
    return [segment_status(h, now, day, as_of=as_of) for h, now in histories]


def status_by_year(years: Iterable[int], *, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Each segment's status at the end of each year (as :func:`status_on`): a row per segment, a column per year.

    Examples
    --------
    >>> import corridormap as cm
    >>> cm.status_by_year([2011, 2012]).loc["uap-termez-naibabad"].tolist()
    ['construction', 'operating']
    """
    segs = load_corridors(data_dir)
    as_of = data_as_of(data_dir=data_dir)
    histories = _histories(segs)
    columns = {year: [status for status, _ in _statuses(histories, parse_when(year), as_of)] for year in years}
    return pd.DataFrame(columns, index=pd.Index(segs["id"], name="id"), dtype=object)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _relations_events(rel: dict[str, Any]) -> list[dict[str, Any]]:
    names = {c["iso3"]: c["name"] for c in rel["countries"]} | {"PAK": "Pakistan"}
    rows: list[dict[str, Any]] = []

    def add(date: str | None, kind: str, iso3: str, text: str, cited: list[str], corridors: list[str]) -> None:
        if date:
            rows.append({"date": date, "kind": kind, "country": iso3, "text": text, "sources": cited, "on": corridors})

    for c in rel["countries"]:
        iso3, partner = c["iso3"], c["name"]
        established = c["diplomatic_relations_established"]
        add(established["date"], "diplomatic", iso3, f"Diplomatic relations with {partner}", established["sources"], [])
        for e in c["diplomatic_events"]:
            add(e["date"], "diplomatic", iso3, e["description"], e["sources"], [])
        for v in c["visits"]:
            who = v["visitor"]
            person = f"{who['title']} {who['name']}" if who["name"] else who["title"]
            place = f" ({v['place']})" if v["place"] else ""
            text = f"{_VISIT_KINDS[v['visit_type']]} to {names.get(v['host_country'], v['host_country'])}{place}: "
            add(v["date_start"], "visit", iso3, text + f"{person} of {names.get(who['country'])}", v["sources"], [])
        for m in c["mechanisms"]:
            title = m["name"] or m["abbreviation"] or "Bilateral mechanism"
            for s in [*m["earlier_sessions"], *([m["latest_session"]] if m["latest_session"] else [])]:
                nth = f"{_ordinal(s['ordinal'])} session" if s["ordinal"] else "session"
                place = f", {s['place']}" if s["place"] else ""
                add(s["date_start"], "session", iso3, f"{title} with {partner}: {nth}{place}", m["sources"], [])
        for a in c["agreements"]:
            add(a["date"], "agreement", iso3, f"{a['description']} ({partner})", a["sources"], a["corridors"])
        for x in c["connectivity"]:
            add(x["date"], "connectivity", iso3, x["description"], x["sources"], x["corridors"])
    return rows


def timeline_events(*, corridor: str | None = None, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Every dated event of the data, oldest first.

    With ``corridor``, that corridor's milestones and the relations events that name it.

    Returns
    -------
    pandas.DataFrame
        Columns ``date`` (as the source gives it), ``year``, ``kind`` (milestone, agreement,
        visit, session, diplomatic, connectivity), ``corridor`` and ``segment`` (milestones),
        ``country`` (relations events: the partner's ISO3), ``text`` and ``sources``.

    Examples
    --------
    >>> import corridormap as cm
    >>> events = cm.timeline_events(corridor="TAPI")
    >>> events.iloc[0][["date", "kind", "corridor"]].tolist()
    ['2010', 'milestone', 'TAPI']
    >>> "visit" in set(cm.timeline_events()["kind"])
    True
    """
    wanted = [resolve_corridor_id(corridor, data_dir=data_dir)] if corridor else corridor_ids(data_dir=data_dir)
    rows = []
    segs = load_corridors(data_dir)
    segments = list(zip(segs["corridor"], segs["id"], segs["milestones"], strict=True))  # read once, not per corridor
    for cid in wanted:
        for m in corridor_facts(cid, data_dir=data_dir)["milestones"]:
            rows.append({"date": m["date"], "kind": "milestone", "corridor": cid, "segment": None, **_said(m)})
        for owner, sid, milestones in segments:
            if owner == cid:
                rows += [
                    {"date": m["date"], "kind": "milestone", "corridor": cid, "segment": sid, **_said(m)}
                    for m in milestones
                ]
    rel = relations(data_dir=data_dir)
    for r in _relations_events(rel) if rel else []:
        if corridor is None or set(r.pop("on")) & set(wanted):
            r.pop("on", None)
            rows.append({"corridor": None, "segment": None, **r})
    frame = pd.DataFrame(rows, columns=["date", "kind", "corridor", "segment", "country", "text", "sources"])
    dates = list(frame["date"])
    frame.insert(1, "year", [period(d)[0].year for d in dates])
    order = sorted(range(len(frame)), key=lambda i: period(dates[i]))
    return frame.iloc[order].reset_index(drop=True)


def _said(milestone: dict[str, Any]) -> dict[str, Any]:
    return {"country": None, "text": milestone["event"], "sources": list(milestone["sources"])}
