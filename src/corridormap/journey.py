"""A journey: its legs, what it pays at each border and transfer, and its totals."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import pandas as pd

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["LEG_COLUMNS", "Route", "route_from_path"]

#: The columns of :attr:`Route.legs` (and a geometry).
LEG_COLUMNS = [
    "from_node", "to_node", "mode", "link", "status", "country", "km", "hours", "usd",
    "end_kind", "end_hours", "end_usd", "end_note", "sources", "cost_sources", "end_sources",
]  # fmt: skip


@dataclass(frozen=True)
class Route:
    """One journey: its legs and totals.

    ``legs`` has one row per leg (``from_node``, ``to_node``, ``mode``, ``link``, ``status``,
    ``country``, ``km``, ``hours``, ``usd``) and what is paid at the leg's end (``end_kind``:
    border, gauge_break, mode_change or port; ``end_hours``, ``end_usd``, ``end_note``), with
    the sources of the line, of its speed and cost, and of what is paid. Totals are the sums.
    ``names`` gives the name of every place on the journey by node id.
    """

    origin: str
    destination: str
    optimize: str
    legs: gpd.GeoDataFrame
    crossings: pd.DataFrame
    names: dict[str, str] = field(default_factory=dict)

    @property
    def km(self) -> float:
        """Geodesic km, summed over the legs."""
        return float(self.legs["km"].sum())

    @property
    def hours(self) -> float:
        """Moving hours plus hours paid at borders, transfers and the port."""
        return float(self.legs["hours"].sum() + self.legs["end_hours"].sum())

    @property
    def usd(self) -> float:
        """Moving cost plus what is paid at borders, transfers and the port (US$, one 20 t load)."""
        return float(self.legs["usd"].sum() + self.legs["end_usd"].sum())

    @property
    def countries(self) -> list[str]:
        """Countries passed, in order."""
        seen: list[str] = []
        for country in self.legs["country"]:
            if not seen or seen[-1] != country:
                seen.append(country)
        return seen

    @property
    def nodes(self) -> list[str]:
        """Node ids passed, origin to destination."""
        return [self.origin, *self.legs["to_node"]]

    @property
    def borders(self) -> tuple[str, ...]:
        """The border crossings paid, in order (node ids): what makes two journeys different corridors."""
        return tuple(self.crossings["node"])

    @property
    def modes(self) -> list[str]:
        """Modes used, in order."""
        return list(dict.fromkeys(self.legs["mode"]))

    def summary(self) -> dict[str, Any]:
        """Totals as a plain dict (what one row of :func:`routes` holds)."""
        names: list[str] = list(self.crossings["name"])
        return {
            "origin": self.origin,
            "destination": self.destination,
            "km": self.km,
            "hours": self.hours,
            "usd": self.usd,
            "modes": "+".join(self.modes),
            "countries": ">".join(self.countries),
            "borders": ", ".join(names),
            "border_hours": float(self.crossings["hours"].sum()) if len(self.crossings) else 0.0,
            "links": ", ".join(dict.fromkeys(self.legs["link"])),
        }

    def __repr__(self) -> str:
        return (
            f"Route({self.origin!r} → {self.destination!r}: {self.km:,.0f} km, {self.hours:,.1f} h, "
            f"US$ {self.usd:,.0f}, {len(self.legs)} legs, {len(self.crossings)} borders)"
        )


def route_from_path(
    network: nx.MultiDiGraph[str], graph: nx.DiGraph[Any], path: list[Any], origin: str, destination: str, optimize: str
) -> Route:
    """The :class:`Route` a path through the journey graph stands for (see ``_journey_graph``)."""
    rows, geoms, crossings = [], [], []
    for i in range(1, len(path) - 1):
        data = graph.edges[path[i], path[i + 1]]
        if "edge" not in data:
            continue
        u, v, k = data["edge"]
        edge = network.edges[u, v, k]
        paid = graph.edges[path[i + 1], path[i + 2]]["paid"]
        for p in paid:
            if p["kind"] == "border":
                node = network.nodes[p["node"]]
                closures = "; ".join(c["period"] for c in node.get("closures", []))
                closure_notes = " ".join(f"{c['period']}: {c['note']}" for c in node.get("closures", []))
                crossings.append({"node": p["node"], "name": node["name"], **{k_: p[k_] for k_ in
                                  ("from_iso3", "to_iso3", "mode", "hours", "usd", "note", "detail", "sources")},
                                  "closures": closures, "closure_notes": closure_notes})  # fmt: skip
        rows.append(
            {
                "from_node": u, "to_node": v, "mode": edge["mode"], "link": edge["link"], "status": edge["status"],
                "country": edge["country"], "km": data["km"], "hours": data["hours"], "usd": data["usd"],
                "end_kind": "+".join(p["kind"] for p in paid),
                "end_hours": float(sum(p["hours"] for p in paid)), "end_usd": float(sum(p["usd"] for p in paid)),
                "end_note": "; ".join(p["note"] for p in paid), "sources": ", ".join(edge["sources"]),
                "cost_sources": ", ".join(data["cost_sources"]),
                "end_sources": ", ".join(sorted({s for p in paid for s in p["sources"]})),
            }
        )  # fmt: skip
        geoms.append(edge["geometry"])
    legs = gpd.GeoDataFrame(pd.DataFrame(rows, columns=LEG_COLUMNS), geometry=geoms, crs="EPSG:4326")
    columns = ["node", "name", "from_iso3", "to_iso3", "mode", "hours", "usd", "note", "detail", "sources", "closures"]
    columns.append("closure_notes")
    places = [origin, *(row["to_node"] for row in rows)]
    names = {n: str(network.nodes[n]["name"]) for n in places}
    return Route(origin, destination, optimize, legs, pd.DataFrame(crossings, columns=columns), names)
