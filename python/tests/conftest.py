"""Shared fixtures: one small synthetic world, built once per test process.

`make test` runs pytest on two processes (pytest-xdist, ``--dist loadgroup``). Every test
that reads the shared small world goes to one group, so the world is built once; every
other module is a group of its own, so a module's world (its module-scoped fixture) is
built once too.
"""

from __future__ import annotations

import pytest
from dbt_world import BuiltWarehouse, build, generate, world_path

SMALL_WORLD_GROUP = "small_world"


@pytest.fixture(scope="session")
def small_warehouse(tmp_path_factory: pytest.TempPathFactory) -> BuiltWarehouse:
    """A 60-account, 90-day world with dirty rows, built with `dbt build`: the one build of
    the session that runs the unit tests as well as the data tests."""
    work = tmp_path_factory.mktemp("small_world")
    database = generate(world_path(work, "small"))
    return build(database, work, checks="all")


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if SMALL_WORLD_GROUP in item.keywords or "small_warehouse" in item.fixturenames:
            group = SMALL_WORLD_GROUP
        else:
            group = item.module.__name__ if item.module else item.nodeid.split("::")[0]
        item.add_marker(pytest.mark.xdist_group(group))
