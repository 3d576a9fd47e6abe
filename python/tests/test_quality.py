"""emergence quality and emergence publish on the small world: every layer's suite passes
on a clean build; a broken invariant fails the command with a message naming the table,
column, expectation and rows, and then nothing is published; marts carry no clear email;
a publish swaps `current` and prunes old versions, so an erased person leaves them."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from dbt_world import BuiltWarehouse
from typer.testing import CliRunner

from emergence.cli import app
from emergence.publish import publish
from emergence.quality.runner import data_docs_index

pytestmark = pytest.mark.dbt

EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"


@pytest.fixture(scope="module")
def checked(small_warehouse: BuiltWarehouse, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the small world, checked by `emergence quality` (every layer) and published."""
    database = tmp_path_factory.mktemp("checked") / "warehouse" / "emergence.duckdb"
    database.parent.mkdir(parents=True)
    shutil.copy(small_warehouse.database, database)
    runner = CliRunner()
    result = runner.invoke(app, ["quality", "--database", str(database)])
    assert result.exit_code == 0, result.output[-3000:]
    result = runner.invoke(app, ["publish", "--database", str(database)])
    assert result.exit_code == 0, result.output[-3000:]
    return database


def test_a_quality_run_reaches_its_end_in_a_process_without_a_main_file(
    small_warehouse: BuiltWarehouse, tmp_path: Path
) -> None:
    """Great Expectations imports pyspark when it is installed (the `engines` extra); without
    Spark Connect's packages that import exits, with status 0 and in silence, a process whose
    main module has no file (``python -c``, a worker started by spawn)."""
    database = tmp_path / "warehouse" / "emergence.duckdb"
    database.parent.mkdir()
    shutil.copy(small_warehouse.database, database)
    arguments = ["quality", "--layer", "raw", "--database", str(database)]
    code = f"from emergence.cli import app; app({arguments!r})"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert "quality raw:" in result.stdout and "Results:" in result.stdout
    assert json.loads((database.parent / "quality" / "results.json").read_text())["ok"] is True


def test_every_layer_passes_and_results_are_written(checked: Path) -> None:
    report = json.loads((checked.parent / "quality" / "results.json").read_text())
    assert report["ok"] is True
    layers = {r["layer"] for r in report["results"]}
    assert layers == {"raw", "staging", "marts"}
    suites = {r["suite"] for r in report["results"]}
    for table in [
        "marts.fct_account_emergence",
        "marts.fct_buying_team_estimates",
        "staging.stg_salesforce__leads",
    ]:
        assert table in suites
    assert data_docs_index(checked.parent / "quality").exists()


def test_published_snapshot_reads_as_parquet_and_through_views(checked: Path) -> None:
    current = checked.parent / "published" / "current"
    assert current.is_symlink()
    folder = current.resolve()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["tables"]["marts.dim_people"] > 0
    with duckdb.connect() as con:
        parquet = folder / "marts" / "fct_account_emergence.parquet"
        assert (
            con.execute(f"select count(*) from read_parquet('{parquet}')").fetchone()[0]
            == (manifest["tables"]["marts.fct_account_emergence"])
        )
    with duckdb.connect(str(folder / "emergence.duckdb"), read_only=True) as con:
        assert (
            con.execute("select count(*) from marts.dim_people").fetchone()[0]
            == (manifest["tables"]["marts.dim_people"])
        )


def test_marts_carry_no_clear_email(small_warehouse: BuiltWarehouse) -> None:
    columns = small_warehouse.query(
        "select table_schema, table_name, column_name from information_schema.columns "
        "where table_schema in ('marts', 'quality') and data_type = 'VARCHAR'"
    )
    assert len(columns) > 20
    found = []
    for schema, table, column in columns:
        hits = small_warehouse.query(
            f'select count(*) from {schema}."{table}" where regexp_matches("{column}", ?)', [EMAIL]
        )[0][0]
        if hits:
            found.append((schema, table, column, hits))
    assert found == []
    # the emails are there to hide: hashed in dim_people, clear in staging
    assert small_warehouse.query("select count(email) from marts.dim_people")[0][0] > 0
    assert small_warehouse.query(
        "select count(*) from staging.stg_salesforce__contacts where email like '%@%'"
    )[0][0]


def test_broken_invariant_fails_with_a_clear_message_and_publishes_nothing(
    checked: Path, tmp_path: Path
) -> None:
    database = tmp_path / "emergence.duckdb"
    shutil.copy(checked, database)
    with duckdb.connect(str(database)) as con:
        key = con.execute(
            "select account_week_key from marts.fct_account_emergence order by account_week_key limit 1"
        ).fetchone()[0]
        con.execute(
            "update marts.fct_account_emergence set emergence_score = 120 where account_week_key = ?", [key]
        )
    runner = CliRunner()
    result = runner.invoke(app, ["quality", "--database", str(database), "--layer", "marts"])
    assert result.exit_code == 1
    failed = [line for line in result.output.splitlines() if "failed" in line and "emergence_score" in line]
    assert failed, result.output[-3000:]
    line = " ".join(failed)
    assert "marts.fct_account_emergence.emergence_score" in line
    assert "ExpectColumnValuesToBeBetween" in line
    assert key in line and "120" in line
    result = runner.invoke(app, ["publish", "--database", str(database)])
    assert result.exit_code == 1
    assert not (tmp_path / "published").exists()


def test_publish_prunes_old_versions_so_erased_people_leave(checked: Path, tmp_path: Path) -> None:
    database = tmp_path / "emergence.duckdb"
    shutil.copy(checked, database)
    published = tmp_path / "published"
    first = publish(database, published, keep=2)
    with duckdb.connect(str(database)) as con:
        person = con.execute(
            "select person_key from marts.dim_people order by person_key limit 1"
        ).fetchone()[0]
        # an erasure upstream: the next build no longer has the person
        con.execute("delete from marts.dim_people where person_key = ?", [person])
    second = publish(database, published, keep=2)
    third = publish(database, published, keep=2)
    kept = sorted(p.name for p in published.iterdir() if not p.is_symlink())
    assert kept == sorted([second.version, third.version])
    assert os.readlink(published / "current") == third.version
    assert first.version not in kept
    with duckdb.connect() as con:
        for version in kept:
            parquet = published / version / "marts" / "dim_people.parquet"
            hits = con.execute(
                f"select count(*) from read_parquet('{parquet}') where person_key = ?", [person]
            )
            assert hits.fetchone()[0] == 0
    with pytest.raises(ValueError):
        publish(database, published, keep=0)
    assert re.fullmatch(r"\d{8}T\d{12}Z", third.version)
