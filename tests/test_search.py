"""The maps' search index: what each map's search finds, under which keys, and how it is written into the page."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import folium
import geopandas as gpd
import pandas as pd
import pytest

import corridormap as cm
from corridormap._paths import data_root
from corridormap.maps.assets import vendored
from corridormap.maps.inputs import map_inputs
from corridormap.maps.search import SEARCH_JS, MapSearch, SearchEntry, normalise, search_index

if TYPE_CHECKING:
    from corridormap.maps.inputs import Inputs


@pytest.fixture(scope="module")
def inputs() -> Inputs:
    return map_inputs(data_root(None))


def _index_of(html: str) -> list[list[object]]:
    found = re.search(r"const index = (\[.*?\]);", html)
    assert found is not None
    rows: list[list[object]] = json.loads(found.group(1))
    return rows


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Torkham", "torkham"),
        ("TORKHAM border-crossing", "torkhambordercrossing"),
        ("Tórkham", "torkham"),
        ("Dušanbe", "dusanbe"),
        ("Spin Boldak–Chaman", "spinboldakchaman"),
        ("CASA 1000", "casa1000"),
        ("Пакистан, Гвадар", "пакистангвадар"),  # any script: the Russian and Urdu maps' names
        ("گوادر", "گوادر"),
        ("— · —", ""),  # no letter left: matches nothing, rather than everything
    ],
)
def test_normalise_folds_case_accents_and_punctuation(text: str, key: str) -> None:
    assert normalise(text) == key


def test_the_overview_finds_every_corridor_segment_drawn_node_and_country(inputs: Inputs) -> None:
    cs = list(inputs.corridors.values())
    drawn = inputs.nodes[inputs.nodes["kind"].isin(["border_crossing", "port", "substation", "converter_station"])]
    index = search_index(inputs, cs, drawn)
    by_kind: dict[str, list[SearchEntry]] = {}
    for e in index:
        by_kind.setdefault(e.kind, []).append(e)
    assert [e.target for e in by_kind["corridor"]] == [cid.lower() for cid in cm.corridor_ids()]
    assert sorted(e.target for e in by_kind["segment"]) == sorted(cm.corridors()["id"])
    assert sorted(e.target for e in by_kind["node"]) == sorted(drawn["id"])
    countries = inputs.topology["objects"]["data"]["geometries"]
    assert [e.target for e in by_kind["country"]] == [g["id"] for g in countries]
    assert len({e.label for e in index}) == len(index)  # the result list hands back labels
    assert all(e.keys and all(k == normalise(k) for k in e.keys) for e in index)


def test_labelled_places_without_a_point_are_found_at_their_place(inputs: Inputs) -> None:
    drawn = inputs.nodes[inputs.nodes["kind"] == "port"]
    places = inputs.nodes[inputs.nodes["name"].isin(["Tashkent", "Karachi (Port of Karachi)", "Dushanbe"])]
    assert places["kind"].eq("port").any()  # a place also drawn as a point is listed once, as the point
    index = search_index(inputs, [], drawn, places=places)
    nodes = [e for e in index if e.kind == "node"]
    assert len({e.target for e in nodes}) == len(nodes)
    tashkent = next(e for e in nodes if e.label == "Tashkent")
    where = places.set_index("name").loc["Tashkent"].geometry
    assert tashkent.at == (round(where.y, 3), round(where.x, 3))
    assert all(e.at is None for e in nodes if e.target in set(drawn["id"]))


def test_a_node_is_found_by_its_id_name_brackets_and_aliases(inputs: Inputs) -> None:
    index = search_index(inputs, [], inputs.nodes)
    torkham = next(e for e in index if e.target == "torkham")
    assert torkham.label == "Torkham border crossing"
    assert torkham.detail == "border crossing, Afghanistan–Pakistan"
    assert torkham.keys == ("torkham", "torkhambordercrossing", "khyberpasscrossing")  # "Tor Kham" is "torkham"
    karachi = next(e for e in index if e.target == "karachi")
    assert {"karachi", "portofkarachi"} <= set(karachi.keys)  # "Karachi (Port of Karachi)"
    almaty = next(e for e in index if e.target == "almaty")
    assert "almaata" in almaty.keys  # alias "Alma-Ata"


def test_corridors_are_found_by_id_name_and_aliases(inputs: Inputs) -> None:
    index = search_index(inputs, [inputs.corridors["UAP"]], inputs.nodes.iloc[:0])
    uap = index[0]
    assert (uap.label, uap.kind, uap.target) == (
        "UAP: Uzbekistan-Afghanistan-Pakistan (Trans-Afghan) Railway",
        "corridor",
        "uap",
    )
    assert {"uap", "transafghanrailway", "kabulcorridor"} <= set(uap.keys)
    assert uap.detail == "Railway, proposed"
    segment = next(e for e in index if e.target == "uap-alt-torkham-peshawar")
    assert segment.detail == "UAP segment, proposed"
    assert "landikotal" in segment.keys[-1]  # a place along it finds the segment
    china = next(e for e in index if e.kind == "country" and e.label == "People's Republic of China")
    assert {"peoplesrepublicofchina", "chn", "cn"} == set(china.keys)
    assert china.at is not None  # its popup opens at its name, not at a centre that may lie outside


def test_a_corridor_map_searches_what_it_draws(inputs: Inputs) -> None:
    html = cm.build_map("TAPI").get_root().render()
    rows = _index_of(html)
    targets = {row[2] for row in rows}
    assert "tapi" in targets
    assert "torkham" not in targets  # on other corridors' maps, not on TAPI's
    assert {"spin_boldak_chaman", "quetta", "fazilka"} <= targets
    assert not {"tap", "uap"} & targets
    assert SEARCH_JS in html
    assert vendored()[SEARCH_JS]["package"] == "leaflet-search"  # so the self-contained build inlines it


def test_repeated_names_get_told_apart(inputs: Inputs) -> None:
    one = inputs.nodes[inputs.nodes["id"] == "quetta"]
    twin = one.assign(id="quetta_2")
    nodes = gpd.GeoDataFrame(pd.concat([one, twin]), crs=one.crs)
    labels = [e.label for e in search_index(inputs, [], nodes) if e.kind == "node"]
    assert labels == ["Quetta (node)", "Quetta (quetta_2)"]


def test_the_index_cannot_break_out_of_its_script() -> None:
    label = "</script><b>{{ 7*7 }}</b>{% raw %}${alert(1)}"
    m = folium.Map(tiles=None)
    control = folium.LayerControl().add_to(m)
    MapSearch(control, [SearchEntry(label, "node", "x", "<i>detail</i>", ("x",))]).add_to(m)
    html = m.get_root().render()
    assert "</script><b>" not in html
    assert "{{ 7*7 }}" not in html
    assert "49" not in html.split("const index = ")[1][:200]
    assert _index_of(html) == [[label, "n", "x", "<i>detail</i>", ["x"]]]  # "x" is no key of the label
