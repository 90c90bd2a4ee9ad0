"""Accessibility: axe-core on every map (no serious or critical violation), keyboard access, the text table."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import corridormap as cm

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Browser, Page

    from conftest import CdnResolver, MapPage

    OpenPage = Callable[[Path | str], MapPage]

AXE = "axe-core@4.11.0"
MAPS = [None, *cm.corridor_ids(), "routes"]  # "routes": routes.html


def axe_violations(page: Page, resolver: CdnResolver) -> list[dict[str, object]]:
    """axe-core's violations on the page as loaded (WCAG 2.1 A and AA rules and best practices)."""
    script = resolver.package_dir(resolver.cache, AXE) / "axe.min.js"
    page.add_script_tag(content=script.read_text(encoding="utf-8"))
    result: list[dict[str, object]] = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(
               v => ({id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help,
                      first: v.nodes[0].target.join(' ')}))"""
    )
    return result


@pytest.mark.parametrize("corridor_id", MAPS, ids=lambda c: c or "overview")
def test_axe_finds_no_serious_or_critical_violation(
    page_for: OpenPage, cdn_resolver: CdnResolver, built: Path, corridor_id: str | None
) -> None:
    name = "index" if corridor_id is None else corridor_id.lower()
    mp = page_for(built / f"{name}.html")
    violations = axe_violations(mp.page, cdn_resolver)
    if out := os.environ.get("CORRIDORMAP_AXE_REPORT"):  # counts for the closing note
        with Path(out).open("a", encoding="utf-8") as f:
            f.write(json.dumps({"map": name, "violations": violations}) + "\n")
    bad = [v for v in violations if v["impact"] in {"serious", "critical"}]
    assert bad == [], json.dumps(bad, indent=1)


@pytest.mark.parametrize("lang", ["ur", "ru"])
def test_axe_finds_no_serious_or_critical_violation_in_urdu_and_russian(
    page_for: OpenPage, cdn_resolver: CdnResolver, tmp_path: Path, lang: str
) -> None:
    cm.build_maps(tmp_path, lang=lang)
    for name in ("index", "routes"):  # the overview, and the journeys in the same language
        mp = page_for(tmp_path / lang / f"{name}.html")
        violations = axe_violations(mp.page, cdn_resolver)
        if out := os.environ.get("CORRIDORMAP_AXE_REPORT"):
            with Path(out).open("a", encoding="utf-8") as f:
                f.write(json.dumps({"map": f"{lang}/{name}", "violations": violations}) + "\n")
        bad = [v for v in violations if v["impact"] in {"serious", "critical"}]
        assert bad == [], (name, json.dumps(bad, indent=1, ensure_ascii=False))


def test_keyboard_reaches_the_table_and_every_corridor_popup(page_for: OpenPage, built: Path) -> None:
    mp = page_for(built / "index.html")
    page = mp.page
    assert page.evaluate("() => document.documentElement.lang") == "en"
    assert "corridors" in page.title().lower()
    page.keyboard.press("Tab")  # the first Tab: the table link, shown with a focus ring
    focused = page.locator(":focus")
    assert focused.get_attribute("href") == "corridors.html"
    assert focused.is_visible()
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
    for n, cid in enumerate(cm.corridor_ids(), start=1):
        page.keyboard.press("Tab")
        assert page.locator(":focus").inner_text().startswith(f"{cid}:"), (n, cid)
        if cid == "TAPI":
            break
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(state="visible")
    assert page.evaluate("() => document.activeElement.classList.contains('leaflet-popup-content')")
    assert f"{cm.route_length('TAPI'):,.0f} km" in popup.inner_text()
    mp.screenshot("a11y_keyboard_popup")
    page.keyboard.press("Escape")
    page.locator(".leaflet-popup").wait_for(state="detached")
    assert page.locator(":focus").inner_text().startswith("TAPI:")  # back where the reader was
    # Shapes are not in the tab order (Leaflet's tooltip focus listeners would put them there in Chromium).
    assert page.locator("path.leaflet-interactive:not([tabindex='-1'])").count() == 0
    mp.assert_clean()


def test_the_text_table(browser: Browser, cdn_resolver: CdnResolver, built: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((built / "corridors.html").resolve().as_uri())
    rows = page.locator("table").first.locator("tr")
    assert rows.count() == len(cm.corridor_ids()) + 1
    text = page.locator("table").first.inner_text()
    for cid in cm.corridor_ids():
        assert f"{cm.route_length(cid):,.0f} km" in text, cid
    assert page.locator("table caption", has_text="TAPI: border crossings").count() == 1
    assert (
        len(cm.crossings("TAPI"))
        == page.locator("table", has=page.locator("caption", has_text="TAPI:")).locator("tr").count() - 1
    )
    violations = axe_violations(page, cdn_resolver)
    assert violations == [], json.dumps(violations, indent=1)
    # Every map links to the table.
    for name in ("index", "tapi"):
        assert "href=corridors.html" in (built / f"{name}.html").read_text(encoding="utf-8")
    page.screenshot(path=str(built / "table_phone.png"), full_page=False)
    assert requests == [(built / "corridors.html").resolve().as_uri()]  # no script, no network
    context.close()
