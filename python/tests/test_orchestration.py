"""The Dagster definitions, materialized in process on a small world (the orchestration extra)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

dg = pytest.importorskip("dagster", reason="the orchestration extra is not installed")
pytest.importorskip("dagster_dbt", reason="the orchestration extra is not installed")

from dbt_world import generate  # noqa: E402

from emergence.orchestration import build_definitions  # noqa: E402
from emergence.orchestration.assets import is_transient  # noqa: E402
from emergence.publish import current_version  # noqa: E402

pytestmark = [pytest.mark.dbt, pytest.mark.own_world]

ORCHESTRATED_WORLD = {"accounts": 20, "days": 45}


@pytest.fixture(scope="module")
def orchestrated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dg.Definitions]:
    """A generated (not built) 40-account, 60-day world, and the definitions over the
    warehouse file that each test lays that world into (one ``dbt parse`` for both tests)."""
    work = tmp_path_factory.mktemp("orchestrated")
    raw = generate(work / "raw.duckdb", **ORCHESTRATED_WORLD)
    database = work / "warehouse" / "emergence.duckdb"
    return raw, database, build_definitions(database=database, target_path=work / "target")


def _daily_run(orchestrated, break_raw: str | None = None):
    """Lay a fresh copy of the raw world, optionally break it, and run the scheduled job."""
    raw, database, defs = orchestrated
    shutil.rmtree(database.parent, ignore_errors=True)
    database.parent.mkdir(parents=True)
    shutil.copy(raw, database)
    if break_raw:
        with duckdb.connect(str(database)) as con:
            con.execute(break_raw)
    job = defs.resolve_job_def("daily_build")
    with dg.instance_for_test() as instance:
        result = job.execute_in_process(instance=instance, raise_on_error=False)
    return database, result


def test_definitions_schedule_the_build_and_keep_the_generator_apart(orchestrated) -> None:
    _, _, defs = orchestrated
    schedule = defs.resolve_schedule_def("daily_build_schedule")
    assert schedule.job_name == "daily_build"
    daily = defs.resolve_job_def("daily_build")
    assert "generate_world_op" not in {node.name for node in daily.nodes_in_topological_order}
    assert defs.resolve_job_def("full_refresh").name == "full_refresh"
    weekly = defs.resolve_schedule_def("weekly_full_refresh_schedule")
    assert weekly.job_name == "full_refresh"
    # one run a day writes the warehouse: the two schedules never fire on the same day
    daily_days = schedule.cron_schedule.split()[4]
    weekly_days = weekly.cron_schedule.split()[4]
    assert (daily_days, weekly_days) == ("1-6", "0")
    assert is_transient("IO Error: Could not set lock on file")
    assert not is_transient("Failure in test unique_stg_salesforce__contacts_contact_id")


def test_daily_build_materializes_checks_and_publishes(orchestrated) -> None:
    database, result = _daily_run(orchestrated)
    assert result.success
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert {"marts/fct_touches", "marts/fct_lead_scores", "published_snapshot"} <= materialized
    evaluations = result.get_asset_check_evaluations()
    names = {e.check_name for e in evaluations}
    assert {"gx_raw", "gx_raw_volumes", "gx_staging", "gx_marts"} <= names
    assert any(name.startswith(("not_null", "unique")) for name in names), "dbt tests are asset checks"
    # dbt tests declared with severity warn (e.g. relationships to rows staging quarantined)
    # report as warnings; no check of error severity fails.
    failed = [e for e in evaluations if not e.passed and e.severity == dg.AssetCheckSeverity.ERROR]
    assert failed == []
    published = database.parent / "published"
    version = current_version(published)
    assert version is not None
    with duckdb.connect(str(published / version / "emergence.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from marts.fct_touches").fetchone()[0] > 0


def test_broken_staging_invariant_fails_its_check_and_blocks_publish(orchestrated) -> None:
    # Staging keeps an email whose top-level domain has an underscore (its own guard only
    # rejects spaces and missing parts); the staging suite's email format rejects it.
    database, result = _daily_run(
        orchestrated,
        break_raw="update salesforce.contact set email = 'broken@example.co_m' "
        "where id = (select min(id) from salesforce.contact where email is not null)",
    )
    assert not result.success
    errors = dg.AssetCheckSeverity.ERROR
    failed = [e for e in result.get_asset_check_evaluations() if not e.passed and e.severity == errors]
    assert [(e.asset_key.to_user_string(), e.check_name) for e in failed] == [
        ("staging/stg_salesforce__contacts", "gx_staging")
    ]
    assert "ExpectColumnValuesToMatchRegex" in (failed[0].description or "")
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert "marts/fct_touches" in materialized
    assert "published_snapshot" not in materialized
    assert current_version(database.parent / "published") is None
