"""Accuracy: our lengths vs geographiclib, our crossings and km per country vs a 100 m-densified reference.

usage: .venv/bin/python benchmarks/bench_accuracy.py
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import shapely
from _common import row, table
from geographiclib.geodesic import Geodesic

import corridormap as cm

REFERENCE_KM = 0.1


def _geographiclib_km(line: shapely.LineString) -> float:
    xy = shapely.get_coordinates(line)
    inverse = Geodesic.WGS84.Inverse
    return sum(inverse(a[1], a[0], b[1], b[0])["s12"] for a, b in itertools.pairwise(xy)) / 1000


def length_errors_m() -> tuple[float, str, float]:
    """Max |ours - geographiclib| in metres per corridor (main; main + alternatives), and per segment."""
    segs = cm.corridors()
    ref = pd.Series([_geographiclib_km(g) for g in segs.geometry], index=segs["id"])
    worst, where = 0.0, ""
    for cid in cm.corridor_ids():
        for alts in (False, True):
            ids = cm.corridor(cid, include_alternatives=alts)["id"]
            diff = abs(cm.route_length(cid, include_alternatives=alts) - ref[ids].sum()) * 1000
            if diff >= worst:
                worst, where = diff, f"{cid}{' + alternatives' if alts else ''}"
    ours = pd.concat([cm.route_length(c, by="segment", include_alternatives=True) for c in cm.corridor_ids()])
    per_segment = float((ours - ref[ours.index]).abs().max() * 1000)
    return worst, where, per_segment


def crossing_errors_km() -> tuple[float, str, int]:
    """Max |Δ km_from_start| of crossings vs a 100 m-densified run; corridors whose crossings differ in kind."""
    worst, where, mismatched = 0.0, "", 0
    for cid in cm.corridor_ids():
        for alts in (False, True):
            ours = cm.crossings(cid, include_alternatives=alts)
            ref = cm.crossings(cid, include_alternatives=alts, densify_km=REFERENCE_KM)
            same = (
                len(ours) == len(ref)
                and (ours[["from_iso3", "to_iso3"]].values == ref[["from_iso3", "to_iso3"]].values).all()
            )
            if not same:
                mismatched += 1
                continue
            diff = np.abs(ours["km_from_start"].to_numpy() - ref["km_from_start"].to_numpy())
            if len(diff) and diff.max() >= worst:
                worst, where = float(diff.max()), cid
    return worst, where, mismatched


def country_km_errors() -> float:
    """Max |Δ km| per segment and country of `analyze()` at the default step vs 100 m."""
    segs = cm.corridors().set_index("id")
    ours, _ = cm.analyze(segs.geometry)
    ref, _ = cm.analyze(segs.geometry, densify_km=REFERENCE_KM)
    joined = ours.merge(ref, on=["line", "iso3"], how="outer", suffixes=("", "_ref")).fillna(0.0)
    return float((joined["km"] - joined["km_ref"]).abs().max())


def run() -> list[dict[str, str]]:
    worst, where, per_segment = length_errors_m()
    x_worst, x_where, mismatched = crossing_errors_km()
    country = country_km_errors()
    return [
        row(
            f"6a. length vs geographiclib, max abs Δ per corridor (worst: {where})",
            f"**{worst:.1e} m** (per segment {per_segment:.1e} m)",
            "(report)",
            None,
        ),
        row(
            f"6b. crossings vs `densify_km={REFERENCE_KM}`, max abs Δ km_from_start (worst: {x_where or '-'})",
            f"**{x_worst * 1000:.1e} m**; corridors with a different crossing list: {mismatched}",
            "(report)",
            None if mismatched == 0 else False,
        ),
        row(
            f"6c. km per segment and country vs `densify_km={REFERENCE_KM}` (via `analyze()`), max abs Δ",
            f"**{country * 1000:.1e} m**",
            "(report)",
            None,
        ),
    ]


if __name__ == "__main__":
    print(table(run()))
