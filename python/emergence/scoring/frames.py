"""Typed frames: what a kernel or a dbt Python model returns keeps its column types when empty.

The warehouse types a column from the frame's dtype, and an ``object`` column with no rows
has no type to read (DuckDB makes it ``NULL``), which breaks every contract downstream. So
string columns are pandas ``string``, counts nullable ``Int64``, and every column is cast.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

__all__ = ["typed_frame"]


def typed_frame(frame: pd.DataFrame, dtypes: Mapping[str, str]) -> pd.DataFrame:
    """The columns named in ``dtypes``, in its order, each cast to its pandas dtype.

    Args:
        frame: any frame holding at least those columns (others are dropped).
        dtypes: column name to pandas dtype (``"string"``, ``"Int64"``, ``"float64"``,
            ``"datetime64[us]"``...).

    Returns:
        A new frame with exactly those columns and dtypes, rows and index kept.

    Raises:
        ValueError: when a column is missing.
    """
    missing = [column for column in dtypes if column not in frame.columns]
    if missing:
        raise ValueError(f"typed_frame: missing columns {missing}")
    return frame[list(dtypes)].astype(dict(dtypes))
