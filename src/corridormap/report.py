"""One table of every corridor: what it is, how long it is, where it goes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from . import formatting as fmt
from ._paths import data_root
from .branches import branch_lengths
from .chaining import route_length
from .crossings import crossings
from .data import corridor_facts, corridor_ids

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["LENGTH_TOLERANCE", "summary"]

#: Computed and reported lengths further apart than this fraction are flagged.
LENGTH_TOLERANCE = 0.10


def summary(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """One row per corridor: kind, status, computed and reported km, countries, crossings, capacity, cost.

    ``computed_km`` is the main route's geodesic length. ``reported_km`` is the headline
    reported length (the first in the corridor's data) and ``reported_scope`` what it
    covers; ``compared_km`` is the digitised length of that same stretch (the segments
    the figure names, else the whole main route). ``difference_pct`` is compared minus
    reported over reported; ``flag`` is True where they differ by more than
    :data:`LENGTH_TOLERANCE`, and ``length_note`` says why.

    Examples
    --------
    >>> import corridormap as cm
    >>> table = cm.summary()
    >>> table.loc["TAPI", "kind"]
    'gas_pipeline'
    """
    root = data_root(data_dir)
    rows = []
    for cid in corridor_ids(data_dir=root):
        facts = corridor_facts(cid, data_dir=root)
        km = route_length(cid, data_dir=root)
        headline = facts["reported_lengths"][0] if facts["reported_lengths"] else None
        compared = km
        if headline and headline.get("segments"):
            by_segment = route_length(cid, by="segment", include_alternatives=True, data_dir=root)
            compared = float(by_segment[headline["segments"]].sum())
        diff = None if headline is None else 100 * (compared - headline["km"]) / headline["km"]
        by_country = route_length(cid, by="country", data_dir=root)
        x = crossings(cid, data_dir=root)
        rows.append(
            {
                "corridor": cid,
                "name": facts["name"],
                "kind": facts["kind"],
                "status": facts["status"],
                "computed_km": round(km, 1),
                "km_by_status": "; ".join(
                    f"{fmt.km(v)} {k}" for k, v in route_length(cid, by="status", data_dir=root).items()
                ),
                "km_by_branch": "; ".join(
                    f"{s}-{e} {fmt.km(k)}"
                    for s, e, k in branch_lengths(cid, data_dir=root)[["start", "end", "km"]].itertuples(index=False)
                ),
                "reported_km": headline["km"] if headline else None,
                "reported_scope": headline["scope"] if headline else "",
                "compared_km": round(compared, 1) if headline else None,
                "difference_pct": None if diff is None else round(diff, 1),
                "flag": diff is not None and abs(diff) > 100 * LENGTH_TOLERANCE,
                "countries": " > ".join(c for c in by_country.index if c != "none"),
                "crossings": "; ".join(
                    fmt.crossing(a, b, k, line if x["line"].nunique() > 1 else None)
                    for line, a, b, k in zip(x.line, x.from_iso3, x.to_iso3, x.km_from_start)
                ),
                "capacity": fmt.quantities(facts["capacity"]),
                "cost": fmt.costs(facts["cost"]),
                "length_note": facts.get("length_note", ""),
            }
        )
    return pd.DataFrame(rows).set_index("corridor")
