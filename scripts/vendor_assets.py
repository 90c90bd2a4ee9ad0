#!/usr/bin/env python3
"""Vendor the scripts and stylesheets the maps load into the package, for self-contained maps.

``corridormap build --self-contained`` inlines Leaflet and the plugins the maps use instead of
loading them from CDNs, and it must work from an installed wheel with no network. So the files
ship inside the package (``src/corridormap/maps/vendor/``), copied here from the npm tarballs that
``scripts/fetch_cdn_assets.py`` downloads and checks against their pinned sha512 integrity
(``tests/browser/cdn_assets.json``). ``vendor/manifest.json`` records, for every CDN URL the maps
load, the package, version, licence, tarball integrity, file and the file's sha256; each
package's licence file is copied beside its files. Images the stylesheets reference are copied
too (they become data: URIs when a map is inlined). The Urdu font the Urdu maps embed (subset per
page, see corridormap/maps/fonts.py) goes into ``vendor/fonts/`` with its licence and its own
``manifest.json``.

usage: .venv/bin/python scripts/vendor_assets.py
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VENDOR = REPO / "src" / "corridormap" / "maps" / "vendor"

#: CDN URL the maps load -> (npm package, file in the package). Minified where npm has it.
ASSETS = {
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js": ("leaflet@1.9.3", "dist/leaflet.js"),
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css": ("leaflet@1.9.3", "dist/leaflet.css"),
    "https://cdnjs.cloudflare.com/ajax/libs/topojson/1.6.9/topojson.min.js": ("topojson@1.6.9", "topojson.min.js"),
    "https://cdn.jsdelivr.net/npm/leaflet-polylineoffset@1.1.1/leaflet.polylineoffset.min.js": (
        "leaflet-polylineoffset@1.1.1",
        "leaflet.polylineoffset.js",
    ),
    "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js": (
        "leaflet.fullscreen@3.0.0",
        "Control.FullScreen.js",
    ),
    "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css": (
        "leaflet.fullscreen@3.0.0",
        "Control.FullScreen.css",
    ),
    "https://cdn.jsdelivr.net/npm/leaflet-measure@3.1.0/dist/leaflet-measure.js": (
        "leaflet-measure@3.1.0",
        "dist/leaflet-measure.js",
    ),
    "https://cdn.jsdelivr.net/npm/leaflet-measure@3.1.0/dist/leaflet-measure.ru.js": (
        "leaflet-measure@3.1.0",
        "dist/leaflet-measure.ru.js",
    ),
    "https://cdn.jsdelivr.net/npm/leaflet-measure@3.1.0/dist/leaflet-measure.css": (
        "leaflet-measure@3.1.0",
        "dist/leaflet-measure.css",
    ),
    "https://cdn.jsdelivr.net/npm/leaflet-search@4.0.0/dist/leaflet-search.min.js": (
        "leaflet-search@4.0.0",
        "dist/leaflet-search.min.js",
    ),
}
#: Fonts the maps embed: name -> (npm package, file in the package).
FONTS = {
    "noto-naskh-arabic": (
        "@fontsource/noto-naskh-arabic@5.3.0",
        "files/noto-naskh-arabic-arabic-400-normal.woff",  # WOFF (zlib): fontTools reads it without brotli
    ),
}
#: Licences of packages whose package.json does not name one in SPDX form (read from their LICENSE file).
LICENCE_FIXES = {"topojson@1.6.9": "BSD-3-Clause", "leaflet.fullscreen@3.0.0": "MIT"}
LICENCE_FILES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "license.txt")


def _fetcher() -> object:
    spec = importlib.util.spec_from_file_location("fetch_cdn_assets", REPO / "scripts" / "fetch_cdn_assets.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    fetcher = _fetcher()
    cache = fetcher.fetch()  # type: ignore[attr-defined]
    integrity = fetcher.load_packages()  # type: ignore[attr-defined]
    shutil.rmtree(VENDOR, ignore_errors=True)
    manifest: dict[str, dict[str, str]] = {}
    for url, (spec, rel) in ASSETS.items():
        src_root = fetcher.package_dir(cache, spec)  # type: ignore[attr-defined]
        meta = json.loads((src_root / "package.json").read_text(encoding="utf-8"))
        name, version = spec.rsplit("@", 1)
        dest_root = VENDOR / spec.replace("/", "__")
        files = [rel]
        if rel.endswith(".css"):  # the images the stylesheet loads, by relative path
            refs = re.findall(r"url\(['\"]?([^'\")#]+)['\"]?\)", (src_root / rel).read_text(encoding="utf-8"))
            files += [str(Path(rel).parent / ref) for ref in refs]
        for f in files:  # without npm's dist/ folder, which git (and so the wheel) ignores
            dest = dest_root / f.removeprefix("dist/")
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src_root / f, dest)
        licence_file = next(f for f in LICENCE_FILES if (src_root / f).is_file())
        shutil.copyfile(src_root / licence_file, dest_root / licence_file)
        manifest[url] = {
            "package": name,
            "version": version,
            "licence": LICENCE_FIXES.get(spec, meta.get("license", "")),
            "licence_file": f"{dest_root.name}/{licence_file}",
            "npm_integrity": integrity[spec],
            "file": f"{dest_root.name}/{rel.removeprefix('dist/')}",
            "sha256": hashlib.sha256((src_root / rel).read_bytes()).hexdigest(),
        }
        print(f"{url}\n  <- {spec}/{rel} ({manifest[url]['licence']})")
    (VENDOR / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    fonts: dict[str, dict[str, str]] = {}
    for name, (spec, rel) in FONTS.items():
        src_root = fetcher.package_dir(cache, spec)  # type: ignore[attr-defined]
        meta = json.loads((src_root / "package.json").read_text(encoding="utf-8"))
        dest_root = VENDOR / "fonts" / spec.rsplit("/", 1)[-1]
        dest_root.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src_root / rel, dest_root / Path(rel).name)
        shutil.copyfile(src_root / "LICENSE", dest_root / "LICENSE")
        fonts[name] = {
            "package": spec.rsplit("@", 1)[0],
            "version": spec.rsplit("@", 1)[1],
            "licence": meta["license"],
            "licence_file": f"{dest_root.name}/LICENSE",
            "npm_integrity": integrity[spec],
            "file": f"{dest_root.name}/{Path(rel).name}",
            "sha256": hashlib.sha256((src_root / rel).read_bytes()).hexdigest(),
        }
        print(f"font {name}\n  <- {spec}/{rel} ({fonts[name]['licence']})")
    (VENDOR / "fonts" / "manifest.json").write_text(json.dumps(fonts, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
