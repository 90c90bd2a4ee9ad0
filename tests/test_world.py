"""Worldwide boundaries: the pinned Natural Earth set, its entities, the regional files inside it."""

from __future__ import annotations

import shapely

import corridormap as cm
from corridormap.world import WORLD_SOURCE, world_cache_path


def test_every_entity_once_with_disputed_areas_on_their_own() -> None:
    world = cm.world_boundaries()
    assert len(world) == 250
    assert world["iso3"].is_unique
    # Natural Earth keeps these as their own polygons: they must stay their own entities.
    for code, status in [
        ("KOS", "Disputed"),
        ("SAH", "Indeterminate"),
        ("PSX", "Indeterminate"),
        ("BRT", "Indeterminate"),
    ]:
        assert world.loc[code, "status"] == status
    assert world.crs.to_epsg() == 4326
    assert shapely.is_valid(world.geometry.values).all()


def test_regional_countries_are_the_same_polygons() -> None:
    """The eleven regional countries are identical in both sets, so the corridors' figures cannot move."""
    world = cm.world_boundaries()
    regional = cm.boundaries()
    for iso3, geom in zip(regional["iso3"], regional.geometry, strict=True):
        assert shapely.equals_exact(world.loc[iso3, "geometry"], geom, tolerance=0), iso3


def test_cache_is_keyed_on_the_pinned_hash(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = world_cache_path()
    assert path.is_relative_to(tmp_path)
    assert WORLD_SOURCE["member_sha256"][:16] in path.name


def test_world_provenance_is_recorded() -> None:
    import json
    from pathlib import Path

    provenance = json.loads((Path(__file__).parents[1] / "geodata/boundaries/provenance.json").read_text())
    assert provenance["world"]["member_sha256"] == WORLD_SOURCE["member_sha256"]
    assert provenance["world"]["pypi"] == WORLD_SOURCE["pypi"]
