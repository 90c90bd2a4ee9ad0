"""Rows of a data frame for code that reads their fields by name.

A ``_private`` module whose names are its interface inside the package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

    import pandas as pd

__all__ = ["named_rows"]


def named_rows(frame: pd.DataFrame) -> Iterator[Any]:
    """``frame.itertuples()``, typed so that fields keep their own types.

    pandas-stubs types every field of ``itertuples()`` as the union of all scalars, which
    no field is used as; the rows themselves are unchanged.

    Examples
    --------
    >>> import pandas as pd
    >>> [row.km for row in named_rows(pd.DataFrame({"km": [1.5]}))]
    [1.5]
    """
    return iter(frame.itertuples())
