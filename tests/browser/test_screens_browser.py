"""The maps as readers see them: a phone (390×844, touch), a laptop (1024×768), a desktop (1920×1080), and paper.

On every map at every size: the corridors are in view at a sensible zoom, panels and controls
cover at most a third of the map, a tap on each corridor opens a popup inside the screen, and
the places are named from the data (tiles are blank here). On paper (A4 landscape and
portrait): the corridors are on the page and the controls are not.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import corridormap as cm
from corridormap.maps.popups import short_name

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page

    from conftest import MapPage

    OpenPage = Callable[..., MapPage]

MAPS = [None, *cm.corridor_ids()]
SIZES = {"phone": (390, 844, True), "laptop": (1024, 768, False), "desktop": (1920, 1080, False)}
#: A4 at 96 px per inch, less the print stylesheet's 8 mm margins.
PAPER = {"a4-landscape": (1063, 733), "a4-portrait": (733, 1063)}

MAP_JS = "window[document.querySelector('.folium-map').id]"
READY = "() => /cm-z\\d+/.test(document.querySelector('.folium-map').className)"

# The corridors' drawn extent and the map's box, in page pixels, and the zoom.
EXTENT = """() => {
    const m = document.querySelector('.folium-map').getBoundingClientRect();
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const p of document.querySelectorAll('path.cm-corridor')) {
        const r = p.getBoundingClientRect();
        x0 = Math.min(x0, r.left); y0 = Math.min(y0, r.top); x1 = Math.max(x1, r.right); y1 = Math.max(y1, r.bottom);
    }
    return {lines: [x0, y0, x1, y1], map: [m.left, m.top, m.right, m.bottom], zoom: MAP.getZoom()};
}""".replace("MAP", MAP_JS)

# Area of the map covered by panels and controls (each visible box clipped to the map, summed).
COVERED = """() => {
    const m = document.querySelector('.folium-map').getBoundingClientRect();
    let area = 0;
    for (const e of document.querySelectorAll('.cm-panel, .leaflet-control')) {
        if (!e.offsetParent) continue;
        const r = e.getBoundingClientRect();
        const w = Math.min(r.right, m.right) - Math.max(r.left, m.left);
        const h = Math.min(r.bottom, m.bottom) - Math.max(r.top, m.top);
        if (w > 0 && h > 0) area += w * h;
    }
    return area / (m.width * m.height);
}"""

# A point on one of the corridor's drawn paths (or on a shared stretch it is part of) that is topmost.
POINT_ON = """(cls) => {
    for (const path of document.querySelectorAll('path.cm-' + cls + ', path.cm-on-' + cls)) {
        const total = path.getTotalLength(), m = path.getScreenCTM();
        for (const f of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9, 0.05, 0.95]) {
            const p = path.getPointAtLength(total * f);
            const x = m.a * p.x + m.c * p.y + m.e, y = m.b * p.x + m.d * p.y + m.f;
            if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) continue;
            if (document.elementFromPoint(x, y) === path) return [x, y];
        }
    }
    return null;
}"""

POPUP_IN_VIEW = """() => {
    const e = document.querySelector('.leaflet-popup');
    if (!e) return false;
    const r = e.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth;
}"""


# The open popup overlaps no control (zoom, layers, measure, full screen).
POPUP_CLEAR = """() => {
    const p = [...document.querySelectorAll('.leaflet-popup')].pop().getBoundingClientRect();
    return [...document.querySelectorAll('.leaflet-top .leaflet-control')].every(e => {
        const r = e.getBoundingClientRect();
        return r.right <= p.left || p.right <= r.left || r.bottom <= p.top || p.bottom <= r.top;
    });
}"""


def _expected_names(corridor_id: str | None) -> set[str]:
    """Ports, the standard origin cities, and the border posts the map draws."""
    nodes = cm.nodes()
    names = set(nodes.loc[nodes["kind"] == "port", "name"])
    names |= {n for n in nodes["name"] if any(n.startswith(o) for o in cm.STANDARD_ORIGINS)}
    posts = nodes[nodes["kind"] == "border_crossing"]
    if corridor_id is not None:
        segs = cm.corridor(corridor_id, include_alternatives=True)
        used = {n for s, e, w in zip(segs["start"], segs["end"], segs["waypoints"], strict=True) for n in (s, e, *w)}
        posts = posts[posts["id"].isin(used)]
    return {short_name(n) for n in names | set(posts["name"])}


def _centre(page: Page, selector: str) -> tuple[float, float]:
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def _tap(page: Page, xy: tuple[float, float], touch: bool) -> None:
    if touch:
        page.touchscreen.tap(*xy)
    else:
        page.mouse.click(*xy)


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("corridor_id", MAPS, ids=lambda c: c or "overview")
def test_map_on_screen(page_for: OpenPage, built: Path, corridor_id: str | None, size: str) -> None:
    width, height, touch = SIZES[size]
    name = "index" if corridor_id is None else corridor_id.lower()
    mp = page_for(built / f"{name}.html", viewport=(width, height), mobile=touch)
    page = mp.page
    page.wait_for_function(READY)
    page.wait_for_timeout(200)

    ext = page.evaluate(EXTENT)
    (x0, y0, x1, y1), (mx0, my0, mx1, my1) = ext["lines"], ext["map"]
    assert mx0 - 1 <= x0 and my0 - 1 <= y0 and x1 <= mx1 + 1 and y1 <= my1 + 1, ext
    assert 3 <= ext["zoom"] <= 9, ext
    # The corridors fill a fair part of the map, not a speck in its middle.
    assert max((x1 - x0) / (mx1 - mx0), (y1 - y0) / (my1 - my0)) > 0.3, ext
    covered = page.evaluate(COVERED)
    assert covered <= 1 / 3, f"panels and controls cover {covered:.0%} of the map"

    labels = set(page.locator(".leaflet-map-pane .cm-lbl").all_inner_texts())
    labels |= {t.strip() for t in page.locator(".leaflet-map-pane .cm-lbl span").all_text_contents()}
    missing = _expected_names(corridor_id) - labels
    assert not missing, f"not named on the map: {sorted(missing)}"
    assert page.locator(".leaflet-map-pane .cm-lbl span:visible").count() >= 5

    mp.screenshot(f"screen_{name}_{size}")

    shown = cm.corridor_ids() if corridor_id is None else [corridor_id]
    for cid in shown:
        xy = page.wait_for_function(POINT_ON, arg=cid.lower(), timeout=10_000).json_value()
        _tap(page, (xy[0], xy[1]), touch)
        # Where corridors share a stretch, the list of them replaces the popup (the first fades out).
        page.wait_for_timeout(400)
        popup = page.locator(".leaflet-popup-content").last
        popup.wait_for(state="visible")
        if page.locator(".cm-pick").count():
            assert cm.corridor_facts(cid)["name"] in popup.inner_text(), cid
            if cid == "TAP-FOC":
                mp.screenshot(f"screen_{name}_{size}_shared")
            _tap(page, _centre(page, f".cm-pick-{cid.lower()}"), touch)
            page.locator(".cm-pick").wait_for(state="detached")
            page.wait_for_timeout(300)
            popup.wait_for(state="visible")
        page.wait_for_timeout(400)  # the map pans the popup into view
        page.wait_for_function(POPUP_IN_VIEW)
        assert page.evaluate(POPUP_CLEAR), "the popup is under a control"
        text = popup.inner_text()
        assert cm.corridor_facts(cid)["name"] in text, cid
        assert f"{cm.route_length(cid):,.0f} km" in text or cm.corridor_facts(cid)["name"] in text
        if cid == shown[0]:
            mp.screenshot(f"screen_{name}_{size}_popup")
        page.locator(".leaflet-popup-close-button").last.click()
        page.locator(".leaflet-popup").last.wait_for(state="detached")
    mp.assert_clean()


@pytest.mark.parametrize("paper", list(PAPER))
@pytest.mark.parametrize("corridor_id", MAPS, ids=lambda c: c or "overview")
def test_map_on_paper(page_for: OpenPage, built: Path, corridor_id: str | None, paper: str) -> None:
    name = "index" if corridor_id is None else corridor_id.lower()
    mp = page_for(built / f"{name}.html", viewport=PAPER[paper])
    page = mp.page
    page.wait_for_function(READY)
    page.emulate_media(media="print")
    # The print stylesheet makes the map shorter than the screen; wait for it, then for the refit.
    page.wait_for_function("() => document.querySelector('.folium-map').offsetHeight < innerHeight - 100")
    page.wait_for_timeout(400)
    ext = page.evaluate(EXTENT)
    (x0, y0, x1, y1), (mx0, my0, mx1, my1) = ext["lines"], ext["map"]
    assert mx0 - 1 <= x0 and my0 - 1 <= y0 and x1 <= mx1 + 1 and y1 <= my1 + 1, ext
    assert mx1 <= PAPER[paper][0] + 1
    for control in (".leaflet-control-zoom", ".leaflet-control-layers", ".leaflet-control-minimap", ".cm-download"):
        assert not page.locator(control).first.is_visible(), control
    assert page.locator(".cm-legend li").first.is_visible()
    side = page.locator(".cm-side").bounding_box()
    assert side is not None
    assert side["y"] >= my1 - 1  # legend and sources below the map, not over it
    page.screenshot(path=str(mp.screenshot(f"paper_{name}_{paper}")), full_page=True, animations="disabled")
    if corridor_id is None:
        page.pdf(
            path=str(Path(mp.screenshot(f"paper_{name}_{paper}")).with_suffix(".pdf")),
            format="A4",
            landscape=paper == "a4-landscape",
            print_background=True,
        )
    mp.assert_clean()
