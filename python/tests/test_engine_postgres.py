"""The project on a real PostgreSQL server, started for the test (emergence.engines.postgres).

The shared small world's raw tables are copied to the server in two loads: first the rows
loaded up to a cutoff, built with seeds and models only; then every row, built
incrementally with every data test, unit test and contract. The marts must then equal a
DuckDB full build of the same world: row counts and keys exactly, numbers within a relative
1e-9 (emergence.engines.compare). Python models do not run on Postgres; the build leaves
them and what is built on them out (selectors.yml).

No PostgreSQL on the machine fails the test: `make test` installs it (`make engines`).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from dbt_world import BuiltWarehouse, build, generate, world_path

from emergence.engines import SQL_ONLY_SELECTOR, postgres
from emergence.engines.compare import (
    LEGITIMATE_DIFFERENCES,
    MART_SCHEMAS,
    differences,
    primary_keys,
    read_duckdb_tables,
)
from emergence.engines.postgres import PostgresServer, load_raw_tables, postgres_server, read_tables
from emergence.synth.holdback import hold_back, release

pytestmark = [pytest.mark.dbt, pytest.mark.own_world]

# Rows loaded after this wait for the second load: about the world's last two weeks.
CUTOFF = datetime(2026, 3, 20)


@pytest.fixture(scope="module")
def server() -> Iterator[PostgresServer]:
    with postgres_server() as running:
        yield running


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(world_path(tmp_path_factory.mktemp("engine_postgres"), "duckdb"))


@pytest.fixture(scope="module")
def duckdb_build(world: Path) -> BuiltWarehouse:
    """The reference: DuckDB's full build of the world (its checks run elsewhere)."""
    return build(world, world.parent, checks="none")


@pytest.fixture(scope="module")
def postgres_build(world: Path, server: PostgresServer) -> BuiltWarehouse:
    """The world reaches Postgres in two loads; the second build is incremental and runs
    every check."""
    growing = world_path(world.parent.parent, "postgres")
    growing.parent.mkdir()
    shutil.copy(world, growing)
    assert hold_back(growing, CUTOFF) > 1000
    selector = ["--selector", SQL_ONLY_SELECTOR]
    env = server.profile_env()
    load_raw_tables(growing, server)
    build(growing, growing.parent / "first", args=["build", *selector], checks="none", env=env)
    release(growing)
    load_raw_tables(growing, server)
    return build(growing, growing.parent, args=["build", *selector], checks="all", env=env)


def built_resources(target: Path) -> tuple[dict[str, dict], dict[str, str]]:
    """The manifest's models, seeds, tests and unit tests, and each one's status in the run."""
    manifest = json.loads((target / "manifest.json").read_text())
    resources = {**manifest["nodes"], **manifest["unit_tests"]}
    results = json.loads((target / "run_results.json").read_text())["results"]
    return resources, {r["unique_id"]: r["status"] for r in results if r["unique_id"] in resources}


def left_out_of_engines(resources: dict[str, dict]) -> set[str]:
    """The Python models and every resource that depends on one, directly or not."""
    left_out = {uid for uid, node in resources.items() if node.get("language") == "python"}
    grew = True
    while grew:
        fed = {
            uid
            for uid, node in resources.items()
            if uid not in left_out and left_out & set(node.get("depends_on", {}).get("nodes", []))
        }
        left_out |= fed
        grew = bool(fed)
    return left_out


def test_every_sql_model_test_and_contract_passes_on_postgres(postgres_build: BuiltWarehouse) -> None:
    resources, status = built_resources(postgres_build.target)
    left_out = left_out_of_engines(resources)
    expected = {
        uid
        for uid, node in resources.items()
        if uid not in left_out
        and node["resource_type"] != "analysis"
        and node["config"].get("enabled", True)
        and node["config"].get("materialized") != "ephemeral"
    }
    # exactly the selector's complement: no SQL model, test or unit test left out
    assert set(status) == expected
    failed = {uid: outcome for uid, outcome in status.items() if outcome not in ("success", "pass", "warn")}
    assert not failed
    ran = {resources[uid]["resource_type"] for uid in status}
    assert ran == {"model", "seed", "test", "unit_test"}
    # every SQL mart enforces its contract; the SQL twins of the Python marts share the Python
    # models' YAML, where dbt enforces none, and data tests guard them instead
    contracted = {uid for uid in status if resources[uid]["config"].get("contract", {}).get("enforced")}
    marts = {
        uid
        for uid in status
        if resources[uid]["resource_type"] == "model"
        and resources[uid]["schema"] in MART_SCHEMAS
        and "/sql_scoring/" not in resources[uid]["original_file_path"]
    }
    assert {"model.emergence.fct_account_emergence", "model.emergence.fct_buying_team_estimates"} <= set(
        status
    )
    assert contracted == marts


def mart_tables(resources: dict[str, dict], status: dict[str, str]) -> list[str]:
    """``schema.table`` of every mart the build made."""
    return sorted(
        f"{node['schema']}.{node['alias']}"
        for uid, node in resources.items()
        if uid in status and node["resource_type"] == "model" and node["schema"] in MART_SCHEMAS
    )


def test_postgres_marts_equal_duckdbs(
    duckdb_build: BuiltWarehouse, postgres_build: BuiltWarehouse, server: PostgresServer
) -> None:
    marts = mart_tables(*built_resources(postgres_build.target))
    assert "marts.fct_touches" in marts
    found = differences(
        read_duckdb_tables(duckdb_build.database, marts),
        read_tables(server, marts),
        primary_keys(postgres_build.target / "manifest.json"),
        LEGITIMATE_DIFFERENCES["postgres"],
    )
    assert not found, "\n".join(found)


def test_a_missing_postgresql_fails_with_how_to_install_it(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(postgres, "DEBIAN_BIN_GLOB", str(tmp_path / "postgresql" / "*" / "bin"))
    with pytest.raises(postgres.PostgresNotInstalled, match="make engines"):
        postgres.server_program("initdb")
