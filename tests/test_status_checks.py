"""A segment's status history: the schema and the cross-file checks, each bad case with its exact message.

Each case is the real TAPI file with one change; feature 0 is tapi-tkm, whose history is
proposed (2010, the framework) then construction (2015-12-13, the groundbreaking).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import corridormap as cm
from corridormap.validation import Document, check_documents

if TYPE_CHECKING:
    from collections.abc import Callable

GEODATA = Path(__file__).resolve().parents[1] / "geodata"
PREFIX = "tapi.geojson: feature 0 (tapi-tkm): "


def _read(name: str) -> Any:
    return json.loads((GEODATA / name).read_text(encoding="utf-8"))


REAL = _read("corridors/tapi.geojson")
COMPANIONS = [
    Document("nodes", "nodes.geojson", _read("nodes.geojson")),
    Document("sources", "sources.json", _read("sources.json")),
]


def _problems(change: Callable[[dict[str, Any]], object]) -> list[str]:
    doc = copy.deepcopy(REAL)
    change(doc)
    return check_documents([Document("corridor", "tapi.geojson", doc), *COMPANIONS])


def _props(doc: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = doc["features"][0]["properties"]
    return props


def _history(doc: dict[str, Any]) -> list[dict[str, Any]]:
    history: list[dict[str, Any]] = _props(doc)["status_history"]
    return history


CASES: dict[str, tuple[Callable[[dict[str, Any]], object], str]] = {
    "status outside the vocabulary": (
        lambda d: _history(d)[1].update(status="built"),
        "properties.status_history[1].status: 'built' is not allowed — use one of: proposed, construction, "
        "operating, idle, mothballed, shelved, cancelled, retired",
    ),
    "month 13": (
        lambda d: _history(d)[1].update(date="2015-13-01"),
        "properties.status_history[1].date: '2015-13-01' is malformed — write the date as YYYY, YYYY-MM or YYYY-MM-DD",
    ),
    "a number for a date": (
        lambda d: _history(d)[1].update(date=2015),
        "properties.status_history[1].date: 2015 is not of type string or null — write it as string or null",
    ),
    "no such day": (
        lambda d: _history(d)[1].update(date="2015-02-30"),
        "status_history[1].date: '2015-02-30' is not a date in the calendar — write it as YYYY, YYYY-MM or YYYY-MM-DD",
    ),
    "construction without a history": (
        lambda d: _props(d).pop("status_history"),
        "status_history: missing for a segment that is 'construction' — say since when, with a milestone's date, "
        "or with date null and a note saying the date is unknown",
    ),
    "a date no milestone has": (
        lambda d: _history(d)[1].update(date="2015-12-14"),
        "status_history[1].date: '2015-12-14' is the date of no milestone of this segment or of corridor TAPI — take "
        "the date from a cited milestone (add the milestone first), or write null and say why in a note",
    ),
    "an unknown date without a note": (
        lambda d: _history(d)[1].update(date=None) or _history(d)[1].pop("note"),
        "status_history[1].note: missing — a status whose date is unknown (null) needs a note saying what the "
        "sources do say",
    ),
    "by beside a date": (
        lambda d: _history(d)[1].update(by="2018-02-23"),
        "status_history[1].by: only for a status whose date is unknown — remove it, or write date null",
    ),
    "a date without sources": (
        lambda d: _history(d)[1].pop("sources"),
        "status_history[1].sources: missing — cite the milestone the date comes from",
    ),
    "out of order": (
        lambda d: _history(d).reverse() or _props(d).update(status="proposed"),
        "status_history[1].date: '2010' is before the previous status's date '2015-12-13' — list the statuses in "
        "the order they happened",
    ),
    "history ends elsewhere": (
        lambda d: _props(d).update(status="operating"),
        "status_history[1].status: 'construction' differs from the segment's status 'operating' — end the history "
        "with the current status",
    ),
    "a milestone on no calendar day": (
        lambda d: d["corridor"]["milestones"][0].update(date="2010-02-29"),
        "corridor.milestones[0].date: '2010-02-29' is not a date in the calendar — write it as YYYY, YYYY-MM or "
        "YYYY-MM-DD",
    ),
}


def test_the_real_file_is_valid() -> None:
    assert _problems(lambda d: None) == []


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_status_history_gives_its_message(case: str) -> None:
    change, expected = CASES[case]
    found = _problems(change)
    where = "tapi.geojson: " if expected.startswith("corridor.") else PREFIX
    assert f"{where}{expected}" in found, found


def test_every_segment_that_is_built_or_building_says_since_when() -> None:
    segs = cm.corridors()
    needs = segs[segs["status"].isin(["construction", "operating"])]
    assert len(needs) > 20
    for row in needs.itertuples():
        assert row.status_history[-1]["status"] == row.status, row.id
    # An unknown date is said in the data: a note on each, and none without.
    unknown = [e for h in segs["status_history"] for e in h if e["date"] is None]
    assert unknown
    assert all(e.get("note") for e in unknown)
