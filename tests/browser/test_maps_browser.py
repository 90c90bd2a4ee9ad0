"""The built maps in a real browser (offline): lines drawn, popups, layer control, legend, hostile names."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

import corridormap as cm

if TYPE_CHECKING:
    from collections.abc import Callable

    from conftest import MapPage

    OpenPage = Callable[[Path | str], MapPage]

MAPS = [None, *cm.corridor_ids()]

# A point of a drawn path (tried at several fractions of its length) where the path is the
# topmost element, in page coordinates; null if another element covers it everywhere.
POINT_ON_PATH = """(selector) => {
    for (const path of document.querySelectorAll(selector)) {
        const total = path.getTotalLength(), m = path.getScreenCTM();
        for (const f of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9]) {
            const p = path.getPointAtLength(total * f);
            const x = m.a * p.x + m.c * p.y + m.e, y = m.b * p.x + m.d * p.y + m.f;
            if (document.elementFromPoint(x, y) === path) return [x, y];
        }
    }
    return null;
}"""


POPUP_IN_VIEW = """() => {
    const r = document.querySelector('.leaflet-popup').getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth;
}"""


def point_on(page: Page, selector: str) -> tuple[float, float]:
    # Poll: right after loading, the map may still be settling (fitting bounds, drawing panels).
    try:
        xy = page.wait_for_function(POINT_ON_PATH, arg=selector, timeout=10_000).json_value()
    except PlaywrightTimeoutError:
        xy = None
    assert xy is not None, f"no visible point on {selector}"
    return xy[0], xy[1]


def open_popup(page: Page, cid: str) -> str:
    """Click the corridor's line and return the text of the popup that opens."""
    page.mouse.click(*point_on(page, f"path.cm-{cid.lower()}"))
    page.wait_for_timeout(400)  # where corridors share a stretch, a list of them replaces the popup
    popup = page.locator(".leaflet-popup-content").last
    popup.wait_for(state="visible")
    if page.locator(".cm-pick").count():
        page.locator(f".cm-pick-{cid.lower()}").click()
        page.locator(".cm-pick").wait_for(state="detached")
        page.wait_for_timeout(300)
        popup.wait_for(state="visible")
    # The map pans the popup into view, clear of the side panels.
    page.wait_for_function(POPUP_IN_VIEW)
    return popup.inner_text()


def close_popup(page: Page) -> None:
    page.locator(".leaflet-popup-close-button").last.click()
    page.locator(".leaflet-popup").last.wait_for(state="detached")


@pytest.mark.parametrize("corridor_id", MAPS, ids=lambda c: c or "overview")
def test_map_in_browser(page_for: OpenPage, built: Path, corridor_id: str | None) -> None:
    name = "index" if corridor_id is None else corridor_id.lower()
    mp = page_for(built / f"{name}.html")
    page = mp.page
    assert page.locator(".folium-map.leaflet-container").count() == 1  # the map (the minimap is another)
    shown = cm.corridor_ids() if corridor_id is None else [corridor_id]

    # One drawn line per segment, alternatives included, and no other corridor's.
    lines = {cid: page.locator(f"path.cm-corridor.cm-{cid.lower()}") for cid in shown}
    for cid, line in lines.items():
        assert line.count() == len(cm.corridor(cid, include_alternatives=True)), cid
    assert page.locator("path.cm-corridor").count() == sum(line.count() for line in lines.values())

    legend = page.locator(".cm-legend")
    assert legend.is_visible()
    assert legend.locator("li").count() >= len(cm.maps.STYLE["kind"])
    assert page.locator(".cm-title").is_visible()
    for control in (".leaflet-control-scale", ".leaflet-control-measure", ".leaflet-control-minimap"):
        assert page.locator(control).is_visible(), control
    assert page.locator(".leaflet-control-zoom-fullscreen").is_visible()

    mp.screenshot(f"maps_{name}")

    # Clicking a line opens its popup with the computed length.
    for cid in shown:
        text = open_popup(page, cid)
        branches = cm.branch_lengths(cid)
        if len(branches) == 1:  # else each branch's length, and the total only where branches do not fork
            assert f"{cm.route_length(cid):,.0f} km" in text, cid
        for km in branches["km"]:
            assert f"{km:,.0f} km" in text, cid
        assert "Sources" in text
        if cid == shown[-1]:
            mp.screenshot(f"maps_{name}_popup")
        close_popup(page)

    # Unchecking the corridor's layer hides its lines; checking it shows them again.
    cid = shown[0]
    page.locator(".leaflet-control-layers").hover()
    toggle = page.locator(".leaflet-control-layers-overlays label", has_text=f"{cid} · ").locator("input")
    toggle.uncheck()
    assert lines[cid].count() == 0
    toggle.check()
    assert lines[cid].count() == len(cm.corridor(cid, include_alternatives=True))

    mp.assert_clean()


def test_overview_country_popup(page_for: OpenPage, built: Path) -> None:
    mp = page_for(built / "index.html")
    page = mp.page
    central_kazakhstan = page.evaluate(
        """() => { const map = Object.values(window).find(v => v instanceof L.Map);
                   map.setView([47.5, 67.0], 5, {animate: false});
                   const p = map.latLngToContainerPoint([47.5, 67.0]);
                   const r = map.getContainer().getBoundingClientRect();
                   return [r.left + p.x, r.top + p.y]; }"""
    )
    page.mouse.click(*central_kazakhstan)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(state="visible")
    text = popup.inner_text()
    for fact in ("Kazakhstan", "Relations since", "Trade", "Ministry of Commerce", "Mechanisms", "Sources"):
        assert fact in text
    mp.screenshot("maps_overview_country_popup")
    mp.assert_clean()


def test_full_screen_keeps_the_panels(page_for: OpenPage, built: Path) -> None:
    mp = page_for(built / "index.html")
    page = mp.page
    page.locator(".leaflet-control-zoom-fullscreen").click()
    page.wait_for_function("() => document.fullscreenElement === document.body")
    assert page.locator(".cm-legend").is_visible()
    assert page.locator(".cm-title").is_visible()
    mp.assert_clean()


@pytest.fixture
def hostile(data_copy: Path, tmp_path: Path) -> dict[str, str]:
    """Maps built from data whose names are markup: TAPI's name and its first segment's."""
    path = data_copy / "corridors" / "tapi.geojson"
    fc = json.loads(path.read_text(encoding="utf-8"))
    fc["corridor"]["name"] = "<img src=x onerror=alert(1)>"
    fc["features"][0]["properties"]["name"] = "${alert(1)}"
    path.write_text(json.dumps(fc), encoding="utf-8")
    cm.build_maps(tmp_path / "maps", data_dir=data_copy)
    return {"maps": str(tmp_path / "maps"), "corridor": fc["corridor"]["name"], "segment": "${alert(1)}"}


@pytest.mark.parametrize("page_name", ["index", "tapi"])
def test_hostile_names_show_as_text(page_for: OpenPage, hostile: dict[str, str], page_name: str) -> None:
    mp = page_for(Path(hostile["maps"]) / f"{page_name}.html")
    page = mp.page
    page.mouse.move(*point_on(page, "path.cm-tapi"))
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for(state="visible")
    assert hostile["corridor"] in tooltip.inner_text()
    text = open_popup(page, "TAPI")
    assert hostile["corridor"] in text
    # The segment's name is in the popup's "Lengths" section, closed until the reader opens it.
    assert hostile["segment"] in (page.locator(".leaflet-popup-content").last.text_content() or "")
    if page_name == "tapi":
        assert hostile["corridor"] in page.locator(".cm-title").inner_text()
        mp.screenshot("maps_hostile_tapi")
    page.wait_for_timeout(300)  # give a stray onerror handler time to fire
    assert page.locator("img[src=x]").count() == 0
    assert mp.dialogs == []
    mp.assert_clean()
