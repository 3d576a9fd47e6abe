"""Shared fixtures: one small synthetic world, built once per test session."""

from __future__ import annotations

import pytest
from dbt_world import BuiltWarehouse, build, generate


@pytest.fixture(scope="session")
def small_warehouse(tmp_path_factory: pytest.TempPathFactory) -> BuiltWarehouse:
    """A 60-account, 90-day world with dirty rows, built with `dbt build` (all tests)."""
    work = tmp_path_factory.mktemp("small_world")
    database = generate(work / "small.duckdb")
    return build(database, work)
