"""Writes generated frames into DuckDB under a declared schema, in bulk (never row by row)."""

from __future__ import annotations

from collections import defaultdict

import duckdb
import pandas as pd
import pyarrow as pa


def q(ident: str) -> str:
    """Quote an SQL identifier."""
    return '"' + ident.replace('"', '""') + '"'


class TableWriter:
    """Creates the declared tables and appends Arrow/pandas chunks to them.

    Every declared column is written: columns a chunk lacks become typed nulls, and every
    value is cast to its declared type. Columns a chunk has that are not declared are
    dropped and remembered in ``undeclared`` (the tests require it to stay empty).
    """

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self._tables: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self._schema_of: dict[str, str] = {}
        self.rows: dict[str, int] = defaultdict(int)
        self.undeclared: dict[str, set[str]] = defaultdict(set)
        self._n = 0

    def create_schema(self, logical: str, schema: str, tables: dict[str, list[tuple[str, str]]]) -> None:
        """(Re)create ``schema`` with empty tables; ``logical`` is the name ``append`` uses."""
        self._x(f"DROP SCHEMA IF EXISTS {q(schema)} CASCADE")
        self._x(f"CREATE SCHEMA {q(schema)}")
        self._schema_of[logical] = schema
        for table, cols in tables.items():
            ddl = ", ".join(f"{q(c)} {t}" for c, t in cols)
            self._x(f"CREATE TABLE {q(schema)}.{q(table)} ({ddl})")
            self._tables[(logical, table)] = cols
            self.rows[f"{logical}.{table}"] += 0

    def _x(self, sql: str) -> None:
        """Run a statement to completion."""
        self.con.execute(sql).fetchall()

    def fqn(self, logical: str, table: str) -> str:
        """Quoted schema.table of a logical table."""
        return f"{q(self._schema_of[logical])}.{q(table)}"

    def frame(self, logical: str, table: str) -> pd.DataFrame:
        """A whole table as a frame (small worlds' rewrites: the HubSpot map)."""
        return self.con.execute(f"SELECT * FROM {self.fqn(logical, table)}").df()

    def replace(self, logical: str, table: str, data: pd.DataFrame) -> int:
        """Empty a table and write ``data`` into it; returns the rows written."""
        self._x(f"DELETE FROM {self.fqn(logical, table)}")
        self.rows[f"{logical}.{table}"] = 0
        return self.append(logical, table, data)

    def append(self, logical: str, table: str, data: pa.Table | pd.DataFrame) -> int:
        """Append one chunk; returns the number of rows written."""
        cols = self._tables[(logical, table)]
        if isinstance(data, pd.DataFrame):
            data = pa.Table.from_pandas(data, preserve_index=False)
        n = data.num_rows
        if n == 0:
            return 0
        have = set(data.column_names)
        extra = have - {c for c, _ in cols}
        if extra:
            self.undeclared[f"{logical}.{table}"].update(extra)
        select = ", ".join(
            (f"CAST({q(c)} AS {t}) AS {q(c)}" if c in have else f"CAST(NULL AS {t}) AS {q(c)}")
            for c, t in cols
        )
        self._n += 1
        view = f"_synth_chunk_{self._n}"
        self.con.register(view, data)
        try:
            self._x(f"INSERT INTO {self.fqn(logical, table)} SELECT {select} FROM {q(view)}")
        finally:
            self.con.unregister(view)
        self.rows[f"{logical}.{table}"] += n
        return n
