"""Figures in the page's language: numbers, kilometres, hours and money.

English and Urdu pages write figures as the command line does ("1,814 km", "US$4.75 m").
Russian pages write them the Russian way: a decimal comma and thousands grouped by a no-break
space ("1 814 км", "96,2 ч"), where "1,814" would read 1.814; and money with the unit in words,
as the Russian legend of the countries map already does ("10–50 млн долл. США"): "m" and "bn"
would not read as million and billion to a Russian reader ("м" is the metre). A sum is joined
by no-break spaces, so it never breaks across lines ("7,6 млрд долл. | США" read badly).

Examples
--------
>>> from corridormap.maps.i18n import language
>>> usd(4_750_000), dollars(1234.4), kilometres(1814.4)
('US$4.75 m', 'US$1,234', '1,814 km')
>>> with language("ru"):
...     [s.replace("\\u00a0", " ") for s in (usd(4_750_000), usd(1.2e9), dollars(1234.4), kilometres(1814.4))]
['4,75 млн долл. США', '1,2 млрд долл. США', '1 234 долл. США', '1 814 км']
"""

from __future__ import annotations

from typing import Final

from .. import formatting as fmt
from .i18n import current_language, t

__all__ = ["dollars", "hours", "in_figures", "kilometres", "number", "usd"]

#: Millions and billions in Russian, for :func:`corridormap.formatting.usd_scaled`'s scales.
_RUSSIAN_SCALES: Final = {"m": "млн", "bn": "млрд"}
#: The Russian unit after a figure in US dollars (a no-break space inside).
_RUSSIAN_DOLLARS: Final = "долл.\u00a0США"


def number(value: float, digits: int = 0) -> str:
    """``value`` with ``digits`` decimals, written the way the current language writes figures.

    English and Urdu: "1,814.4". Russian: decimal comma, thousands grouped by a no-break space
    (U+00A0, so a figure never breaks across lines): "1 814,4", where "1,814" would read 1.814.

    Examples
    --------
    >>> number(1814.44, 1), number(96.24, 1), number(23)
    ('1,814.4', '96.2', '23')
    >>> from corridormap.maps.i18n import language
    >>> with language("ru"):
    ...     number(1814.44, 1) == "1\u00a0814,4", number(96.24, 1)
    (True, '96,2')
    """
    return in_figures(f"{value:,.{digits}f}")


def in_figures(english: str) -> str:
    """A figure written the English way ("1,814.4", "4.75") in the current language's way (see :func:`number`).

    Examples
    --------
    >>> from corridormap.maps.i18n import language
    >>> with language("ru"):
    ...     in_figures("4.75"), in_figures("12,000") == "12\u00a0000"
    ('4,75', True)
    """
    if current_language() != "ru":
        return english
    return english.replace(",", "\u00a0").replace(".", ",")


def kilometres(value: float, digits: int = 0) -> str:
    """A distance in the current language's figures (:func:`number`) and unit.

    Urdu keeps "km" after a figure: its pages have a byte budget, and the longer "کلومیٹر"
    would add bytes to every Urdu popup (the Urdu wording around figures says کلومیٹر).

    Examples
    --------
    >>> kilometres(1814.4), kilometres(0.18, 1)
    ('1,814 km', '0.2 km')
    >>> from corridormap.maps.i18n import language
    >>> with language("ru"):
    ...     kilometres(1814.4) == "1\u00a0814 км"
    True
    """
    return f"{number(value, digits)} {t('unit.km')}"


def hours(value: float, digits: int = 1) -> str:
    """A duration in hours in the current language's figures (:func:`number`) and unit.

    Examples
    --------
    >>> hours(96.24), hours(23, 0)
    ('96.2 h', '23 h')
    >>> from corridormap.maps.i18n import language
    >>> with language("ru"):
    ...     hours(96.24)
    '96,2 ч'
    """
    return f"{number(value, digits)} {t('unit.hours')}"


def usd(value: float) -> str:
    """A large sum in US dollars, in millions or billions (see :func:`corridormap.formatting.usd`).

    Examples
    --------
    >>> usd(91_470_000)
    'US$91.47 m'
    """
    if current_language() != "ru":
        return fmt.usd(value)
    figure, scale = fmt.usd_scaled(value)
    return f"{in_figures(figure)}\u00a0{_RUSSIAN_SCALES[scale]}\u00a0{_RUSSIAN_DOLLARS}"


def dollars(value: float) -> str:
    """A sum in whole US dollars (see :func:`corridormap.formatting.dollars`).

    Examples
    --------
    >>> dollars(980)
    'US$980'
    """
    return fmt.dollars(value) if current_language() != "ru" else f"{number(value)}\u00a0{_RUSSIAN_DOLLARS}"
