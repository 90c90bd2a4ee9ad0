"""routes.html as readers see it: a phone (390×844, touch) and a desktop, self-contained, every request refused.

On a phone the chosen journey is fitted at a useful zoom, inside the screen and clear of the
panel (one line, collapsed on load) and the legend; the controls are in view and clear of the
panel; ports, origins and the journey's border posts (with their hours) are named with no
tiles; choosing another origin shows its journey and figures, fitted once the panel closes.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import corridormap as cm
from corridormap.maps.assets import inline_assets
from corridormap.maps.popups import short_name
from corridormap.maps.render import numbered_ids, render_html

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType

    from conftest import CdnResolver, MapPage

    OpenPage = Callable[..., MapPage]

PHONE = (390, 844)
READY = "() => /cm-z\\d+/.test(document.querySelector('.folium-map').className)"

# Boxes in page pixels: the journeys' drawn lines (together), the panel, the legend, the controls; the zoom.
BOXES = """() => {
    const box = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    const lines = [...document.querySelectorAll('path.cm-journey')].map(box);
    const all = lines.reduce((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]),
                                        Math.max(a[3], b[3])], [Infinity, Infinity, -Infinity, -Infinity]);
    const map = window[document.querySelector('.folium-map').id];
    return {lines: all, count: lines.length, panel: box(document.querySelector('.cm-journeys')),
            legend: box(document.querySelector('.cm-legend')),
            controls: [...document.querySelectorAll('.leaflet-control-zoom, .leaflet-control-layers')].map(box),
            zoom: map.getZoom(), open: document.querySelector('.cm-journeys').open, w: innerWidth, h: innerHeight};
}"""


@pytest.fixture(scope="module")
def routes_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("routes") / "routes.html"
    with numbered_ids():
        html = render_html(cm.build_routes_map(self_contained=True))
    out.write_text(inline_assets(html), encoding="utf-8")
    return out


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _in_view(box: list[float], w: float, h: float) -> bool:
    return box[0] >= 0 and box[1] >= 0 and box[2] <= w and box[3] <= h


def _border_labels(origin: str, port: str) -> list[str]:
    """What the map names a journey's borders by: 'Khunjerab Pass: 23 h', from the route's own legs."""
    r = cm.route(origin, port, include_proposed=False)
    legs = r.legs[(r.legs["end_kind"] == "border") & (r.legs["end_hours"] >= 1)]
    return [f"{short_name(r.names[n])}: {h:,.0f} h" for n, h in zip(legs["to_node"], legs["end_hours"], strict=True)]


def _visible_labels(mp: MapPage) -> list[str]:
    return mp.page.locator(".leaflet-marker-pane .cm-lbl span:visible").all_inner_texts()


def _open_phone(page_for: OpenPage, path: Path) -> tuple[MapPage, dict[str, Any]]:
    mp = page_for(path, viewport=PHONE, mobile=True)
    mp.page.wait_for_function(READY)
    return mp, mp.page.evaluate(BOXES)


def test_phone_opens_on_the_journey_clear_of_the_panel(page_for: OpenPage, routes_page: Path) -> None:
    mp, b = _open_phone(page_for, routes_page)
    mp.screenshot("routes_phone_offline")
    assert b["open"] is False  # the panel starts as one line ...
    assert b["panel"][3] - b["panel"][1] < 40, b["panel"]
    assert b["count"] > 0
    assert _in_view(b["lines"], b["w"], b["h"]), b  # ... and the journey is on the screen,
    assert not _overlap(b["lines"], b["panel"]), b  # above and below no panel,
    assert not _overlap(b["lines"], b["legend"]), b
    assert b["zoom"] >= 5, b  # at a zoom where the region is more than a blob
    for control in b["controls"]:  # zoom and layers: on the screen, not under the panel
        assert _in_view(control, b["w"], b["h"]), control
        assert not _overlap(control, b["panel"]), control
    assert mp.page.locator(".cm-pair:not([hidden]) .cm-chart").get_attribute("open") is None  # chart collapsed
    assert mp.unexpected_requests == mp.served == mp.tiles == []  # nothing asked of the network
    mp.assert_clean()


def test_phone_names_ports_origins_and_borders(page_for: OpenPage, routes_page: Path) -> None:
    mp, _ = _open_phone(page_for, routes_page)
    origin, port = cm.STANDARD_ORIGINS[0], cm.STANDARD_PORTS[0]
    shown = _visible_labels(mp)
    assert origin in shown, shown
    r = cm.route(origin, port, include_proposed=False)
    assert short_name(r.names[r.destination]) in shown, shown
    borders = _border_labels(origin, port)
    assert borders
    placed = mp.page.locator(".leaflet-marker-pane .cm-lbl span").all_inner_texts()
    assert set(borders) <= set(placed), (borders, placed)  # every border named at some zoom ...
    assert set(borders) & set(shown), (borders, shown)  # ... and at least one at the opening zoom
    mp.assert_clean()


def test_phone_choosing_an_origin_shows_its_journey(page_for: OpenPage, routes_page: Path) -> None:
    mp, _ = _open_phone(page_for, routes_page)
    page = mp.page
    origin = cm.STANDARD_ORIGINS[3]
    page.locator(".cm-journeys > summary").tap()
    page.select_option("#cm-from", label=origin)
    section = page.locator(".cm-pair:not([hidden])")
    assert section.count() == 1
    today = cm.route(origin, cm.STANDARD_PORTS[0], include_proposed=False)
    assert f"{today.km:,.0f}" in section.inner_text()
    assert origin in page.locator(".cm-journeys > summary").inner_text()
    page.locator(".cm-journeys > summary").tap()  # closing the panel fits the chosen journey
    page.wait_for_function("() => !document.querySelector('.cm-journeys').open")
    page.wait_for_timeout(300)
    b = page.evaluate(BOXES)
    mp.screenshot("routes_phone_chosen")
    assert _in_view(b["lines"], b["w"], b["h"]), b
    assert not _overlap(b["lines"], b["panel"]), b
    assert origin in _visible_labels(mp)
    assert "dushanbe" in page.evaluate("() => location.hash")  # the shared link names the pair shown
    mp.assert_clean()


def test_desktop_lines_beside_the_panel(page_for: OpenPage, routes_page: Path) -> None:
    mp = page_for(routes_page, viewport=(1280, 800))
    mp.page.wait_for_function(READY)
    b = mp.page.evaluate(BOXES)
    mp.screenshot("routes_desktop_offline")
    assert b["open"] is True
    assert _in_view(b["lines"], b["w"], b["h"]), b
    assert b["lines"][0] > b["panel"][2], b  # right of the panel
    assert mp.page.locator(".cm-pair:not([hidden]) .cm-chart svg polyline").count() >= 1
    mp.assert_clean()


def _a11y_tests() -> ModuleType:
    """test_a11y_browser.py, for its axe-core runner (test files are not importable by name here)."""
    spec = importlib.util.spec_from_file_location("a11y_tests", Path(__file__).with_name("test_a11y_browser.py"))
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_phone_axe_no_serious_or_critical(page_for: OpenPage, cdn_resolver: CdnResolver, routes_page: Path) -> None:
    mp, _ = _open_phone(page_for, routes_page)
    violations = _a11y_tests().axe_violations(mp.page, cdn_resolver)
    bad = [v for v in violations if v["impact"] in {"serious", "critical"}]
    assert bad == [], bad


def test_a_link_naming_a_pair_opens_on_it(page_for: OpenPage, routes_page: Path) -> None:
    link = routes_page.resolve().as_uri() + "#layers=countries,dushanbe-gwadar,place-and-corridor-names"
    mp = page_for(link, viewport=PHONE, mobile=True)
    page = mp.page
    page.wait_for_function(READY)
    page.wait_for_timeout(300)
    assert "Dushanbe → Gwadar" in page.locator(".cm-journeys > summary").inner_text()
    b = page.evaluate(BOXES)
    assert _in_view(b["lines"], b["w"], b["h"]), b
    assert not _overlap(b["lines"], b["panel"]), b
    mp.assert_clean()
