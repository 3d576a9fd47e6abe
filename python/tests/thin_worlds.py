"""Worlds that break the demo's assumptions: every raw table empty, no opportunities, no won
deals, a single account. Each starts from a world the generator wrote and edits its raw
tables in place, so the tables and their types stay those a loader writes."""

from __future__ import annotations

from pathlib import Path

import duckdb
from dbt_world import generate

RAW_SCHEMAS = ("salesforce", "marketo", "segment", "reverse_ip")
# Tiny on purpose: each world is one more full build in `make test`.
THIN_WORLD = {"seed": 7, "accounts": 15, "days": 45, "dirty_rate": 0.0}


def raw_tables(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """Every (schema, table) the loaders wrote."""
    return con.execute(
        "select table_schema, table_name from information_schema.tables "
        f"where table_schema in ({', '.join('?' for _ in RAW_SCHEMAS)}) order by 1, 2",
        list(RAW_SCHEMAS),
    ).fetchall()


def empty_world(database: Path) -> Path:
    """Every raw table present, with its columns and types, and no rows."""
    generate(database, **THIN_WORLD)
    with duckdb.connect(str(database)) as con:
        for schema, table in raw_tables(con):
            con.execute(f'delete from "{schema}"."{table}"')
    return database


def no_opportunities_world(database: Path) -> Path:
    """A world whose CRM holds no opportunity, contact role or opportunity history."""
    generate(database, **THIN_WORLD)
    with duckdb.connect(str(database)) as con:
        for table in ("opportunity_contact_role", "opportunity_history", "opportunity"):
            con.execute(f"delete from salesforce.{table}")
        con.execute("update salesforce.lead set converted_opportunity_id = null")
    return database


def no_won_deals_world(database: Path) -> Path:
    """A world with opportunities, none of them won (a won one becomes closed lost).

    The generator's world at 60 accounts and 60 days (seed 7), where the MQL-to-SAL rate is
    measured at 0 on more than min_sample cases, so the reverse funnel meets a zero rate.
    """
    generate(database, days=60)
    with duckdb.connect(str(database)) as con:
        con.execute(
            "update salesforce.opportunity set is_won = false, is_closed = true, stage_name = 'Closed Lost' "
            "where is_won"
        )
        con.execute(
            "update salesforce.opportunity_history set stage_name = 'Closed Lost' "
            "where stage_name = 'Closed Won'"
        )
        opportunities = con.execute("select count(*) from salesforce.opportunity").fetchone()[0]
    assert opportunities > 0, "the thin world's seed opened no opportunity"
    return database


def one_account_world(database: Path) -> Path:
    """A market of one company, as the generator makes it."""
    return generate(database, **{**THIN_WORLD, "accounts": 1})


def raw_row_count(database: Path) -> int:
    with duckdb.connect(str(database), read_only=True) as con:
        return sum(con.execute(f'select count(*) from "{s}"."{t}"').fetchone()[0] for s, t in raw_tables(con))
