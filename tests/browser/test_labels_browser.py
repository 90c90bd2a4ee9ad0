"""Place names at the screen's edge and under the controls and panels: whole and readable, or not drawn.

A name beside its point that would cross the right edge (Gwadar on ``routes.html``) goes to
the point's left; a name that still crosses an edge moves inside it, in English, Urdu (right to
left) and Russian. Measured on the labels' own boxes (getBoundingClientRect), tiles blank.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

import corridormap as cm
from corridormap.maps.fonts import with_urdu_font
from corridormap.maps.render import numbered_ids, render_html

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from conftest import MapPage

    OpenPage = Callable[..., MapPage]

PHONE = (390, 844)
READY = "() => /cm-z\\d+/.test(document.querySelector('.folium-map').className)"

# Every name drawn (shown at this zoom, not hidden) whose box is partly outside the screen:
# text, kind and box; and the names drawn wholly inside it.
CUT_LABELS = """() => {
    const w = innerWidth, h = innerHeight, cut = [], whole = [];
    for (const s of document.querySelectorAll('.leaflet-marker-pane .cm-lbl span')) {
        const r = s.getBoundingClientRect();
        if (!r.width || getComputedStyle(s).visibility === 'hidden') continue;
        if (r.right <= 0 || r.left >= w || r.bottom <= 0 || r.top >= h) continue;  // wholly off: not seen
        if (r.left < 0 || r.top < 0 || r.right > w || r.bottom > h) {
            cut.push([s.textContent, s.parentNode.className.match(/cm-l-(\\w+)/)[1],
                      [r.left, r.top, r.right, r.bottom].map(Math.round)]);
        } else whole.push(s.textContent);
    }
    return {cut, whole};
}"""
# The map's zoom, and a new one (no animation): the page places the names again when the move ends.
ZOOM = "() => window[document.querySelector('.folium-map').id].getZoom()"
SET_ZOOM = "(z) => window[document.querySelector('.folium-map').id].setZoom(z, {animate: false})"


def _page(map_id: str | None, lang: str) -> str:
    """The HTML of a map as the build writes it (CDN scripts; the Urdu pages with their font)."""
    if map_id == "routes":
        with numbered_ids():
            return render_html(cm.build_routes_map())
    html = render_html(cm.build_map(map_id, lang=lang))
    return with_urdu_font(html) if lang == "ur" else html


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str | None, str], Path]:
    """Build a map the first time a test asks for it (``None`` the overview, ``"routes"`` the journeys)."""
    out = tmp_path_factory.mktemp("labels")
    made: dict[tuple[str | None, str], Path] = {}

    def page(map_id: str | None, lang: str) -> Path:
        if (map_id, lang) not in made:
            path = out / f"{map_id or 'index'}-{lang}.html"
            path.write_text(_page(map_id, lang), encoding="utf-8")
            made[map_id, lang] = path
        return made[map_id, lang]

    return page


def _open(page_for: OpenPage, path: Path, viewport: tuple[int, int], *, mobile: bool) -> MapPage:
    mp = page_for(path, viewport=viewport, mobile=mobile)
    mp.page.wait_for_function(READY)
    return mp


# Map, language, and names that the screen's edge cut before they were kept whole (measured on
# the maps as built before LabelsInView; Gwadar on routes.html, whose point is off the screen, is hidden;
# so is Almaty on tapi.html, which the layers button covers wherever it is put).
CASES = [
    ("routes", "en", ["Uzbekistan"]),
    (None, "en", ["Azerbaijan"]),
    (None, "ur", ["آذربائیجان"]),
    (None, "ru", ["Азербайджан", "Хунджерабский перевал"]),
    ("tapi", "en", ["Kashgar"]),
    ("tapi", "ur", ["کاشغر"]),
    ("qtta", "en", ["Almaty", "Khunjerab Pass", "India"]),
    ("qtta", "ru", ["Хунджерабский перевал", "Индия"]),
    ("ktap", "en", ["Karachi", "Chaman"]),
]


@pytest.mark.parametrize(("map_id", "lang", "kept"), CASES, ids=[f"{m or 'index'}-{lang}" for m, lang, _ in CASES])
def test_no_name_is_cut_by_the_phone_screen_edge(
    page_for: OpenPage, pages: Callable[[str | None, str], Path], map_id: str | None, lang: str, kept: list[str]
) -> None:
    mp = _open(page_for, pages(map_id, lang), PHONE, mobile=True)
    seen: dict[str, Any] = mp.page.evaluate(CUT_LABELS)
    mp.screenshot(f"labels_{map_id or 'index'}_{lang}_phone")
    assert seen["cut"] == [], seen["cut"]
    assert set(kept) <= set(seen["whole"]), seen  # moved inside, not hidden
    mp.assert_clean()


def test_names_stay_whole_after_zooming_and_resizing(
    page_for: OpenPage, pages: Callable[[str | None, str], Path]
) -> None:
    mp = _open(page_for, pages("tapi", "en"), PHONE, mobile=True)
    page = mp.page
    zoom = page.evaluate(ZOOM)
    for z in (zoom + 1, zoom + 2, zoom - 1):
        page.evaluate(SET_ZOOM, z)
        page.wait_for_function(f"() => document.querySelector('.folium-map').classList.contains('cm-z{z}')")
        seen = page.evaluate(CUT_LABELS)
        assert seen["cut"] == [], (z, seen["cut"])
        assert len(seen["whole"]) >= 3, (z, seen)  # names are drawn: the check is not vacuous
    page.set_viewport_size({"width": 1280, "height": 800})  # the map takes its new size: names placed again
    page.wait_for_function("() => window[document.querySelector('.folium-map').id].getSize().x === 1280")
    assert page.evaluate(CUT_LABELS)["cut"] == []
    mp.assert_clean()


# Every name drawn on the screen (shown at this zoom, not hidden) whose box overlaps a control or
# panel drawn over the map (Leaflet's controls, the title, legend, timeline and journeys panels):
# [name, the control's first class]; and how many names are drawn.
UNDER_CONTROLS = """() => {
    const controls = [], under = [];
    for (const c of document.querySelectorAll('.leaflet-control,.cm-panel')) {
        const r = c.getBoundingClientRect();
        if (r.width && r.height) controls.push([c.className.split(' ').filter((k) => k !== 'cm-panel')[0], r]);
    }
    let drawn = 0;
    for (const s of document.querySelectorAll('.leaflet-marker-pane .cm-lbl span')) {
        const r = s.getBoundingClientRect();
        if (!r.width || getComputedStyle(s).visibility === 'hidden') continue;
        if (r.right <= 0 || r.left >= innerWidth || r.bottom <= 0 || r.top >= innerHeight) continue;
        drawn++;
        for (const [name, c] of controls) {
            if (r.left < c.right && c.left < r.right && r.top < c.bottom && c.top < r.bottom) under.push([s.textContent, name]);
        }
    }
    return {under, drawn};
}"""
# Opens (or closes) every panel and waits for the last toggle event, after which the page has placed the names again.
TOGGLE_PANELS = """async (open) => {
    const panels = [...document.querySelectorAll('details.cm-panel')].filter((d) => d.open !== open);
    let left = panels.length;
    const done = new Promise((ok) => document.addEventListener('toggle', () => { if (!--left) ok(); }, true));
    panels.forEach((d) => { d.open = open; });
    if (left) await done;
    return panels.length;
}"""
MAPS = [None, *(c.lower() for c in cm.corridor_ids()), "routes"]
SCREENS = {"phone": ((390, 844), True), "desktop": ((1280, 800), False)}
UNDER_CASES = [
    (map_id, lang, screen)
    for map_id in MAPS
    for lang in (["en"] if map_id == "routes" else ["en", "ru", "ur"])
    for screen in SCREENS
]


@pytest.mark.parametrize(
    ("map_id", "lang", "screen"), UNDER_CASES, ids=[f"{m or 'index'}-{lang}-{s}" for m, lang, s in UNDER_CASES]
)
def test_no_name_is_drawn_under_a_control_or_panel(
    page_for: OpenPage, pages: Callable[[str | None, str], Path], map_id: str | None, lang: str, screen: str
) -> None:
    viewport, mobile = SCREENS[screen]
    mp = _open(page_for, pages(map_id, lang), viewport, mobile=mobile)
    seen: dict[str, Any] = mp.page.evaluate(UNDER_CONTROLS)
    assert seen["under"] == [], seen["under"]
    assert seen["drawn"] >= 3, seen  # names are drawn: the check is not vacuous
    mp.assert_clean()


def test_names_leave_the_panels_as_they_open_and_close(
    page_for: OpenPage, pages: Callable[[str | None, str], Path]
) -> None:
    mp = _open(page_for, pages("tapi", "en"), PHONE, mobile=True)  # on a phone the panels start closed
    page = mp.page
    before = page.evaluate(UNDER_CONTROLS)
    assert page.evaluate(TOGGLE_PANELS, True) == 3  # the title, timeline and legend open over the map
    opened = page.evaluate(UNDER_CONTROLS)
    assert opened["under"] == [], opened["under"]
    assert opened["drawn"] < before["drawn"]  # names that the open panels cover are hidden
    page.evaluate(TOGGLE_PANELS, False)
    assert page.evaluate(UNDER_CONTROLS) == before  # closed again: the same names drawn
    mp.assert_clean()
