"""Place names at the screen's edge, on a phone (390×844): whole or not drawn, never cut in half.

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
# the maps as built before LabelsInView; Gwadar on routes.html, whose point is off the screen, is hidden).
CASES = [
    ("routes", "en", ["Uzbekistan"]),
    (None, "en", ["Azerbaijan"]),
    (None, "ur", ["آذربائیجان"]),
    (None, "ru", ["Азербайджан", "Хунджерабский перевал"]),
    ("tapi", "en", ["Almaty", "Kashgar"]),
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
