"""The CDN build's basemap tiles (map, place names, minimap) wait for the page's ``load`` event.

The countries and corridors are in the page itself; tiles are background. Fetched while the
page loaded, they held its ``load`` event back (17–57 tiles by page and screen). Measured with
the browser's own resource timing: when each tile request started, and at which zoom (only the
view the reader sees, fitted around the panels, and the minimap's).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from conftest import MapPage

    OpenPage = Callable[..., MapPage]

TILE_REQUESTS = r"performance.getEntriesByType('resource').filter((e) => /\/tile\/\d+\//.test(e.name))"
TILES = rf"""() => {{
  const load = performance.getEntriesByType('navigation')[0].loadEventStart;
  const tiles = {TILE_REQUESTS};
  const map = window[document.querySelector('.folium-map').id];
  return {{load, zoom: map.getZoom(), tiles: tiles.map((e) => [e.startTime, +/\/tile\/(\d+)\//.exec(e.name)[1], e.name])}};
}}"""
MINIMAP_ZOOM_OFFSET = 5  # build.py's MiniMap: folium's default zoomLevelOffset


@pytest.mark.parametrize(("page_name", "viewport"), [("index", (390, 844)), ("tapi", (1280, 800))])
def test_tiles_wait_for_the_page_and_its_view(
    page_for: OpenPage, built: Path, page_name: str, viewport: tuple[int, int]
) -> None:
    mp = page_for(built / f"{page_name}.html", viewport=viewport)
    page = mp.page
    page.wait_for_function(f"() => {TILE_REQUESTS}.length >= 4")
    page.wait_for_timeout(300)  # the rest of the view's tiles
    seen = page.evaluate(TILES)
    assert len(seen["tiles"]) >= 4, seen
    early = [name for start, _, name in seen["tiles"] if start < seen["load"]]
    assert early == [], f"tiles asked for before the page's load event ({seen['load']:.0f} ms): {early}"
    shown = {seen["zoom"], max(0, seen["zoom"] - MINIMAP_ZOOM_OFFSET)}
    assert {z for _, z, _ in seen["tiles"]} <= shown, seen  # only the view the reader sees (and the minimap's)
    assert page.locator(".leaflet-tile-loaded").count() >= 4  # and they are drawn
