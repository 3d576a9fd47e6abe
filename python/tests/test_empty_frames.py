"""The kernels and the dbt Python models' adapters on a frame with no rows: the same columns,
each with its declared dtype, so the warehouse keeps the column types of an empty mart."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from test_emergence_score import PARAMS
from test_emergence_score import frame_of as emergence_frame_of
from test_team_size import frame_of as team_frame_of

from emergence.paths import project_dir
from emergence.scoring import emergence as emergence_kernel
from emergence.scoring import estimate_team_size, score_emergence, typed_frame
from emergence.scoring import team_size as team_kernel


def warehouse_types(frame: pd.DataFrame) -> list[str]:
    """The column types DuckDB gives a table made from the frame."""
    with duckdb.connect() as con:
        return [str(t) for t in con.sql("select * from frame").types]


def adapter_dtypes(model: str) -> dict[str, str]:
    """The OUTPUT_DTYPES of a dbt Python model (its module runs outside dbt up to model())."""
    path = Path(project_dir()) / "models" / "marts" / "accounts" / f"{model}.py"
    spec = importlib.util.spec_from_file_location(model, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.OUTPUT_DTYPES


def test_score_emergence_on_no_rows_keeps_its_dtypes() -> None:
    out = score_emergence(emergence_frame_of([]), PARAMS)
    assert len(out) == 0
    assert {c: str(out[c].dtype) for c in emergence_kernel.OUTPUT_COLUMNS} == emergence_kernel.OUTPUT_DTYPES
    assert "NULL" not in warehouse_types(out[list(emergence_kernel.OUTPUT_COLUMNS)])


def test_estimate_team_size_on_no_rows_keeps_its_dtypes() -> None:
    out = estimate_team_size(team_frame_of([]), occasions=5, prior_strength=5.0, min_known_people=2)
    assert len(out) == 0
    assert {c: str(out[c].dtype) for c in team_kernel.OUTPUT_COLUMNS} == team_kernel.OUTPUT_DTYPES
    assert "NULL" not in warehouse_types(out[list(team_kernel.OUTPUT_COLUMNS)])


def test_kernel_strings_stay_strings_with_rows() -> None:
    out = score_emergence(emergence_frame_of([{"engaged_people": 1, "engaged_functions": 1}]), PARAMS)
    assert out["tier"].tolist() == ["molecule"]
    assert warehouse_types(out[["tier", "explanation", "emergence_score"]]) == [
        "VARCHAR",
        "VARCHAR",
        "DOUBLE",
    ]


def test_typed_frame_orders_casts_and_names_missing_columns() -> None:
    frame = pd.DataFrame({"b": pd.Series([], dtype=object), "a": pd.Series([], dtype=object), "x": []})
    typed = typed_frame(frame, {"a": "string", "b": "Int64"})
    assert list(typed.columns) == ["a", "b"]
    assert warehouse_types(typed) == ["VARCHAR", "BIGINT"]
    with pytest.raises(ValueError, match="missing columns \\['c'\\]"):
        typed_frame(frame, {"c": "string"})


@pytest.mark.parametrize("model", ["fct_account_emergence", "fct_buying_team_estimates"])
def test_adapters_type_every_output_column(model: str) -> None:
    dtypes = adapter_dtypes(model)
    empty = pd.DataFrame({c: pd.Series([], dtype=object) for c in dtypes})
    assert "NULL" not in warehouse_types(typed_frame(empty, dtypes))
