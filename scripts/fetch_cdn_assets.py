#!/usr/bin/env python3
"""Fetch the npm packages that stand in for folium's CDN assets in browser tests.

Reads ``tests/browser/cdn_assets.json``, runs ``npm pack NAME@VERSION`` for each
package not yet in the cache, checks every tarball's sha512 against the pinned
registry integrity, and extracts it to ``<cache>/pkg/<name>@<version>/``.
Idempotent: a package whose directory carries a matching ``.integrity`` marker
is skipped, so a warm cache needs neither npm nor the network.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_MANIFEST = REPO / "tests" / "browser" / "cdn_assets.json"
DEFAULT_CACHE = REPO / ".cache" / "cdn"
MARKER = ".integrity"


class FetchError(RuntimeError):
    """Raised when a package cannot be fetched or fails verification."""


def load_packages(manifest: Path = DEFAULT_MANIFEST) -> dict[str, str]:
    """Return ``{"name@version": "sha512-..."}`` from the manifest."""
    packages: dict[str, str] = json.loads(manifest.read_text())["packages"]
    return packages


def package_dir(cache: Path, spec: str) -> Path:
    """Directory holding the extracted contents of ``spec`` (``name@version``)."""
    return cache / "pkg" / spec.replace("/", "__")


def sri_sha512(path: Path) -> str:
    digest = hashlib.sha512(path.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode()


def is_cached(cache: Path, spec: str, integrity: str) -> bool:
    marker = package_dir(cache, spec) / MARKER
    return marker.is_file() and marker.read_text().strip() == integrity


def _extract(tarball: Path, dest: Path) -> None:
    """Extract an npm tarball, dropping its single top-level folder."""
    tmp = Path(tempfile.mkdtemp(prefix=".extract-", dir=dest.parent))
    try:
        with tarfile.open(tarball, "r:gz") as tar:
            members = []
            for member in tar.getmembers():
                _, _, rest = member.name.partition("/")
                if rest:
                    member.name = rest
                    members.append(member)
            tar.extractall(tmp, members=members, filter="data")
        shutil.rmtree(dest, ignore_errors=True)
        tmp.rename(dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _npm_pack(specs: list[str], out: Path) -> dict[str, dict[str, str]]:
    npm = shutil.which("npm")
    if npm is None:
        raise FetchError(
            "npm is not installed, so the CDN stand-ins cannot be fetched. "
            "Install it (Debian: apt-get install -y npm) and rerun "
            "scripts/fetch_cdn_assets.py, or point --cache-dir at a filled cache."
        )
    cmd = [npm, "pack", *specs, "--json", "--pack-destination", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise FetchError(f"{' '.join(cmd)} failed:\n{proc.stderr.strip()}")
    return {entry["id"]: entry for entry in json.loads(proc.stdout)}


def fetch(cache: Path = DEFAULT_CACHE, manifest: Path = DEFAULT_MANIFEST) -> Path:
    """Make sure every package in ``manifest`` is extracted under ``cache``."""
    packages = load_packages(manifest)
    missing = [s for s, i in packages.items() if not is_cached(cache, s, i)]
    if not missing:
        return cache
    (cache / "pkg").mkdir(parents=True, exist_ok=True)
    (cache / ".gitignore").write_text("*\n")
    tarballs = cache / "tarballs"
    tarballs.mkdir(exist_ok=True)
    packed = _npm_pack(missing, tarballs)
    for spec in missing:
        want = packages[spec]
        if spec not in packed:
            raise FetchError(f"npm pack did not report {spec} (got {sorted(packed)})")
        tarball = tarballs / packed[spec]["filename"]
        got = sri_sha512(tarball)
        if got != want or packed[spec]["integrity"] != want:
            tarball.unlink(missing_ok=True)
            raise FetchError(f"integrity mismatch for {spec}: pinned {want}, got {got}")
        dest = package_dir(cache, spec)
        _extract(tarball, dest)
        (dest / MARKER).write_text(want + "\n")
        print(f"fetched {spec} -> {dest.relative_to(cache)}")
    return cache


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--manifest", type=Path, default=DEFAULT_MANIFEST)
    args = parser.parse_args(argv)
    try:
        fetch(args.cache_dir.resolve(), args.manifest)
    except FetchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"CDN assets ready in {args.cache_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
