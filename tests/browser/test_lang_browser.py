"""The Urdu and Russian maps, offline: their labels in their script, Urdu right to left with its own font.

axe-core on the Urdu and Russian overviews: test_a11y_browser.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

import corridormap as cm

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from playwright.sync_api import Browser

    from conftest import MapPage

    OpenPage = Callable[..., MapPage]

# The labels drawn at the page's zoom: text, direction, width and the font the browser chose.
SHOWN_LABELS = """() => [...document.querySelectorAll('.leaflet-marker-pane .cm-lbl span')]
    .filter(s => s.getBoundingClientRect().width > 0)
    .map(s => ({text: s.textContent, dir: getComputedStyle(s).direction, width: s.getBoundingClientRect().width}))"""


@pytest.fixture(scope="module")
def languages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("languages")
    cm.build_maps(out, self_contained=True, lang=("en", "ur", "ru"))
    return out


def _offline(page_for: OpenPage, path: Path, **kwargs: object) -> MapPage:
    mp = page_for(path, **kwargs)
    mp.page.wait_for_function("() => document.querySelectorAll('path.cm-corridor').length")
    mp.page.wait_for_timeout(300)  # anything the page would still fetch is asked for by now
    return mp


def _assert_no_network(mp: MapPage) -> None:
    assert mp.served == []
    assert mp.tiles == []
    mp.assert_clean()  # no other request, no error


@pytest.mark.parametrize(("viewport", "mobile"), [((390, 844), True), ((1920, 1080), False)], ids=["phone", "desktop"])
def test_the_urdu_overview_reads_right_to_left_in_urdu(
    page_for: OpenPage, languages: Path, viewport: tuple[int, int], *, mobile: bool
) -> None:
    mp = _offline(page_for, languages / "ur" / "index.html", viewport=viewport, mobile=mobile)
    page = mp.page
    assert page.evaluate("() => [document.documentElement.lang, document.documentElement.dir]") == ["ur", "rtl"]
    labels = page.evaluate(SHOWN_LABELS)
    urdu = [lbl for lbl in labels if any("\u0600" <= c <= "\u06ff" for c in lbl["text"])]
    assert len(urdu) >= 5, labels
    assert all(lbl["dir"] == "rtl" and lbl["width"] > 8 for lbl in urdu), urdu
    texts = {lbl["text"] for lbl in urdu}
    assert {"ایران", "بھارت"} <= texts  # Natural Earth's NAME_UR
    if not mobile:
        assert {"افغانستان", "گوادر", "کراچی", "تاشقند"} <= texts  # countries and sourced node names
        page.evaluate("() => { location.hash = 'map=7/30.4/69.4'; }")  # Pakistan's own name shows from zoom 7
        page.wait_for_function("() => document.querySelector('.folium-map').classList.contains('cm-z7')")
        assert "پاکستان" in {lbl["text"] for lbl in page.evaluate(SHOWN_LABELS)}
    # The page's own Urdu font drew them (the system here has no font with every Urdu letter).
    fonts = page.evaluate("() => [...document.fonts].map(f => [f.family, f.status])")
    assert ["cm-urdu", "loaded"] in fonts
    assert page.locator(".cm-legend > summary").inner_text() == "کلید"
    assert page.evaluate("() => getComputedStyle(document.querySelector('.cm-panel')).direction") == "rtl"
    assert page.evaluate("() => getComputedStyle(document.querySelector('.leaflet-container')).direction") == "ltr"
    mp.screenshot(f"lang_ur_overview_{'phone' if mobile else 'desktop'}")
    _assert_no_network(mp)


def test_the_russian_overview_names_places_in_russian(page_for: OpenPage, languages: Path) -> None:
    mp = _offline(page_for, languages / "ru" / "index.html", viewport=(1920, 1080))
    page = mp.page
    assert page.evaluate("() => [document.documentElement.lang, document.documentElement.dir]") == ["ru", ""]
    texts = {lbl["text"] for lbl in page.evaluate(SHOWN_LABELS)}
    assert {"Афганистан", "Иран", "Гвадар", "Карачи", "Ташкент"} <= texts, texts
    page.evaluate("() => { location.hash = 'map=7/30.4/69.4'; }")
    page.wait_for_function("() => document.querySelector('.folium-map').classList.contains('cm-z7')")
    assert "Пакистан" in {lbl["text"] for lbl in page.evaluate(SHOWN_LABELS)}
    assert page.locator(".cm-legend > summary").inner_text() == "Легенда"
    mp.screenshot("lang_ru_overview_desktop")
    _assert_no_network(mp)


def test_the_urdu_corridor_popup_keeps_numbers_readable(page_for: OpenPage, languages: Path) -> None:
    mp = _offline(page_for, languages / "ur" / "tapi.html", viewport=(1200, 800))
    page = mp.page
    page.goto(mp.url + "#corridor=tapi")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(state="visible")
    text = popup.inner_text()
    assert "لمبائی" in text  # "Length", the section headings in Urdu ...
    assert "1,771 km" in text.replace("\u2068", "").replace("\u2069", "")  # ... the number as written
    # Laid out, "1,771 km" reads in that order: the number left of its unit.
    order = page.evaluate(
        """() => {
            const p = [...document.querySelectorAll('.leaflet-popup-content .cm-sum')][1];
            const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                const at = n.textContent.indexOf('1,771 km');
                if (at < 0) continue;
                const r = document.createRange();
                r.setStart(n, at); r.setEnd(n, at + 5); const num = r.getBoundingClientRect();
                r.setStart(n, at + 6); r.setEnd(n, at + 8); const unit = r.getBoundingClientRect();
                return [num.left, unit.left];
            }
            return null;
        }"""
    )
    assert order is not None
    assert order[0] < order[1]
    mp.assert_clean()


def test_the_languages_link_to_each_other(page_for: OpenPage, languages: Path) -> None:
    mp = _offline(page_for, languages / "ur" / "index.html")
    links = mp.page.locator(".cm-langs a")
    assert links.all_inner_texts() == ["English", "Русский"]
    assert links.first.get_attribute("hreflang") == "en"
    for href in [a.get_attribute("href") for a in links.all()]:
        assert href is not None
        assert (languages / "ur" / href).resolve().is_file()


@pytest.mark.parametrize(
    ("lang", "country", "english", "button", "timeline", "end_of_2015"),
    [
        ("ru", "Пакистан", "Pakistan", "Поиск по карте", "Хронология: сейчас", "Конец 2015 г.: "),
        ("ur", "پاکستان", "Pakistan", "اس نقشے میں تلاش کریں", "ٹائم لائن: اب", "کے اختتام پر: "),
    ],
)
def test_search_and_timeline_speak_the_page_language(
    page_for: OpenPage,
    languages: Path,
    lang: str,
    country: str,
    english: str,
    button: str,
    timeline: str,
    end_of_2015: str,
) -> None:
    mp = _offline(page_for, languages / lang / "index.html")
    page = mp.page
    search = page.locator(".leaflet-control-search .search-button")
    assert search.get_attribute("aria-label") == button
    search.click()
    box = page.locator(".leaflet-control-search input")
    # The country by its name in the page's script, and by its English name.
    for typed in (country, english):
        box.fill("")
        box.press_sequentially(typed, delay=20)
        page.wait_for_function("(t) => document.querySelector('.cm-search-status').textContent.includes(t)", arg=typed)
        first = page.locator(".search-tip").first.inner_text().split("\n")[0]
        assert first == country, (typed, first)
    page.keyboard.press("Enter")
    page.locator(".leaflet-popup-content").last.wait_for(state="visible")
    page.keyboard.press("Escape")
    # The timeline's words.
    assert page.locator(".cm-when > summary").inner_text() == timeline
    page.locator(".cm-when > summary").click()
    page.locator("#cm-when-year").fill("2015")  # (the arrow keys run right to left on the Urdu page)
    told = page.locator(".cm-when-told").inner_text()
    assert end_of_2015 in told and "2015" in told, told
    assert not any(w in told for w in ("End of", "operating", "proposed")), told
    mp.assert_clean()


@pytest.mark.parametrize(
    "page", ["sources/index.html", "ur/sources/index.html", "ru/sources/index.html", "ur/corridors.html"]
)
def test_text_pages_fit_a_phone_screen(browser: Browser, languages: Path, page: str) -> None:
    """The list of sources and the text table on a 390 px phone: no line runs past the screen (long URLs wrap; a wide table scrolls in its own box)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        tab = context.new_page()
        tab.goto((languages / page).as_uri())
        overflowing = tab.evaluate(
            """() => [...document.querySelectorAll('li, p, h1, h2')]
                .filter(e => e.getBoundingClientRect().right > innerWidth + 1 || e.getBoundingClientRect().left < -1)
                .map(e => e.textContent.slice(0, 60))"""
        )
        assert overflowing == []
        assert tab.evaluate("() => document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


@pytest.mark.parametrize(("folder", "marked"), [("ru", '<span lang="en">Port Qasim</span>'), ("ur", 'dir="ltr"')])
def test_the_routes_map_speaks_its_language_and_keeps_names_marked(
    page_for: OpenPage, languages: Path, folder: str, marked: str
) -> None:
    """Offline, in its language (Urdu right to left, with its font); a port the data names only in English,
    once chosen, keeps its English mark in the panel's heading."""
    mp = page_for(languages / folder / "routes.html")
    page = mp.page
    page.wait_for_selector(".cm-side svg polyline")
    assert page.evaluate("() => document.documentElement.lang") == folder
    heading = page.locator(".cm-journeys .cm-pair-name")
    before = heading.inner_text()
    assert "Port Qasim" not in before
    page.select_option("#cm-to", "port_qasim")
    assert heading.inner_text() != before
    assert "Port Qasim" in heading.inner_text()
    html = heading.inner_html()
    assert marked in html
    assert '<span lang="en"' in html
    if folder == "ur":
        assert page.evaluate("() => document.documentElement.dir") == "rtl"
        assert page.evaluate("() => [...document.fonts].some((f) => f.family === 'cm-urdu')")  # embedded
        assert "←" in heading.inner_text()
    assert mp.served == []
    mp.assert_clean()
