"""Proves the offline browser harness on a sample folium map."""

from __future__ import annotations

import functools
import html
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

import branca.colormap as cm
import folium
import pytest
from branca.element import Figure
from folium import plugins

if TYPE_CHECKING:
    import re
    from collections.abc import Callable
    from pathlib import Path

    from conftest import MapPage

    OpenPage = Callable[[Path | str], MapPage]

LINE_NAME = "Karakoram Highway"


def build_sample_map(line_name: str = LINE_NAME) -> folium.Map:
    """A map using every folium feature the corridor maps are expected to use."""
    m = folium.Map(location=[34.5, 71.0], zoom_start=6)
    corridors = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": line_name, "length_km": 1300},
                # Two points: the centre of the path's bounding box lies on the line.
                "geometry": {
                    "type": "LineString",
                    "coordinates": [[69.0, 32.5], [73.0, 36.0]],
                },
            }
        ],
    }

    def style(_: dict[str, Any]) -> dict[str, Any]:
        return {"color": "#d62728", "weight": 6, "className": "corridor-line"}

    line = folium.GeoJson(
        corridors,
        name="Corridors",
        style_function=style,
        tooltip=folium.GeoJsonTooltip(fields=["name"], aliases=["Corridor"]),
        popup=folium.GeoJsonPopup(fields=["name", "length_km"]),
    ).add_to(m)
    plugins.Search(layer=line, search_label="name", position="topleft").add_to(m)

    nodes = folium.FeatureGroup(name="Nodes").add_to(m)
    folium.CircleMarker([25.13, 62.32], radius=8, tooltip="Gwadar").add_to(nodes)
    folium.Marker([33.7, 73.1], icon=folium.Icon(color="red", icon="info-sign")).add_to(nodes)
    folium.Marker([36.85, 75.4], icon=folium.Icon(color="blue", icon="truck", prefix="fa")).add_to(nodes)

    crossings = plugins.MarkerCluster(name="Crossings").add_to(m)
    for lat, lon in [(30.9, 66.45), (30.8, 66.5), (27.0, 68.0)]:
        folium.Marker([lat, lon]).add_to(crossings)

    plugins.Fullscreen().add_to(m)
    plugins.MeasureControl().add_to(m)
    plugins.MiniMap(toggle_display=True).add_to(m)
    cm.LinearColormap(["#2b83ba", "#d7191c"], vmin=0, vmax=100, caption="Traffic").add_to(m)
    # branca ignores `index` for the legend range unless vmin/vmax are given too.
    lanes = ["#1a9641", "#fdae61", "#d7191c"]
    cm.StepColormap(lanes, index=[0, 2, 5, 10], vmin=0, vmax=10, caption="Lanes").add_to(m)
    folium.LayerControl().add_to(m)
    return m


def save(m: folium.Map, tmp_path: Path) -> Path:
    path = tmp_path / "map.html"
    m.save(str(path))
    return path


def test_tile_matcher_is_explicit(tile_url_re: re.Pattern[str]) -> None:
    tiles = [
        "https://tile.openstreetmap.org/6/43/26.png",
        "https://a.basemaps.cartocdn.com/light_all/6/43/26@2x.png",
        "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/6/26/43",
    ]
    not_tiles = [
        "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js",
        "https://www.openstreetmap.org/copyright",
        "https://evil.example/6/43/26.png",
    ]
    assert all(tile_url_re.match(u) for u in tiles)
    assert not any(tile_url_re.match(u) for u in not_tiles)


def test_sample_map_renders_offline(page_for: OpenPage, tmp_path: Path) -> None:
    mp = page_for(save(build_sample_map(), tmp_path))
    page = mp.page

    assert page.evaluate("() => typeof window.L === 'object' && window.L.version") == "1.9.3"
    assert page.evaluate("() => document.querySelector('.leaflet-container') !== null")
    assert mp.tiles, "no tile request was answered with the blank tile"

    line = page.locator("path.leaflet-interactive.corridor-line")
    assert line.count() == 1
    assert page.locator("path.leaflet-interactive").count() >= 2  # line + circle marker

    line.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(state="visible")
    assert LINE_NAME in popup.inner_text()

    legend = page.locator(".legend.leaflet-control svg")
    assert legend.first.is_visible()
    legend_text = " ".join(page.locator(".legend.leaflet-control").all_inner_texts())
    assert "Traffic" in legend_text
    assert "Lanes" in legend_text
    for selector in (
        ".leaflet-control-zoom-fullscreen",
        ".leaflet-control-measure",
        ".leaflet-control-minimap",
        ".awesome-marker",
        ".marker-cluster",
    ):
        assert page.locator(selector).first.is_visible(), selector
    mp.screenshot("harness_sample_map")

    page.locator(".leaflet-popup-close-button").click()
    page.locator(".leaflet-control-layers").hover()
    toggle = page.locator(".leaflet-control-layers-overlays label", has_text="Corridors")
    toggle.locator("input").uncheck()
    assert line.count() == 0

    mp.assert_clean()
    assert len(mp.served) >= 15, mp.served


@pytest.mark.parametrize(
    "payload",
    [
        "<img src=x onerror=alert(1)>",
        "${alert(1)}",
        "</script><script>alert(1)</script>",
    ],
)
def test_escaped_hostile_tooltip_is_inert(page_for: OpenPage, tmp_path: Path, payload: str) -> None:
    mp = page_for(save(build_sample_map(html.escape(payload)), tmp_path))
    mp.page.locator("path.corridor-line").hover()
    tooltip = mp.page.locator(".leaflet-tooltip")
    tooltip.wait_for(state="visible")
    assert payload in tooltip.inner_text()
    mp.page.wait_for_timeout(200)  # give a stray onerror handler time to fire
    mp.assert_clean()


def test_dialog_hook_catches_unescaped_payload(page_for: OpenPage, tmp_path: Path) -> None:
    """Control: the same payload unescaped does run, so the hook above is meaningful."""
    mp = page_for(save(build_sample_map("<img src=x onerror=alert(1)>"), tmp_path))
    mp.page.locator("path.corridor-line").hover()
    mp.page.wait_for_function("() => document.querySelector('.leaflet-tooltip img') !== null")
    mp.page.wait_for_timeout(500)
    assert mp.dialogs == ["alert: 1"]


def test_unmapped_request_is_blocked_and_recorded(page_for: OpenPage, tmp_path: Path) -> None:
    m = build_sample_map()
    stray = "https://unpkg.com/not-in-the-manifest@1.0.0/plugin.js"
    root = m.get_root()
    assert isinstance(root, Figure)
    root.header.add_child(folium.JavascriptLink(stray))
    mp = page_for(save(m, tmp_path))
    assert mp.unexpected_requests == [stray]
    assert any("ERR_BLOCKED_BY_CLIENT" in e for e in mp.console_errors)


def test_page_served_over_http(page_for: OpenPage, tmp_path: Path) -> None:
    save(build_sample_map(), tmp_path)
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            mp = page_for(f"http://127.0.0.1:{server.server_port}/map.html")
            assert mp.page.locator("path.corridor-line").count() == 1
            mp.assert_clean()
        finally:
            server.shutdown()
            thread.join(timeout=5)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass
