"""Rendering and writing maps: numbered element ids, compact JSON, atomic writes.

The output is deterministic (the same data gives byte-identical HTML) and compact.
"""

from __future__ import annotations

import itertools
import os
import re
from contextlib import AbstractContextManager, contextmanager
from functools import cache
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import branca.element
import folium
import folium.features
import folium.raster_layers
import folium.template
import jinja2
from branca.element import Element

from .a11y import accessible_page

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, MutableMapping
    from pathlib import Path

__all__ = ["numbered_ids", "render_html", "tile_lookups_once", "write_all"]


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
def _swapped(namespace: MutableMapping[str, Any], key: str, value: object) -> Iterator[None]:
    """``namespace[key]`` is ``value`` inside the block, and what it was again after it."""
    original = namespace[key]
    namespace[key] = value
    try:
        yield
    finally:
        namespace[key] = original


def _compact_json() -> AbstractContextManager[None]:
    """Make Jinja's ``tojson``, which embeds folium's data, write JSON without spaces while rendering."""
    policies = folium.GeoJson._template.environment.policies  # one environment for all folium templates
    return _swapped(policies, "json.dumps_kwargs", {**policies["json.dumps_kwargs"], "separators": (",", ":")})


class _Verbatim:
    """Text without Jinja syntax, rendered as Jinja would render it: as is, less one trailing newline."""

    def __init__(self, text: str) -> None:
        self.text = text.removesuffix("\n")

    def render(self, *_: object, **__: object) -> str:
        return self.text


def _template(source: str) -> jinja2.Template | _Verbatim:
    if any(mark in source for mark in ("{{", "{%", "{#", "\r")):
        compiled: jinja2.Template = jinja2.Template(source)
        return compiled
    return _Verbatim(source)


def _verbatim_text() -> AbstractContextManager[None]:
    """Skip compiling rendered text as a template while rendering.

    branca wraps every element's rendered script and HTML in ``Element(text)``, which
    compiles the text as a Jinja template (the 300 KB countries TopoJSON, once per map)
    only to render it back unchanged. Text with no Jinja syntax is kept as is instead: the
    same output, without the compile, which was a third of a build.
    """
    return _swapped(vars(branca.element), "Template", _template)  # where Element.__init__ looks Template up


@cache
def _compiled(source: str) -> jinja2.Template:
    compiled: jinja2.Template = folium.template.Template(source)
    return compiled


def _templates_once() -> AbstractContextManager[None]:
    """Compile each template folium builds while rendering once, not once per element.

    folium's ``GeoJsonTooltip`` and ``GeoJsonPopup`` compile the same style template each time
    one renders (five a map); a template gives the same text for the same element whenever
    it was compiled, so the first compilation is kept and used again.
    """
    return _swapped(vars(folium.features), "Template", _compiled)  # where GeoJsonDetail.render looks Template up


def tile_lookups_once() -> AbstractContextManager[None]:
    """Look each tile layer's name up among xyzservices' providers once while building maps, not once per layer.

    folium's ``TileLayer`` scans every provider for a name (4 ms; a URL is scanned for too,
    matches none and is used as is), three or four times a map. Each answer, the provider or
    no match, is kept for the rest of the block: the same layers, without the scans.

    Examples
    --------
    >>> with tile_lookups_once():
    ...     [folium.TileLayer("Esri.WorldGrayCanvas").tiles.split("/")[2] for _ in range(2)]
    ['server.arcgisonline.com', 'server.arcgisonline.com']
    """
    namespace = vars(folium.raster_layers)  # where TileLayer looks xyzservices up
    original = namespace["xyzservices"]
    found: dict[str, Any] = {}  # xyzservices.TileProvider, or None for no match

    def query_name(name: str) -> Any:
        if name not in found:
            try:
                found[name] = original.providers.query_name(name)
            except ValueError:
                found[name] = None
        provider = found[name]
        if provider is None:
            msg = f"No matching provider found for the query '{name}'."
            raise ValueError(msg)
        return provider

    providers = SimpleNamespace(query_name=query_name)
    return _swapped(namespace, "xyzservices", SimpleNamespace(providers=providers, TileProvider=original.TileProvider))


def render_html(m: folium.Map) -> str:
    """The map's HTML, compact: JSON without spaces, and lines without folium's indentation.

    folium's viewport tag forbids pinch zoom, which readers on a phone need: :func:`accessible_page` replaces it.
    """
    with _compact_json(), _verbatim_text(), _templates_once():
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
