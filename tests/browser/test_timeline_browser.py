"""The milestones timeline: the year slider redraws every line in its status at that date, from the data.

Offline like every browser test: the maps are built self-contained and any request fails the test.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

import corridormap as cm
from corridormap.maps.style import STYLE
from corridormap.periods import counted_from

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from playwright.sync_api import Page

    from conftest import CdnResolver, MapPage

    OpenPage = Callable[..., MapPage]

LINES = """() => [...document.querySelectorAll('path.cm-corridor')].map(p => ({
    id: p.dataset.segment, status: p.dataset.status, shown: p.style.display !== 'none',
    dash: p.getAttribute('stroke-dasharray'), colour: p.getAttribute('stroke')}))"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("timeline")
    cm.build_maps(out, self_contained=True)
    return out


def _serious_axe_violations(page: Page, resolver: CdnResolver) -> list[str]:
    """axe-core's serious and critical violations (as test_a11y_browser runs it on every map)."""
    script = resolver.package_dir(resolver.cache, "axe-core@4.11.0") / "axe.min.js"
    page.add_script_tag(content=script.read_text(encoding="utf-8"))
    return page.evaluate(  # type: ignore[no-any-return]
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
               .filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.help)"""
    )


def _open_timeline(mp: MapPage) -> None:
    """Open the panel with the keyboard, as a reader without a mouse would."""
    page = mp.page
    page.locator(".cm-when > summary").focus()
    page.keyboard.press("Enter")
    page.locator("#cm-when-year").wait_for(state="visible")


def _move_to(mp: MapPage, year: int) -> None:
    """Move the slider with the arrow keys: End, then Left until ``year``."""
    page = mp.page
    slider = page.locator("#cm-when-year")
    slider.focus()
    page.keyboard.press("End")
    for _ in range(int(slider.get_attribute("max") or 0) - year):
        page.keyboard.press("ArrowLeft")
    assert slider.input_value() == str(year)


def _built_after(year: int) -> set[str]:
    """Segments whose history dates their operation (date or 'by') after the end of ``year``."""
    end = dt.date(year, 12, 31)
    out = set()
    for row in cm.corridors().itertuples():
        for entry in row.status_history:
            when = entry["date"] or entry.get("by")
            if entry["status"] == "operating" and when and counted_from(when) > end:
                out.add(row.id)
    return out


@pytest.mark.parametrize("name", ["index", "casa-1000"])
def test_moving_to_2015_shows_no_line_built_later(page_for: OpenPage, built: Path, name: str) -> None:
    mp = page_for(built / f"{name}.html")
    page = mp.page
    page.wait_for_function("() => document.querySelectorAll('path.cm-corridor').length")
    _open_timeline(mp)
    _move_to(mp, 2015)
    lines = page.evaluate(LINES)
    expected = cm.status_on(2015).set_index("id")
    later = _built_after(2015)
    assert "casa-1000-ac" in later  # operating from March 2025: the test has something to catch
    for line in lines:
        status = expected.loc[line["id"], "status"]
        assert line["status"] == (status or "none"), line
        assert line["shown"] == (status is not None), line
        if line["id"] in later:
            assert not line["shown"] or line["dash"] is not None, line  # not drawn solid, as operating lines are
        if status in STYLE["status"]:
            assert line["dash"] == STYLE["status"][status]["dash"], line
        if status == "unknown":
            assert line["colour"] == "#8c8c8c", line
    assert {line["id"] for line in lines} == set(cm.status_on(2015, corridor=None if name == "index" else name)["id"])
    told = page.locator(".cm-when-told").inner_text()
    assert told.startswith("End of 2015: ")
    if name == "index":  # the two events of 2015, as text
        events = page.locator(".cm-when-events li").all_inner_texts()
        assert events == [f"{d} {c}: {t}" for d, c, t in _events(2015)]
    mp.screenshot(f"timeline_2015_{name}")
    # Back to now: every line as built, in its current status.
    page.keyboard.press("End")
    now = page.evaluate(LINES)
    current = cm.corridors().set_index("id")["status"]
    assert all(line["shown"] and line["status"] == current[line["id"]] for line in now)
    mp.assert_clean()


def _events(year: int) -> list[tuple[str, str, str]]:
    events = cm.timeline_events()
    rows = events[events["year"] == year]
    return [(r.date, r.corridor if isinstance(r.corridor, str) else r.country, r.text) for r in rows.itertuples()]


def test_play_runs_through_the_years_and_stops(page_for: OpenPage, built: Path) -> None:
    mp = page_for(built / "tapi.html")
    page = mp.page
    _open_timeline(mp)
    _move_to(mp, 2024)
    play = page.locator(".cm-when-row button")
    assert play.get_attribute("aria-label") == "Play the years"
    play.press("Enter")
    assert play.get_attribute("aria-label") == "Pause"
    page.wait_for_function(
        "() => document.querySelector('#cm-when-year').value === document.querySelector('#cm-when-year').max",
        timeout=8000,
    )
    page.wait_for_function("() => document.querySelector('.cm-when-row button').ariaLabel === 'Play the years'")
    assert page.locator(".cm-when > summary").inner_text() == "Timeline: now"
    mp.assert_clean()


def test_play_steps_through_the_years_in_which_something_happens(page_for: OpenPage, built: Path) -> None:
    mp = page_for(built / "index.html")
    page = mp.page
    _open_timeline(mp)
    marks = [int(v) for v in page.eval_on_selector_all("#cm-when-marks option", "os => os.map(o => o.value)")]
    assert marks == sorted(set(marks))
    assert set(cm.timeline_events()["year"]) <= set(marks)  # every year with an event is a stop
    assert marks[-1] - marks[0] > 2 * len(marks)  # far fewer stops than years: there is something to skip
    page.evaluate(
        """() => { window.seen = []; const slider = document.querySelector('#cm-when-year');
                   new MutationObserver(() => seen.push(Number(slider.value))).observe(
                       document.querySelector('.cm-when-row output'), {childList: true, characterData: true,
                                                                       subtree: true}); }"""
    )
    play = page.locator(".cm-when-row button")
    play.press("Enter")
    page.wait_for_function("() => seen.length >= 4", timeout=8000)
    play.press("Enter")  # pause
    seen = page.evaluate("() => seen")
    assert seen == marks[: len(seen)], (seen, marks)
    mp.assert_clean()


def test_on_a_phone_the_open_timeline_leaves_the_map_in_view(page_for: OpenPage, built: Path) -> None:
    mp = page_for(built / "index.html", viewport=(390, 844), mobile=True)
    page = mp.page
    closed = page.locator(".cm-when").bounding_box()
    assert closed is not None and closed["height"] < 40  # one line until opened
    _open_timeline(mp)
    _move_to(mp, 2015)
    box = page.locator(".cm-when").bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= 390 and box["y"] + box["height"] <= 844 / 3, box
    assert box["width"] * box["height"] <= 390 * 844 / 5, box
    mp.screenshot("timeline_phone_2015")
    mp.assert_clean()


def test_axe_with_the_timeline_open(page_for: OpenPage, cdn_resolver: CdnResolver, built: Path) -> None:
    mp = page_for(built / "index.html")
    _open_timeline(mp)
    _move_to(mp, 2018)
    mp.page.locator(".cm-when details").last.locator("summary").click()  # "How to read it"
    assert _serious_axe_violations(mp.page, cdn_resolver) == []
    label = mp.page.evaluate("() => document.querySelector('#cm-when-year').labels[0].textContent")
    assert label == "Year"
    assert mp.page.locator("#cm-when-year").get_attribute("aria-valuetext") == "2018"


def test_the_year_travels_in_the_link(page_for: OpenPage, built: Path) -> None:
    url = (built / "tapi.html").resolve().as_uri() + "#map=6/36/64&year=2015"
    mp = page_for(url)
    page = mp.page
    page.wait_for_function("() => document.querySelector('#cm-when-year').value === '2015'")
    assert page.locator(".cm-when > summary").inner_text() == "Timeline: 2015"
    assert page.locator(".cm-when-told").text_content().startswith("End of 2015: ")  # type: ignore[union-attr]
    expected = cm.status_on(2015, corridor="tapi").set_index("id")["status"]
    lines = page.evaluate(LINES)
    assert lines and all(line["status"] == (expected[line["id"]] or "none") for line in lines)
    # Moving the map keeps the year; moving the slider rewrites it; back to now drops it.
    page.locator(".leaflet-control-zoom-in").click()
    page.wait_for_function("() => location.hash.startsWith('#map=7/') && location.hash.endsWith('&year=2015')")
    _open_timeline(mp)
    page.locator("#cm-when-year").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.hash.includes('year=2016') && !location.hash.includes('year=2015')")
    page.keyboard.press("End")
    page.wait_for_function("() => location.hash.startsWith('#map=') && !location.hash.includes('year=')")
    # A pasted link with another year moves the slider; a malformed year is ignored (now).
    page.evaluate("() => { location.hash = '#map=6/36/64&year=2010'; }")
    page.wait_for_function("() => document.querySelector('#cm-when-year').value === '2010'")
    page.evaluate("() => { location.hash = '#map=6/36/64&year=<b>'; }")
    page.wait_for_function(
        "() => document.querySelector('#cm-when-year').value === document.querySelector('#cm-when-year').max"
    )
    mp.assert_clean()
