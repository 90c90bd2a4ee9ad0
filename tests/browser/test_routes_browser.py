"""The routes map in a real browser (offline): legs drawn, border labels, the time–distance chart, hostile names."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import corridormap as cm

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from conftest import MapPage

    OpenPage = Callable[[Path | str], MapPage]


def test_route_map_in_browser(page_for: OpenPage, synthetic_network: Path, tmp_path: Path) -> None:
    out = tmp_path / "route.html"
    cm.build_route_map("west", "harbour", data_dir=synthetic_network).save(str(out))
    mp = page_for(out)
    page = mp.page
    page.wait_for_selector(".cm-side svg polyline")
    assert page.locator(".leaflet-overlay-pane path").count() >= 3  # the legs of both journeys
    labels = page.locator(".leaflet-marker-pane .cm-lbl span:visible").all_inner_texts()
    assert "post: 25 h" in labels, labels  # the road journey's border, today: its name and hours, placed
    chart = page.locator(".cm-side svg").first
    assert chart.is_visible()
    assert "Time–distance" in page.locator(".cm-side").inner_text()
    mp.screenshot("route_map_desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    assert chart.is_visible()
    mp.screenshot("route_map_phone")
    mp.assert_clean()


def test_hostile_place_names_stay_text(page_for: OpenPage, synthetic_network: Path, tmp_path: Path) -> None:
    nodes_path = synthetic_network / "nodes.geojson"
    fc = json.loads(nodes_path.read_text(encoding="utf-8"))
    for feature in fc["features"]:
        if feature["id"] == "post":
            feature["properties"]["name"] = "<img src=x onerror=alert(1)>${alert(2)}{{7*7}}"
    nodes_path.write_text(json.dumps(fc), encoding="utf-8")
    out = tmp_path / "hostile.html"
    cm.build_route_map("west", "east", optimize="distance", data_dir=synthetic_network).save(str(out))
    mp = page_for(out)
    mp.page.wait_for_selector(".cm-side svg polyline")
    assert mp.page.locator("img[src=x]").count() == 0
    assert "<img src=x" in mp.page.locator(".cm-side").inner_text()
    mp.assert_clean()


def test_standard_routes_map_in_browser(page_for: OpenPage, tmp_path: Path) -> None:
    out = tmp_path / "routes.html"
    cm.build_routes_map().save(str(out))
    mp = page_for(out)
    page = mp.page
    page.wait_for_selector(".cm-side svg polyline")
    assert page.locator("#cm-from option").count() == len(cm.STANDARD_ORIGINS)  # the origin chooser
    assert page.locator(".cm-pair").count() == len(cm.STANDARD_ORIGINS) * len(cm.STANDARD_PORTS)
    assert page.locator(".leaflet-overlay-pane path").count() > 0
    mp.screenshot("routes_desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    mp.screenshot("routes_phone")
    mp.assert_clean()
