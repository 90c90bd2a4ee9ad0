"""The countries' packed arcs, unpacked in the page, are exactly the arcs the build computed."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
import shapely

from corridormap.data import default_data_dir
from corridormap.maps.detail import near_detail
from corridormap.maps.inputs import map_inputs

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from conftest import MapPage

    OpenPage = Callable[..., MapPage]

# The page's countries TopoJSON after its arcs were unpacked (plain integers), and how many countries it drew.
PAGE_ARCS = """() => {
    const name = Object.keys(window).find(k => /^topo_json_\\w+_data$/.test(k));
    return {arcs: window[name].arcs, drawn: document.querySelectorAll('path.leaflet-interactive').length};
}"""


@pytest.mark.parametrize("corridor_id", [None, "QTTA"], ids=lambda c: c or "overview")
def test_the_page_unpacks_the_arcs_the_build_computed(page_for: OpenPage, built: Path, corridor_id: str | None) -> None:
    inputs = map_inputs(default_data_dir())
    shown = [c for c in inputs.corridors.values() if corridor_id in (None, c.id)]  # as the build draws them
    expected = near_detail(inputs.topology, shapely.union_all([g for c in shown for g in c.segments.geometry]))["arcs"]
    mp = page_for(built / f"{(corridor_id or 'index').lower()}.html")
    page = mp.page.evaluate(PAGE_ARCS)
    assert page["arcs"] == expected
    assert page["drawn"] >= len(inputs.topology["objects"]["data"]["geometries"])
    mp.assert_clean()
