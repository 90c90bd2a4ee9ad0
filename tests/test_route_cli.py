"""``corridormap route``: exact machine formats, a readable table, one clear line on bad input."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

import pytest

import corridormap as cm
from corridormap.cli import main
from corridormap.geodesy import geodesic_length_km

if TYPE_CHECKING:
    from pathlib import Path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["route", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_csv_is_exact(synthetic_network: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ("west", "harbour", "--alternatives", "3", "--distinct", "lines", "--format", "csv")
    code, out, _ = _run(capsys, *args, "--data", str(synthetic_network))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    expected = cm.route_alternatives("west", "harbour", k=3, distinct="lines", data_dir=synthetic_network)
    assert [r["rank"] for r in rows] == ["1", "2", "3"]
    assert [(float(r["km"]), float(r["hours"]), float(r["usd"])) for r in rows] == [
        (e.km, e.hours, e.usd) for e in expected
    ]
    assert rows[2]["borders"] == "post"


def test_json_legs_round_trip(synthetic_network: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, "West", "Port of East", "--optimize", "distance", "--format", "json", "--data", str(synthetic_network)
    )
    assert code == 0
    (journey,) = json.loads(out)
    assert (journey["origin"], journey["destination"]) == ("west", "harbour")
    assert [leg["link"] for leg in journey["legs"]] == ["test-1", "test-1", "road-east-harbour"]
    assert journey["km"] == sum(leg["km"] for leg in journey["legs"])
    assert journey["legs"][1]["end_kind"] == ""
    assert journey["legs"][0]["end_note"].startswith("AAA outbound road 20 h, US$ 200 (2023); BBB inbound road 5 h")


def test_geojson_legs_have_their_geometry(synthetic_network: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "west", "harbour", "--format", "geojson", "--data", str(synthetic_network))
    assert code == 0
    features = json.loads(out)["features"]
    for f in features:
        assert f["properties"]["km"] == pytest.approx(geodesic_length_km(f["geometry"]["coordinates"]), abs=1e-9)


def test_table_shows_km_hours_usd_and_borders(synthetic_network: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "west", "Harbor", "--alternatives", "3", "--data", str(synthetic_network))
    assert code == 0
    assert out.splitlines()[:10] == [
        "(took 'Harbor' as Harbour (Port of East))",
        "west → Harbour (Port of East), best by time, proposed lines included:",
        " #  km hours US$     modes borders (clearance hours)",
        " 1 270  17.4 293 rail+road      AAA–BBB border 4.0 h",
        " 2 240  32.3 592      road               post 25.0 h",
        "1: west by rail (proposed): AAA–BBB border, east; by road: Harbour",
        "2: west by road: post, east, Harbour",
        "(only 2 journeys entering through different borders on this network)",
        "Border figures used (CAREC CPMM; outbound side + inbound side; sources: --format json):",
        "  AAA–BBB border (AAA → BBB, rail): AAA outbound rail 2 h, US$ 20 (default, 2024); BBB inbound rail 2 h,"
        " US$ 20 (default, 2024)",
    ]


def test_exclude_proposed_and_mode(synthetic_network: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, "west", "harbour", "--exclude-proposed", "--format", "json", "--data", str(synthetic_network)
    )
    assert code == 0
    assert {leg["status"] for leg in json.loads(out)[0]["legs"]} == {"operating"}
    code, out, err = _run(
        capsys, "west", "harbour", "--exclude-proposed", "--mode", "rail", "--data", str(synthetic_network)
    )
    assert (code, out) == (2, "")
    assert err == (
        "corridormap: error: no route from west to harbour on operating lines — there is one with the proposed lines"
        " (include_proposed)\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["west", "harbor town"],
            "corridormap: error: unknown place 'harbor town': it is no node of the transport network. Closest: harbour.\n",
        ),
        (
            ["west", "harbour", "--alternatives", "0"],
            "corridormap: error: --alternatives 0: ask for at least one journey\n",
        ),
        (
            ["east", "eastville"],
            "corridormap: error: origin and destination are the same place (east) — give two different places\n",
        ),
    ],
)
def test_bad_input_is_one_line(
    synthetic_network: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = _run(capsys, *args, "--data", str(synthetic_network))
    assert (code, out, err) == (2, "", message)


def test_missing_network_is_named(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    shutil.rmtree(data_copy / "network", ignore_errors=True)
    code, out, err = _run(capsys, "Tashkent", "Karachi", "--data", str(data_copy))
    assert (code, out) == (1, "")
    assert err.startswith(f"corridormap: error: {data_copy / 'network'}: folder not found")
