"""Countries at the detail a corridor map needs: full near the corridor, coarser the further from it.

A corridor map opens on its corridor, and the borders a reader zooms into are where the
corridor crosses them. A border at distance *d* from the corridor shows in the same view as
the corridor only if the view is at least about 2*d* wide, where a pixel of a 1,000-pixel
wide map is 2*d*/1000 degrees or more. So each stretch of border is simplified (Douglas-Peucker)
with a tolerance of *d*/:data:`PIXELS` — under a pixel in any such view — by distance bands that
double from :data:`FULL_DETAIL_DEG` (within which nothing changes). The TopoJSON keeps its
topology: each shared border is one arc, simplified once, with its end points and the vertices
where it passes from one band to the next, so neighbours still meet without gaps. The countries
were two fifths of a corridor map's compressed bytes. In the page the arcs are packed
(:func:`packed_arcs`: the same integers, 6 bits a character) and unpacked before drawing.

Examples
--------
>>> import shapely
>>> from corridormap.data import default_data_dir
>>> from corridormap.maps.inputs import map_inputs
>>> topology = map_inputs(default_data_dir()).topology
>>> corridor = shapely.LineString([(69.0, 35.0), (71.0, 37.0)])
>>> len(str(near_detail(topology, corridor)["arcs"])) < len(str(topology["arcs"]))
True
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from .._answers import kept_json

__all__ = ["ALPHABET", "FULL_DETAIL_DEG", "PIXELS", "near_detail", "packed_arcs", "topology_json", "unpacked_arcs"]

#: Within this distance (degrees, about 50 km) of the corridor the countries keep every vertex.
FULL_DETAIL_DEG = 0.5
#: Width in pixels of the view the tolerance is a pixel of: a border at distance d moves by at most d / PIXELS.
PIXELS = 500
#: The characters of :func:`packed_arcs`, 6 bits each: plain in JSON, JavaScript and HTML, and no Jinja syntax.
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_CONTINUES = 32  # the sixth bit: more characters of the same number follow


def topology_json(topology: dict[str, Any]) -> bytes:
    """A TopoJSON's transform and arcs as compact JSON: part of the key :func:`near_detail` keeps its arcs under.

    Examples
    --------
    >>> topology_json({"transform": {"scale": [1, 1], "translate": [0, 0]}, "arcs": [[[0, 0], [1, 2]]]})
    b'[{"scale":[1,1],"translate":[0,0]},[[[0,0],[1,2]]]]'
    """
    return json.dumps([topology["transform"], topology["arcs"]], separators=(",", ":")).encode()


def near_detail(
    topology: dict[str, Any], corridor: shapely.Geometry, *, known_json: bytes | None = None
) -> dict[str, Any]:
    """A copy of a quantised, delta-encoded TopoJSON whose arcs lose detail with their distance from ``corridor``.

    A vertex at distance *d* ≥ :data:`FULL_DETAIL_DEG` lies in the band *k* ≥ 1 with
    ``FULL_DETAIL_DEG * 2**(k-1) <= d < FULL_DETAIL_DEG * 2**k``; each run of an arc within one
    band is simplified with the tolerance ``FULL_DETAIL_DEG * 2**(k-1) / PIXELS``, the band's
    nearest distance over :data:`PIXELS`. Arcs entirely within full detail are returned as they are.

    The arcs are kept on disk (:func:`~corridormap.caching.cache_dir`, ``derived/detail/``) under
    a SHA-256 of the arcs, the corridor's WKB, this module's code and the versions of numpy, shapely
    and GEOS: a later build with the same countries and corridor reads them back, and an edit of
    either computes them afresh. ``known_json`` is :func:`topology_json` of ``topology``, for a caller
    that has it (writing it takes 8 ms for the maps' countries, which every corridor map uses).
    """
    scale = np.array(topology["transform"]["scale"], dtype=float)
    origin = np.array(topology["transform"]["translate"], dtype=float)

    def compute() -> list[list[list[int]]]:
        shapely.prepare(corridor)
        return [_arc(arc, scale, origin, corridor) for arc in topology["arcs"]]

    libraries = f"numpy {np.__version__} shapely {shapely.__version__} GEOS {shapely.geos_version_string}"
    key = [
        Path(__file__).read_bytes(),
        libraries.encode(),
        topology_json(topology) if known_json is None else known_json,
        shapely.to_wkb(corridor),
    ]
    return topology | {"arcs": kept_json("detail", key, compute)}


def _arc(arc: list[list[int]], scale: np.ndarray, origin: np.ndarray, corridor: shapely.Geometry) -> list[list[int]]:
    points = np.cumsum(np.array(arc, dtype=np.int64), axis=0)
    xy = points * scale + origin
    distance = shapely.distance(shapely.points(xy), corridor)
    band: np.ndarray = np.where(
        distance < FULL_DETAIL_DEG, 0, np.floor(np.log2(np.maximum(distance, FULL_DETAIL_DEG) / FULL_DETAIL_DEG)) + 1
    ).astype(int)
    if not band.any():
        return arc
    cuts = np.flatnonzero(band[1:] != band[:-1]) + 1
    kept: list[np.ndarray] = []
    for start, end in zip([0, *cuts], [*cuts, len(points)], strict=True):
        if band[start] == 0:
            run = points[start:end]
        else:  # with the vertices just before and after the run, which stay
            run = points[max(start - 1, 0) : min(end + 1, len(points))]
            if len(run) > 2:
                tolerance = FULL_DETAIL_DEG * 2.0 ** (band[start] - 1) / PIXELS / float(scale.max())
                simple = shapely.simplify(shapely.LineString(run), tolerance, preserve_topology=False)
                run = shapely.get_coordinates(simple).astype(np.int64)
        if kept and (kept[-1][-1] == run[0]).all():
            run = run[1:]
        if len(run):
            kept.append(run)
    out = np.vstack(kept)
    if (points[0] == points[-1]).all() and len(out) < 4:  # a small island: a ring needs 4 points
        out = points
    return np.vstack([out[:1], np.diff(out, axis=0)]).tolist()  # type: ignore[no-any-return]


def packed_arcs(arcs: list[list[list[int]]]) -> list[str]:
    """Delta-encoded TopoJSON arcs as one string each, for the page: the same integers in about 17 % fewer gzip bytes.

    Each number is zig-zag encoded (0, -1, 1, -2... as 0, 1, 2, 3...) and written 5 bits a
    character, lowest first, from :data:`ALPHABET`; a character's sixth bit says another follows
    (the scheme of Google's encoded polylines, on a 64-character alphabet). A border's small
    steps take one or two characters each instead of JSON's digits, signs, commas and brackets.
    Lossless: :func:`unpacked_arcs` gives the arcs back, and so does the page's decoder
    (:mod:`.layers`) before ``topojson.feature`` reads them.

    Examples
    --------
    >>> packed_arcs([[[0, 0], [1, -1], [-17, 40000]]])
    ['AACBhBgkuC']
    >>> unpacked_arcs(packed_arcs([[[0, 0], [1, -1], [-17, 40000]]]))
    [[[0, 0], [1, -1], [-17, 40000]]]
    """
    out = []
    for arc in arcs:
        chars = []
        for pair in arc:
            for n in pair:
                z = 2 * n if n >= 0 else -2 * n - 1
                while z >= _CONTINUES:
                    chars.append(ALPHABET[_CONTINUES | (z & 31)])
                    z >>= 5
                chars.append(ALPHABET[z])
        out.append("".join(chars))
    return out


def unpacked_arcs(packed: list[str]) -> list[list[list[int]]]:
    """The arcs :func:`packed_arcs` packed."""
    code = {c: i for i, c in enumerate(ALPHABET)}
    arcs = []
    for text in packed:
        numbers, value, shift = [], 0, 0
        for c in text:
            bits = code[c]
            value |= (bits & 31) << shift
            if bits & _CONTINUES:
                shift += 5
            else:
                numbers.append(-(value >> 1) - 1 if value & 1 else value >> 1)
                value, shift = 0, 0
        arcs.append([numbers[i : i + 2] for i in range(0, len(numbers), 2)])
    return arcs
