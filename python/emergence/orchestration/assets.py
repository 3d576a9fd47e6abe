"""The Dagster assets, checks, jobs and schedule over the dbt project.

- ``emergence_dbt``: one asset per dbt model, seed and snapshot (``@dbt_assets`` on a
  manifest that ``dbt parse`` writes when the definitions load); the dbt data tests are
  the assets' checks. It runs ``dbt build``, incrementally unless the run's config asks
  for a full refresh.
- ``gx_raw_suites`` and ``gx_built_suites``: the Great Expectations suites of the raw layer
  (before the build) and of staging and marts (after it), through
  :func:`emergence.quality.run_quality`, reported as one blocking check per table on the
  source (raw) or model asset that the table is.
- ``published_snapshot``: :func:`emergence.publish.publish`, downstream of the marts and
  of the blocking checks, so a failed check leaves the last snapshot in place.
- The demo world generator is a job of its own (``generate_demo_world``), never selected
  by the schedule.
"""

import json
import os
import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from emergence.dbt import DAILY_VARS, build_args, dbt_executable, reuse_parse
from emergence.paths import project_dir, warehouse_path
from emergence.pii_key import PII_KEY_ENV, with_demo_key
from emergence.publish import PUBLISHED_SCHEMAS

# The incremental build runs Monday to Saturday; on Sunday the full refresh takes its slot,
# so one run a day writes the warehouse. The full refresh rebuilds every incremental model
# and runs every test over everything: it heals anything an incremental run could have
# missed (DECISIONLOG.md, "Build speed").
DAILY_CRON = "0 5 * * 1-6"
WEEKLY_FULL_REFRESH_CRON = "0 5 * * 0"
LAYERS = ("raw", "staging", "marts")
# A failure whose message says the warehouse was busy or unreachable is retried; a failed
# model or test is not (it would fail the same way again).
TRANSIENT_PATTERNS = (
    r"could not set lock",
    r"conflicting lock",
    r"resource temporarily unavailable",
    r"database is locked",
    r"connection (reset|refused|timed out)",
)
MAX_TRANSIENT_RETRIES = 2
PUBLISH_GROUP = "publish"


class DbtBuildConfig(dg.Config):
    """How one run builds the project."""

    full_refresh: bool = False
    as_of_date: str | None = None


class DemoWorldConfig(dg.Config):
    """The synthetic world that ``generate_demo_world`` writes (the CLI's defaults)."""

    seed: int = 42
    accounts: int = 300
    days: int = 180
    start_date: str = "2026-01-05"
    dirty_rate: float = 0.02


class Warehouse(dg.ConfigurableResource):
    """The DuckDB file the project builds into; empty means ``$EMERGENCE_DUCKDB_PATH``."""

    database: str = ""
    sample_rows: int = 100_000

    def path(self) -> Path:
        return Path(self.database).resolve() if self.database else warehouse_path()


def is_transient(message: str) -> bool:
    """Whether a failure message names a transient cause worth a retry."""
    return any(re.search(pattern, message, flags=re.IGNORECASE) for pattern in TRANSIENT_PATTERNS)


def parse_manifest(target_path: Path) -> Path:
    """``dbt parse`` into ``target_path``; returns the manifest it wrote.

    Run at every load, so the assets never describe a stale manifest (about 10 s). It
    parses with the daily run's vars, so the daily run (six days in seven) reuses this
    parse; the Sunday full refresh, without them, parses again.
    """
    target_path.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    env.setdefault("DBT_PROFILES_DIR", str(project_dir()))
    with_demo_key(env)
    result = subprocess.run(
        [
            dbt_executable(),
            "parse",
            "--project-dir",
            str(project_dir()),
            "--target-path",
            str(target_path),
            "--vars",
            json.dumps(DAILY_VARS),
        ],  # fmt: skip
        cwd=project_dir(),
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        tail = "\n".join(result.stdout.splitlines()[-20:])
        raise RuntimeError(f"dbt parse failed (exit {result.returncode}):\n{tail}")
    return target_path / "manifest.json"


def _relation(schema: str, table: str) -> tuple[str, str]:
    return schema.strip('"').lower(), table.strip('"').lower()


def _asset_keys_by_relation(manifest: dict[str, Any], translator: DagsterDbtTranslator) -> dict:
    """(schema, table) -> the asset key of the dbt model or source that is that relation."""
    keys: dict[tuple[str, str], dg.AssetKey] = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] in {"model", "seed", "snapshot"}:
            relation = _relation(node["schema"], node.get("alias") or node["name"])
            keys[relation] = translator.get_asset_key(node)
    for source in manifest["sources"].values():
        relation = _relation(source["schema"], source.get("identifier") or source["name"])
        keys[relation] = translator.get_asset_key(source)
    return keys


def _suite_targets(manifest: dict[str, Any], translator: DagsterDbtTranslator) -> list[tuple]:
    """(layer, suite name, asset key, check name) for every GX table suite."""
    from emergence.quality.runner import default_suites
    from emergence.quality.spec import Project

    keys = _asset_keys_by_relation(manifest, translator)
    targets = []
    for suite in default_suites(Project()):
        if suite.volumes:
            # The row-count suite guards the raw layer as a whole: it is reported on the
            # first table it counts, under a name of its own.
            key = keys.get(_relation(*suite.volumes[0].split(".", 1)))
            check_name = f"gx_{suite.layer}_volumes"
        else:
            key = keys.get(_relation(*suite.relation.split(".", 1)))
            check_name = f"gx_{suite.layer}"
        if key is None:
            raise ValueError(f"GX suite {suite.name} names no dbt model or source of the project")
        targets.append((suite.layer, suite.name, key, check_name))
    return targets


def _failed_nodes(invocation) -> list[str]:
    try:
        results = invocation.get_artifact("run_results.json")["results"]
    except Exception:  # no run_results.json: dbt stopped before running anything
        return []
    return [
        f"{r['unique_id']} ({r['status']}: {(r.get('message') or '').strip()[:200]})"
        for r in results
        if r["status"] in {"error", "fail", "runtime error"}
    ]


def build_definitions(
    database: Path | None = None,
    target_path: Path | None = None,
    sample_rows: int = 100_000,
) -> dg.Definitions:
    """The project's Dagster definitions.

    ``database`` defaults to ``$EMERGENCE_DUCKDB_PATH``; ``target_path`` (where the
    manifest and dbt's run artifacts go) defaults to the project's ``target/dagster``.
    """
    target_path = (target_path or project_dir() / "target" / "dagster").resolve()
    manifest_path = parse_manifest(target_path)
    manifest = json.loads(manifest_path.read_text())
    project = DbtProject(project_dir=project_dir(), target_path=target_path)
    translator = DagsterDbtTranslator()

    emergence_dbt = dbt_build_assets(manifest_path, project, translator, target_path)
    targets = _suite_targets(manifest, translator)
    # The raw suites guard what dbt reads, so they run (and block) before the build; the
    # staging and marts suites run once after it. Two runs of the runner, two result folders.
    gx_raw = layer_checks(targets, "gx_raw_suites", ("raw",), "raw")
    gx_built = layer_checks(targets, "gx_built_suites", ("staging", "marts"), None)
    published = published_snapshot_asset(manifest, translator)
    sources = sorted({key for _, _, key, _ in targets} - set(emergence_dbt.keys), key=str)
    raw_specs = [
        dg.AssetSpec(key, group_name="raw", description="A raw table the loader writes (not built here).")
        for key in sources
    ]
    checks = dg.AssetSelection.checks(gx_raw, gx_built)
    scheduled = dg.AssetSelection.assets(emergence_dbt, published) | checks
    daily, full_refresh = build_jobs(scheduled)
    return dg.Definitions(
        assets=[emergence_dbt, published, *raw_specs],
        asset_checks=[gx_raw, gx_built],
        jobs=[daily, full_refresh, demo_world_job()],
        schedules=schedules(daily, full_refresh),
        resources={
            "dbt": DbtCliResource(
                project_dir=project,
                dbt_executable=dbt_executable(),
                profiles_dir=os.environ.get("DBT_PROFILES_DIR", str(project_dir())),
            ),
            "warehouse": Warehouse(database=str(database) if database else "", sample_rows=sample_rows),
        },
        # One DuckDB file takes one writer: steps run one after another in one process.
        executor=dg.in_process_executor,
    )


@contextmanager
def warehouse_env(path: Path) -> Iterator[None]:
    """dbt reads the warehouse from the profile's env var, and the key of the keyed hash
    from its own (the demo key unless one is set); set them for one step only."""
    previous = os.environ.get("EMERGENCE_DUCKDB_PATH")
    os.environ["EMERGENCE_DUCKDB_PATH"] = str(path)
    demo_key = with_demo_key(os.environ)
    try:
        yield
    finally:
        if demo_key:
            os.environ.pop(PII_KEY_ENV, None)
        if previous is None:
            os.environ.pop("EMERGENCE_DUCKDB_PATH", None)
        else:
            os.environ["EMERGENCE_DUCKDB_PATH"] = previous


def dbt_build_assets(
    manifest_path: Path, project: DbtProject, translator: DagsterDbtTranslator, target_path: Path
) -> dg.AssetsDefinition:
    """One asset per dbt model, seed and snapshot; ``dbt build`` materializes them."""

    @dbt_assets(
        manifest=manifest_path, project=project, dagster_dbt_translator=translator, name="emergence_dbt"
    )
    def emergence_dbt(
        context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: Warehouse, config: DbtBuildConfig
    ) -> Iterator:
        # The daily run checks what the day wrote; the full refresh checks everything.
        args = build_args(
            config.full_refresh, config.as_of_date, unit_tests=False, daily_checks=not config.full_refresh
        )
        with warehouse_env(warehouse.path()):
            # Each run's artifacts go beside the manifest, not into the project's target/.
            run_target = target_path / "runs" / context.run.run_id
            reuse_parse(target_path, run_target)
            invocation = dbt.cli(args, context=context, raise_on_error=False, target_path=run_target)
            yield from invocation.stream()
        if not invocation.is_successful():
            raise build_failure(args, invocation)

    return emergence_dbt


def build_failure(args: list[str], invocation) -> Exception:
    """A retry for a transient cause (the warehouse busy or unreachable), else a failure."""
    error = invocation.get_error()
    message = "; ".join(_failed_nodes(invocation)) or str(error or "dbt build failed")
    if is_transient(message) or (error is not None and is_transient(str(error))):
        return dg.RetryRequested(max_retries=MAX_TRANSIENT_RETRIES, seconds_to_wait=15)
    return dg.Failure(description=f"dbt {' '.join(args)} failed on {message}")


def layer_checks(
    targets: list[tuple], name: str, layers: tuple[str, ...], quality_subdir: str | None
) -> dg.AssetChecksDefinition:
    """One blocking check per GX table suite of ``layers``, all run by one run of the runner."""
    chosen = [t for t in targets if t[0] in layers]
    specs = [
        dg.AssetCheckSpec(
            name=check_name,
            asset=key,
            blocking=True,
            description=f"GX suite of the {layer} layer for {suite} (docs/data_quality.md).",
        )
        for layer, suite, key, check_name in chosen
    ]

    @dg.multi_asset_check(
        specs=specs,
        name=name,
        description=f"The GX suites of the {', '.join(layers)} layers (emergence quality).",
    )
    def _checks(context: dg.AssetCheckExecutionContext, warehouse: Warehouse) -> Iterator:
        from emergence.quality import run_quality

        database = warehouse.path()
        quality_dir = database.parent / "quality" / quality_subdir if quality_subdir else None
        report = run_quality(database, quality_dir, layers=layers, sample_rows=warehouse.sample_rows)
        by_suite: dict[str, list] = {}
        for result in report.results:
            by_suite.setdefault(result.suite, []).append(result)
        for layer, suite, key, check_name in chosen:
            yield check_result(layer, suite, key, check_name, by_suite.get(suite, []))
        context.log.info(f"GX results: {report.quality_dir / 'results.json'}")

    return _checks


def check_result(
    layer: str, suite: str, key: dg.AssetKey, check_name: str, results: list
) -> dg.AssetCheckResult:
    """A suite's results as one check: it fails on any failed expectation of error severity."""
    failed = [r for r in results if not r.success and r.severity == "error"]
    warned = [r for r in results if not r.success and r.severity != "error"]
    return dg.AssetCheckResult(
        asset_key=key,
        check_name=check_name,
        passed=bool(results) and not failed,
        severity=dg.AssetCheckSeverity.ERROR,
        description="; ".join(r.message() for r in failed + warned)[:2000] or None,
        metadata={
            "layer": layer,
            "suite": suite,
            "expectations": len(results),
            "failed": len(failed),
            "warnings": len(warned),
        },
    )


def published_snapshot_asset(
    manifest: dict[str, Any], translator: DagsterDbtTranslator
) -> dg.AssetsDefinition:
    """The snapshot readers open, downstream of every published mart."""
    published_keys = [
        translator.get_asset_key(node)
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["schema"] in PUBLISHED_SCHEMAS
    ]

    @dg.asset(
        name="published_snapshot",
        group_name=PUBLISH_GROUP,
        deps=published_keys,
        description="The marts as a read-only snapshot for readers (emergence publish), "
        "written only when every blocking check upstream passed.",
        retry_policy=dg.RetryPolicy(max_retries=MAX_TRANSIENT_RETRIES, delay=15),
    )
    def published_snapshot(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
        from emergence.publish import publish

        snapshot = publish(warehouse.path())
        context.log.info(f"Published {len(snapshot.tables)} tables as {snapshot.folder}")
        return dg.MaterializeResult(
            metadata={
                "version": snapshot.version,
                "folder": dg.MetadataValue.path(str(snapshot.folder)),
                "tables": len(snapshot.tables),
                "rows": sum(snapshot.tables.values()),
            }
        )

    return published_snapshot


def build_jobs(scheduled: dg.AssetSelection) -> tuple:
    """The daily incremental build and the weekly full refresh, over the same selection."""
    daily = dg.define_asset_job(
        "daily_build",
        selection=scheduled,
        description="dbt build (incremental models incrementally), the GX suites, then publish.",
    )
    full_refresh = dg.define_asset_job(
        "full_refresh",
        selection=scheduled,
        description="dbt build --full-refresh (incremental models rebuilt), the GX suites, then publish.",
        config={"ops": {"emergence_dbt": {"config": {"full_refresh": True}}}},
    )
    return daily, full_refresh


def schedules(daily, full_refresh) -> list[dg.ScheduleDefinition]:
    return [
        dg.ScheduleDefinition(
            name=name,
            job=job,
            cron_schedule=cron,
            execution_timezone="UTC",
            default_status=dg.DefaultScheduleStatus.RUNNING,
        )
        for name, job, cron in [
            ("daily_build_schedule", daily, DAILY_CRON),
            ("weekly_full_refresh_schedule", full_refresh, WEEKLY_FULL_REFRESH_CRON),
        ]
    ]


def demo_world_job() -> dg.JobDefinition:
    """The demo world generator, a job of its own that no schedule selects."""

    @dg.op(description="Write a synthetic market into the raw schemas (demos only).")
    def generate_world_op(
        context: dg.OpExecutionContext, warehouse: Warehouse, config: DemoWorldConfig
    ) -> None:
        from emergence.synth import generate_world

        target = warehouse.path()
        target.parent.mkdir(parents=True, exist_ok=True)
        stats = generate_world(
            target,
            seed=config.seed,
            accounts=config.accounts,
            days=config.days,
            start_date=date.fromisoformat(config.start_date),
            dirty_rate=config.dirty_rate,
        )
        context.log.info(f"Generated {sum(stats.rows.values()):,} raw rows into {target}")

    @dg.job(name="generate_demo_world", description="The demo world generator; never scheduled.")
    def generate_demo_world() -> None:
        generate_world_op()

    return generate_demo_world
