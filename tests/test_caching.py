"""No stale answer: an edited data folder gives the new answer; the caches can be cleared; tests keep off ~/.cache."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import corridormap as cm
from corridormap.caching import cache_dir, data_stamp


def _edit(path: Path, change: object) -> None:
    content = json.loads(path.read_text(encoding="utf-8"))
    change(content)  # type: ignore[operator]
    path.write_text(json.dumps(content, indent=2), encoding="utf-8")


def test_an_edited_corridor_gives_the_new_answer(data_copy: Path) -> None:
    """As in a notebook: ask, edit the file, ask again, with no restart and no clear_cache()."""
    before = cm.route_length("TAPI", data_dir=data_copy)
    by_segment = cm.route_length("TAPI", by="segment", data_dir=data_copy)
    crossings_before = len(cm.crossings("TAPI", data_dir=data_copy))

    def demote_last_segment(fc: dict) -> None:  # a main segment becomes an alternative
        fc["features"][-1]["properties"]["alignment"] = "alternative"
        fc["corridor"]["name"] = "TAPI, edited"

    _edit(data_copy / "corridors" / "tapi.geojson", demote_last_segment)
    after = cm.route_length("TAPI", data_dir=data_copy)
    assert after == pytest.approx(before - by_segment.iloc[-1], abs=1e-9)
    assert cm.corridor_facts("TAPI", data_dir=data_copy)["name"] == "TAPI, edited"
    assert len(cm.crossings("TAPI", data_dir=data_copy)) < crossings_before  # PAK>IND was on the last segment
    assert cm.summary(data_dir=data_copy).loc["TAPI", "computed_km"] == round(after, 1)


def test_an_edit_of_the_same_size_is_noticed(data_copy: Path) -> None:
    """Size alone would miss it: the modification time (and inode) key the cache too."""
    assert cm.corridor_facts("UAP", data_dir=data_copy)["status"] == "proposed"
    path = data_copy / "corridors" / "uap.geojson"
    text = path.read_text(encoding="utf-8")
    edited = text.replace('"status": "proposed"', '"status": "shelved" ', 1)  # JSON allows the space
    assert len(edited) == len(text)
    stat = path.stat()
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # a later time, as a real edit has
    assert cm.corridor_facts("UAP", data_dir=data_copy)["status"] == "shelved"


def test_edited_boundaries_and_relations_give_the_new_answer(data_copy: Path) -> None:
    assert cm.relations(data_dir=data_copy)["countries"][0]["iso3"] == "AZE"
    _edit(data_copy / "relations.json", lambda r: r["countries"].pop(0))
    assert cm.relations(data_dir=data_copy)["countries"][0]["iso3"] != "AZE"
    assert "AFG" in cm.boundaries(data_dir=data_copy).index
    _edit(
        data_copy / "boundaries" / "countries.geojson",
        lambda fc: fc.__setitem__("features", [f for f in fc["features"] if f["properties"]["iso3"] != "AFG"]),
    )
    assert "AFG" not in cm.boundaries(data_dir=data_copy).index
    assert "AFG" not in set(cm.route_length("TAPI", by="country", data_dir=data_copy).index)


def test_a_new_corridor_file_is_found(data_copy: Path) -> None:
    ids = cm.corridor_ids(data_dir=data_copy)
    (data_copy / "corridors" / "tapi.geojson").unlink()
    assert cm.corridor_ids(data_dir=data_copy) == [i for i in ids if i != "TAPI"]


def test_clear_cache_forgets_memory_and_disk(data_copy: Path) -> None:
    cm.route_length("TAPI", data_dir=data_copy)
    markers = cache_dir() / "validated"
    assert any(markers.iterdir())
    cm.clear_cache()
    assert not markers.exists()
    cm.route_length("TAPI", data_dir=data_copy)  # validates again, records it again
    assert any(markers.iterdir())


def test_the_stamp_changes_with_any_file(data_copy: Path) -> None:
    before = data_stamp(data_copy)
    (data_copy / "notes.txt").write_text("x", encoding="utf-8")
    assert data_stamp(data_copy) != before


def test_tests_keep_off_the_real_cache() -> None:
    """The autouse fixture in conftest.py points XDG_CACHE_HOME at a temporary folder for the session."""
    real = Path.home() / ".cache" / "corridormap"
    assert cache_dir() != real
    assert not cache_dir().is_relative_to(Path.home() / ".cache")


def test_cache_dir_honours_xdg_cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "corridormap"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # ignored, as the XDG specification asks
    assert cache_dir() == Path.home() / ".cache" / "corridormap"
