"""A local Spark session, and a generated world's raw tables registered in it.

The engine tests prove the project on Spark in session mode, never a mock: dbt-spark starts
the session in this process (profiles.yml's ``spark`` target), with its warehouse and Derby
metastore under a folder of the caller's. A session's tables live in its JVM and metastore,
so the raw tables are registered, and the project built, through ``dbtRunner`` in the same
process (``run_dbt``); a dbt subprocess would start a session of its own.

DuckDB writes each raw table to Parquet, which Spark reads as a table over the files
(``create table ... using parquet location``, macro ``register_parquet_tables``). Parquet
timestamps without a zone come back as ``timestamp_ntz``, which the profile makes Spark's
``timestamp``.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from emergence.engines.compare import Table
from emergence.paths import project_dir
from emergence.pii_key import PII_KEY_ENV, with_demo_key
from emergence.sqlfiles import load_sql
from emergence.synth.raw_schema import SOURCES

TARGET = "spark"

# What a build on Spark runs: seeds, every model with its contract, and the data tests of
# keys, with not_null on the marts and seeds, whose contracts' not-null constraints Parquet
# tables do not hold. The other data tests (not_null on staging and intermediate models
# among them) and the unit tests run on DuckDB and Postgres; they would take Spark's build
# from minutes to a quarter of an hour. A new kind of generic test must be added to one list
# or the other (test_engine_spark checks it).
KEY_TESTS = {"unique", "not_null", "relationships", "unique_combination"}
OTHER_TESTS = {"accepted_values", "expression_is_true", "known_dq_reason", "row_count_between", "rows_agree"}
LAYERS_WITHOUT_NOT_NULL = ("models/staging/", "models/intermediate/")
LEAVE_OUT = [
    "test_type:singular",
    *(f"test_name:{name}" for name in sorted(OTHER_TESTS)),
    *(f"test_name:not_null,path:{folder}" for folder in LAYERS_WITHOUT_NOT_NULL),
]
BUILD_ARGS = ["build", "--exclude-resource-type", "unit_test", "--exclude", *LEAVE_OUT]


class JavaNotInstalled(RuntimeError):
    """No Java runtime for Spark on this machine."""


class DbtFailed(RuntimeError):
    """A dbt command run in this process failed."""


def java_program() -> str:
    """The ``java`` Spark starts (``JAVA_HOME``'s, else on PATH); raises
    :class:`JavaNotInstalled` saying how to install it."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    found = shutil.which("java")
    if found:
        return found
    raise JavaNotInstalled(
        "emergence: Spark needs Java 17 or later, and no `java` is on PATH or in JAVA_HOME. "
        "`make engines` installs it (apt-get install openjdk-17-jre-headless)."
    )


@dataclass(frozen=True)
class SparkWarehouse:
    """The folder of a local session's warehouse, metastore and raw Parquet files."""

    root: Path

    def profile_env(self) -> dict[str, str]:
        """The environment that points profiles.yml's ``spark`` target at this folder. The
        keyed hash reads its key from the session conf ``emergence.pii_key``, which the
        profile sets from the environment's key, or the demo key, as on DuckDB."""
        environ = dict(os.environ)
        with_demo_key(environ)
        return {
            "EMERGENCE_TARGET": TARGET,
            "EMERGENCE_SPARK_DIR": str(self.root),
            PII_KEY_ENV: environ[PII_KEY_ENV],
        }


def run_dbt(args: Sequence[str], work: Path, env: Mapping[str, str]):
    """``dbt <args>`` on the project through ``dbtRunner``, in this process, with ``env``
    added to the environment for the call; target and logs in ``work``. Returns dbt's
    result; raises :class:`DbtFailed` naming what failed."""
    from dbt.cli.main import dbtRunner

    java_program()
    added = {
        **env,
        "DBT_PROFILES_DIR": str(project_dir()),
        "DBT_TARGET_PATH": str(work / "target"),
        "DBT_LOG_PATH": str(work / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    with _environment(added):
        result = dbtRunner().invoke([*args, "--project-dir", str(project_dir())])
    if not result.success:
        raise DbtFailed(f"dbt {' '.join(args)} failed: {_failures(result)}")
    return result


def _failures(result) -> str:
    if result.exception is not None:
        return repr(result.exception)
    outcomes = getattr(result.result, "results", None) or []
    failed = [f"{r.node.unique_id}: {r.message}" for r in outcomes if str(r.status) in ("error", "fail")]
    return "\n".join(failed[:20]) or "no node failed; see dbt's log"


@contextmanager
def _environment(added: Mapping[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in added}
    os.environ.update(added)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def export_raw_tables(world: Path, folder: Path) -> list[dict[str, str]]:
    """Write every raw table of a generated world (a DuckDB file) to Parquet under
    ``folder/<schema>/<table>/``; returns the tables, as ``register_parquet_tables`` takes
    them."""
    tables = []
    with duckdb.connect(str(world), read_only=True) as source:
        columns = source.execute(load_sql(__file__, "raw_columns"), {"schemas": list(SOURCES)}).fetchall()
        for schema, table in sorted({(row[0], row[1]) for row in columns}):
            location = folder / schema / table
            shutil.rmtree(location, ignore_errors=True)
            location.mkdir(parents=True)
            source.execute(f'copy "{schema}"."{table}" to \'{location / "rows.parquet"}\' (format parquet)')
            tables.append({"schema": schema, "table": table, "location": str(location)})
    return tables


def load_raw_tables(world: Path, warehouse: SparkWarehouse, work: Path) -> list[dict[str, str]]:
    """Register a world's raw tables in the session, under the same schema and table names."""
    tables = export_raw_tables(world, warehouse.root / "raw")
    arguments = json.dumps({"tables": tables})
    run_dbt(["run-operation", "register_parquet_tables", "--args", arguments], work, warehouse.profile_env())
    return tables


def stop_session() -> None:
    """Stop the session dbt started in this process, and its JVM's work (the JVM stays)."""
    from pyspark.sql import SparkSession

    session = SparkSession.getActiveSession()
    if session is None and _has_session():
        session = SparkSession.builder.getOrCreate()
    if session is not None:
        session.stop()


def _has_session() -> bool:
    from pyspark import SparkContext

    return SparkContext._active_spark_context is not None


def read_tables(names: Sequence[str]) -> dict[str, Table]:
    """Each ``schema.table`` of the session dbt started in this process, read whole."""
    from pyspark.sql import SparkSession

    if not _has_session():
        raise RuntimeError("emergence: no Spark session in this process; dbt starts one (run_dbt)")
    session = SparkSession.builder.getOrCreate()
    tables = {}
    for name in names:
        frame = session.table(name)
        tables[name] = Table(columns=tuple(frame.columns), rows=[tuple(row) for row in frame.collect()])
    return tables
