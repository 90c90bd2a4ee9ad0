"""The routes map's panel: figures once when the proposed lines change nothing, their scope from the data."""

from __future__ import annotations

import re

import pytest

import corridormap as cm

ORIGINS = ("Tashkent", "Dushanbe")
PORT = "Karachi"


@pytest.fixture(scope="module")
def page() -> str:
    return str(cm.build_routes_map(ORIGINS, [PORT]).get_root().render())


def _section(page: str, origin: str) -> str:
    key = f"{cm.resolve_place(origin)}|{cm.resolve_place(PORT)}"
    found = re.search(rf"<section class=cm-pair data-pair='{re.escape(key)}'[^>]*>(.*?)</section>", page, re.S)
    assert found, key
    return found.group(1)


@pytest.mark.parametrize("origin", ORIGINS)
def test_two_rows_only_when_the_proposed_lines_change_the_journey(page: str, origin: str) -> None:
    today = cm.route(origin, PORT, include_proposed=False)
    proposed = cm.route(origin, PORT, include_proposed=True)
    same = list(today.legs["link"]) == list(proposed.legs["link"])
    section = _section(page, origin)
    rows = re.findall(r"<tr><td>.*?</tr>", section)
    assert len(rows) == (1 if same else 2), rows
    assert ("the same with the proposed lines" in section) is same
    assert f"<td>{today.km:,.0f}</td><td>{today.hours:,.0f}</td><td>{today.usd:,.0f}</td>" in rows[0]
    if not same:
        assert f"<td>{proposed.km:,.0f}</td><td>{proposed.hours:,.0f}</td><td>{proposed.usd:,.0f}</td>" in rows[1]


def test_both_cases_are_exercised() -> None:
    """The pairs above include one the proposed lines change and one they leave alone (else the test above is idle)."""
    same = [
        list(cm.route(o, PORT, include_proposed=False).legs["link"])
        == list(cm.route(o, PORT, include_proposed=True).legs["link"])
        for o in ORIGINS
    ]
    assert sorted(same) == [False, True]


def test_scope_of_the_figures_comes_from_the_data(page: str) -> None:
    port = next(t for t in cm.network_params()["transfers"] if t["kind"] == "port")
    assert f"port handling ({port['hours']:,.0f} h)" in page
    assert "for one 20 t load" in page  # params.json: CPMM costs per 20 t load
    assert "<b>Today</b>: operating lines only" in page


def test_every_journey_table_has_one_row_per_pair(page: str) -> None:
    table = re.search(r"<details class=cm-all>(.*?)</details>", page, re.S)
    assert table
    assert len(re.findall(r"<tr><td>", table.group(1))) == len(ORIGINS)


def test_one_chooser_option_per_origin_and_none_for_a_single_port(page: str) -> None:
    assert len(re.findall(r"<option value=", page)) == len(ORIGINS)  # From: two origins; one port, no "to"
    assert "id=cm-to" not in page
