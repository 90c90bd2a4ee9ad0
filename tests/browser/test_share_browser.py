"""A view you can share: a URL hash opens the map at that view, and the map writes its view into the hash."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

import corridormap as cm

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from conftest import MapPage

    OpenPage = Callable[[Path | str], MapPage]

VIEW = """() => { const map = Object.values(window).find(v => v instanceof L.Map && v.getContainer().id.startsWith('map_'));
                  const c = map.getCenter(); return [map.getZoom(), c.lat, c.lng]; }"""


def test_a_link_opens_at_its_view(page_for: OpenPage, built: Path) -> None:
    url = (built / "index.html").resolve().as_uri() + "#map=7/34.2/69.5&layers=tapi,casa-1000,countries&corridor=tapi"
    mp = page_for(url)
    page = mp.page
    page.locator(".leaflet-popup-content").wait_for(state="visible")
    zoom, lat, lon = page.evaluate(VIEW)
    assert zoom == 7
    assert lat == pytest.approx(34.2, abs=0.05)
    assert lon == pytest.approx(69.5, abs=0.05)
    assert f"{cm.route_length('TAPI'):,.0f} km" in page.locator(".leaflet-popup-content").inner_text()
    # Only the layers the link names are shown.
    assert page.locator("path.cm-corridor.cm-tapi").count() == len(cm.corridor("TAPI", include_alternatives=True))
    assert page.locator("path.cm-corridor.cm-casa-1000").count() > 0
    assert page.locator("path.cm-corridor.cm-uap").count() == 0
    assert page.locator("path.cm-crossing").count() == 0
    mp.screenshot("share_link_view")
    mp.assert_clean()


def test_the_hash_follows_the_view(page_for: OpenPage, built: Path) -> None:
    mp = page_for(built / "tapi.html")
    page = mp.page
    page.wait_for_function("() => location.hash.startsWith('#map=')")
    first = page.evaluate("() => location.hash")
    assert "layers=" in first
    assert "tapi" in first.split("layers=")[1].split("&")[0].split(",")
    page.locator(".leaflet-control-zoom-in").click()
    page.wait_for_function("(h) => location.hash !== h && location.hash.startsWith('#map=')", arg=first)
    zoom = int(page.evaluate("() => location.hash").split("=")[1].split("/")[0])
    assert zoom == page.evaluate(VIEW)[0]
    # Hiding a layer takes it out of the hash.
    page.locator(".leaflet-control-layers").hover()
    page.locator(".leaflet-control-layers-overlays label", has_text="Border crossings").locator("input").uncheck()
    page.wait_for_function("() => !location.hash.includes('border-crossings')")
    # A pasted link (hash change in the same tab) restores that view.
    page.evaluate("() => { location.hash = '#map=6/38/66&layers=tapi&corridor=tapi'; }")
    page.locator(".leaflet-popup-content").wait_for(state="visible")
    zoom, lat, lon = page.evaluate(VIEW)
    assert (zoom, round(lat), round(lon)) == (6, 38, 66)
    page.wait_for_function("() => location.hash.includes('corridor=tapi')")
    mp.assert_clean()


def test_a_bad_hash_is_ignored(page_for: OpenPage, built: Path) -> None:
    url = (built / "tapi.html").resolve().as_uri() + "#map=x/y/z&layers=nonsense&corridor=%3Cimg%20src%3Dx%3E"
    mp = page_for(url)
    page = mp.page
    page.wait_for_function("() => location.hash.startsWith('#map=')")
    assert page.locator(".leaflet-popup").count() == 0
    assert page.locator("img[src=x]").count() == 0
    mp.assert_clean()
