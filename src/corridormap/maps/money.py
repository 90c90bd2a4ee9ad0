"""Money in the maps, in the page's language: :mod:`corridormap.formatting`'s forms, Russian in Russian.

English and Urdu pages keep the command line's forms ("US$4.75 m", "US$1,234"). Russian pages
write the figure the Russian way (:func:`.i18n.number`) and the unit in words, as the
Russian legend of the countries map already does ("10–50 млн долл. США"): "m" and "bn"
would not read as million and billion to a Russian reader ("м" is the metre). A sum is joined
by no-break spaces, so it never breaks across lines ("7,6 млрд долл. | США" read badly).

Examples
--------
>>> from corridormap.maps.i18n import language
>>> usd(4_750_000), dollars(1234.4)
('US$4.75 m', 'US$1,234')
>>> with language("ru"):
...     [s.replace("\\u00a0", " ") for s in (usd(4_750_000), usd(1.2e9), dollars(1234.4))]
['4,75 млн долл. США', '1,2 млрд долл. США', '1 234 долл. США']
"""

from __future__ import annotations

from typing import Final

from .. import formatting as fmt
from .i18n import current_language, in_figures, number

__all__ = ["dollars", "usd"]

#: The Russian unit after a figure in US dollars (a no-break space inside).
_RUSSIAN_DOLLARS: Final = "долл.\u00a0США"


def usd(value: float) -> str:
    """A large sum in US dollars, in millions or billions (see :func:`corridormap.formatting.usd`).

    Examples
    --------
    >>> usd(91_470_000)
    'US$91.47 m'
    """
    if current_language() != "ru":
        return fmt.usd(value)
    scaled, scale = (value / 1e9, "млрд") if value >= 1e9 else (value / 1e6, "млн")
    return f"{in_figures(f'{scaled:g}')}\u00a0{scale}\u00a0{_RUSSIAN_DOLLARS}"


def dollars(value: float) -> str:
    """A sum in whole US dollars (see :func:`corridormap.formatting.dollars`).

    Examples
    --------
    >>> dollars(980)
    'US$980'
    """
    return fmt.dollars(value) if current_language() != "ru" else f"{number(value)}\u00a0{_RUSSIAN_DOLLARS}"
