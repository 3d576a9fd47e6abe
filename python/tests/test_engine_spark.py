"""The project on a local Spark session, started in this process (emergence.engines.spark).

The shared small world's raw tables are exported by DuckDB to Parquet and registered in the
session; dbt then builds seeds, every SQL model with its contract, and the tests of keys
(unique, relationships, unique_combination, and not_null on the marts) through dbtRunner in
the same process.
On Spark with Parquet the incremental models are tables (macro
incremental_materialization), so one full build proves them. The marts must equal a DuckDB
full build of the same world: row counts and keys exactly, numbers within a relative 1e-9
(emergence.engines.compare).

No Java on the machine fails the test: `make test` installs it (`make engines`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from dbt_world import BuiltWarehouse, build, generate, world_path

from emergence.engines import spark
from emergence.engines.compare import (
    LEGITIMATE_DIFFERENCES,
    MART_SCHEMAS,
    differences,
    primary_keys,
    read_duckdb_tables,
)
from emergence.engines.spark import (
    BUILD_ARGS,
    KEY_TESTS,
    LAYERS_WITHOUT_NOT_NULL,
    OTHER_TESTS,
    SparkWarehouse,
    load_raw_tables,
    read_tables,
    run_dbt,
    stop_session,
)
from emergence.pii_key import PII_KEY_ENV

pytestmark = [pytest.mark.dbt, pytest.mark.own_world]


@pytest.fixture(scope="module", autouse=True)
def pii_key() -> Iterator[None]:
    """One key for both engines' builds. Spark redacts a conf value that holds "secret", as
    the demo key does, and macro spark__pii_key then stops the build."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(PII_KEY_ENV, hashlib.sha256(b"emergence spark engine test").hexdigest())
        yield


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(world_path(tmp_path_factory.mktemp("engine_spark"), "duckdb"))


@pytest.fixture(scope="module")
def duckdb_build(world: Path) -> BuiltWarehouse:
    """The reference: DuckDB's full build of the world (its checks run elsewhere)."""
    return build(world, world.parent, checks="none")


@pytest.fixture(scope="module")
def spark_build(world: Path) -> Iterator[Path]:
    """Seeds, models, contracts and key tests on a session whose warehouse is in a folder of
    the test's; the session lives on in this process for the comparison, then stops.
    Yields dbt's target folder."""
    root = world.parent.parent / "spark"
    warehouse = SparkWarehouse(root / "warehouse")
    load_raw_tables(world, warehouse, root / "load")
    try:
        run_dbt(BUILD_ARGS, root, warehouse.profile_env())
        yield root / "target"
    finally:
        stop_session()


def ran(target: Path) -> tuple[dict[str, dict], dict[str, str]]:
    """The manifest's nodes, and the status of each one the run ran (exposures and saved
    queries, which build nothing, left out)."""
    nodes = json.loads((target / "manifest.json").read_text())["nodes"]
    results = json.loads((target / "run_results.json").read_text())["results"]
    return nodes, {r["unique_id"]: r["status"] for r in results if r["unique_id"] in nodes}


def generic_test_name(node: dict) -> str | None:
    """A generic test's name (unique, relationships, ...); None for a singular test."""
    return (node.get("test_metadata") or {}).get("name")


def runs_on_spark(test: dict) -> bool:
    name = generic_test_name(test)
    if name == "not_null":
        return not test["original_file_path"].startswith(LAYERS_WITHOUT_NOT_NULL)
    return name in KEY_TESTS


def test_seeds_sql_models_contracts_and_key_tests_pass_on_spark(spark_build: Path) -> None:
    nodes, status = ran(spark_build)
    enabled = {
        uid: node
        for uid, node in nodes.items()
        if node["config"].get("enabled", True) and node["config"].get("materialized") != "ephemeral"
    }
    assert not any(node.get("language") == "python" for node in enabled.values())
    expected = {
        uid
        for uid, node in enabled.items()
        if node["resource_type"] in ("seed", "model")
        or (node["resource_type"] == "test" and runs_on_spark(node))
    }
    kinds = {generic_test_name(node) for node in enabled.values() if node["resource_type"] == "test"}
    assert kinds - {None} <= KEY_TESTS | OTHER_TESTS, "add the new kind of test to KEY_TESTS or OTHER_TESTS"
    assert set(status) == expected
    failed = {uid: outcome for uid, outcome in status.items() if outcome not in ("success", "pass", "warn")}
    assert not failed
    assert {nodes[uid]["resource_type"] for uid in status} == {"seed", "model", "test"}
    # the scoring marts are their SQL twins here, and every other mart enforces its contract
    for mart in ("fct_account_emergence", "fct_buying_team_estimates"):
        assert "/sql_scoring/" in nodes[f"model.emergence.{mart}"]["original_file_path"]
    models = {uid for uid in status if nodes[uid]["resource_type"] == "model"}
    marts = {uid for uid in models if nodes[uid]["schema"] in MART_SCHEMAS}
    contracted = {uid for uid in marts if nodes[uid]["config"]["contract"]["enforced"]}
    assert contracted == {uid for uid in marts if "/sql_scoring/" not in nodes[uid]["original_file_path"]}
    # no incremental model on Parquet: delete+insert and merge need Delta, Iceberg or Hudi
    assert not {uid for uid in status if nodes[uid]["config"].get("materialized") == "incremental"}


def test_spark_marts_equal_duckdbs(duckdb_build: BuiltWarehouse, spark_build: Path) -> None:
    nodes, status = ran(spark_build)
    marts = sorted(
        f"{node['schema']}.{node['alias']}"
        for uid, node in nodes.items()
        if uid in status and node["resource_type"] == "model" and node["schema"] in MART_SCHEMAS
    )
    assert "marts.fct_touches" in marts and "marts.fct_account_emergence" in marts
    found = differences(
        read_duckdb_tables(duckdb_build.database, marts),
        read_tables(marts),
        primary_keys(spark_build / "manifest.json"),
        LEGITIMATE_DIFFERENCES["spark"],
    )
    assert not found, "\n".join(found)


def test_a_missing_java_fails_with_how_to_install_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(spark.JavaNotInstalled, match="make engines"):
        spark.java_program()
    with pytest.raises(spark.JavaNotInstalled, match="openjdk-17-jre-headless"):
        run_dbt(["debug"], tmp_path, {})
