"""Whether two engines built the same marts: the check every engine other than DuckDB passes.

A mart is read as a :class:`Table` of plain Python values (each engine's driver returns
dates, timestamps, numbers and strings). Two builds of one world must agree on each mart's
row count and keys exactly, on every other column exactly, except numbers, which may differ
by a relative ``REL_TOL``: engines add doubles in different orders. A column whose engines
legitimately differ is named, with the reason, in ``LEGITIMATE_DIFFERENCES``; its keys and
row count are still compared.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb

REL_TOL = 1e-9
# Schemas that hold the marts (README, "Model map").
MART_SCHEMAS = ("marts", "quality")
# How many differing rows a report shows per column.
EXAMPLES = 3
# engine -> "schema.table" -> column -> why the engines differ there. Read by the engine
# tests and repeated in the README ("Run on Spark, Databricks, Snowflake or BigQuery").
ROW_HASH = (
    "a hash of the row's values written as text, which tells an incremental run whether a "
    "stored row changed on the same engine; engines write doubles and booleans as different text"
)
ROW_FINGERPRINT = (
    "for a raw row without a key, a hash of the whole row as the engine writes it (row_fingerprint); "
    "the rows are matched on every other column instead"
)
LEGITIMATE_DIFFERENCES: dict[str, dict[str, dict[str, str]]] = {
    "postgres": {
        "marts.fct_touches": {"identity_hash": ROW_HASH},
        "marts.fct_account_engagement_daily": {"day_hash": ROW_HASH},
        "marts.fct_lead_scores": {"score_hash": ROW_HASH},
        "marts.fct_lead_score_points": {
            "matched_value": "the person's value that met the rule, as text; for annual_revenue, a double, "
            "DuckDB writes 113124000.0 and Postgres 113124000",
        },
        "quality.fct_quarantined_rows": {"quarantine_key": ROW_FINGERPRINT},
    },
    "spark": {
        "marts.fct_touches": {"identity_hash": ROW_HASH},
        "marts.fct_account_engagement_daily": {"day_hash": ROW_HASH},
        "marts.fct_lead_scores": {"score_hash": ROW_HASH},
        "marts.fct_lead_score_points": {
            "matched_value": "the person's value that met the rule, as text; for annual_revenue, a double, "
            "DuckDB writes 113124000.0 and Spark 1.13124E8",
        },
        "quality.fct_quarantined_rows": {"quarantine_key": ROW_FINGERPRINT},
    },
}


@dataclass(frozen=True)
class Table:
    """A relation's column names and rows, as the engine's driver returned them."""

    columns: tuple[str, ...]
    rows: list[tuple]


def canonical(value: object) -> object:
    """One form per value across drivers: null for NaN, floats for decimals, a timestamp
    for a date (DuckDB's pandas path and Spark's give timestamps, psycopg2 dates)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


def values_agree(left: object, right: object, rel_tol: float = REL_TOL) -> bool:
    """Equal, or two numbers within ``rel_tol`` of each other (relative, no absolute slack)."""
    left, right = canonical(left), canonical(right)
    if left is None or right is None:
        return left is right
    if _is_number(left) and _is_number(right):
        return math.isclose(left, right, rel_tol=rel_tol, abs_tol=0.0)
    return left == right


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def primary_keys(manifest: Path) -> dict[str, list[str]]:
    """``schema.table`` -> its key columns, for every mart: the columns of its
    ``unique_combination`` test, else the first of its columns with a ``unique`` test."""
    nodes = json.loads(manifest.read_text())["nodes"]
    models = {
        uid: node
        for uid, node in nodes.items()
        if node["resource_type"] == "model" and node["schema"] in MART_SCHEMAS
    }
    combined: dict[str, list[str]] = {}
    unique: dict[str, set[str]] = {}
    for node in nodes.values():
        meta = node.get("test_metadata") or {}
        model = node.get("attached_node")
        if node["resource_type"] != "test" or model not in models:
            continue
        if meta.get("name") == "unique_combination":
            combined[model] = list(meta["kwargs"]["columns"])
        elif meta.get("name") == "unique":
            unique.setdefault(model, set()).add(node["column_name"])
    keys = {}
    for uid, node in models.items():
        ordered = [column for column in node["columns"] if column in unique.get(uid, set())]
        key = combined.get(uid) or ordered[:1]
        if key:
            keys[f"{node['schema']}.{node['alias'] or node['name']}"] = key
    return keys


def read_duckdb_tables(database: Path, names: Sequence[str]) -> dict[str, Table]:
    """Each ``schema.table`` of a DuckDB file, read whole."""
    with duckdb.connect(str(database), read_only=True) as con:
        return {name: _read(con.execute(f"select * from {name}")) for name in names}


def _read(cursor) -> Table:
    return Table(columns=tuple(column[0] for column in cursor.description), rows=cursor.fetchall())


def differences(
    reference: Mapping[str, Table],
    candidate: Mapping[str, Table],
    keys: Mapping[str, Sequence[str]],
    legitimate: Mapping[str, Mapping[str, str]] | None = None,
    rel_tol: float = REL_TOL,
) -> list[str]:
    """What differs between the reference engine's marts and another's, one line per
    finding; empty when they agree. Every table of ``candidate`` must be in both."""
    found = [f"{name}: not in the reference build" for name in sorted(set(candidate) - set(reference))]
    for name in sorted(set(candidate) & set(reference)):
        if name not in keys:
            found.append(f"{name}: no primary-key test to align its rows by")
            continue
        skipped = (legitimate or {}).get(name, {})
        found += table_differences(name, reference[name], candidate[name], keys[name], skipped, rel_tol)
    return found


def table_differences(
    name: str,
    reference: Table,
    candidate: Table,
    key: Sequence[str],
    skipped: Mapping[str, str],
    rel_tol: float = REL_TOL,
) -> list[str]:
    """Row count, keys and values of one table, rows aligned by ``key``. When a key column
    itself legitimately differs, the rows are compared as a multiset of their other columns."""
    if set(reference.columns) != set(candidate.columns):
        return [f"{name}: columns differ: {sorted(set(reference.columns) ^ set(candidate.columns))}"]
    found = []
    if len(reference.rows) != len(candidate.rows):
        found.append(f"{name}: {len(reference.rows)} rows against {len(candidate.rows)}")
    if set(key) & set(skipped):
        return found + _multiset_differences(name, reference, candidate, skipped)
    left, right = _by_key(reference, key), _by_key(candidate, key)
    for label, table, mapping in (("reference", reference, left), ("candidate", candidate, right)):
        if len(mapping) != len(table.rows):
            found.append(f"{name}: key {list(key)} is not unique in the {label}")
    only = sorted(set(left) ^ set(right), key=repr)
    if only:
        found.append(f"{name}: {len(only)} keys in one build only, e.g. {only[:EXAMPLES]}")
    shared = sorted(set(left) & set(right), key=repr)
    for column in reference.columns:
        if column in key or column in skipped:
            continue
        at_left, at_right = reference.columns.index(column), candidate.columns.index(column)
        wrong = [k for k in shared if not values_agree(left[k][at_left], right[k][at_right], rel_tol)]
        if wrong:
            examples = [(k, left[k][at_left], right[k][at_right]) for k in wrong[:EXAMPLES]]
            found.append(f"{name}.{column}: {len(wrong)} of {len(shared)} rows differ, e.g. {examples}")
    return found


def _by_key(table: Table, key: Sequence[str]) -> dict[tuple, tuple]:
    positions = [table.columns.index(column) for column in key]
    return {tuple(canonical(row[p]) for p in positions): row for row in table.rows}


def _multiset_differences(
    name: str, reference: Table, candidate: Table, skipped: Mapping[str, str]
) -> list[str]:
    """The rows of both tables, without the skipped columns, as multisets: exact values, so
    only for tables without floating-point columns."""
    columns = [column for column in reference.columns if column not in skipped]
    counts = []
    for table in (reference, candidate):
        positions = [table.columns.index(column) for column in columns]
        rows = [tuple(canonical(row[p]) for p in positions) for row in table.rows]
        if any(isinstance(value, float) for row in rows for value in row):
            raise ValueError(f"{name}: rows without their key are compared exactly; it has floats")
        counts.append(Counter(rows))
    only = list((counts[0] - counts[1]).elements()) + list((counts[1] - counts[0]).elements())
    return [f"{name}: {len(only)} rows in one build only, e.g. {only[:EXAMPLES]}"] if only else []
