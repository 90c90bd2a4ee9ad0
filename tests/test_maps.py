"""The maps: what build_map and build_maps produce, determinism, escaping, atomic writes, legend, size."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import folium
import numpy as np
import pandas as pd
import pytest
import shapely
from jinja2.utils import htmlsafe_json_dumps

import corridormap as cm
from corridormap import maps
from corridormap.data import default_data_dir
from corridormap.maps import build, inputs
from corridormap.maps.routes import MODE_STYLE

#: Hostile values written into the data, and how each must appear in the HTML.
PAYLOADS = {
    "<img src=x onerror=alert(1)>": "&lt;img src=x onerror=alert(1)&gt;",
    "${alert(1)}": "&#36;&#123;alert(1)&#125;",
    "{{ 7*7 }}": "&#123;&#123; 7*7 &#125;&#125;",
    "</script><script>alert(`1`)</script>": "&lt;/script&gt;&lt;script&gt;alert(&#96;1&#96;)&lt;/script&gt;",
}


@pytest.fixture
def hostile(data_copy: Path) -> Path:
    """The data with hostile names: TAPI's name, two of its segments' names, a border post's name."""
    tapi = data_copy / "corridors" / "tapi.geojson"
    fc = json.loads(tapi.read_text(encoding="utf-8"))
    payloads = list(PAYLOADS)
    fc["corridor"]["name"] = payloads[0]
    fc["features"][0]["properties"]["name"] = payloads[1]
    fc["features"][1]["properties"]["name"] = payloads[2]
    tapi.write_text(json.dumps(fc), encoding="utf-8")
    nodes = json.loads((data_copy / "nodes.geojson").read_text(encoding="utf-8"))
    post = next(f for f in nodes["features"] if f["id"] == "serhetabat_torghundi")
    post["properties"]["name"] = payloads[3]
    (data_copy / "nodes.geojson").write_text(json.dumps(nodes), encoding="utf-8")
    return data_copy


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("maps")
    cm.build_maps(out)
    return out


@pytest.mark.parametrize("corridor_id", [None, "TAPI", "casa 1000"])
def test_build_map_returns_a_folium_map(corridor_id: str | None) -> None:
    m = cm.build_map(corridor_id)
    assert isinstance(m, folium.Map)
    page = m.get_root().render()
    assert ("cm-casa-1000" in page) == (corridor_id != "TAPI")


def test_build_map_unknown_corridor() -> None:
    with pytest.raises(cm.UnknownCorridorError, match="TAPI"):
        cm.build_map("no such corridor")


def test_build_maps_writes_the_overview_and_one_map_per_corridor(tmp_path: Path) -> None:
    seen: list[Path] = []
    written = cm.build_maps(tmp_path / "out", progress=seen.append)
    pages = ["index.html", *(f"{cid.lower()}.html" for cid in cm.corridor_ids()), "routes.html", "corridors.html"]
    data = [
        f"data/{stem}.{fmt}" for stem in ["corridors", *map(str.lower, cm.corridor_ids())] for fmt in ("geojson", "csv")
    ]
    sources = ["sources/index.html", "sources/seed.txt"]
    assert [p.relative_to(tmp_path / "out").as_posix() for p in written] == pages + data + sources
    assert seen == written
    assert sorted(files(tmp_path / "out")) == sorted(pages + data + sources)
    seed = (tmp_path / "out" / "sources" / "seed.txt").read_text(encoding="utf-8")
    assert seed == (default_data_dir() / "seed.txt").read_text(encoding="utf-8")
    listing = (tmp_path / "out" / "sources" / "index.html").read_text(encoding="utf-8")
    assert listing.count("<li id=") == len(cm.sources()) and "href='seed.txt'" in listing
    for path in written[: len(pages)]:
        assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_each_map_links_to_the_data_it_shows(built: Path) -> None:
    import pyogrio

    for page, stem, ids in [("index.html", "corridors", cm.corridors()["id"])] + [
        (f"{c.lower()}.html", c.lower(), cm.corridor(c, include_alternatives=True)["id"]) for c in cm.corridor_ids()
    ]:
        html = (built / page).read_text(encoding="utf-8")
        links = re.findall(r"href='(data/[^']+)' download", html)
        assert links == [f"data/{stem}.geojson", f"data/{stem}.csv"], page
        for link in links:  # each file holds exactly the segments the map draws
            assert sorted(pyogrio.read_dataframe(built / link)["id"]) == sorted(ids), link


def test_the_journeys_to_the_ports_are_linked_both_ways(built: Path, tmp_path: Path, data_copy: Path) -> None:
    """The routes map answers the seed's question; the overview and the table lead to it, and it leads back."""

    def links(page: str, folder: Path = built) -> list[str]:
        return re.findall(r"<a href=([\w.]+)>", (folder / page).read_text(encoding="utf-8"))

    assert "routes.html" in links("index.html") and "routes.html" in links("corridors.html")
    assert {"index.html", "corridors.html"} <= set(links("routes.html"))
    assert "routes.html" not in links("tapi.html")  # a corridor map's panel stays short
    shutil.rmtree(data_copy / "network")  # a data folder without a transport network: no routes map to link
    cm.build_maps(tmp_path / "bare", data_dir=data_copy)
    assert not (tmp_path / "bare" / "routes.html").exists()
    assert "routes.html" not in links("index.html", tmp_path / "bare") + links("corridors.html", tmp_path / "bare")


def test_each_map_draws_its_corridors(built: Path) -> None:
    overview = (built / "index.html").read_text(encoding="utf-8")
    for cid in cm.corridor_ids():
        page = (built / f"{cid.lower()}.html").read_text(encoding="utf-8")
        segments = cm.corridor(cid, include_alternatives=True)
        for sid in segments["id"]:
            assert f'"id":"{sid}"' in overview
            assert f'"id":"{sid}"' in page
        branches = cm.branch_lengths(cid)
        for km in branches["km"]:  # one length per origin–destination branch
            assert f"{km:,.0f} km" in page
        forks = len({s for segs in branches["segments"] for s in segs}) < sum(map(len, branches["segments"]))
        # A total over branches that fork (QTTA's two ports) is no trip: the page never gives it.
        assert (f"{cm.route_length(cid):,.0f} km" in page) is not forks, cid
        others = set(cm.corridor_ids()) - {cid}
        assert not any(f'cm-corridor cm-{o.lower()}"' in page for o in others)


def test_build_is_deterministic(built: Path, tmp_path: Path) -> None:
    cm.build_maps(tmp_path / "again")
    assert files(tmp_path / "again") == files(built)
    assert not re.search(rb"[0-9a-f]{32}", (built / "index.html").read_bytes()), "a random uuid is left"
    # Another process with another hash seed: no set or dict order leaks into the output.
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    code = f"import corridormap as cm; cm.build_maps({str(tmp_path / 'other')!r})"
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    assert files(tmp_path / "other") == files(built)


def test_build_map_renders_deterministically() -> None:
    assert cm.build_map("UAP").get_root().render() == cm.build_map("UAP").get_root().render()


def test_hostile_names_are_escaped(hostile: Path, tmp_path: Path) -> None:
    written = cm.build_maps(tmp_path / "out", data_dir=hostile)
    for path in (p for p in written if p.suffix == ".html"):
        page = path.read_text(encoding="utf-8")
        for raw in PAYLOADS:
            # as written, or as folium's tojson writes it into embedded data
            for form in (raw, str(htmlsafe_json_dumps(raw))[1:-1]):
                assert form not in page, f"{raw!r} unescaped in {path.name}"
    tapi = (tmp_path / "out" / "tapi.html").read_text(encoding="utf-8")
    for shown in PAYLOADS.values():
        assert shown in tapi
    # The downloads are data, not HTML: they keep the names exactly as written.
    import pyogrio

    downloaded = pyogrio.read_dataframe(tmp_path / "out" / "data" / "tapi.geojson")
    assert set(list(PAYLOADS)[1:3]) <= set(downloaded["name"])


def test_failed_build_leaves_the_old_maps(
    built: Path, hostile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    shutil.copytree(built, out)
    before = files(out)
    real = build._corridor_map

    def broken(c: inputs.Corridor, everything: inputs.Inputs, **options: str | None) -> folium.Map:
        if c.id == "TAPI":
            raise cm.CorridorDataError(["tapi.geojson: broken on purpose"])
        return real(c, everything, **options)

    monkeypatch.setattr(build, "_corridor_map", broken)
    with pytest.raises(cm.CorridorDataError, match=r"tapi\.geojson: broken on purpose"):
        cm.build_maps(out, data_dir=hostile)  # new names: had it succeeded, every file would change
    assert files(out) == before


def test_failed_write_leaves_no_temporary_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real, calls = Path.replace, []

    def flaky(self: Path, target: Path) -> Path:
        calls.append(target)
        if len(calls) == 2:
            msg = "disk full"
            raise OSError(msg)
        return real(self, target)

    monkeypatch.setattr(Path, "replace", flaky)
    with pytest.raises(OSError, match="disk full"):
        cm.build_maps(tmp_path)
    assert list(files(tmp_path)) == ["index.html"]


def test_bad_data_names_the_file_and_writes_nothing(data_copy: Path, tmp_path: Path) -> None:
    (data_copy / "corridors" / "uap.geojson").write_text("{not json", encoding="utf-8")
    with pytest.raises(cm.CorridorDataError, match=r"uap\.geojson: line 1 column 2: invalid JSON"):
        cm.build_maps(tmp_path / "out", data_dir=data_copy)
    assert not (tmp_path / "out").exists()


def test_missing_provenance_names_the_file(data_copy: Path, tmp_path: Path) -> None:
    (data_copy / "boundaries" / "provenance.json").unlink()
    with pytest.raises(cm.CorridorDataError, match=r"provenance\.json: file not found"):
        cm.build_maps(tmp_path / "out", data_dir=data_copy)


@pytest.mark.parametrize("cid", [None, *cm.corridor_ids()])
def test_each_legend_lists_what_its_map_draws(built: Path, cid: str | None) -> None:
    page = (built / ("index.html" if cid is None else f"{cid.lower()}.html")).read_text(encoding="utf-8")
    legend = page[page.index("cm-legend") :]
    keys = {k for group in re.findall(r"data-keys='([^']*)'", legend) for k in group.split()}
    ids = cm.corridor_ids() if cid is None else [cid]
    segs = pd.concat([cm.corridor(c, include_alternatives=True) for c in ids])
    expected = {f"corridor:{c}" for c in ids}
    expected |= {f"status:{s}" for s in segs["status"]} | {f"accuracy:{a}" for a in segs["route_accuracy"]}
    expected |= {f"alignment:{a}" for a in segs["alignment"]} | {f"countries:{k}" for k in maps.STYLE["countries"]}
    assert {k for k in keys if not k.startswith("points:")} == expected
    for c in ids:
        assert maps.STYLE["kind"][cm.corridor_facts(c)["kind"]]["label"].lower() in legend


def test_every_status_group_has_its_own_line_pattern() -> None:
    groups = {}
    for spec in maps.STYLE["status"].values():
        groups.setdefault(spec["group"], set()).add(spec["dash"])
    assert set(groups) == {"operating", "construction", "proposed", "inactive"}
    assert all(len(dashes) == 1 for dashes in groups.values())  # one pattern per group
    assert len({next(iter(d)) for d in groups.values()}) == 4  # and no two groups alike


def test_corridors_of_one_kind_have_their_own_colours(built: Path) -> None:
    page = (built / "index.html").read_text(encoding="utf-8")
    colours = {}
    for cid in cm.corridor_ids():
        colours[cid] = re.search(
            rf'"className": "cm-corridor cm-{re.escape(cid.lower())}", "color": "(#[0-9a-f]+)"', page
        )[1]
    assert len(set(colours.values())) == len(colours), colours


def test_layers_and_legend_share_the_style_table(monkeypatch: pytest.MonkeyPatch) -> None:
    old = maps.STYLE["kind"]["gas_pipeline"]["shades"][0]
    monkeypatch.setitem(maps.STYLE["kind"]["gas_pipeline"], "shades", ("#123456",))
    page = cm.build_map().get_root().render()
    assert '"className": "cm-corridor cm-tapi", "color": "#123456"' in page
    assert "stroke='#123456'" in page[page.index("cm-legend") :]
    for use in (f'"color": "{old}"', f"stroke='{old}'", f"background:{old}"):  # line style, legend, layer list
        assert use not in page


def test_countries_topology_decodes_to_the_display_boundaries() -> None:
    """Decoding the embedded TopoJSON gives back the display boundaries within half a grid step (≤ 56 m)."""
    countries = cm.boundaries(display=True)
    topo = inputs.map_inputs(default_data_dir()).topology
    scale, origin = np.array(topo["transform"]["scale"]), np.array(topo["transform"]["translate"])
    assert scale.max() <= inputs.COUNTRY_GRID_DEG
    arcs = [np.cumsum(np.array(arc), axis=0) * scale + origin for arc in topo["arcs"]]

    def ring(refs: list[int]) -> np.ndarray:
        parts = [arcs[r] if r >= 0 else arcs[~r][::-1] for r in refs]
        return np.vstack([parts[0], *(p[1:] for p in parts[1:])])

    for geometry, expected in zip(topo["objects"]["data"]["geometries"], countries.geometry, strict=True):
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        decoded = shapely.MultiPolygon(
            [shapely.Polygon(ring(rings[0]), [ring(r) for r in rings[1:]]) for rings in polygons]
        )
        # Every vertex moves at most half a grid step in each axis; repeated vertices are dropped.
        assert shapely.hausdorff_distance(decoded.boundary, expected.boundary) <= np.hypot(*scale) / 2 + 1e-9
        assert abs(decoded.area - expected.area) <= 1e-3 * expected.area


def test_tile_lookups_once_gives_the_same_layers_and_puts_folium_back() -> None:
    """A provider's name and a URL give the same tile layers with the looked-up answers kept as without."""
    from folium import raster_layers

    from corridormap.maps.render import numbered_ids, tile_lookups_once
    from corridormap.maps.style import REFERENCE_ATTR, REFERENCE_TILES, TILES

    def page() -> str:
        with numbered_ids():
            m = folium.Map(tiles=None)
            folium.TileLayer(TILES, name="base").add_to(m)
            folium.TileLayer(REFERENCE_TILES, attr=REFERENCE_ATTR, name="names").add_to(m)
            return m.get_root().render()

    original = vars(raster_layers)["xyzservices"]
    plain = page()
    assert "World_Light_Gray_Base" in plain and "World_Light_Gray_Reference" in plain
    with tile_lookups_once():
        assert page() == plain
        assert page() == plain  # the second time from the kept answers
    assert vars(raster_layers)["xyzservices"] is original


def test_overview_is_compact(built: Path, tmp_path: Path) -> None:
    """At most 0.6 times the size of GeoDataFrame.explore() of the same layers at default settings."""
    m = cm.boundaries(display=True).reset_index(drop=True).explore()
    cm.corridors().explore(m=m)
    cm.nodes().explore(m=m)
    m.save(str(tmp_path / "explore.html"))
    ours, theirs = (built / "index.html").stat().st_size, (tmp_path / "explore.html").stat().st_size
    assert ours <= 0.6 * theirs, (ours, theirs)


def _vocabularies(node: object, key: str | None, found: dict[str, set[str]]) -> dict[str, set[str]]:
    """Every ``enum`` in a schema, by the property or definition it belongs to."""
    if isinstance(node, dict):
        if "enum" in node:
            found.setdefault(str(key), set()).update(node["enum"])
        for k, v in node.items():
            if k in ("properties", "$defs"):
                for name, sub in v.items():
                    _vocabularies(sub, name, found)
            elif k != "enum":
                _vocabularies(v, key, found)
    elif isinstance(node, list):
        for v in node:
            _vocabularies(v, key, found)
    return found


#: Where each schema vocabulary is drawn: the STYLE group whose entries style its values.
STYLED = {
    ("corridor", "kind"): set(maps.STYLE["kind"]),
    ("corridor", "status"): set(maps.STYLE["status"]),
    ("corridor", "alignment"): set(maps.STYLE["alignment"]),
    ("corridor", "route_accuracy"): set(maps.STYLE["accuracy"]),
    ("nodes", "kind"): {k for spec in maps.STYLE["points"].values() for k in spec.get("kinds", ())},
    ("network", "mode"): set(MODE_STYLE),
}
#: Vocabularies the maps show as text, not as a style (a new one must be added to one of the two tables).
SHOWN_AS_TEXT = {
    ("corridor", "unit"),
    ("relations", "corridor_id"),
    ("relations", "kind"),
    ("relations", "agency_id"),
    ("relations", "direction"),
    ("relations", "visit_type"),
    ("corridor", "gauge_mm"),
    ("network", "gauge_mm"),
    ("network", "status"),
    ("network", "route_accuracy"),
    ("nodes", "direction"),
    ("nodes", "mode"),
    ("params", "mode"),
    ("params", "kind"),
}


def test_every_vocabulary_value_has_a_style_entry() -> None:
    """A new node kind, status or corridor kind in a schema must not silently vanish from the maps."""
    schemas = Path(cm.__file__).parent / "schemas"
    seen = set()
    for path in sorted(schemas.glob("*.schema.json")):
        schema = path.name.removesuffix(".schema.json")
        for key, values in _vocabularies(json.loads(path.read_text(encoding="utf-8")), None, {}).items():
            seen.add((schema, key))
            if (schema, key) in SHOWN_AS_TEXT:
                continue
            assert (schema, key) in STYLED, f"{path.name}: vocabulary {key!r} has no STYLE group — style it"
            missing = values - STYLED[schema, key]
            assert not missing, f"{path.name}: {key} values without a STYLE entry: {sorted(missing)}"
    assert seen == set(STYLED) | SHOWN_AS_TEXT  # every table entry names a real vocabulary


def test_popups_and_panels_say_which_line_the_km_count_along(built: Path) -> None:
    casa = (built / "casa-1000.html").read_text(encoding="utf-8")
    assert "Sangtuda–Nowshera line, km 106 from Sangtuda" in casa  # panel and popup
    assert "Datka–Sughd line, km 438 from Datka" in casa
    tapi = (built / "tapi.html").read_text(encoding="utf-8")
    assert "km 235 from Galkynysh" in tapi and "Galkynysh–Fazilka line" not in tapi  # one line: no need to name it
