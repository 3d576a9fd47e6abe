"""Builds the dbt project on a small synthetic world, for the tests that need a warehouse.

Each build gets its own DuckDB file and its own dbt target folder, so tests never share a
file lock with each other or with a developer's `make run`.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from emergence.contract import declared_tables
from emergence.dbt import run_dbt
from emergence.paths import project_dir
from emergence.synth import generate_world

SMALL_WORLD = {"seed": 7, "accounts": 60, "days": 90, "start_date": date(2026, 1, 5), "dirty_rate": 0.02}


@dataclass
class BuiltWarehouse:
    database: Path
    result: subprocess.CompletedProcess

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        with duckdb.connect(str(self.database), read_only=True) as con:
            return con.execute(sql, params or []).fetchall()


def generate(database: Path, **overrides) -> Path:
    database.parent.mkdir(parents=True, exist_ok=True)
    generate_world(database, **{**SMALL_WORLD, **overrides})
    return database


def build(
    database: Path, work: Path, dbt_vars: dict | None = None, args: list[str] | None = None
) -> BuiltWarehouse:
    """``dbt build`` on ``database``; raises with dbt's output when it fails."""
    os.environ["DBT_TARGET_PATH"] = str(work / "target")
    os.environ["DBT_LOG_PATH"] = str(work / "logs")
    try:
        result = run_dbt(args or ["build"], database, dbt_vars=dbt_vars, capture=True)
    finally:
        os.environ.pop("DBT_TARGET_PATH", None)
        os.environ.pop("DBT_LOG_PATH", None)
    return BuiltWarehouse(database=database, result=result)


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
    "sys",
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
