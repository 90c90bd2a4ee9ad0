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

__all__ = ["costs", "crossing", "decimal", "dollars", "hours", "km", "quantities", "usd"]


def km(value: float) -> str:
    """Kilometres to the nearest km, with thousands separators: ``'1,814 km'``."""
    return f"{value:,.0f} km"


def decimal(value: float, digits: int) -> str:
    """A number with ``digits`` decimals and thousands separators: ``decimal(1234.56, 1) == '1,234.6'``."""
    return f"{value:,.{digits}f}"


def usd(value: float) -> str:
    """US dollars in billions from US$1 bn, else in millions, every significant digit kept: ``'US$7.6 bn'``."""
    return f"US${value / 1e9:g} bn" if value >= 1e9 else f"US${value / 1e6:g} m"


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


def crossing(from_iso3: str, to_iso3: str, km_from_start: float) -> str:
    """One border crossing in a line of text: ``'TKM>AFG @ 204 km'``."""
    return f"{from_iso3}>{to_iso3} @ {km_from_start:.0f} km"
