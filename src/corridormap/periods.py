"""Dates at the precision the sources give them: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, read as periods.

A date written ``2018`` is the period 1 January to 31 December 2018. The timeline counts an
event from the **last** day of its period (:func:`counted_from`): the data says no more than
"some time in 2018", so a map never shows a change before the sources date it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache
from typing import Final

__all__ = ["DATE_FORMS", "counted_from", "parse_when", "period"]

#: The forms a date may take, as the schemas write them.
DATE_FORMS: Final = "YYYY, YYYY-MM or YYYY-MM-DD"
_DATE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")


def period(text: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a date written at year, month or day precision.

    Raises :class:`ValueError` when ``text`` is not such a date in the calendar.

    Examples
    --------
    >>> period("2018")
    (datetime.date(2018, 1, 1), datetime.date(2018, 12, 31))
    >>> period("2024-02")
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    >>> period("2015-12-13")
    (datetime.date(2015, 12, 13), datetime.date(2015, 12, 13))
    """
    if not isinstance(text, str):
        msg = f"{text!r} is not a date — write it as {DATE_FORMS}"
        raise ValueError(msg)
    return _period(text)


@lru_cache(maxsize=4096)
def _period(text: str) -> tuple[dt.date, dt.date]:
    """:func:`period` of a string, kept: a build reads the same few hundred dates thousands of times."""
    match = _DATE.match(text)
    if not match:
        msg = f"{text!r} is not a date — write it as {DATE_FORMS}"
        raise ValueError(msg)
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None  # the pattern requires it
    try:
        if month is None:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if day is None:
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        return dt.date(year, month, day), dt.date(year, month, day)
    except (ValueError, calendar.IllegalMonthError):
        msg = f"{text!r} is not a date in the calendar — write it as {DATE_FORMS}"
        raise ValueError(msg) from None


def counted_from(text: str) -> dt.date:
    """The day from which the timeline counts an event dated ``text``: the last day of its period.

    Examples
    --------
    >>> counted_from("1979"), counted_from("2025-03")
    (datetime.date(1979, 12, 31), datetime.date(2025, 3, 31))
    """
    return period(text)[1]


def parse_when(when: str | int | dt.date) -> dt.date:
    """A date a user asks about, as the day it stands for: a year or a month stands for its last day.

    Examples
    --------
    >>> parse_when(2015), parse_when("2015-06"), parse_when(dt.date(2015, 6, 1))
    (datetime.date(2015, 12, 31), datetime.date(2015, 6, 30), datetime.date(2015, 6, 1))
    """
    if isinstance(when, dt.datetime):
        return when.date()
    if isinstance(when, dt.date):
        return when
    if isinstance(when, bool) or not isinstance(when, int | str):
        msg = f"{when!r} is not a date — give a year (2015) or a date written as {DATE_FORMS}"
        raise ValueError(msg)
    return counted_from(str(when).strip() if isinstance(when, str) else f"{when:04d}")
