"""How the command prints a table: aligned text for people, CSV or JSON for programs.

Examples
--------
>>> import pandas as pd
>>> write_frame(pd.DataFrame({"corridor": ["TAPI"], "km": [1771.04]}), "table")
corridor      km
    TAPI 1,771.0
"""

from __future__ import annotations

import json
import math
import sys
from typing import TYPE_CHECKING, Any

from . import formatting as fmt

if TYPE_CHECKING:
    from collections.abc import Callable

    import pandas as pd

__all__ = ["OUTPUT_FORMATS", "write_frame"]


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


_WRITERS: dict[str, Callable[[pd.DataFrame], None]] = {"table": _write_table, "csv": _write_csv, "json": _write_json}
#: The output formats: one per ``--format`` choice, the first the default.
OUTPUT_FORMATS = tuple(_WRITERS)


def write_frame(frame: pd.DataFrame, output_format: str) -> None:
    """Print ``frame`` to stdout in one of :data:`OUTPUT_FORMATS`."""
    _WRITERS[output_format](frame)
