"""Status by date, against the data: known groundbreakings and openings, precision, unknown dates, the events."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

import pytest

import corridormap as cm
from corridormap.cli import main
from corridormap.periods import counted_from, parse_when, period
from corridormap.timeline import UNKNOWN

if TYPE_CHECKING:
    from pathlib import Path


def _status(segment: str, when: str | int | dt.date) -> str | None:
    found = cm.status_on(when).set_index("id")
    status: str | None = found.loc[segment, "status"]
    return status


def test_tapi_turkmen_section_under_construction_from_its_groundbreaking() -> None:
    # Groundbreaking near Mary on 13 December 2015 (corridor milestone, naharnet and photonews).
    assert _status("tapi-tkm", "2015-12-12") == "proposed"
    assert _status("tapi-tkm", "2015-12-13") == "construction"
    assert _status("tapi-tkm", 2015) == "construction"  # a year means its last day
    assert _status("tapi-tkm", "2015-11") == "proposed"
    assert _status("tapi-tkm", 2009) is None  # first dated by the 2010 framework


def test_a_date_known_to_the_year_counts_from_the_end_of_the_year() -> None:
    # The Karakoram Highway: "completed 1979".
    assert _status("qtta-khunjerab-hasan-abdal", "1979-06-30") is None
    assert _status("qtta-khunjerab-hasan-abdal", 1979) == "operating"


def test_casa_afghan_section_pause_and_restart() -> None:
    statuses = cm.status_by_year([2019, 2020, 2022, 2024, 2025]).loc["casa-1000-hvdc-afg"].tolist()
    assert statuses == ["proposed", "construction", "shelved", "shelved", "construction"]


def test_old_lines_operate_from_their_sourced_opening() -> None:
    # The Trans-Caspian railway reached Merv in 1886; the Murghab line to Kushka opened on 4 December 1898.
    assert _status("ktap-tkm-bereket-mary", 1885) is None
    assert _status("ktap-tkm-bereket-mary", 1886) == "operating"
    assert _status("ktap-tkm-mary-serhetabat", "1898-12-03") is None
    assert _status("ktap-tkm-mary-serhetabat", "1898-12-04") == "operating"


def test_a_route_of_sections_opens_with_its_last_section() -> None:
    # Islamabad-Karachi: in use 'by' the M-5's opening (7 November 2019); its older roads are not dated.
    assert _status("qtta-islamabad-karachi", "2019-11-06") == UNKNOWN
    assert _status("qtta-islamabad-karachi", "2019-11-07") == "operating"
    assert _status("qtta-islamabad-gwadar", 2021) == UNKNOWN  # the Hakla - D.I. Khan motorway opened 5 January 2022
    assert _status("qtta-islamabad-gwadar", "2022-01-05") == "operating"


def test_unknown_dates_are_unknown_until_the_data_dates_them() -> None:
    assert _status("qtta-almaty-bishkek", 1999) == UNKNOWN  # an old road, in use by 2000 (ADB rehabilitation)
    assert _status("qtta-almaty-bishkek", 2000) == "operating"
    assert _status("ktap-serhetabat-torghundi", 2017) == UNKNOWN
    assert _status("ktap-serhetabat-torghundi", 2018) == "operating"  # 'by' the rebuilt line's commissioning
    assert _status("casa-1000-hvdc-pak", 2022) == UNKNOWN  # works began at a date the sources do not give
    assert _status("casa-1000-hvdc-pak", 2023) == "construction"  # under way by April 2023


def test_at_the_data_date_every_segment_has_its_current_status() -> None:
    as_of = cm.data_as_of()
    assert as_of == max(period(s["date"])[0] for s in cm.sources().values())
    for when in (as_of, as_of + dt.timedelta(days=400)):
        found = cm.status_on(when)
        assert (found["status"] == found["status_now"]).all()


def test_a_status_the_sources_never_date_is_unknown_until_the_data_date(data_copy: Path) -> None:
    path = data_copy / "corridors" / "qtta.geojson"
    content = json.loads(path.read_text(encoding="utf-8"))
    props = next(f["properties"] for f in content["features"] if f["id"] == "qtta-almaty-bishkek")
    props["status_history"] = [{"status": "operating", "date": None, "note": "Not dated in the sources."}]
    path.write_text(json.dumps(content), encoding="utf-8")
    as_of = cm.data_as_of(data_dir=data_copy)
    before = cm.status_on(as_of - dt.timedelta(days=1), data_dir=data_copy).set_index("id")
    assert before.loc["qtta-almaty-bishkek", "status"] == UNKNOWN
    assert cm.status_on(as_of, data_dir=data_copy).set_index("id").loc["qtta-almaty-bishkek", "status"] == "operating"


def test_no_segment_is_operating_before_a_dated_operating_status() -> None:
    as_of = cm.data_as_of()
    segs = cm.corridors().set_index("id")
    table = cm.status_by_year(range(1979, as_of.year))
    for year in table.columns:
        for sid in table.index[table[year] == "operating"]:
            opened = [e["date"] or e.get("by") for e in segs.loc[sid, "status_history"] if e["status"] == "operating"]
            assert any(d and counted_from(d) <= dt.date(year, 12, 31) for d in opened), (sid, year)
    old_lines = {
        "ktap-tkm-bereket-mary",  # Trans-Caspian railway, 1886
        "ktap-tkm-mary-serhetabat",  # Murghab line, 1898
        "qtta-hasan-abdal-islamabad",  # the Grand Trunk Road, by 1947
        "qtta-kashgar-khunjerab",  # the KKH, 1979
        "qtta-khunjerab-hasan-abdal",
        "qtta-bishkek-torugart",  # Torugart reopened, 1983
        "qtta-torugart-kashgar",
    }
    assert set(table.index[table[1990] == "operating"]) == old_lines
    assert set(table.index[table[2015] == "operating"]) == old_lines | {
        "ktap-kaz",
        "ktap-tkm-serhetyaka-bereket",
        "qtta-almaty-bishkek",  # by 2000
        "qtta-alt-osh-irkeshtam",  # Irkeshtam open to passengers by 2002
        "qtta-alt-irkeshtam-kashgar",
        "qtta-alt-karachi-gwadar",
        "uap-termez-naibabad",
    }


def test_one_corridor_and_its_columns() -> None:
    found = cm.status_on("2020-06-30", corridor="casa 1000")
    assert list(found.columns) == [
        "id",
        "corridor",
        "name",
        "kind",
        "alignment",
        "status",
        "since",
        "status_now",
        "geometry",
    ]
    assert set(found["corridor"]) == {"CASA-1000"}
    assert found.set_index("id").loc["casa-1000-hvdc-afg", "since"] == "2020-02"
    assert found.crs.to_epsg() == 4326


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("2015-13", "'2015-13' is not a date in the calendar — write it as YYYY, YYYY-MM or YYYY-MM-DD"),
        ("15/12/2015", "'15/12/2015' is not a date — write it as YYYY, YYYY-MM or YYYY-MM-DD"),
        (None, "None is not a date — give a year (2015) or a date written as YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_a_bad_date_says_how_to_write_it(when: object, message: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_when(when)  # type: ignore[arg-type]
    assert str(info.value) == message


def test_events_cover_milestones_and_the_seeds_visits_and_sessions() -> None:
    events = cm.timeline_events()
    assert list(events.columns) == ["date", "year", "kind", "corridor", "segment", "country", "text", "sources"]
    assert {"milestone", "agreement", "visit", "session", "diplomatic"} <= set(events["kind"])
    starts = [period(d)[0] for d in events["date"]]
    assert starts == sorted(starts)
    milestones = sum(len(f["milestones"]) for f in map(cm.corridor_facts, cm.corridor_ids()))
    milestones += sum(len(m) for m in cm.corridors()["milestones"])
    assert (events["kind"] == "milestone").sum() == milestones
    visit = events[(events["kind"] == "visit") & (events["date"] == "2026-02-04")]
    assert visit["text"].tolist() == ["State visit to Pakistan: President Kassym-Jomart Tokayev of Kazakhstan"]
    tapi = cm.timeline_events(corridor="TAPI")
    assert set(tapi["corridor"].dropna()) == {"TAPI"}
    assert "Joint Implementation Plan (JIP) for the TAPI Gas Pipeline Project (Turkmenistan)" in set(tapi["text"])
    assert "visit" not in set(tapi["kind"])


def test_cli_status_on_a_year(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--on", "2015", "--corridor", "tapi", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "id,corridor,status,since,status_now"
    assert lines[1] == "tapi-tkm,TAPI,construction,2015-12-13,construction"
    assert lines[2] == "tapi-afg-herat,TAPI,proposed,2010,construction"


def test_cli_status_on_a_bad_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--on", "2015-02-30"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "corridormap: error: '2015-02-30' is not a date in the calendar — write it as YYYY, YYYY-MM or YYYY-MM-DD\n"
    )
