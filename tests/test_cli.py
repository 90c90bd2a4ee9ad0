"""The command line: answers for every corridor, exact machine formats, one clear line on bad input."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import corridormap as cm
from corridormap.cli import main

GEODATA = Path(__file__).resolve().parents[1] / "geodata"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "corridormap.cli", *args], capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize("cid", cm.corridor_ids())
def test_length_csv_is_exact(cid: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["length", cid, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows == [{"corridor": cid, "km": repr(cm.route_length(cid))}]


@pytest.mark.parametrize("cid", cm.corridor_ids())
def test_crossings_json_round_trips(cid: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["crossings", cid, "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    expected = cm.crossings(cid)
    assert [r["km_from_start"] for r in records] == list(expected["km_from_start"])
    assert [r["to_iso3"] for r in records] == list(expected["to_iso3"])


def test_length_by_country_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["length", "tapi", "--by", "country"]) == 0
    out = capsys.readouterr().out
    assert out.split()[:2] == ["iso3", "km"]
    assert "AFG" in out


def test_summary_has_every_corridor(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", "--format", "json"]) == 0
    assert sorted(r["corridor"] for r in json.loads(capsys.readouterr().out)) == cm.corridor_ids()


def test_unknown_id_is_one_line_exit_2() -> None:
    result = _run("length", "TAPY")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().count("\n") == 0
    assert "unknown corridor 'TAPY'" in result.stderr and "Valid ids:" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_option_exits_2_without_traceback() -> None:
    result = _run("length", "TAPI", "--by", "planet")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr and "Traceback" not in result.stderr


def test_broken_data_file_is_one_line(data_copy: Path) -> None:
    (data_copy / "corridors" / "tapi.geojson").write_text('{"type": "FeatureCollection",\n  "features": [}')
    result = _run("length", "TAPI", "--data", str(data_copy))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "tapi.geojson: line 2 column 16: invalid JSON" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_exit_codes(data_copy: Path) -> None:
    assert _run("validate", "--data", str(data_copy)).returncode == 0
    path = data_copy / "corridors" / "uap.geojson"
    fc = json.loads(path.read_text())
    fc["features"][0]["properties"]["status"] = "dreamt"
    path.write_text(json.dumps(fc))
    result = _run("validate", "--data", str(data_copy))
    assert result.returncode == 1
    assert "properties.status: 'dreamt' is not allowed" in result.stdout
    assert "1 problem found" in result.stderr


def test_validate_a_single_file_against_the_project_data() -> None:
    fixture = Path(__file__).parent / "fixtures" / "invalid" / "swapped_lat_lon.geojson"
    result = _run("validate", str(fixture))
    assert result.returncode == 1
    assert "looks like [lat, lon]" in result.stdout


def test_help_lists_the_commands() -> None:
    result = _run("--help")
    assert result.returncode == 0
    for command in ("validate", "length", "crossings", "summary", "build"):
        assert command in result.stdout


# ------------------------------------------------------------------ analyze


def _lines_file(tmp_path: Path) -> Path:
    import geopandas as gpd
    import shapely

    frame = gpd.GeoDataFrame(
        {"name": ["kandahar-quetta", "a point", "herat-torghundi"]},
        geometry=[
            shapely.LineString([(65.7, 31.6), (66.4, 30.9), (67.0, 30.2)]),
            shapely.Point(66, 31),
            shapely.LineString([(62.2, 34.35), (62.25, 35.3)]),
        ],
        crs="EPSG:4326",
    )
    path = tmp_path / "lines.gpkg"
    frame.to_file(path)
    return path


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_analyze_writes_every_table(tmp_path: Path, fmt: str) -> None:
    import pandas as pd

    path = _lines_file(tmp_path)
    out = tmp_path / "out"
    result = _run("analyze", str(path), "--id", "name", "--out", str(out), "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert "row 1 (a point): a Point, not a line" in result.stderr
    read = pd.read_csv if fmt == "csv" else pd.read_parquet
    km = read(out / f"km_by_country.{fmt}")
    expected, _ = cm.analyze_file(path, id_column="name").km, None
    assert list(km.columns) == ["line", "iso3", "km"]
    assert list(km["iso3"]) == list(expected["iso3"])
    assert list(km["km"]) == list(expected["km"])  # exact: csv floats are written with repr
    crossings = read(out / f"crossings.{fmt}")
    assert list(zip(crossings["line"], crossings["from_iso3"], crossings["to_iso3"], strict=True)) == [
        ("kandahar-quetta", "AFG", "PAK"),
        ("herat-torghundi", "AFG", "TKM"),
    ]
    lines = read(out / f"lines.{fmt}")
    assert list(lines.columns) == ["line", "total_km", "unattributed_km", "overlap_km", "crossings"]
    rejected = read(out / f"rejected.{fmt}")
    assert list(rejected["row"]) == [1]


def test_analyze_bad_input_is_one_line_and_no_output(tmp_path: Path) -> None:
    path = _lines_file(tmp_path)
    out = tmp_path / "out"
    result = _run("analyze", str(path), "--id", "nope", "--out", str(out))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "no column 'nope' for --id — use one of: name" in result.stderr
    assert not out.exists()
    result = _run("analyze", str(tmp_path / "missing.parquet"))
    assert result.returncode == 2 and "file not found" in result.stderr


def test_analyze_with_the_dask_engine_gives_the_same_tables(tmp_path: Path) -> None:
    path = _lines_file(tmp_path)
    for engine in ("local", "dask"):
        result = _run("analyze", str(path), "--id", "name", "--out", str(tmp_path / engine), "--engine", engine)
        assert result.returncode == 0, result.stderr
    for table in ("km_by_country", "crossings", "lines", "rejected"):
        assert (tmp_path / "local" / f"{table}.csv").read_text() == (tmp_path / "dask" / f"{table}.csv").read_text()


@pytest.mark.parametrize(
    ("value", "said"), [("2024", "write the fiscal year as YYYY-YY"), (2024, "not of type string or null")]
)
@pytest.mark.parametrize("command", ["validate", "build"])
def test_wrong_shape_in_a_nullable_field_is_a_data_error(
    data_copy: Path, tmp_path: Path, command: str, value: object, said: str
) -> None:
    """Was ``internal error: NameError`` (exit 3): jsonschema was imported for type checking only."""
    path = data_copy / "relations.json"
    relations = json.loads(path.read_text(encoding="utf-8"))
    relations["countries"][0]["trade"]["fiscal_year"] = value
    path.write_text(json.dumps(relations), encoding="utf-8")
    extra = ["--out", str(tmp_path / "out")] if command == "build" else []
    result = _run(command, "--data", str(data_copy), *extra)
    assert result.returncode == 1
    assert "relations.json: country 0 (AZE): trade.fiscal_year:" in result.stdout + result.stderr
    assert said in result.stdout + result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


def _bad_folders(root: Path) -> dict[str, Path]:
    """Data folders broken in the ways a user's folder can be."""

    folders = {"missing": root / "missing", "a file": root / "file.json"}
    folders["a file"].write_text("{}", encoding="utf-8")
    (folders.setdefault("empty", root / "empty")).mkdir()
    for name in ("garbage", "binary", "no border posts", "bad boundaries", "no boundaries"):
        folders[name] = root / name.replace(" ", "_")
        shutil.copytree(GEODATA, folders[name])
    (folders["garbage"] / "corridors" / "tapi.geojson").write_text("{[", encoding="utf-8")
    (folders["binary"] / "nodes.geojson").write_bytes(b"\xff\xfe\x00garbage")
    nodes = json.loads((GEODATA / "nodes.geojson").read_text(encoding="utf-8"))
    for node in nodes["features"]:
        if node["properties"]["kind"] == "border_crossing":
            node["properties"]["kind"] = "city"
            node["properties"].pop("border", None)  # figures only a border crossing may have
    (folders["no border posts"] / "nodes.geojson").write_text(json.dumps(nodes), encoding="utf-8")
    (folders["bad boundaries"] / "boundaries" / "countries.geojson").write_text("not GeoJSON", encoding="utf-8")
    shutil.rmtree(folders["no boundaries"] / "boundaries")
    return folders


COMMANDS = [
    ["list"],
    ["length", "TAPI"],
    ["length", "TAPI", "--by", "country"],
    ["crossings", "CASA-1000", "--format", "json"],
    ["summary"],
    ["validate"],
    ["build", "--out", "{out}"],
]


def test_every_command_on_every_broken_folder_ends_with_0_1_or_2_and_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outcomes = []
    for label, folder in _bad_folders(tmp_path).items():
        for command in COMMANDS:
            argv = [a.replace("{out}", str(tmp_path / "maps" / label)) for a in command] + ["--data", str(folder)]
            code = main(argv)
            out, err = capsys.readouterr()
            outcomes.append((label, command[0], code))
            assert code in (0, 1, 2), (label, argv, code, err)
            assert "internal error" not in err and "Traceback" not in err, (label, argv, err)
            if code != 0:
                last = err.strip().splitlines()[-1]
                assert last.startswith(("corridormap: error: ", f"{len(out.splitlines())} problem")), (label, argv, err)
                if command[0] != "build":  # build also reports progress before the error
                    assert err.strip().count("\n") == 0, (label, argv, err)
    # Broken data is a data error; without border posts every question is still answered; without usable
    # boundaries, what needs no boundaries (the list, validation) still works.
    codes = {(label, command): code for label, command, code in outcomes}
    for label, command in codes:
        if label in ("missing", "a file", "empty", "garbage", "binary"):
            assert codes[label, command] == 1, (label, command)
        elif label == "no border posts":
            assert codes[label, command] == 0, (label, command)
        else:
            assert codes[label, command] == (0 if command in ("list", "validate") else 1), (label, command)


def test_length_by_status_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["length", "KTAP", "--by", "status", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "status,km"
    by = cm.route_length("KTAP", by="status")
    assert [line.split(",")[0] for line in lines[1:]] == list(by.index)
    assert sum(float(line.split(",")[1]) for line in lines[1:]) == pytest.approx(cm.route_length("KTAP"))


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_plain_rows_print_as_their_data_frame(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`length` without --by prints rows without pandas; they must read exactly as the DataFrame's output."""
    import pandas as pd

    from corridormap.table_output import write_frame

    rows = [
        {"corridor": "TAPI", "km": 1771.0406, "lon": 62.123456789, "note": ""},
        {"corridor": "CASA-1000, AC", "km": 12345678.96, "lon": -0.5, "note": 'say "x"'},
    ]
    write_frame(rows, fmt)
    plain = capsys.readouterr().out
    write_frame(pd.DataFrame(rows), fmt)
    assert plain == capsys.readouterr().out


def test_the_first_length_imports_neither_pandas_nor_geopandas(tmp_path: Path) -> None:
    """An empty cache: the data is validated and the length computed from the data's coordinates."""
    code = (
        "import sys; from corridormap.cli import main; main(['length', 'TAPI']);"
        "print(sorted({'pandas', 'geopandas'} & set(sys.modules)))"
    )
    env = {"XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    assert out.splitlines() == ["corridor      km", "    TAPI 1,771.1", "[]"]
