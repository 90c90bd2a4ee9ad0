"""The search box: a name, an alias or a misspelling opens the popup of what it names; phone and keyboard."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

import corridormap as cm

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from playwright.sync_api import Page

    from conftest import MapPage

    OpenPage = Callable[..., MapPage]

VIEW = """() => { const map = Object.values(window).find(v => v instanceof L.Map && v.getContainer().id.startsWith('map_'));
                  const c = map.getCenter(), b = map.getBounds();
                  return [map.getZoom(), c.lat, c.lng, b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; }"""
POPUP = ".leaflet-popup-content >> nth=-1"  # the newest: a closed popup fades out for 0.2 s


def type_in(page: Page, text: str) -> None:
    """Type ``text`` into the open search box and wait for the list ranked for all of it (the status names it)."""
    page.locator(".leaflet-control-search input").press_sequentially(text, delay=20)
    page.wait_for_function(
        "(t) => document.querySelector('.cm-search-status').textContent.includes(`“${t}”`)", arg=text
    )


def search(page: Page, text: str) -> list[str]:
    """Open the search box, type ``text``, and return the result list as shown (first line of each result)."""
    if not page.locator(".leaflet-control-search input").is_visible():
        page.locator(".leaflet-control-search .search-button").click()
    box = page.locator(".leaflet-control-search input")
    box.fill("")
    type_in(page, text)
    return [t.split("\n")[0] for t in page.locator(".search-tip").all_inner_texts()]


def choose(page: Page, text: str) -> str:
    """Search ``text``, press Enter (the first result), and return the popup's text."""
    search(page, text)
    page.keyboard.press("Enter")
    popup = page.locator(POPUP)
    popup.wait_for(state="visible")
    return popup.inner_text()


@pytest.mark.parametrize("typed", ["torkham", "Torkham", "TORKHAM", "Tórkham", "Torkam", "Torkahm", "Khyber"])
def test_torkham_by_any_spelling_opens_its_popup(page_for: OpenPage, built: Path, typed: str) -> None:
    mp = page_for(built / "index.html")
    page = mp.page
    assert search(page, typed)[0] == "Torkham border crossing"
    page.keyboard.press("Enter")
    popup = page.locator(POPUP)
    popup.wait_for(state="visible")
    assert popup.inner_text().splitlines()[:2] == ["Torkham border crossing", "border crossing, Afghanistan–Pakistan"]
    torkham = cm.nodes().set_index("id").loc["torkham"].geometry
    zoom, lat, lon, *_ = page.evaluate(VIEW)
    assert zoom >= 9
    assert (lat, lon) == (pytest.approx(torkham.y, abs=0.3), pytest.approx(torkham.x, abs=0.3))
    # The popup points at Torkham's marker, and the reader can go on in it.
    tip = page.locator(".leaflet-popup-tip").bounding_box()
    marker = page.locator("path.cm-border_posts").evaluate_all(
        """(paths, at) => { const map = Object.values(window).find(v => v instanceof L.Map);
                            const p = map.latLngToContainerPoint(at), r = map.getContainer().getBoundingClientRect();
                            return [p.x + r.left, p.y + r.top]; }""",
        [torkham.y, torkham.x],
    )
    assert tip is not None
    assert abs(tip["x"] + tip["width"] / 2 - marker[0]) < 3
    assert page.evaluate("() => document.activeElement.classList.contains('leaflet-popup-content')")
    if typed == "Torkam":
        mp.screenshot("search_torkam_desktop")
    page.keyboard.press("Escape")
    page.locator(".leaflet-popup").wait_for(state="detached")
    assert page.evaluate("() => document.activeElement.classList.contains('search-button')")
    mp.assert_clean()


def test_a_corridor_a_segment_and_a_country(page_for: OpenPage, built: Path) -> None:
    mp = page_for(built / "index.html")
    page = mp.page
    text = choose(page, "casa 1000")
    assert "CASA-1000 Central Asia-South Asia" in text
    assert f"{cm.route_length('CASA-1000'):,.0f} km" in text
    assert "corridor=casa-1000" in page.evaluate("() => location.hash")  # as the keyboard links and a tap do
    south, west, north, east = page.evaluate(VIEW)[3:]
    x0, y0, x1, y1 = cm.corridor("CASA-1000", include_alternatives=True).total_bounds
    assert west <= x0 and south <= y0 and east >= x1 and north >= y1  # the whole corridor in view
    # A segment by a place along it opens its corridor's popup there.
    assert search(page, "Landi Kotal")[0] == "Torkham - Landi Kotal - Jamrud - Peshawar (earlier concept)"
    page.keyboard.press("Enter")
    page.locator(POPUP).wait_for(state="visible")
    assert "Uzbekistan-Afghanistan-Pakistan" in page.locator(POPUP).inner_text()
    assert "corridor=uap" in page.evaluate("() => location.hash")
    # A misspelt country: its outline fills the view and its own popup opens.
    assert search(page, "afganistan")[0] == "Afghanistan"
    page.keyboard.press("Enter")
    page.locator(POPUP).wait_for(state="visible")
    assert page.locator(POPUP).inner_text().startswith("Afghanistan")
    assert page.locator(POPUP).bounding_box()["width"] > 150  # type: ignore[index]  # not Leaflet's 50 px minimum
    zoom, lat, lon, *_ = page.evaluate(VIEW)
    assert 4 <= zoom <= 7
    assert 29 < lat < 39
    assert 60 < lon < 75
    mp.screenshot("search_country_desktop")
    mp.assert_clean()


def test_a_corridor_map_finds_its_own_places_only(page_for: OpenPage, built: Path) -> None:
    mp = page_for(built / "tapi.html")
    page = mp.page
    assert choose(page, "Quetta").startswith("Quetta\ncity, Pakistan")
    # Torkham is on other corridors, not on TAPI's map: nothing to open.
    page.locator(".leaflet-control-search .search-button").click()
    page.locator(".leaflet-control-search input").press_sequentially("torkham", delay=20)
    page.keyboard.press("Enter")
    alert = page.locator(".leaflet-control-search .search-alert")
    alert.wait_for(state="visible")
    assert alert.inner_text() == "Nothing on this map has that name"
    assert page.locator(".cm-search-status").inner_text() == "Nothing found for “torkham”"
    assert page.locator(".search-tip").count() == 0
    mp.assert_clean()


def test_a_city_named_on_the_overview_is_found_though_no_point_is_drawn(page_for: OpenPage, built: Path) -> None:
    mp = page_for(built / "index.html")
    page = mp.page
    assert page.locator(".cm-lbl span", has_text="Tashkent").count() == 1  # named on the map, as a label only
    assert choose(page, "tashkent").startswith("Tashkent\ncity, Uzbekistan")
    tashkent = cm.nodes().set_index("name").loc["Tashkent"].geometry
    zoom, lat, lon, *_ = page.evaluate(VIEW)
    assert zoom >= 9
    assert (lat, lon) == pytest.approx((tashkent.y, tashkent.x), abs=0.01)
    mp.assert_clean()


def test_on_a_phone_the_search_is_a_button_until_tapped(page_for: OpenPage, built: Path) -> None:
    mp = page_for(built / "uap.html", viewport=(390, 844), mobile=True)
    page = mp.page
    button = page.locator(".leaflet-control-search .search-button")
    box = button.bounding_box()
    assert box is not None
    assert box["width"] <= 44 and box["height"] <= 44
    assert page.locator(".leaflet-control-search input").is_hidden()
    button.tap()
    field = page.locator(".leaflet-control-search input")
    field.wait_for(state="visible")
    # The open box is on top of the title panel, and inside the screen.
    rect = field.bounding_box()
    assert rect is not None
    assert rect["x"] >= 0 and rect["x"] + rect["width"] <= 390
    centre = (rect["x"] + rect["width"] / 2, rect["y"] + rect["height"] / 2)
    assert page.evaluate("([x, y]) => document.elementFromPoint(x, y).tagName", list(centre)) == "INPUT"
    assert search(page, "kharlachi")[0].startswith("Kharlachi")
    results = page.locator(".search-tooltip").bounding_box()
    assert results is not None
    assert results["x"] >= 0 and results["x"] + results["width"] <= 390
    mp.screenshot("search_phone_results")
    page.locator(".search-tip").first.tap()
    page.locator(POPUP).wait_for(state="visible")
    assert page.locator(".leaflet-control-search input").is_hidden()  # folded away again: the map is free
    mp.screenshot("search_phone_popup")
    mp.assert_clean()


def test_the_keyboard_reaches_the_search_and_chooses_with_arrows(page_for: OpenPage, built: Path) -> None:
    mp = page_for(built / "index.html")
    page = mp.page
    presses = 0
    while not page.evaluate("() => document.activeElement.classList.contains('search-button')"):
        assert presses < 30, "30 Tab presses did not reach the search button"
        page.keyboard.press("Tab")
        presses += 1
    # After the table link and one link per corridor: the map itself, zoom in, zoom out, full screen.
    assert presses == 1 + len(cm.corridor_ids()) + 5
    focused = page.locator(":focus")
    assert focused.get_attribute("aria-label") == "Search this map"
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    field = page.locator(".leaflet-control-search input")
    field.wait_for(state="visible")
    assert page.evaluate("() => document.activeElement.tagName") == "INPUT"
    assert field.get_attribute("aria-label") == "Search this map: corridors, segments, places and countries"
    type_in(page, "tap")
    tips = [t.split(":")[0] for t in page.locator(".search-tip").all_inner_texts()]
    assert tips[:3] == ["TAP", "TAP-FOC", "TAPI"]  # the exact id first
    status = page.locator(".cm-search-status").inner_text()  # for screen readers
    assert status.endswith(f"found for “tap”, the best {len(tips)} listed: arrow keys choose, Enter opens")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.locator(POPUP).wait_for(state="visible")
    assert "(TAP) fibre-optic" in page.locator(POPUP).inner_text()
    mp.assert_clean()
