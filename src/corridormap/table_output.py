"""How the command prints a table: aligned text for people, CSV or JSON for programs.

Examples
--------
>>> import pandas as pd
>>> write_frame(pd.DataFrame({"corridor": ["TAPI"], "km": [1771.04]}), "table")
corridor      km
    TAPI 1,771.0
"""

from __future__ import annotations

import csv
import json
import math
import sys
from typing import TYPE_CHECKING, Any

from . import formatting as fmt

if TYPE_CHECKING:
    from collections.abc import Callable

    import pandas as pd

__all__ = ["OUTPUT_FORMATS", "Rows", "write_frame"]

#: A small table as plain rows (column: str or float), printed as its DataFrame would be, without pandas.
Rows = list[dict[str, Any]]


def _plain(value: Any) -> Any:
    """JSON-ready value: NaN to None, numpy scalars to Python."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _write_csv(frame: pd.DataFrame) -> None:
    frame.to_csv(sys.stdout, index=False, float_format=lambda v: repr(float(v)), lineterminator="\n")


def _write_json(frame: pd.DataFrame) -> None:
    records = [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]
    print(json.dumps(records, indent=2, ensure_ascii=False))


def _write_table(frame: pd.DataFrame) -> None:
    import pandas as pd

    shown = frame.copy()
    for col in shown.select_dtypes("float").columns:
        digits = 5 if col in ("lon", "lat") else 1  # degrees to about a metre, km to 100 m
        shown[col] = shown[col].map(lambda v, d=digits: "" if pd.isna(v) else fmt.decimal(v, d))
    for col in [c for c in shown.columns if pd.api.types.is_object_dtype(shown[c])]:  # None shows as blank
        shown[col] = shown[col].map(lambda v: "" if v is None else v)
    print(shown.to_string(index=False) if len(shown) else "(none)")


def _shown(column: str, value: Any) -> str:
    return fmt.decimal(value, 5 if column in ("lon", "lat") else 1) if isinstance(value, float) else str(value)


def _print_rows(rows: Rows, output_format: str) -> None:
    """What the writers above print for ``pd.DataFrame(rows)``, when every value is a str or a float."""
    columns = list(rows[0])
    if output_format == "json":
        print(json.dumps([{k: _plain(v) for k, v in row.items()} for row in rows], indent=2, ensure_ascii=False))
    elif output_format == "csv":
        out = csv.writer(sys.stdout, lineterminator="\n")
        out.writerow(columns)
        out.writerows([[repr(v) if isinstance(v, float) else v for v in row.values()] for row in rows])
    else:
        cells = [columns, *([_shown(c, v) for c, v in row.items()] for row in rows)]
        widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
        for line in cells:
            print(" ".join(text.rjust(width) for text, width in zip(line, widths, strict=True)))


_WRITERS: dict[str, Callable[[pd.DataFrame], None]] = {"table": _write_table, "csv": _write_csv, "json": _write_json}
#: The output formats: one per ``--format`` choice, the first the default.
OUTPUT_FORMATS = tuple(_WRITERS)


def write_frame(frame: pd.DataFrame | Rows, output_format: str) -> None:
    """Print ``frame`` to stdout in one of :data:`OUTPUT_FORMATS`; :data:`Rows` print as their DataFrame would.

    Examples
    --------
    >>> write_frame([{"corridor": "TAPI", "km": 1771.04}], "table")
    corridor      km
        TAPI 1,771.0
    """
    if isinstance(frame, list):
        _print_rows(frame, output_format)
    else:
        _WRITERS[output_format](frame)
