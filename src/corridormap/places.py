"""Places on the transport network: node ids, names and aliases, resolved forgivingly."""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from .caching import forget_on_clear
from .errors import UnknownPlaceError
from .transport_network import content_key, shared_graph

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["match_in", "match_place", "resolve_place"]


def _normalise(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


@forget_on_clear
@forget_on_clear
@lru_cache(maxsize=8)
def _place_lookup(root: Path, key: str) -> dict[str, str]:
    graph = shared_graph(root, key)
    lookup: dict[str, str] = {}
    for node, data in graph.nodes(data=True):
        names = [node, data["name"], re.sub(r"\s*\(.*?\)", "", data["name"]), *data["aliases"]]
        names += re.findall(r"\((.*?)\)", data["name"])
        for name in names:
            lookup.setdefault(_normalise(name), node)
    for node in graph:  # ids win over names
        lookup[_normalise(node)] = node
    return lookup


def match_place(name: str, *, data_dir: str | Path | None = None) -> tuple[str, bool]:
    """The node id of a place and whether it matched exactly (an id, name or alias in any case and spacing).

    ``False`` means a close spelling was taken (``"Tashkant"`` for Tashkent): say so to the user.

    Examples
    --------
    >>> from corridormap.places import match_place
    >>> match_place("Toshkent"), match_place("Tashkant")
    (('tashkent', True), ('tashkent', False))
    """
    return match_in(*content_key(data_dir), name)


def match_in(root: Path, key: str, name: str) -> tuple[str, bool]:
    """:func:`match_place` in the network of ``root`` with content key ``key`` (no second look at the files)."""
    lookup = _place_lookup(root, key)
    norm = _normalise(str(name))
    if norm in lookup:
        return lookup[norm], True
    scored = sorted(((difflib.SequenceMatcher(None, norm, k).ratio(), k) for k in lookup), reverse=True)
    if scored and norm and scored[0][0] >= 0.85 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
        return lookup[scored[0][1]], False
    close = list(dict.fromkeys(lookup[k] for r, k in scored[:8] if r >= 0.5))[:3]
    hint = f" Closest: {', '.join(close)}." if close else ""
    msg = f"unknown place {name!r}: it is no node of the transport network.{hint}"
    raise UnknownPlaceError(msg, close)


def resolve_place(name: str, *, data_dir: str | Path | None = None) -> str:
    """The node id of a place: ids, names, aliases, any case, close spellings.

    Raises :class:`~corridormap.UnknownPlaceError` naming the closest places.

    Examples
    --------
    >>> import corridormap as cm
    >>> cm.resolve_place("KARACHI"), cm.resolve_place("Port of Karachi")
    ('karachi', 'karachi')
    """
    return match_place(name, data_dir=data_dir)[0]
