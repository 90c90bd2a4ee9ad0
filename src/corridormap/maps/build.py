"""The maps: an overview of every corridor and one map per corridor, built and written as standalone HTML."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import folium
import shapely
from folium import plugins
from folium.utilities import JsCode

from .._frames import named_rows
from .._paths import data_root
from ..data import resolve_corridor_id
from ..errors import CorridorDataError
from .a11y import KeyboardAccess
from .assets import MAX_BYTES, LeanMap, LoadCheck, inline_assets
from .inputs import Corridor, Inputs, map_inputs
from .layers import corridor_layer, countries_layer, crossing_rows, node_layers, points_layer
from .panels import DATA_FOLDER, Panels, legend, title
from .popups import esc
from .render import numbered_ids, render_html, write_all
from .routes import build_routes_map
from .share import ViewInHash
from .style import BOTTOM_PX, DECIMALS, LEFT_PX, STYLE, TILES
from .text_table import TABLE_FILE, corridor_table

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = ["build_map", "build_maps"]


def _bounds(geoms: Iterable[shapely.Geometry]) -> list[list[float]]:
    x0, y0, x1, y1 = shapely.total_bounds(list(geoms))
    return [[round(y0, DECIMALS), round(x0, DECIMALS)], [round(y1, DECIMALS), round(x1, DECIMALS)]]


def _new_map(bounds: list[list[float]], *, self_contained: bool = False) -> folium.Map:
    (y0, x0), (y1, x1) = bounds
    centre = [round((y0 + y1) / 2, DECIMALS), round((x0 + x1) / 2, DECIMALS)]
    m = LeanMap(location=centre, tiles=None if self_contained else TILES, control_scale=True)
    if self_contained:  # the countries are the basemap; tiles only when asked for (and reachable)
        folium.TileLayer(TILES, name="Background tiles (Esri; needs the internet)", overlay=True, show=False).add_to(m)
    m.fit_bounds(bounds, padding_top_left=(LEFT_PX, 20), padding_bottom_right=(20, BOTTOM_PX))
    return m


def _finish(
    m: folium.Map, body: str, *, page_title: str, corridors: list[Corridor], self_contained: bool = False
) -> folium.Map:
    # Full screen shows the whole page, so the title panel and the legend stay in view.
    plugins.Fullscreen(  # type: ignore[no-untyped-call]
        position="topleft", fullscreen_element=JsCode("document.body")
    ).add_to(m)
    plugins.MeasureControl(  # type: ignore[no-untyped-call]
        primary_length_unit="kilometers", primary_area_unit="sqkilometers"
    ).add_to(m)
    if not self_contained:  # the minimap is tiles only
        plugins.MiniMap(tile_layer=TILES, toggle_display=True).add_to(m)  # type: ignore[no-untyped-call]
    Panels(body).add_to(m)
    LoadCheck().add_to(m)
    control = folium.LayerControl(collapsed=True).add_to(m)
    ViewInHash(control).add_to(m)
    KeyboardAccess(m.get_name(), [(c.id, c.facts["name"]) for c in corridors]).add_to(m)
    m.get_root().title = esc(page_title)  # type: ignore[attr-defined]
    return m


def _overview(inputs: Inputs, *, data: str | None = None, self_contained: bool = False) -> folium.Map:
    """Every corridor, the border crossings, the nodes but towns and stations, the countries."""
    cs = list(inputs.corridors.values())
    m = _new_map(_bounds(g for c in cs for g in c.segments.geometry), self_contained=self_contained)
    countries_layer(inputs).add_to(m)
    for c in cs:
        corridor_layer(c, offsets=inputs.offsets, link=True).add_to(m)
    points_layer("crossing", crossing_rows(cs, inputs)).add_to(m)
    places = inputs.nodes["kind"].isin(STYLE["points"]["places"]["kinds"])
    for layer in node_layers(inputs.nodes[~places]):
        layer.add_to(m)
    summary = (
        f"<p>{len(cs)} energy and transport corridors linking Pakistan with Central Asia, lengths computed on the "
        f"WGS84 ellipsoid. Click a line for its facts and sources, a country for its relations with Pakistan; "
        f"countries are shaded by Pakistan's trade with them, {inputs.trade_note}.</p>"
    )
    heading = "Pakistan – Central Asia corridors"
    body = title(inputs, heading, summary, data=data) + legend()
    return _finish(m, body, page_title=f"{heading}: map", corridors=cs, self_contained=self_contained)


def _corridor_map(c: Corridor, inputs: Inputs, *, data: str | None = None, self_contained: bool = False) -> folium.Map:
    """One corridor with its alternatives, crossings and nodes, over the countries."""
    m = _new_map(_bounds(c.segments.geometry), self_contained=self_contained)
    countries_layer(inputs).add_to(m)
    corridor_layer(c, offsets={}, link=False).add_to(m)
    points_layer("crossing", crossing_rows([c], inputs)).add_to(m)
    used = {n for row in named_rows(c.segments) for n in (row.start, row.end, *row.waypoints)}
    for layer in node_layers(inputs.nodes[inputs.nodes["id"].isin(used)]):
        layer.add_to(m)
    body = title(inputs, esc(c.id), c.panel, data=data) + legend()
    return _finish(m, body, page_title=f"{c.id}: {c.facts['name']} (map)", corridors=[c], self_contained=self_contained)


def build_map(corridor_id: str | None = None, *, data_dir: str | Path | None = None) -> folium.Map:
    """One interactive map: the overview of every corridor, or one corridor's map.

    Parameters
    ----------
    corridor_id
        None for the overview; else a corridor id or alias, case-insensitive.
    data_dir
        Data folder; default the project's ``geodata/``.

    Returns
    -------
    folium.Map
        Element ids are numbered, so rendering the map gives the same HTML for the same
        data (:func:`build_maps` also writes it compactly).

    Raises
    ------
    CorridorDataError
        When the data is invalid; the message names the file and the problem.

    Examples
    --------
    >>> import corridormap as cm
    >>> m = cm.build_map("TAPI")
    >>> "cm-tapi" in m.get_root().render()
    True
    """
    root = data_root(data_dir)
    cid = None if corridor_id is None else resolve_corridor_id(corridor_id, data_dir=root)
    inputs = map_inputs(root)
    with numbered_ids():
        return _overview(inputs) if cid is None else _corridor_map(inputs.corridors[cid], inputs)


def build_maps(
    out_dir: str | Path = "maps",
    *,
    data_dir: str | Path | None = None,
    progress: Callable[[Path], object] | None = None,
    self_contained: bool = False,
) -> list[Path]:
    """Write ``index.html`` (the overview) and one ``<corridor id>.html`` per corridor, and the data each shows.

    ``corridors.html`` is the maps' text version: a plain table of the corridors (lengths,
    status, crossings), linked from every map. The data goes into ``data/`` as GeoJSON and
    CSV (``corridors.*`` for the overview, ``<corridor id>.*`` for each corridor), linked
    from each map's title panel.

    Every map is built in memory first; only then is each file written to a temporary
    name in ``out_dir`` and renamed over the old one. A build that fails writes nothing,
    so the previous maps stay as they were; a write that fails leaves no temporary file.

    Parameters
    ----------
    out_dir
        Folder for the HTML files, created if missing.
    data_dir
        Data folder; default the project's ``geodata/``.
    progress
        Called with each file's path once it is written, e.g. ``print``.
    self_contained
        Write maps that need no network: Leaflet and its plugins inline (from the copies in
        ``maps/vendor/``, see :func:`~corridormap.maps.assets.vendored`), no minimap, and the
        tile layer off until switched on (the countries from the data are the basemap).
        Each file is at most :data:`~corridormap.maps.assets.MAX_BYTES`.

    Returns
    -------
    list of pathlib.Path
        The files written, the overview first.

    Raises
    ------
    CorridorDataError
        When the data is invalid; the message names the file and the problem.

    Examples
    --------
    >>> import tempfile, corridormap as cm
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [p.name for p in cm.build_maps(tmp)][:2]
    ['index.html', 'casa-1000.html']
    """
    from ..exports import download_files

    out = Path(out_dir)
    root = data_root(data_dir)
    inputs = map_inputs(root)
    pages: dict[Path, str] = {}
    with numbered_ids():
        pages[out / "index.html"] = render_html(_overview(inputs, data="corridors", self_contained=self_contained))
    for c in inputs.corridors.values():
        with numbered_ids():
            m = _corridor_map(c, inputs, data=c.id.lower(), self_contained=self_contained)
            pages[out / c.file_name] = render_html(m)
    if (root / "network").is_dir():  # a data folder with a transport network
        with numbered_ids():
            pages[out / "routes.html"] = render_html(build_routes_map(data_dir=root))
    pages[out / TABLE_FILE] = corridor_table(inputs)
    if self_contained:
        for path in [p for p in pages if p.suffix == ".html"]:
            pages[path] = inline_assets(pages[path])
            if (size := len(pages[path].encode("utf-8"))) > MAX_BYTES:
                msg = f"{path.name}: {size:,} bytes self-contained, over the {MAX_BYTES:,}-byte limit"
                raise CorridorDataError([msg])
    for cid in [None, *inputs.corridors]:
        for name, content in download_files(cid, data_dir=root).items():
            pages[out / DATA_FOLDER / name] = content.decode("utf-8")
    (out / DATA_FOLDER).mkdir(parents=True, exist_ok=True)
    write_all(pages, progress)
    return list(pages)
