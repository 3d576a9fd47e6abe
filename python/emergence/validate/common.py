"""Shared pieces of ``emergence validate``: a ratio that keeps its counts, and table look-ups."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb

from emergence.pii_key import pii_key, set_key_variable, with_demo_key
from emergence.sqlfiles import load_sql

# Temporary macros the validations share (validate/sql/<name>.sql). The keys are the compiled
# SQL of the dbt macros that give them (test_validate_keys.py holds them equal); the IPv4
# number restates the project's rule for the truth's addresses.
MACROS = ("ipv4_to_bigint", "truth_account_key", "truth_person_key")


@dataclass(frozen=True)
class Ratio:
    """A share with the counts it comes from, so a report can say "981 of 990", not just 0.99."""

    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        """The share, or None when there is nothing to measure (denominator 0)."""
        return self.numerator / self.denominator if self.denominator else None

    def meets(self, target: float) -> bool:
        """True when the share is at least ``target``. An empty ratio meets no target."""
        value = self.value
        return value is not None and value >= target

    def __str__(self) -> str:
        value = self.value
        shown = "n/a" if value is None else f"{value:.4f}"
        return f"{shown} ({self.numerator:,}/{self.denominator:,})"


def existing_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Every ``schema.table`` (lowercase) in the database, views included."""
    rows = con.execute(load_sql(__file__, "existing_tables")).fetchall()
    return {name for (name,) in rows}


def existing_columns(con: duckdb.DuckDBPyConnection, qualified_table: str) -> set[str]:
    """The lowercase column names of ``schema.table``."""
    schema, table = qualified_table.split(".", 1)
    rows = con.execute(
        load_sql(__file__, "existing_columns"),
        {"schema_name": schema.lower(), "table_name": table.lower()},
    ).fetchall()
    return {name for (name,) in rows}


def define_macros(con: duckdb.DuckDBPyConnection) -> None:
    """Define the shared temporary macros (:data:`MACROS`) on ``con``, with the key of the
    keyed hash the build used (the environment's, else the demo key, as ``dbt_env`` does)."""
    environ = dict(os.environ)
    with_demo_key(environ)
    set_key_variable(con, pii_key(environ))
    for name in MACROS:
        con.execute(load_sql(__file__, name))


def open_checked(
    database: Path, purpose: str, required: Mapping[str, Iterable[str]]
) -> duckdb.DuckDBPyConnection:
    """Open ``database`` read-only for a validation, after checking that every table in
    ``required`` (``schema.table`` -> the columns read from it; empty to check only the
    table) exists with its columns. Raises ``ValueError`` naming what is missing."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        # The CLI prints its own tables; DuckDB's progress bar would garble them.
        con.execute("set enable_progress_bar = false")
        tables = existing_tables(con)
        missing = [name for name in required if name not in tables]
        if missing:
            raise ValueError(f"{database} lacks tables the {purpose} validation needs: {', '.join(missing)}")
        for table, columns in required.items():
            lacking = [c for c in columns if c not in existing_columns(con, table)]
            if lacking:
                raise ValueError(
                    f"{table} lacks columns the {purpose} validation needs: {', '.join(lacking)}"
                )
    except Exception:
        con.close()
        raise
    return con
