"""The measuring tool (leaflet-measure 3.1.0): a line measured in km, in the map's language, online and offline."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

import corridormap as cm

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from conftest import MapPage

    OpenPage = Callable[..., MapPage]

# The map's centre and the page coordinates of two points 300 px apart across its middle.
VIEW = """() => {
    const map = Object.values(window).find(v => v instanceof L.Map && v.getContainer().id.startsWith('map_'));
    const r = map.getContainer().getBoundingClientRect(), c = map.getCenter();
    const ends = [[-150, 60], [150, 60]].map(([dx, dy]) => [r.left + r.width / 2 + dx, r.top + r.height / 2 + dy]);
    const km = map.distance(map.containerPointToLatLng([r.width / 2 - 150, r.height / 2 + 60]),
                            map.containerPointToLatLng([r.width / 2 + 150, r.height / 2 + 60])) / 1000;
    return {centre: [c.lat, c.lng], ends, km};
}"""


@pytest.fixture(scope="module")
def russian_and_offline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("measure")
    cm.build_maps(out, self_contained=True, lang=("en", "ru"))
    return out


def _measure(mp: MapPage) -> tuple[str, float]:
    """Measure a 300 px line across the map; the result popup's text and the length Leaflet gives the line."""
    page = mp.page
    page.wait_for_function("() => document.querySelectorAll('path.cm-corridor').length")
    page.locator(".leaflet-control-measure").hover()  # it opens on hover (on a tap on phones)
    page.locator(".leaflet-control-measure .js-start").click()
    view = page.evaluate(VIEW)
    for x, y in view["ends"]:
        page.mouse.click(x, y)
        page.wait_for_timeout(300)
    assert page.evaluate(VIEW)["centre"] == pytest.approx(view["centre"])  # the map does not jump on a click
    page.locator(".leaflet-control-measure .js-finish").click()
    popup = page.locator(".leaflet-popup-content").last
    popup.wait_for(state="visible")
    return popup.inner_text(), view["km"]


def test_measure_a_line_on_the_cdn_build(page_for: OpenPage, built: Path) -> None:
    mp = page_for(built / "tapi.html")
    text, km = _measure(mp)
    found = re.search(r"([\d,.]+) Kilometers", text)
    assert found is not None, text
    assert float(found.group(1).replace(",", "")) == pytest.approx(km, rel=0.01)
    mp.screenshot("measure_tapi")
    mp.assert_clean()


@pytest.mark.parametrize(("lang", "word"), [("en", "Linear measurement"), ("ru", "Линейное измерение")])
def test_measure_offline_in_the_maps_language(
    page_for: OpenPage, russian_and_offline: Path, lang: str, word: str
) -> None:
    folder = russian_and_offline / lang if (russian_and_offline / lang).is_dir() else russian_and_offline
    mp = page_for(folder / "qtta.html")
    text, _ = _measure(mp)
    assert word in text
    assert mp.served == []  # self-contained: nothing fetched
    mp.assert_clean()
