"""How numbers read: km, money and border crossings, the same in the maps, the summary and the command line.

Examples
--------
>>> from corridormap import formatting as fmt
>>> fmt.km(1814.4), fmt.usd(1.2e9), fmt.usd(91_470_000)
('1,814 km', 'US$1.2 bn', 'US$91.47 m')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "along",
    "costs",
    "crossing",
    "decimal",
    "dollars",
    "hours",
    "km",
    "line",
    "place",
    "quantities",
    "usd",
    "usd_scaled",
]

#: Joins a line's two ends in its name: "Sangtuda–Nowshera".
LINE_JOIN = "–"
#: Words that say what a place is rather than which: dropped from a node's name in a line's name.
_GENERIC = {"hvdc", "ac", "converter", "station", "substation", "kv", "gas", "field", "port", "railhead", "border"}


def km(value: float) -> str:
    """Kilometres to the nearest km, with thousands separators: ``'1,814 km'``."""
    return f"{value:,.0f} km"


def decimal(value: float, digits: int) -> str:
    """A number with ``digits`` decimals and thousands separators: ``decimal(1234.56, 1) == '1,234.6'``."""
    return f"{value:,.{digits}f}"


def usd(value: float) -> str:
    """US dollars in billions from US$1 bn, else in millions, every significant digit kept: ``'US$7.6 bn'``."""
    figure, scale = usd_scaled(value)
    return f"US${figure} {scale}"


def usd_scaled(value: float) -> tuple[str, str]:
    """The figure and scale ("bn" or "m") that :func:`usd` writes.

    Examples
    --------
    >>> usd_scaled(7.6e9), usd_scaled(4_750_000)
    (('7.6', 'bn'), ('4.75', 'm'))
    """
    return (f"{value / 1e9:g}", "bn") if value >= 1e9 else (f"{value / 1e6:g}", "m")


def hours(value: float) -> str:
    """Hours to a tenth, with thousands separators: ``hours(96.24) == '96.2 h'``."""
    return f"{value:,.1f} h"


def dollars(value: float) -> str:
    """A journey's cost in whole US dollars: ``dollars(3120.4) == 'US$3,120'``."""
    return f"US${value:,.0f}"


def quantities(items: Iterable[dict[str, Any]]) -> str:
    """Capacities as ``'33 bcm/yr; 1300 MW'``."""
    return "; ".join(f"{q['value']:g} {q['unit']}" for q in items)


def costs(items: Iterable[dict[str, Any]]) -> str:
    """Costs as ``'US$7.6 bn; US$165 m'``."""
    return "; ".join(usd(float(c["usd"])) for c in items)


def crossing(from_iso3: str, to_iso3: str, km_from_start: float, line: str | None = None) -> str:
    """One border crossing in a line of text, naming the line where a corridor has more than one.

    Examples
    --------
    >>> crossing("TKM", "AFG", 234.4), crossing("TJK", "AFG", 105.7, "Sangtuda–Nowshera")
    ('TKM>AFG @ 234 km', 'TJK>AFG @ 106 km on Sangtuda–Nowshera')
    """
    return f"{from_iso3}>{to_iso3} @ {km_from_start:.0f} km" + (f" on {line}" if line else "")


def place(name: str) -> str:
    """A node's name as a line's end: before any comma or bracket, without words like 'substation'.

    Examples
    --------
    >>> place("Sangtuda HVDC converter station"), place("Sughd (Sugd-500) 500 kV substation, Khujand")
    ('Sangtuda', 'Sughd')
    >>> place("Gwadar Port"), place("Datka 500 kV substation")
    ('Gwadar', 'Datka')
    """
    head = name.split(",")[0].split(" (")[0].strip()
    words = head.split()
    while len(words) > 1 and (words[-1].lower() in _GENERIC or words[-1].isdigit()):
        words.pop()
    return " ".join(words) or name


def line(start: str, end: str) -> str:
    """A line's name from its two ends: ``'Sangtuda–Nowshera'``."""
    return f"{start}{LINE_JOIN}{end}"


def along(km_from_start: float, line_name: str, *, name_the_line: bool = True) -> str:
    """Where a point lies on a line, for a reader: from the line's start, naming the line if asked.

    Examples
    --------
    >>> along(105.7, "Sangtuda–Nowshera"), along(234.4, "Galkynysh–Fazilka", name_the_line=False)
    ('Sangtuda–Nowshera line, km 106 from Sangtuda', 'km 234 from Galkynysh')
    """
    start = line_name.split(LINE_JOIN)[0]
    where = f"km {km_from_start:,.0f} from {start}"
    return f"{line_name} line, {where}" if name_the_line else where
