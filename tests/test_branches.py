"""Branch lengths: one origin–destination length per branch of a corridor's main alignment."""

from __future__ import annotations

import pytest

import corridormap as cm


def test_qtta_has_one_length_per_port() -> None:
    b = cm.branch_lengths("QTTA")
    assert b[["start", "end"]].values.tolist() == [["almaty", "karachi"], ["almaty", "gwadar"]]
    seg = cm.route_length("QTTA", by="segment")
    for row in b.itertuples():
        assert row.km == pytest.approx(seg[row.segments].sum())
    # Both branches share Almaty–Islamabad, so each is shorter than the sum of all segments.
    shared = set(b.segments[0]) & set(b.segments[1])
    assert b["km"].sum() == pytest.approx(cm.route_length("QTTA") + seg[list(shared)].sum())


@pytest.mark.parametrize("cid", cm.corridor_ids())
def test_branches_cover_the_main_alignment(cid: str) -> None:
    b = cm.branch_lengths(cid)
    covered = {s for segs in b["segments"] for s in segs}
    assert covered == set(cm.corridor(cid)["id"])


def test_km_by_status_adds_up() -> None:
    for cid in cm.corridor_ids():
        by = cm.route_length(cid, by="status")
        assert by.sum() == pytest.approx(cm.route_length(cid))
    ktap = cm.route_length("KTAP", by="status")
    segs = cm.corridor("KTAP")
    seg_km = cm.route_length("KTAP", by="segment")
    assert ktap["operating"] == pytest.approx(seg_km[list(segs.loc[segs["status"] == "operating", "id"])].sum())
