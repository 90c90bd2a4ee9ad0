"""The checks of a segment's ``status_history`` a schema cannot express.

A segment that is under construction or operating says since when: its ``status_history``
ends with its current status, each dated status takes its date from a milestone of the
segment or of its corridor (so every date is cited), an unknown date is written ``null``
with a note saying what the sources do say, and the statuses come in the order they
happened. Every milestone date is a day of the calendar. Problems read as every other
validation problem: ``file: feature N (id): field: problem — how to fix``.

Examples
--------
>>> fc = {"corridor": {"id": "X", "milestones": [{"date": "2015-12-13"}]},
...       "features": [{"id": "x-a", "properties": {"status": "operating", "milestones": [],
...                     "status_history": [{"status": "operating", "date": "2016", "sources": ["s"]}]}}]}
>>> print(*status_problems("x.geojson", fc))  # doctest: +NORMALIZE_WHITESPACE
x.geojson: feature 0 (x-a): status_history[0].date: '2016' is the date of no milestone of this segment or of
corridor X — take the date from a cited milestone (add the milestone first), or write null and say why in a note
"""

from __future__ import annotations

from typing import Any, Final

from ._schema_problems import name_of
from .periods import period

__all__ = ["NEEDS_HISTORY", "status_problems"]

#: The statuses a segment may not hold without saying since when.
NEEDS_HISTORY: Final = ("construction", "operating")


def _calendar_problems(prefix: str, milestones: list[dict[str, Any]], field: str) -> list[str]:
    problems = []
    for i, milestone in enumerate(milestones):
        try:
            period(milestone["date"])
        except ValueError as exc:
            problems.append(f"{prefix}: {field}[{i}].date: {exc}")
    return problems


def _history_problems(prefix: str, props: dict[str, Any], dates: set[str], corridor_id: str) -> list[str]:
    problems: list[str] = []
    history: list[dict[str, Any]] = props["status_history"]
    previous: tuple[Any, str] | None = None  # (first day, date as written) of the last dated status
    for i, entry in enumerate(history):
        field = f"status_history[{i}]"
        date, by = entry["date"], entry.get("by")
        if date is not None and by is not None:
            problems.append(
                f"{prefix}: {field}.by: only for a status whose date is unknown — remove it, or write date null"
            )
        if date is None and "note" not in entry:
            problems.append(
                f"{prefix}: {field}.note: missing — a status whose date is unknown (null) needs a note "
                "saying what the sources do say"
            )
        if (date is not None or by is not None) and "sources" not in entry:
            problems.append(f"{prefix}: {field}.sources: missing — cite the milestone the date comes from")
        for key, value in (("date", date), ("by", by)):
            if value is None:
                continue
            try:
                first, last = period(value)
            except ValueError as exc:
                problems.append(f"{prefix}: {field}.{key}: {exc}")
                continue
            if value not in dates:
                problems.append(
                    f"{prefix}: {field}.{key}: {value!r} is the date of no milestone of this segment or of corridor "
                    f"{name_of(corridor_id)} — take the date from a cited milestone (add the milestone first), "
                    "or write null and say why in a note"
                )
            if previous and last < previous[0]:
                problems.append(
                    f"{prefix}: {field}.{key}: {value!r} is before the previous status's date {previous[1]!r} "
                    "— list the statuses in the order they happened"
                )
            previous = (first, value)
    if history[-1]["status"] != props["status"]:
        problems.append(
            f"{prefix}: status_history[{len(history) - 1}].status: {history[-1]['status']!r} differs from the "
            f"segment's status {props['status']!r} — end the history with the current status"
        )
    return problems


def status_problems(label: str, content: dict[str, Any]) -> list[str]:
    """Every problem of the status histories and milestone dates of one schema-valid corridor file."""
    corridor = content["corridor"]
    problems = _calendar_problems(label, corridor["milestones"], "corridor.milestones")
    corridor_dates = {m["date"] for m in corridor["milestones"]}
    for index, feature in enumerate(content["features"]):
        prefix = f"{label}: feature {index} ({name_of(feature['id'])})"
        props = feature["properties"]
        problems += _calendar_problems(prefix, props["milestones"], "milestones")
        if "status_history" in props:
            dates = corridor_dates | {m["date"] for m in props["milestones"]}
            problems += _history_problems(prefix, props, dates, corridor["id"])
        elif props["status"] in NEEDS_HISTORY:
            problems.append(
                f"{prefix}: status_history: missing for a segment that is {props['status']!r} — say since when, "
                "with a milestone's date, or with date null and a note saying the date is unknown"
            )
    return problems
