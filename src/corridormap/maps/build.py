"""The maps: an overview of every corridor and one map per corridor, built and written as standalone HTML."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import folium
import pandas as pd
import shapely
from folium import plugins
from folium.utilities import JsCode

from .._paths import data_root
from ..data import corridor_ids, resolve_corridor_id, sources
from ..errors import CorridorDataError
from ..routing import STANDARD_ORIGINS
from .a11y import KeyboardAccess
from .assets import MAX_BYTES, LeanMap, LoadCheck, Measure, inline_assets
from .fonts import with_urdu_font
from .i18n import (
    RTL_LANGUAGES,
    folder,
    language,
    language_codes,
    language_css,
    language_links,
    layer_name,
    place_name,
    t,
)
from .inputs import SOURCES_FOLDER, Corridor, Inputs, map_inputs, source_copies
from .labels import LABEL_CSS, Label, LabelsInView, label_layer
from .layers import corridor_layer, countries_layer, crossing_rows, node_layers, points_layer
from .layout import Layout
from .panels import DATA_FOLDER, ROUTES_FILE, Panels, Shown, has_routes, legend, overview_summary, title
from .picker import Picker
from .popups import esc, short_name
from .render import numbered_ids, render_html, tile_lookups_once, write_all
from .routes import build_routes_map
from .search import MapSearch, SearchEntry, search_index
from .share import ViewInHash
from .sources_page import sources_page
from .style import DECIMALS, POINTS_PANE, REFERENCE_ATTR, REFERENCE_PANE, REFERENCE_TILES, STYLE, TILES
from .text_table import TABLE_FILE, corridor_table
from .timeline import Timeline

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    import geopandas as gpd

__all__ = ["build_map", "build_maps"]


def _bounds(geoms: Iterable[shapely.Geometry]) -> list[list[float]]:
    x0, y0, x1, y1 = shapely.total_bounds(list(geoms))
    return [
        [round(float(y0), DECIMALS), round(float(x0), DECIMALS)],
        [round(float(y1), DECIMALS), round(float(x1), DECIMALS)],
    ]


def _new_map(bounds: list[list[float]], *, self_contained: bool = False) -> folium.Map:
    (y0, x0), (y1, x1) = bounds
    centre = [round((y0 + y1) / 2, DECIMALS), round((x0 + x1) / 2, DECIMALS)]
    # The layout script fits the corridors into the space the panels leave, once the page is laid out.
    m = LeanMap(location=centre, zoom_start=5, tiles=None if self_contained else TILES, control_scale=True)
    if self_contained:  # the countries are the basemap; tiles only when asked for (and reachable)
        tiles = layer_name("Background tiles", "layer.tiles")
        folium.TileLayer(TILES, name=tiles, overlay=True, show=False).add_to(m)
    folium.map.CustomPane(POINTS_PANE, z_index=450).add_to(m)
    folium.map.CustomPane(REFERENCE_PANE, z_index=460, pointer_events=False).add_to(m)
    folium.TileLayer(
        REFERENCE_TILES,
        attr=REFERENCE_ATTR,
        name=layer_name("Basemap place names", "layer.reference"),
        overlay=True,
        pane=REFERENCE_PANE,
        show=not self_contained,
    ).add_to(m)
    return m


def _origins(inputs: Inputs, cs: list[Corridor]) -> list[Any]:
    """The labelled cities: the standard journeys' origins and each corridor's ends (index of ``inputs.nodes``)."""
    nodes = list(zip(inputs.nodes.index, inputs.nodes["id"], inputs.nodes["name"], strict=True))
    firsts = ([i for i, _, text in nodes if str(text).startswith(name)][:1] for name in STANDARD_ORIGINS)
    origins: list[Any] = [i for first in firsts for i in first]  # the first node whose name starts so, if any
    for c in cs:
        for start, end in c.ends:
            origins += [i for i, nid, _ in nodes if nid in (start, end)]  # in the table's order, as isin gives
    return list(dict.fromkeys(origins))


def _labels(inputs: Inputs, cs: list[Corridor], posts: gpd.GeoDataFrame) -> list[Label]:
    """Ports, origin cities (the standard journeys' and each corridor's ends), corridors, border posts, countries."""
    n = inputs.nodes
    local = n["names"] if "names" in n.columns else [None] * len(n)  # plain tuples, no row Series per label:
    by_index = dict(zip(n.index, zip(n["name"], local, n["kind"], n.geometry, strict=True), strict=True))

    def point(i: Any, kind: str) -> Label:
        name, names, _, geometry = by_index[i]
        return Label(place_name(names, short_name(str(name))), kind, float(geometry.x), float(geometry.y))

    out = [point(i, "port") for i, (_, _, kind, _) in by_index.items() if kind == "port"]
    out += [point(i, "origin") for i in _origins(inputs, cs) if by_index[i][2] != "port"]
    out += inputs.country_labels
    out += [Label(c.id, "corridor", x, y, color=c.color, group=c.id) for c in cs for x, y in c.label_at]
    out += [point(i, "post") for i in posts.index[posts["kind"] == "border_crossing"]]
    return out


def _shown(cs: list[Corridor], point_groups: Iterable[str]) -> Shown:
    segs = pd.concat([c.segments for c in cs])
    return Shown(
        corridors=[(c.id, t(f"kind.{c.facts['kind']}"), c.color) for c in cs],
        statuses=set(segs["status"]),
        accuracies=set(segs["route_accuracy"]),
        alignments=set(segs["alignment"]),
        points=set(point_groups),
    )


def _finish(
    m: folium.Map,
    body: str,
    bounds: list[list[float]],
    labels: list[Label],
    *,
    page_title: str,
    corridors: list[Corridor],
    search: list[SearchEntry],
    self_contained: bool = False,
) -> folium.Map:
    label_layer(labels).add_to(m)
    # Full screen shows the whole page, so the title panel and the legend stay in view.
    plugins.Fullscreen(  # type: ignore[no-untyped-call]
        position="topleft", fullscreen_element=JsCode("document.body")
    ).add_to(m)
    Measure(primary_length_unit="kilometers", primary_area_unit="sqkilometers").add_to(m)
    if not self_contained:  # the minimap is tiles only
        plugins.MiniMap(tile_layer=TILES, toggle_display=True, minimized=True).add_to(m)  # type: ignore[no-untyped-call]
    Panels(body).add_to(m)
    LoadCheck().add_to(m)
    control = folium.LayerControl(collapsed=True).add_to(m)
    MapSearch(control, search).add_to(m)  # before the layout, which measures the controls
    Layout(bounds, LABEL_CSS + language_css()).add_to(m)
    LabelsInView().add_to(m)  # after the layout's first fit and zoom class
    ViewInHash(control).add_to(m)
    KeyboardAccess(m.get_name(), [(c.id, c.facts["name"]) for c in corridors]).add_to(m)
    m.get_root().title = esc(page_title)  # type: ignore[attr-defined]
    return m


def _point_groups(nodes: gpd.GeoDataFrame) -> list[str]:
    return [g for g, spec in STYLE["points"].items() if "kinds" in spec and nodes["kind"].isin(spec["kinds"]).any()]


def _overview(
    inputs: Inputs, *, data: str | None = None, self_contained: bool = False, languages: Sequence[str] = ()
) -> folium.Map:
    """Every corridor, the border crossings, the nodes but towns and stations, the countries."""
    cs = list(inputs.corridors.values())
    bounds = _bounds(g for c in cs for g in c.segments.geometry)
    m = _new_map(bounds, self_contained=self_contained)
    countries_layer(inputs, near=shapely.union_all([g for c in cs for g in c.segments.geometry])).add_to(m)
    for c in cs:
        corridor_layer(c, offsets=inputs.offsets, link=True).add_to(m)
    points_layer("crossing", crossing_rows(cs, inputs)).add_to(m)
    places = inputs.nodes["kind"].isin(STYLE["points"]["places"]["kinds"])
    shown_nodes = inputs.nodes[~places]
    for layer in node_layers(shown_nodes):
        layer.add_to(m)
    summary = overview_summary(inputs, len(cs))
    Picker().add_to(m)
    heading = t("heading")
    key = legend(_shown(cs, ["crossing", *_point_groups(shown_nodes)]))
    when = Timeline(inputs, cs, overview=True)
    when.add_to(m)
    links = language_links("index.html", languages)
    body = title(inputs, esc(heading), summary, data=data, languages=links) + when.panel + key
    return _finish(
        m,
        body,
        bounds,
        _labels(inputs, cs, shown_nodes),
        page_title=t("page_title", title=heading),
        corridors=cs,
        search=search_index(inputs, cs, shown_nodes, places=inputs.nodes.loc[_origins(inputs, cs)]),
        self_contained=self_contained,
    )


def _corridor_map(
    c: Corridor,
    inputs: Inputs,
    *,
    data: str | None = None,
    self_contained: bool = False,
    languages: Sequence[str] = (),
) -> folium.Map:
    """One corridor with its alternatives, crossings and nodes, over the countries."""
    bounds = _bounds(c.segments.geometry)
    m = _new_map(bounds, self_contained=self_contained)
    countries_layer(inputs, near=c.segments.geometry.union_all()).add_to(m)
    corridor_layer(c, offsets={}, link=False).add_to(m)
    points_layer("crossing", crossing_rows([c], inputs)).add_to(m)
    segs = c.segments
    used = {n for s, e, via in zip(segs["start"], segs["end"], segs["waypoints"], strict=True) for n in (s, e, *via)}
    shown_nodes = inputs.nodes[inputs.nodes["id"].isin(used)]
    for layer in node_layers(shown_nodes):
        layer.add_to(m)
    groups = (["crossing"] if len(c.crossings) else []) + _point_groups(shown_nodes)
    when = Timeline(inputs, [c], overview=False)
    when.add_to(m)
    links = language_links(c.file_name, languages)
    body = title(inputs, esc(c.id), c.panel, data=data, languages=links) + when.panel + legend(_shown([c], groups))
    return _finish(
        m,
        body,
        bounds,
        _labels(inputs, [c], shown_nodes),
        page_title=t("corridor_page_title", id=c.id, name=c.facts["name"]),
        corridors=[c],
        search=search_index(inputs, [c], shown_nodes, places=inputs.nodes.loc[_origins(inputs, [c])]),
        self_contained=self_contained,
    )


def build_map(corridor_id: str | None = None, *, data_dir: str | Path | None = None, lang: str = "en") -> folium.Map:
    """One interactive map: the overview of every corridor, or one corridor's map.

    Parameters
    ----------
    corridor_id
        None for the overview; else a corridor id or alias, case-insensitive.
    data_dir
        Data folder; default the project's ``geodata/``.
    lang
        Language of the labels and the interface: ``"en"`` (default), ``"ur"`` or ``"ru"``
        (see :mod:`~corridormap.maps.i18n`). The Urdu font is embedded by :func:`build_maps` only.

    Returns
    -------
    folium.Map
        Element ids are numbered, so rendering the map gives the same HTML for the same
        data (:func:`build_maps` also writes it compactly).

    Raises
    ------
    CorridorDataError
        When the data is invalid; the message names the file and the problem.
    ValueError
        For a language not in :data:`~corridormap.maps.i18n.LANGUAGES`.

    Examples
    --------
    >>> import corridormap as cm
    >>> m = cm.build_map("TAPI")
    >>> "cm-tapi" in m.get_root().render()
    True
    >>> "پاکستان" in cm.build_map(lang="ur").get_root().render()
    True
    """
    root = data_root(data_dir)
    cid = None if corridor_id is None else resolve_corridor_id(corridor_id, data_dir=root)
    with language(lang):
        inputs = map_inputs(root)
        with numbered_ids():
            return _overview(inputs) if cid is None else _corridor_map(inputs.corridors[cid], inputs)


def _map_pages(out: Path, root: Path, *, self_contained: bool, languages: tuple[str, ...]) -> dict[Path, str]:
    """The overview and the corridor maps in the current language, rendered, keyed by their path in ``out``."""
    inputs = map_inputs(root)
    pages: dict[Path, str] = {}
    with numbered_ids():
        m = _overview(inputs, data="corridors", self_contained=self_contained, languages=languages)
        pages[out / "index.html"] = render_html(m)
    for c in inputs.corridors.values():
        with numbered_ids():
            m = _corridor_map(c, inputs, data=c.id.lower(), self_contained=self_contained, languages=languages)
            pages[out / c.file_name] = render_html(m)
    return pages


def _alike(root: Path) -> dict[str, str]:
    """The files alike in every language's folder, by name in it: the data shown, as GeoJSON and CSV."""
    from ..exports import download_files

    files: dict[str, str] = {}
    for cid in [None, *corridor_ids(data_dir=root)]:
        files |= {f"{DATA_FOLDER}/{n}": data.decode("utf-8") for n, data in download_files(cid, data_dir=root).items()}
    return files


def _pages(
    out: Path, root: Path, *, self_contained: bool, code: str, languages: tuple[str, ...], alike: dict[str, str]
) -> dict[Path, str]:
    """Every page of one language's folder: its maps, text table, list of sources and routes map, and ``alike``."""
    with language(code), tile_lookups_once():
        pages = _map_pages(out, root, self_contained=self_contained, languages=languages)
        table, listing = corridor_table(map_inputs(root)), sources_page(sources(data_dir=root), source_copies(root))
        if has_routes(root):  # a data folder with a transport network
            with numbered_ids():
                m = build_routes_map(self_contained=self_contained, data_dir=root, lang=code)
                pages[out / ROUTES_FILE] = render_html(m)
    if code in RTL_LANGUAGES:  # a font with every Urdu letter, for systems that have none (see fonts.py)
        pages = {path: with_urdu_font(html) for path, html in pages.items()}
        table, listing = with_urdu_font(table), with_urdu_font(listing)
    pages[out / TABLE_FILE] = table
    if self_contained:
        for path in [p for p in pages if p.suffix == ".html"]:
            pages[path] = inline_assets(pages[path])
            if (size := len(pages[path].encode("utf-8"))) > MAX_BYTES:
                msg = f"{path.name}: {size:,} bytes self-contained, over the {MAX_BYTES:,}-byte limit"
                raise CorridorDataError([msg])
    pages |= {out / name: text for name, text in alike.items()}
    pages[out / SOURCES_FOLDER / "index.html"] = listing
    for sid, path in source_copies(root).items():
        pages[out / SOURCES_FOLDER / f"{sid}.txt"] = path.read_text(encoding="utf-8")
    return pages


def build_maps(
    out_dir: str | Path = "maps",
    *,
    data_dir: str | Path | None = None,
    progress: Callable[[Path], object] | None = None,
    self_contained: bool = False,
    lang: str | Sequence[str] = "en",
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
    lang
        The maps' language, or several: ``"en"`` (default), ``"ur"``, ``"ru"`` (see
        :mod:`~corridormap.maps.i18n`). English goes into ``out_dir``, each other language
        into ``out_dir/<lang>/`` with its own text table and list of sources in that language and
        copies of the data (in English); each map links to itself in the other languages.
        Urdu pages embed the few glyphs of Noto Naskh Arabic they use (:mod:`~corridormap.maps.fonts`).

    Returns
    -------
    list of pathlib.Path
        The files written, the overview first.

    Raises
    ------
    CorridorDataError
        When the data is invalid; the message names the file and the problem.
    ValueError
        For a language not in :data:`~corridormap.maps.i18n.LANGUAGES`.

    Examples
    --------
    >>> import tempfile, corridormap as cm
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [p.name for p in cm.build_maps(tmp)][:2]
    ['index.html', 'casa-1000.html']
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [str(p.relative_to(tmp)) for p in cm.build_maps(tmp, lang="ur")][:2]
    ['ur/index.html', 'ur/casa-1000.html']
    """
    languages = language_codes(lang)
    out = Path(out_dir)
    root = data_root(data_dir)
    pages: dict[Path, str] = {}
    alike = _alike(root)  # made once, not once a language
    for code in languages:
        here = out / folder(code)
        pages |= _pages(here, root, self_contained=self_contained, code=code, languages=languages, alike=alike)
        (here / DATA_FOLDER).mkdir(parents=True, exist_ok=True)
        (here / SOURCES_FOLDER).mkdir(parents=True, exist_ok=True)
    write_all(pages, progress)
    return list(pages)
