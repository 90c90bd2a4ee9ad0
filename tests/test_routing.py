"""Journeys: known shortest paths on a synthetic network, then properties on the real network."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

import corridormap as cm
from corridormap.geodesy import geodesic_length_km

if TYPE_CHECKING:
    from pathlib import Path

# The synthetic network's parameters (tests/conftest.py writes them to network/params.json).
_PARAMS: dict[str, Any] = {}
ROAD: dict[str, Any] = {}
RAIL: dict[str, Any] = {}
TRANSFER: dict[str, Any] = {}
BORDER: dict[tuple[str, str], Any] = {}


@pytest.fixture(autouse=True)
def _read_params(synthetic_network: Path) -> None:
    params = json.loads((synthetic_network / "network" / "params.json").read_text(encoding="utf-8"))
    ROAD.update({p["country"]: p for p in params["speed_cost"] if p["mode"] == "road"})
    RAIL.update(next(p for p in params["speed_cost"] if p["mode"] == "rail"))
    TRANSFER.update({t["kind"]: t for t in params["transfers"]})
    BORDER.update({(b["country"], b["mode"]): b for b in params["border_defaults"]})


def _km(coords: list[list[float]]) -> float:
    return geodesic_length_km(coords)


# The synthetic journeys, computed by hand from the fixture's geometry and parameters.
# The road's geodesic is symmetric about lon 61 (the border), so it is cut at its middle.
ROAD_WEST_POST = ROAD_POST_EAST = _km([[60.0, 30.5], [62.0, 30.5]]) / 2
ROAD_EAST_HARBOUR = _km([[62.0, 30.5], [62.5, 30.5]])
RAIL_WEST_CUT = _km([[60.0, 30.5], [61.0, 30.0]])
RAIL_CUT_EAST = _km([[61.0, 30.0], [62.0, 30.5]])
RAIL_EAST_HARBOUR = _km([[62.0, 30.5], [62.25, 30.45], [62.5, 30.5]])


def road_hours_west_to_harbour() -> float:
    moving = ROAD_WEST_POST / ROAD["*"]["kmh"] + (ROAD_POST_EAST + ROAD_EAST_HARBOUR) / ROAD["BBB"]["kmh"]
    border = 20.0 + BORDER["BBB", "road"]["hours"]  # the post's own AAA outbound figure + BBB's inbound default
    return moving + border + TRANSFER["port"]["hours"]


def rail_then_road_hours() -> float:
    moving = (RAIL_WEST_CUT + RAIL_CUT_EAST) / RAIL["kmh"] + ROAD_EAST_HARBOUR / ROAD["BBB"]["kmh"]
    border = 2 * BORDER["*", "rail"]["hours"]
    return moving + border + TRANSFER["mode_change"]["hours"] + TRANSFER["port"]["hours"]


def test_fastest_is_rail_then_road(synthetic_network: Path) -> None:
    r = cm.route("west", "harbour", data_dir=synthetic_network)
    assert list(r.legs["link"]) == ["rail-west-east", "rail-west-east", "road-east-harbour"]
    assert r.hours == pytest.approx(rail_then_road_hours(), rel=1e-9)
    assert list(r.legs["end_kind"]) == ["border", "mode_change", "port"]
    assert r.countries == ["AAA", "BBB"]
    assert list(r.crossings["node"]) == ["rail-west-east@AAA-BBB"]


def test_shortest_is_the_road(synthetic_network: Path) -> None:
    r = cm.route("west", "harbour", optimize="distance", data_dir=synthetic_network)
    assert list(r.legs["link"]) == ["test-1", "test-1", "road-east-harbour"]
    assert r.km == pytest.approx(ROAD_WEST_POST + ROAD_POST_EAST + ROAD_EAST_HARBOUR, rel=1e-9)
    assert r.hours == pytest.approx(road_hours_west_to_harbour(), rel=1e-9)
    assert list(r.crossings["node"]) == ["post"]
    assert r.crossings["hours"].iloc[0] == 25.0


def test_cheapest_is_all_rail_paying_the_gauge_break(synthetic_network: Path) -> None:
    r = cm.route("west", "harbour", optimize="cost", data_dir=synthetic_network)
    assert list(r.legs["link"]) == ["rail-west-east", "rail-west-east", "rail-east-harbour"]
    expected = (RAIL_WEST_CUT + RAIL_CUT_EAST + RAIL_EAST_HARBOUR) * RAIL["usd_per_km"]
    expected += 2 * BORDER["*", "rail"]["usd"] + TRANSFER["gauge_break"]["usd"] + TRANSFER["port"]["usd"]
    assert r.usd == pytest.approx(expected, rel=1e-9)
    assert "gauge_break" in set(r.legs["end_kind"])


def test_today_excludes_the_proposed_railway(synthetic_network: Path) -> None:
    r = cm.route("west", "harbour", include_proposed=False, data_dir=synthetic_network)
    assert "proposed" not in set(r.legs["status"])
    assert r.hours == pytest.approx(road_hours_west_to_harbour(), rel=1e-9)


def test_leg_km_are_the_geodesic_length_of_their_geometry(synthetic_network: Path) -> None:
    for optimize in ("time", "distance", "cost"):
        legs = cm.route("west", "harbour", optimize=optimize, data_dir=synthetic_network).legs
        for leg in legs.itertuples():
            assert leg.km == pytest.approx(geodesic_length_km(list(leg.geometry.coords)), abs=1e-9)


def test_totals_are_the_sum_of_the_legs(synthetic_network: Path) -> None:
    r = cm.route("west", "harbour", optimize="distance", data_dir=synthetic_network)
    assert r.km == pytest.approx(r.legs["km"].sum())
    assert r.hours == pytest.approx(r.legs["hours"].sum() + r.legs["end_hours"].sum())
    assert r.usd == pytest.approx(r.legs["usd"].sum() + r.legs["end_usd"].sum())


def test_reverse_mirrors_except_the_border_figures(synthetic_network: Path) -> None:
    there = cm.route("west", "east", optimize="distance", data_dir=synthetic_network)
    back = cm.route("east", "west", optimize="distance", data_dir=synthetic_network)
    assert list(back.legs["link"]) == list(there.legs["link"])[::-1]
    assert back.km == pytest.approx(there.km, rel=1e-12)
    assert back.legs["hours"].sum() == pytest.approx(there.legs["hours"].sum(), rel=1e-12)
    # West to east pays the post's AAA outbound 20 h + BBB inbound default 5 h; back pays the defaults 5 h + 10 h.
    assert there.crossings["hours"].iloc[0] == 25.0
    assert back.crossings["hours"].iloc[0] == BORDER["BBB", "road"]["hours"] + BORDER["*", "road"]["hours"]


def test_alternatives_cross_different_borders(synthetic_network: Path) -> None:
    found = cm.route_alternatives("west", "harbour", k=3, data_dir=synthetic_network)
    # Two corridors: across the post by road, across the railway's own border point.
    assert [r.borders for r in found] == [("rail-west-east@AAA-BBB",), ("post",)]
    assert [r.hours for r in found] == sorted(r.hours for r in found)
    assert found[1].hours == pytest.approx(road_hours_west_to_harbour(), rel=1e-9)


def test_alternatives_by_lines(synthetic_network: Path) -> None:
    found = cm.route_alternatives("west", "harbour", k=5, distinct="lines", max_shared=1.0, data_dir=synthetic_network)
    assert len(found) == 4  # two ways to the border times two ways to the harbour
    assert len({tuple(r.legs["link"]) for r in found}) == 4
    assert [r.hours for r in found] == sorted(r.hours for r in found)
    with pytest.raises(ValueError, match="distinct='roads' is not supported"):
        cm.route_alternatives("west", "harbour", distinct="roads", data_dir=synthetic_network)  # type: ignore[arg-type]


def test_places_resolve_forgivingly(synthetic_network: Path) -> None:
    resolve = lambda name: cm.resolve_place(name, data_dir=synthetic_network)  # noqa: E731
    assert resolve("EAST") == "east"
    assert resolve("Eastville") == "east"  # alias
    assert resolve("Eastvile") == "east"  # close spelling
    assert resolve("frontier gate") == "post"
    assert resolve("Port of East") == "harbour"  # the name in brackets


def test_unknown_place_names_the_closest(synthetic_network: Path) -> None:
    with pytest.raises(cm.UnknownPlaceError, match=r"unknown place 'harbor city'.*harbour") as err:
        cm.route("west", "harbor city", data_dir=synthetic_network)
    assert err.value.matches[0] == "harbour"


def test_impossible_journey_says_which_filter(synthetic_network: Path) -> None:
    with pytest.raises(cm.NoRouteError, match="on operating lines — there is one with the proposed lines"):
        cm.route("west", "harbour", modes="rail", include_proposed=False, data_dir=synthetic_network)
    with pytest.raises(cm.NoRouteError, match="avoiding post"):
        cm.route("west", "east", modes="road", avoid=["post"], data_dir=synthetic_network)
    with pytest.raises(cm.NoRouteError, match="by road alone — there is one mixing"):
        cm.route("west", "rail-west-east@AAA-BBB", modes="road", data_dir=synthetic_network)


def test_avoid_and_via(synthetic_network: Path) -> None:
    r = cm.route("west", "harbour", optimize="distance", avoid="post", data_dir=synthetic_network)
    assert "test-1" not in set(r.legs["link"])
    v = cm.route("west", "harbour", via=["post"], data_dir=synthetic_network)
    assert "post" in v.nodes
    # The fastest way through the post reaches it from the BBB side by rail and road, and turns back.
    assert list(v.legs["to_node"])[1:4] == ["east", "post", "east"]
    assert v.hours == pytest.approx(rail_then_road_hours() + 2 * ROAD_POST_EAST / ROAD["BBB"]["kmh"], rel=1e-9)


def test_params_scenario(synthetic_network: Path) -> None:
    faster = {"border": {"post": [{"country": "AAA", "direction": "outbound", "mode": "road", "hours": 0.0,
                                    "usd": 0.0, "year": 2024, "sources": ["test"]}]},
              "speed_cost": [{**ROAD["*"], "kmh": 100.0}]}  # fmt: skip
    r = cm.route("west", "harbour", params=faster, data_dir=synthetic_network)
    assert r.legs["link"].iloc[0] == "test-1"
    expected = road_hours_west_to_harbour() - 20.0 - ROAD_WEST_POST / 50 + ROAD_WEST_POST / 100
    assert r.hours == pytest.approx(expected, rel=1e-9)


def test_bad_options_are_named(synthetic_network: Path) -> None:
    with pytest.raises(ValueError, match="optimize='speed' is not supported"):
        cm.route("west", "east", optimize="speed", data_dir=synthetic_network)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"modes=.*'ship'"):
        cm.route("west", "east", modes=("ship",), data_dir=synthetic_network)
    with pytest.raises(ValueError, match="same place"):
        cm.route("east", "Eastville", data_dir=synthetic_network)


def test_matrix_rows_equal_single_routes(synthetic_network: Path) -> None:
    m = cm.transit_matrix(["west", "east"], ["harbour"], data_dir=synthetic_network)
    for row in m.itertuples():
        r = cm.route(row.origin, row.destination, data_dir=synthetic_network)
        assert (row.km, row.hours, row.usd) == (r.km, r.hours, r.usd)


def test_near_copies_are_no_alternative(synthetic_network: Path) -> None:
    every = cm.route_alternatives("west", "harbour", k=3, distinct="lines", max_shared=1.0, data_dir=synthetic_network)
    assert [r.modes for r in every] == [["rail", "road"], ["rail"], ["road"]]
    # The all-rail journey shares its 222 km to the east with the best one: not an alternative at 50 %.
    distinct = cm.route_alternatives(
        "west", "harbour", k=3, distinct="lines", max_shared=0.5, data_dir=synthetic_network
    )
    assert [r.modes for r in distinct] == [["rail", "road"], ["road"]]


# ---------------------------------------------------------------- the real network

STANDARD = [(o, d) for o in cm.STANDARD_ORIGINS for d in cm.STANDARD_PORTS]


@pytest.mark.parametrize("include_proposed", [False, True], ids=["today", "proposed"])
def test_every_standard_journey_is_routable(include_proposed: bool) -> None:
    m = cm.transit_matrix(include_proposed=include_proposed)
    assert len(m) == len(STANDARD)
    assert m["error"].isna().all(), m.loc[m["error"].notna(), ["origin", "destination", "error"]]
    assert (m["km"] > 0).all() and (m["hours"] > 0).all() and (m["usd"] > 0).all()


@pytest.mark.parametrize(("origin", "destination"), STANDARD)
def test_real_journeys_are_consistent(origin: str, destination: str) -> None:
    today = cm.route(origin, destination, include_proposed=False)
    assert set(today.legs["status"]) == {"operating"}
    for r in (today, cm.route(origin, destination, optimize="distance")):
        assert r.km == pytest.approx(r.legs["km"].sum())
        assert r.hours == pytest.approx(r.legs["hours"].sum() + r.legs["end_hours"].sum())
        for leg in r.legs.itertuples():
            assert leg.km == pytest.approx(geodesic_length_km(list(leg.geometry.coords)), rel=1e-12)
        assert r.legs["from_node"].iloc[0] == r.origin and r.legs["to_node"].iloc[-1] == r.destination
        assert list(r.legs["from_node"].iloc[1:]) == list(r.legs["to_node"].iloc[:-1])


@pytest.mark.parametrize("origin", cm.STANDARD_ORIGINS)
def test_real_reverse_mirrors_the_shortest(origin: str) -> None:
    there = cm.route(origin, "Karachi", optimize="distance")
    back = cm.route("Karachi", origin, optimize="distance")
    assert back.km == pytest.approx(there.km, rel=1e-9)
    assert list(back.legs["link"]) == list(there.legs["link"])[::-1]
    assert list(back.crossings["node"]) == list(there.crossings["node"])[::-1]
    # Moving time is the same both ways; what a border costs may differ by direction.
    assert back.legs["hours"].sum() == pytest.approx(there.legs["hours"].sum(), rel=1e-9)


def test_real_alternatives_enter_pakistan_through_different_borders() -> None:
    found = cm.route_alternatives("Tashkent", "Karachi", k=3, include_proposed=False)
    assert len(found) == 3
    entries = [r.borders[-1] for r in found]
    assert len(set(entries)) == 3
    assert all(
        cm.network().nodes[e]["neighbour"] == "PAK" or cm.network().nodes[e]["country"] == "PAK" for e in entries
    )
    assert [r.hours for r in found] == sorted(r.hours for r in found)
