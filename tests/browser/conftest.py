"""Offline Playwright harness for folium pages.

Every request a page makes is intercepted: CDN assets are served from npm
packages (see cdn_assets.json, fetched by scripts/fetch_cdn_assets.py), map
tiles get a blank PNG, the page itself loads, and anything else is aborted and
recorded so that a test can fail on it.
"""

from __future__ import annotations

import importlib.util
import json
import mimetypes
import os
import re
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Page,
    Route,
    sync_playwright,
)

import corridormap as cm

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from types import ModuleType

REPO = Path(__file__).resolve().parents[2]
MANIFEST = Path(__file__).with_name("cdn_assets.json")
ARTIFACTS = REPO / "tests" / "artifacts"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# A tile request: a known tile host (or any host with "tile" in its name) and a
# path ending in three integers z/x/y (any order), optionally @2x and an image
# extension (Esri's services have none). Everything else is not a tile.
TILE_URL_RE = re.compile(
    r"^https?://"
    r"(?:[a-z0-9-]+\.)*"
    r"(?:[a-z0-9-]*tile[a-z0-9-]*\.[a-z0-9.-]+"  # tile.openstreetmap.org, *.tiles.*
    r"|openstreetmap\.(?:org|fr|de)"
    r"|basemaps\.cartocdn\.com"
    r"|server\.arcgisonline\.com)"
    r"/(?:[^?#]*/)?\d+/\d+/\d+(?:@2x)?(?:\.(?:png|jpe?g|webp))?(?:[?#].*)?$",
    re.IGNORECASE,
)

CONTENT_TYPES = {
    ".js": "application/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".gif": "image/gif",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".eot": "application/vnd.ms-fontobject",
}


def _blank_png(size: int = 256, rgb: tuple[int, int, int] = (236, 236, 236), *, alpha: bool = False) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + (bytes([*rgb, 0]) if alpha else bytes(rgb)) * size
    header = struct.pack(">IIBBBBB", size, size, 8, 6 if alpha else 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * size, 9))
        + chunk(b"IEND", b"")
    )


BLANK_TILE = _blank_png()
#: Label ("reference") overlays are transparent where they have no text: blank ones must be too.
CLEAR_TILE = _blank_png(alpha=True)
OVERLAY_TILE_RE = re.compile(r"_Reference/|/labels?/|_only_labels", re.IGNORECASE)
FA_ROTATE_CSS = "".join(f".fa-rotate-{n}{{transform:rotate({n}deg)}}" for n in range(361)).encode()
GENERATED = {"fa-rotate": FA_ROTATE_CSS}


def _load_fetcher() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fetch_cdn_assets", REPO / "scripts" / "fetch_cdn_assets.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class CdnResolver:
    """Maps CDN URLs to (body, content type) using cdn_assets.json."""

    cache: Path
    assets: list[dict[str, str]]
    package_dir: Callable[[Path, str], Path]

    def resolve(self, url: str) -> tuple[bytes, str] | None:
        parts = urlsplit(url)
        bare = f"{parts.scheme}://{parts.netloc}{unquote(parts.path)}"
        best: dict[str, str] | None = None
        for entry in self.assets:
            prefix = entry["url"]
            if bare == prefix:
                best = entry
                break
            longer = best is None or len(prefix) > len(best["url"])
            if prefix.endswith("/") and bare.startswith(prefix) and longer:
                best = entry
        if best is None:
            return None
        if "generated" in best:
            return GENERATED[best["generated"]], CONTENT_TYPES[".css"]
        rel = best["path"] + bare[len(best["url"]) :] if best["url"].endswith("/") else best["path"]
        root = self.package_dir(self.cache, best["package"]).resolve()
        file = (root / rel).resolve()
        if not file.is_file() or not file.is_relative_to(root):
            return None
        ctype = CONTENT_TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0]
        return file.read_bytes(), ctype or "application/octet-stream"


@dataclass
class MapPage:
    """An opened page plus everything the interceptor and listeners saw."""

    page: Page
    url: str
    served: list[str] = field(default_factory=list)
    tiles: list[str] = field(default_factory=list)
    unexpected_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        """Fail on blocked requests, console errors, uncaught errors or dialogs."""
        assert self.unexpected_requests == [], "unexpected requests"
        assert self.console_errors == [], "console errors"
        assert self.page_errors == [], "uncaught page errors"
        assert self.dialogs == [], "dialogs opened"

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / ".gitignore").write_text("*\n")
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), animations="disabled")
        return path


def _is_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


@pytest.fixture(scope="session")
def tile_url_re() -> re.Pattern[str]:
    """The matcher deciding which requests get the blank tile."""
    return TILE_URL_RE


@pytest.fixture(scope="session")
def cdn_resolver() -> CdnResolver:
    """Fetches the npm stand-ins once per session if the cache is incomplete."""
    fetcher = _load_fetcher()
    cache = Path(os.environ.get("CORRIDORMAP_CDN_CACHE", fetcher.DEFAULT_CACHE)).resolve()
    try:
        fetcher.fetch(cache, MANIFEST)
    except fetcher.FetchError as exc:
        pytest.fail(f"cannot prepare offline CDN assets: {exc}")
    assets: list[dict[str, str]] = json.loads(MANIFEST.read_text())["assets"]
    return CdnResolver(cache=cache, assets=assets, package_dir=fetcher.package_dir)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default maps (CDN build, English), built once for every browser test that only reads them."""
    out = tmp_path_factory.mktemp("maps")
    cm.build_maps(out)
    return out


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    exe = os.environ.get("CORRIDORMAP_CHROMIUM", DEFAULT_CHROMIUM)
    if not (Path(exe).is_file() and os.access(exe, os.X_OK)):
        msg = (
            f"no Chromium binary at {exe!r}. Install Debian's: "
            "`apt-get update && apt-get install -y chromium`, "
            "or set CORRIDORMAP_CHROMIUM to a chromium executable."
        )
        if _is_ci():
            pytest.fail(msg)
        pytest.skip(msg)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=exe, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page_for(browser: Browser, cdn_resolver: CdnResolver) -> Iterator[Callable[[Path | str], MapPage]]:
    """Return ``open(target, viewport=(w, h), mobile=False)``: load a saved HTML file (or a local http URL) offline.

    ``mobile`` emulates a phone: a touch screen and the mobile viewport meta tag honoured.
    """
    contexts: list[BrowserContext] = []

    def open_page(target: Path | str, *, viewport: tuple[int, int] = (1200, 800), mobile: bool = False) -> MapPage:
        url = target.resolve().as_uri() if isinstance(target, Path) else target
        parts = urlsplit(url)
        own_origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme in {"http", "https"} else None
        context = browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]}, is_mobile=mobile, has_touch=mobile
        )
        contexts.append(context)
        context.set_default_timeout(10_000)
        page = context.new_page()
        result = MapPage(page=page, url=url)

        def handle(route: Route) -> None:
            req_url = route.request.url
            if req_url.split("#")[0] == url.split("#")[0] or (own_origin and req_url.startswith(own_origin + "/")):
                route.continue_()
            elif TILE_URL_RE.match(req_url):
                result.tiles.append(req_url)
                route.fulfill(
                    status=200,
                    content_type="image/png",
                    body=CLEAR_TILE if OVERLAY_TILE_RE.search(req_url) else BLANK_TILE,
                    headers={"Access-Control-Allow-Origin": "*"},
                )
            elif (asset := cdn_resolver.resolve(req_url)) is not None:
                result.served.append(req_url)
                body, ctype = asset
                # Fonts are fetched in CORS mode; without this header they fail.
                route.fulfill(
                    status=200,
                    content_type=ctype,
                    body=body,
                    headers={"Access-Control-Allow-Origin": "*"},
                )
            else:
                result.unexpected_requests.append(req_url)
                route.abort("blockedbyclient")

        def on_console(msg: ConsoleMessage) -> None:
            if msg.type == "error":
                result.console_errors.append(f"{msg.text} @ {msg.location.get('url', '')}")

        def on_dialog(dialog: Dialog) -> None:
            result.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.route("**/*", handle)
        page.on("console", on_console)
        page.on("pageerror", lambda exc: result.page_errors.append(str(exc)))
        page.on("dialog", on_dialog)
        page.goto(url, wait_until="load")
        page.wait_for_function("() => window.L !== undefined && document.fonts.status === 'loaded'")
        return result

    yield open_page
    for context in contexts:
        context.close()
