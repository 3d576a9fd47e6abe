"""Hold back the raw rows loaded after a cutoff, then let them arrive: a world that grows.

Used to exercise incremental runs: build on the data loaded up to the cutoff, release the
held-back rows (late events, re-syncs, deletions, the next day's activity), and run again.
The held-back rows wait in a schema of their own (``holdback``) inside the same file.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import yaml

from emergence.paths import project_dir

HOLDBACK_SCHEMA = "holdback"


def raw_tables() -> list[tuple[str, str, str]]:
    """(schema, table, loaded-at column) of every raw table in the sources YAML that has a
    loaded-at column (a reverse-IP export has none: it arrives whole)."""
    tables = []
    for path in sorted((project_dir() / "models" / "staging").glob("*/_*__sources.yml")):
        for source in yaml.safe_load(path.read_text())["sources"]:
            loaded_at = (source.get("config") or {}).get("loaded_at_field")
            if loaded_at:
                tables += [(source["name"], table["name"], loaded_at) for table in source["tables"]]
    return tables


def hold_back(database: Path, cutoff: datetime) -> int:
    """Move every raw row loaded after ``cutoff`` into the holdback schema; return how many."""
    moved = 0
    with duckdb.connect(str(database)) as con:
        con.execute(f"create schema if not exists {HOLDBACK_SCHEMA}")
        for schema, table, loaded_at in raw_tables():
            target = f'{HOLDBACK_SCHEMA}."{schema}__{table}"'
            con.execute(
                f'create or replace table {target} as select * from {schema}."{table}" where {loaded_at} > ?',
                [cutoff],
            )
            moved += con.execute(f"select count(*) from {target}").fetchone()[0]
            con.execute(f'delete from {schema}."{table}" where {loaded_at} > ?', [cutoff])
    return moved


def release(database: Path) -> int:
    """Append the held-back rows to their raw tables and drop the holdback schema."""
    released = 0
    with duckdb.connect(str(database)) as con:
        for schema, table, _ in raw_tables():
            source = f'{HOLDBACK_SCHEMA}."{schema}__{table}"'
            released += con.execute(f"select count(*) from {source}").fetchone()[0]
            con.execute(f'insert into {schema}."{table}" select * from {source}')
        con.execute(f"drop schema {HOLDBACK_SCHEMA} cascade")
    return released
