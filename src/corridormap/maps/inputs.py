"""Everything a build draws, computed once from the public API and shared by every map of the build."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import geopandas as gpd
import pandas as pd
import shapely
import topojson
from topojson.core.topology import Topology

from .._answers import kept_json
from ..branches import branch_lengths
from ..caching import data_stamp, forget_on_clear
from ..chaining import route_length
from ..crossings import crossings
from ..data import boundaries, corridor, corridor_facts, corridor_ids, corridors, nodes, relations, sources
from ..errors import CorridorDataError
from ..splitting import NO_COUNTRY, UNATTRIBUTED
from ..timeline import data_as_of, status_by_year, timeline_events
from .detail import topology_json
from .i18n import country_name_column, current_language, html_text, in_english, isolate, t
from .labels import Label
from .popups import Citations, Lengths, corridor_popup, corridor_stats, country_properties, esc, short_name
from .style import SAME_LINE_DEG, STYLE, TRADE_YEAR, corridor_colors

if TYPE_CHECKING:
    from ..caching import Stamp

__all__ = ["COUNTRY_GRID_DEG", "SOURCES_FOLDER", "Corridor", "Inputs", "map_inputs", "source_copies"]

#: Grid step, in degrees, the countries' TopoJSON is quantised on (see :func:`_topology`).
COUNTRY_GRID_DEG = 1e-3
#: Where the maps' sources page and the copies of sources without a public URL go, beside the maps.
SOURCES_FOLDER: Final = "sources"


@dataclass(frozen=True)
class Corridor:
    """One corridor as the maps draw it: segments, numbers and ready-made HTML."""

    id: str
    facts: dict[str, Any]
    segments: gpd.GeoDataFrame
    km: float
    crossings: gpd.GeoDataFrame
    popup: str
    panel: str
    color: str
    headline: str
    label_at: list[tuple[float, float]]
    ends: list[tuple[str, str]]  # each branch's first and last node id, as branch_lengths gives them

    @property
    def file_name(self) -> str:
        return f"{self.id.lower()}.html"


@dataclass(frozen=True)
class Inputs:
    """Everything a build draws, computed once and shared by every map of the build."""

    corridors: dict[str, Corridor]
    offsets: dict[str, float]
    nodes: gpd.GeoDataFrame
    country_names: dict[str, str]
    topology: dict[str, Any]
    data_date: str
    trade_note: str
    boundary_note: str
    country_labels: list[Label]
    yearly_status: pd.DataFrame  # each segment's status at the end of each year, first event to the data's year
    root: Path

    @cached_property
    def topology_json(self) -> bytes:
        """:func:`~corridormap.maps.detail.topology_json` of :attr:`topology`, written once for every map."""
        return topology_json(self.topology)


def _local_names(countries: gpd.GeoDataFrame) -> pd.Series:
    """The countries' names in the map's language (Natural Earth's), English where the data has none."""
    column = country_name_column()
    if column not in countries.columns:
        return countries["name"]
    return countries[column].where(countries[column].notna() & (countries[column] != ""), countries["name"])


def _country_names(root: Path) -> dict[str, str]:
    countries = boundaries(display=True, data_dir=root)
    names = dict(zip(countries["iso3"], map(isolate, _local_names(countries)), strict=True))  # isolated: used in text
    outside = {"sea": "sea", "gap": "land in no country"}  # world analysis only: no corridor has either
    return {**names, NO_COUNTRY: isolate(t("no_country")), **{k: isolate(v) for k, v in outside.items()}}


def _boundary_note(root: Path) -> str:
    path = root / "boundaries" / "provenance.json"
    try:
        prov = json.loads(path.read_text(encoding="utf-8"))
        return f"{prov['source']} {prov['version']}. {prov['point_of_view']}"
    except FileNotFoundError:
        problem = "file not found — add the boundaries' provenance (see scripts/build_boundaries.py)"
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        problem = f"unreadable: {exc} — fix the JSON"
    except (KeyError, TypeError) as exc:
        problem = f"missing {exc} — give source, version and point_of_view"
    raise CorridorDataError([f"{path}: {problem}"])


def _topology(countries: gpd.GeoDataFrame, properties: dict[str, dict[str, str]]) -> dict[str, Any]:
    """The countries as TopoJSON for folium's TopoJson layer: shared borders stored once.

    Quantised on a :data:`COUNTRY_GRID_DEG` grid and delta-encoded. The display boundaries are
    already simplified (measured error 225 m, ``boundaries/provenance.json``); the grid moves a
    vertex by at most half a step (≤ 0.0005° ≈ 55 m in latitude, less in longitude), so the
    drawn borders stay within 300 m of Natural Earth's — under a pixel up to zoom 8 — and the
    countries take 60 % fewer gzip bytes than on the data's 1e-5° grid.

    Kept on disk (``derived/topology/`` of the cache) under a SHA-256 of the countries' geometry,
    their properties, this module's code and the libraries' versions: a build after an edit that
    leaves the countries, the sources and the relations as they were reads it back.
    """
    x0, y0, x1, y1 = countries.total_bounds
    steps = round(max(x1 - x0, y1 - y0) / COUNTRY_GRID_DEG) + 1
    rows = [properties[iso3] for iso3 in countries["iso3"]]

    def compute() -> dict[str, Any]:
        frame = gpd.GeoDataFrame(pd.DataFrame(rows), geometry=countries.geometry.values, crs=countries.crs)
        return Topology(frame, prequantize=steps, topology=True).to_dict()

    libraries = f"topojson {topojson.__version__} shapely {shapely.__version__} GEOS {shapely.geos_version_string}"
    key = [
        Path(__file__).read_bytes(),
        libraries.encode(),
        json.dumps([steps, str(countries.crs), rows], separators=(",", ":")).encode(),
        *shapely.to_wkb(countries.geometry.to_numpy()),
    ]
    return kept_json("topology", key, compute)


def _label_points(segs: gpd.GeoDataFrame) -> list[tuple[float, float]]:
    """Candidate places for the corridor's name: along its main segments, the longest first."""
    main = segs[segs["alignment"] == "main"].geometry.to_numpy()
    out = []
    for geom in sorted(main, key=lambda g: -float(shapely.length(g))):
        for f in (0.5, 0.3, 0.7, 0.15, 0.85):
            p = geom.interpolate(f, normalized=True)
            out.append((float(p.x), float(p.y)))
    return out


def _country_labels(countries: gpd.GeoDataFrame) -> list[Label]:
    """Each country's name at the centre of its largest part (or a point inside it, if the centre falls outside)."""
    out = []
    for name, geom in zip(_local_names(countries), countries.geometry, strict=True):
        part = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
        p = part.centroid if part.contains(part.centroid) else part.representative_point()
        out.append(Label(str(name), "country", float(p.x), float(p.y)))
    return out


def _corridor(
    cid: str, root: Path, registry: dict[str, Any], names: dict[str, str], posts: pd.Series, color: str
) -> Corridor:
    """One corridor's segments, lengths, crossings, popup and panel, from the (cached) API."""
    facts = corridor_facts(cid, data_dir=root)
    segs = corridor(cid, include_alternatives=True, data_dir=root)
    seg_km = route_length(cid, by="segment", include_alternatives=True, data_dir=root)
    km = route_length(cid, data_dir=root)
    by_country = route_length(cid, by="country", data_dir=root)
    xings = crossings(cid, data_dir=root)
    branches = branch_lengths(cid, data_dir=root)
    segments_used = [s for b in branches["segments"] for s in b]
    ends = [(str(start), str(end)) for start, end in zip(branches["start"], branches["end"], strict=True)]
    lengths = Lengths(
        branches=[
            (f"{short_name(str(posts[start]))} – {short_name(str(posts[end]))}", float(km))
            for (start, end), km in zip(ends, branches["km"], strict=True)
        ],
        forks=len(segments_used) > len(set(segments_used)),
        by_status=dict(route_length(cid, by="status", data_dir=root).astype(float)),
        total=km,
    )
    stats = corridor_stats(by_country, xings, names, posts, forks=lengths.forks)
    countries = [names.get(c, c) for c in by_country.index if c not in UNATTRIBUTED]
    popup = corridor_popup(facts, segs, seg_km, lengths, countries, stats, Citations(registry))
    kind, status = t(f"kind.{facts['kind']}"), t(f"status.{facts['status']}").lower()
    panel = (
        f"<b class=cm-h>{in_english(esc(facts['name']))}</b><p>{esc(kind)}, {esc(status)}"
        f"{': ' + lengths.status_line() if lengths.status_line() else ''}.<br>"
        f"<b>{esc(t('popup.length'))}</b> {lengths.headline()} {esc(t('panel_length_note'))}"
        f"</p>{stats}<p><a href=index.html>{esc(t('all_corridors'))}</a></p>"
    )
    return Corridor(cid, facts, segs, km, xings, popup, panel, color, lengths.headline(), _label_points(segs), ends)


def source_copies(root: Path) -> dict[str, Path]:
    """Sources with no public URL whose text ships in the data folder as ``<id>.txt`` (the Government brief)."""
    return {
        sid: root / f"{sid}.txt"
        for sid, src in sources(data_dir=root).items()
        if "url" not in src and (root / f"{sid}.txt").is_file()
    }


def map_inputs(root: Path) -> Inputs:
    """Read and compute everything the maps show, once per build.

    Kept for the data folder's content (:func:`~corridormap.caching.data_stamp`), the current
    language and the style table (:data:`~corridormap.maps.style.STYLE`, whose colours and labels
    the popups carry: a notebook that changes it gets fresh inputs): the maps, the text table and
    the routes map of a build share one computation. The result is shared, so treat it as
    read-only (the layers copy what folium writes into).
    """
    style = json.dumps(STYLE, sort_keys=True, default=str)
    return _map_inputs(root, data_stamp(root), current_language(), style)


@forget_on_clear
@lru_cache(maxsize=4)
def _map_inputs(root: Path, stamp: Stamp, lang: str, style: str) -> Inputs:
    # Sources without a public URL link to the copy written beside the maps (sources/<id>.txt).
    copies = source_copies(root)
    registry = {
        sid: src | ({"url": f"{SOURCES_FOLDER}/{sid}.txt"} if sid in copies else {})
        for sid, src in sources(data_dir=root).items()
    }
    names = _country_names(root)
    all_nodes = nodes(data_dir=root)
    posts = all_nodes.set_index("id")["name"]
    rel = relations(data_dir=root) or {"countries": []}
    partners = {c["iso3"]: c for c in rel["countries"]}
    countries = boundaries(display=True, data_dir=root)
    props = {
        iso3: country_properties(iso3, name, partners.get(iso3), registry)
        for iso3, name in zip(countries["iso3"], _local_names(countries), strict=True)
    }
    english = current_language() == "en"  # elsewhere the country's name in the language, the period marked English
    other_periods = [
        f"{esc(c['name']) if english else names.get(c['iso3'], esc(c['name']))}: "
        + in_english(f"'{esc(c['trade']['period_as_written'])}'")
        for c in rel["countries"]
        if c["trade"]["fiscal_year"] != TRADE_YEAR
    ]
    ids = corridor_ids(data_dir=root)
    colors = corridor_colors({cid: corridor_facts(cid, data_dir=root)["kind"] for cid in ids})
    return Inputs(
        corridors={cid: _corridor(cid, root, registry, names, posts, colors[cid]) for cid in ids},
        offsets=_offsets(corridors(data_dir=root)),
        nodes=all_nodes,
        country_names=names,
        topology=_topology(countries, props),
        data_date=max(s["date"] for s in registry.values()),
        trade_note=html_text("popup.fiscal_year", year=TRADE_YEAR)
        + (" " + html_text("trade_note_others", periods="; ".join(other_periods)) if other_periods else ""),
        boundary_note=esc(_boundary_note(root)),
        country_labels=_country_labels(countries),
        yearly_status=_yearly_status(root),
        root=root,
    )


def _yearly_status(root: Path) -> pd.DataFrame:
    """:func:`~corridormap.status_by_year` from the first dated event to the year before the data's, for every map."""
    last = data_as_of(data_dir=root).year
    first = min([*timeline_events(data_dir=root)["year"], last])
    return status_by_year(range(first, last), data_dir=root)


def _offsets(segments: gpd.GeoDataFrame) -> dict[str, float]:
    """Pixel offsets that draw segments of different corridors along one line side by side.

    TAP-FOC's fibre hangs on TAP's power line, which follows TAPI's pipeline: drawn on top
    of each other, only the last would show. Segments of different corridors that run
    within :data:`SAME_LINE_DEG` of each other are spread out, a line width apart.
    """
    ids, owners, geoms = list(segments["id"]), list(segments["corridor"]), list(segments.geometry)
    groups: list[list[int]] = []
    for i, geom in enumerate(geoms):
        group = next(
            (g for g in groups if owners[g[0]] != owners[i] and geom.hausdorff_distance(geoms[g[0]]) < SAME_LINE_DEG),
            None,
        )
        if group is None:
            groups.append([i])
        else:
            group.append(i)
    step = STYLE["alignment"]["main"]["weight"] + 1
    return {ids[i]: (k - (len(g) - 1) / 2) * step for g in groups if len(g) > 1 for k, i in enumerate(g)}
