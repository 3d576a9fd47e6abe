"""Builds the dbt project on a small synthetic world, for the tests that need a warehouse.

Each world lives in a folder of its own, as ``<folder>/warehouse.duckdb``, with its own dbt
target folder, so tests never share a file lock with each other or with a developer's
`make run`. Every world's file has the same name, and dbt runs beside it: the profile is
then the same for every build, so one `dbt parse` per test process serves them all.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

import duckdb

from emergence.contract import declared_tables
from emergence.dbt import dbt_env, dbt_executable, reuse_parse, run_dbt
from emergence.paths import project_dir
from emergence.synth import generate_world

SMALL_WORLD = {"seed": 7, "accounts": 60, "days": 90, "start_date": date(2026, 1, 5), "dirty_rate": 0.02}
WAREHOUSE_FILE = "warehouse.duckdb"
# What a build checks: "all" runs unit and data tests, "data" leaves the unit tests out
# (they test SQL on fixed inputs, so one build of the session runs them), "none" builds
# seeds and models only, for a build whose checks another build already makes.
Checks = Literal["all", "data", "none"]
LEFT_OUT: dict[str, list[str]] = {"all": [], "data": ["unit_test"], "none": ["unit_test", "test"]}


@dataclass
class BuiltWarehouse:
    database: Path
    result: subprocess.CompletedProcess
    target: Path

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        with duckdb.connect(str(self.database), read_only=True) as con:
            return con.execute(sql, params or []).fetchall()


def world_path(folder: Path, name: str) -> Path:
    """Where a test keeps the world called ``name``: its own folder, the shared file name."""
    return folder / name / WAREHOUSE_FILE


def compiled_macro(call: str, database: Path, target: Path) -> str:
    """The SQL a macro call compiles to on DuckDB (``dbt compile --inline`` on the lint
    target), with whitespace collapsed: what a validation query restates must equal it."""
    result = subprocess.run(
        [dbt_executable(), "compile", "--quiet", "--inline", f"select {call}"]
        + ["--project-dir", str(project_dir()), "--target", "lint"],
        cwd=project_dir(),
        env={**dbt_env(database), "DBT_TARGET_PATH": str(target)},
        capture_output=True,
        text=True,
        check=True,
    )
    return " ".join(result.stdout.split()).removeprefix("select").strip()


def generate(database: Path, **overrides) -> Path:
    database.parent.mkdir(parents=True, exist_ok=True)
    generate_world(database, **{**SMALL_WORLD, **overrides})
    return database


@cache
def parsed_target() -> Path:
    """A target folder holding one parse of the project, made once per test process."""
    work = Path(tempfile.mkdtemp(prefix="emergence-parse-"))
    _run(["parse"], work / WAREHOUSE_FILE, work)
    return work / "target"


def build(
    database: Path,
    work: Path,
    dbt_vars: dict | None = None,
    args: list[str] | None = None,
    checks: Checks = "data",
    env: Mapping[str, str] | None = None,
) -> BuiltWarehouse:
    """``dbt build`` (or ``args``) on ``database``; raises with dbt's output when it fails.

    ``database`` must be named ``warehouse.duckdb`` (``world_path``) for the build to
    reuse the session's parse; any other name still builds, after a parse of its own.
    ``env`` points dbt at another engine (``emergence.engines``); ``database`` then only
    names the folder dbt runs in.
    """
    args = list(args or ["build"])
    if args[0] == "build":
        for resource in LEFT_OUT[checks]:
            args += ["--exclude-resource-type", resource]
    if database.name == WAREHOUSE_FILE:
        reuse_parse(parsed_target(), work / "target")
    result = _run(args, database, work, dbt_vars, env)
    return BuiltWarehouse(database=database, result=result, target=work / "target")


def _run(
    args: list[str],
    database: Path,
    work: Path,
    dbt_vars: dict | None = None,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess:
    os.environ["DBT_TARGET_PATH"] = str(work / "target")
    os.environ["DBT_LOG_PATH"] = str(work / "logs")
    try:
        return run_dbt(args, database, dbt_vars=dbt_vars, capture=True, beside_database=True, extra_env=env)
    finally:
        os.environ.pop("DBT_TARGET_PATH", None)
        os.environ.pop("DBT_LOG_PATH", None)


def staging_tables() -> list[dict[str, str]]:
    """The (source, table, stg) registry of macros/staging/staging_tables.sql."""
    text = (project_dir() / "macros" / "staging" / "staging_tables.sql").read_text()
    pattern = r"\{'source': '(\w+)', 'table': '(\w+)', 'stg': '(\w+)'\}"
    return [{"source": s, "table": t, "stg": g} for s, t, g in re.findall(pattern, text)]


__all__ = [
    "BuiltWarehouse",
    "MINIMAL_SWITCHED_OFF",
    "SMALL_WORLD",
    "build",
    "generate",
    "minimal_vars",
    "staging_tables",
    "strip_to_minimal",
    "world_path",
]


# Tables that the loaders' own dbt packages do not need, switched off in the minimal-schema
# world (docs/raw_contract.md): Fivetran's Salesforce package covers account, contact,
# lead, opportunity and user; the Marketo lead's field metadata, programs, campaigns and
# the data-value and merge activities feed no signal.
MINIMAL_SWITCHED_OFF = {
    "salesforce": [
        "opportunity_contact_role",
        "opportunity_history",
        "lead_history",
        "campaign",
        "campaign_member",
    ],
    "marketo": ["lead_describe", "program", "campaign", "activity_change_data_value", "activity_merge_leads"],
}


def minimal_vars() -> dict[str, bool]:
    """The vars that switch the minimal-schema world's absent tables off."""
    return {
        f"emergence__using_{source}_{table}": False
        for source, tables in MINIMAL_SWITCHED_OFF.items()
        for table in tables
    }


def strip_to_minimal(database: Path) -> dict[str, list[str]]:
    """Reduce a generated world to the minimal contract: every optional column dropped, the
    switched-off tables dropped. Returns the dropped columns per table."""
    dropped: dict[str, list[str]] = {}
    with duckdb.connect(str(database)) as con:
        for (source, table), columns in declared_tables().items():
            if table in MINIMAL_SWITCHED_OFF.get(source, []):
                con.execute(f'drop table "{source}"."{table}"')
                continue
            optional = [c.name for c in columns if not c.required]
            for column in optional:
                con.execute(f'alter table "{source}"."{table}" drop column "{column}"')
            dropped[f"{source}.{table}"] = optional
    return dropped
