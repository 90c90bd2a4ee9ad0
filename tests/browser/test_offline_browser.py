"""Self-contained maps with every network request refused; the CDN build's message when its scripts or tiles fail."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pytest

import corridormap as cm

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from playwright.sync_api import Browser, Page, Route

    from conftest import CdnResolver


@dataclass
class Refused:
    """A page whose every request but the page itself was refused, and what it asked for."""

    page: Page
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


# The middle of a drawn path, in page coordinates, if that path is the topmost element there.
POINT_ON_PATH = """(selector) => {
    for (const path of document.querySelectorAll(selector)) {
        const total = path.getTotalLength(), m = path.getScreenCTM();
        for (const f of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
            const p = path.getPointAtLength(total * f);
            const x = m.a * p.x + m.c * p.y + m.e, y = m.b * p.x + m.d * p.y + m.f;
            if (document.elementFromPoint(x, y) === path) return [x, y];
        }
    }
    return null;
}"""


def open_popup(page: Page, cid: str) -> str:
    xy = page.wait_for_function(POINT_ON_PATH, arg=f"path.cm-{cid.lower()}").json_value()
    page.mouse.click(*xy)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(state="visible")
    return popup.inner_text()


@pytest.fixture
def refusing(browser: Browser) -> Iterator[Callable[..., Refused]]:
    """Return ``open(path, serve=None)``: load a file, refusing every other request unless ``serve(url)`` answers it."""
    contexts = []

    def open_page(path: Path, serve: Callable[[str], tuple[bytes, str] | None] | None = None) -> Refused:
        context = browser.new_context(viewport={"width": 1200, "height": 800})
        contexts.append(context)
        context.set_default_timeout(10_000)
        page = context.new_page()
        url = path.resolve().as_uri()
        result = Refused(page)

        def handle(route: Route) -> None:
            if route.request.url.split("#")[0] == url:
                route.continue_()
            elif serve is not None and (answer := serve(route.request.url)) is not None:
                body, ctype = answer
                route.fulfill(status=200, content_type=ctype, body=body, headers={"Access-Control-Allow-Origin": "*"})
            else:
                route.abort("internetdisconnected")

        def on_request(request: object) -> None:
            req = request.url  # type: ignore[attr-defined]
            if req.split("#")[0] != url and not req.startswith("data:"):
                result.requests.append(req)

        page.route("**/*", handle)
        page.on("request", on_request)
        page.on("pageerror", lambda exc: result.errors.append(str(exc)))
        page.goto(url, wait_until="load")
        return result

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def self_contained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("self_contained")
    cm.build_maps(out, self_contained=True)
    return out


@pytest.mark.parametrize("corridor_id", [None, "TAPI", "QTTA"], ids=lambda c: c or "overview")
def test_self_contained_map_with_no_network(
    refusing: Callable[..., Refused], self_contained: Path, corridor_id: str | None
) -> None:
    name = "index" if corridor_id is None else corridor_id.lower()
    opened = refusing(self_contained / f"{name}.html")
    page = opened.page
    page.wait_for_function("() => window.L !== undefined && document.querySelectorAll('path.cm-corridor').length")
    page.wait_for_timeout(500)  # anything the page would still fetch (fonts, images, tiles) is asked for by now
    shown = cm.corridor_ids() if corridor_id is None else [corridor_id]
    for cid in shown:
        drawn = page.locator(f"path.cm-corridor.cm-{cid.lower()}").count()
        assert drawn == len(cm.corridor(cid, include_alternatives=True)), cid
    assert page.locator("path.leaflet-interactive:not(.cm-corridor):not(.cm-point)").count() >= 11  # countries
    assert page.locator(".cm-title").is_visible()
    assert page.locator(".cm-legend").is_visible()
    assert page.locator(".leaflet-control-layers").count() == 1
    text = open_popup(page, shown[0])
    for km in cm.branch_lengths(shown[0])["km"]:  # one origin–destination length per branch (QTTA has two)
        assert f"{km:,.0f} km" in text
    assert page.locator("#cm-no-scripts").is_hidden()
    assert page.locator("#cm-no-tiles").is_hidden()
    page.screenshot(path=str(self_contained / f"{name}.png"), animations="disabled")
    assert opened.requests == []
    assert opened.errors == []


def test_cdn_build_says_when_its_scripts_fail(refusing: Callable[..., Refused], tmp_path: Path) -> None:
    cm.build_maps(tmp_path)
    opened = refusing(tmp_path / "index.html")
    message = opened.page.locator("#cm-no-scripts")
    message.wait_for(state="visible")
    assert "could not load its scripts" in message.inner_text()
    assert "--self-contained" in message.inner_text()
    assert any("leaflet" in r for r in opened.requests)  # it did try


def test_cdn_build_says_when_its_tiles_fail(
    refusing: Callable[..., Refused], cdn_resolver: CdnResolver, tmp_path: Path
) -> None:
    """Scripts load (served from the npm packages), tiles are refused: the map is drawn and says so."""
    cm.build_maps(tmp_path)
    opened = refusing(tmp_path / "tapi.html", serve=cdn_resolver.resolve)
    page = opened.page
    assert page.locator("#cm-no-scripts").count() == 1
    page.locator("#cm-no-tiles").wait_for(state="visible")
    assert page.locator("#cm-no-scripts").is_hidden()
    assert page.locator("path.cm-corridor.cm-tapi").count() == len(cm.corridor("TAPI", include_alternatives=True))
