"""Rendering and writing maps: numbered element ids, compact JSON, atomic writes.

The output is deterministic (the same data gives byte-identical HTML) and compact.
"""

from __future__ import annotations

import itertools
import os
import re
from contextlib import contextmanager
from typing import TYPE_CHECKING

import folium
from branca.element import Element

from .a11y import accessible_page

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

__all__ = ["numbered_ids", "render_html", "write_all"]


@contextmanager
def numbered_ids() -> Iterator[None]:
    """Give branca elements ids 0, 1, 2, ... instead of random uuids while building (not thread-safe)."""
    counter = itertools.count()
    original = Element.__dict__["_generate_id"]
    Element._generate_id = classmethod(lambda cls: f"{next(counter):08x}")  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        Element._generate_id = original  # type: ignore[method-assign]


@contextmanager
def _compact_json() -> Iterator[None]:
    """Make Jinja's ``tojson``, which embeds folium's data, write JSON without spaces while rendering."""
    policies = folium.GeoJson._template.environment.policies  # one environment for all folium templates
    original = policies["json.dumps_kwargs"]
    policies["json.dumps_kwargs"] = {**original, "separators": (",", ":")}
    try:
        yield
    finally:
        policies["json.dumps_kwargs"] = original


def render_html(m: folium.Map) -> str:
    """The map's HTML, compact: JSON without spaces, and lines without folium's indentation.

    folium's viewport tag forbids pinch zoom, which readers on a phone need: :func:`accessible_page` replaces it.
    """
    with _compact_json():
        return accessible_page(re.sub(r"\n\s+", "\n", m.get_root().render()))


def write_all(pages: dict[Path, str], progress: Callable[[Path], object] | None) -> None:
    """Write every page to a temporary file in its folder, then rename them all into place."""
    temps: list[tuple[Path, Path]] = []
    try:
        for path, text in pages.items():
            temps.append((path.with_name(f".{path.name}.{os.getpid()}.tmp"), path))
            temps[-1][0].write_bytes(text.encode("utf-8"))
        while temps:
            tmp, path = temps[0]
            tmp.replace(path)  # os.replace: atomic within the folder
            temps.pop(0)
            if progress is not None:
                progress(path)
    finally:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
