"""What the maps load: Leaflet and its plugins only; self-contained maps inline them from vendored, hashed files."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from importlib.resources import files
from typing import TYPE_CHECKING

import pytest

import corridormap as cm
from corridormap.maps import assets

if TYPE_CHECKING:
    from pathlib import Path

DROPPED = ("jquery", "bootstrap", "fontawesome", "awesome-markers", "glyphicons", "awesome.rotate")


@pytest.fixture(scope="module")
def self_contained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("self_contained")
    cm.build_maps(out, self_contained=True)
    return out


@pytest.mark.parametrize("corridor_id", [None, "TAPI"])
def test_maps_load_leaflet_and_their_plugins_only(corridor_id: str | None) -> None:
    page = cm.build_map(corridor_id).get_root().render()
    urls = re.findall(r'(?:src|href)="(https://[^"]+\.(?:js|css))"', page)
    assert any("leaflet@" in u and u.endswith("leaflet.js") for u in urls)
    for url in urls:
        assert not any(d in url.lower() for d in DROPPED), url
    assert "$(`" not in page  # popups need no jQuery
    assert 'id="cm-no-scripts"' in page or "id=cm-no-scripts" in page  # the failure message is there, hidden


def test_vendored_files_match_their_manifest() -> None:
    vendor = files("corridormap.maps").joinpath("vendor")
    entries = assets.vendored()
    assert len(entries) >= 8
    for url, entry in entries.items():
        assert entry["version"] in url, url
        assert entry["licence"] in {"BSD-2-Clause", "BSD-3-Clause", "MIT"}, url
        assert entry["npm_integrity"].startswith("sha512-")
        data = vendor.joinpath(entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], url
        assert vendor.joinpath(entry["licence_file"]).read_text("utf-8").strip(), url


def test_self_contained_maps_load_nothing_from_the_network(self_contained: Path) -> None:
    pages = sorted(self_contained.glob("*.html"))
    assert {p.name for p in pages} >= {"index.html", "tapi.html"}
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert path.stat().st_size <= assets.MAX_BYTES, path.name
        assert re.findall(r'<script[^>]+src="http', html) == [], path.name
        assert re.findall(r'<link[^>]+href="http', html) == [], path.name
        assert "url(images/" not in html, path.name  # stylesheet images are data: URIs
        if path.name == "corridors.html":  # the text table: no script at all
            assert "<script" not in html
            continue
        assert "Leaflet 1.9.3" in html, path.name  # the licence banner stays
        if path.name != "routes.html":
            assert "L.tileLayer" in html  # the tiles are there to switch on ...
            assert "L.Control.MiniMap" not in html  # ... but nothing loads them by itself (no minimap)


def test_inline_assets_names_a_file_it_cannot_inline() -> None:
    page = '<script src="https://example.org/plugin.js"></script>'
    with pytest.raises(cm.CorridorDataError, match=r"example\.org/plugin\.js.*scripts/vendor_assets\.py"):
        assets.inline_assets(page)


def test_cli_self_contained(tmp_path: Path) -> None:
    out = tmp_path / "maps"
    proc = subprocess.run(
        [sys.executable, "-m", "corridormap.cli", "build", "--self-contained", "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "<script src=" not in html
