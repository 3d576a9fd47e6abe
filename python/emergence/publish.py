"""Publishes the marts as a read-only snapshot that readers (BI tools) open without ever
holding the build's lock or seeing a half-built state.

Layout under ``published_dir`` (default: the warehouse folder's ``published/``)::

    <version>/<schema>/<table>.parquet   the portable snapshot, one file per mart
    <version>/emergence.duckdb           views over those files (a convenience)
    <version>/manifest.json              version, tables and row counts
    current -> <version>                 a symlink, switched in one rename

A version folder is complete before ``current`` points at it (``os.replace`` of a new
symlink over the old one is atomic on POSIX), so a reader that follows ``current`` sees
one whole snapshot. The views name their Parquet files by the version folder's absolute
path: a reader that opened a version keeps reading that version, never a mix. Old
versions are pruned, so data erased upstream leaves what readers see at the next publish.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

PUBLISHED_SCHEMAS = ("marts", "quality")
COMPLETE_MARKER = "manifest.json"


@dataclass
class Snapshot:
    version: str
    folder: Path
    tables: dict[str, int]
    seconds: float


def published_dir_for(database: Path) -> Path:
    return database.parent / "published"


def _new_version(published: Path) -> str:
    version = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    while (published / version).exists():  # pragma: no cover - two publishes in one microsecond
        time.sleep(0.001)
        version = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return version


def publish(
    database: Path,
    published_dir: Path | None = None,
    keep: int = 2,
    schemas: tuple[str, ...] = PUBLISHED_SCHEMAS,
) -> Snapshot:
    """Write a new snapshot of ``schemas`` from ``database`` and point ``current`` at it.

    Keeps the newest ``keep`` complete versions (at least 1) and removes the rest, along
    with any folder a crashed publish left incomplete.
    """
    if keep < 1:
        raise ValueError("keep must be at least 1: the current snapshot is never pruned")
    started = time.perf_counter()
    published = (published_dir or published_dir_for(database)).resolve()
    published.mkdir(parents=True, exist_ok=True)
    version = _new_version(published)
    folder = published / version
    folder.mkdir()
    tables: dict[str, int] = {}
    with duckdb.connect(str(database), read_only=True) as con:
        found = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_type = 'BASE TABLE' and table_schema in ("
            + ", ".join("?" for _ in schemas)
            + ") order by 1, 2",
            list(schemas),
        ).fetchall()
        if not found:
            shutil.rmtree(folder)
            raise RuntimeError(f"emergence publish: {database} has no tables in {', '.join(schemas)}")
        for schema, table in found:
            (folder / schema).mkdir(exist_ok=True)
            target = folder / schema / f"{table}.parquet"
            con.execute(f"copy (select * from {schema}.\"{table}\") to '{target}' (format parquet)")
            counted = con.execute(f'select count(*) from {schema}."{table}"').fetchone()
            tables[f"{schema}.{table}"] = counted[0]
    with duckdb.connect(str(folder / "emergence.duckdb")) as views:
        for schema in sorted({name.split(".")[0] for name in tables}):
            views.execute(f"create schema if not exists {schema}")
        for name in tables:
            schema, table = name.split(".")
            views.execute(
                f'create view {schema}."{table}" as '
                f"select * from read_parquet('{folder / schema / f'{table}.parquet'}')"
            )
    manifest = {"version": version, "database": str(database), "tables": tables}
    (folder / COMPLETE_MARKER).write_text(json.dumps(manifest, indent=2))
    _switch_current(published, version)
    _prune(published, keep)
    return Snapshot(version, folder, tables, time.perf_counter() - started)


def _switch_current(published: Path, version: str) -> None:
    pending = published / f".current-{version}"
    pending.symlink_to(version, target_is_directory=True)
    os.replace(pending, published / "current")


def current_version(published: Path) -> str | None:
    link = published / "current"
    return os.readlink(link) if link.is_symlink() else None


def _prune(published: Path, keep: int) -> None:
    current = current_version(published)
    versions = sorted(
        (p for p in published.iterdir() if p.is_dir() and not p.is_symlink() and not p.name.startswith(".")),
        key=lambda p: p.name,
    )
    complete = [p for p in versions if (p / COMPLETE_MARKER).exists()]
    kept = {p.name for p in complete[-keep:]} | ({current} if current else set())
    for path in versions:
        if path.name not in kept:
            shutil.rmtree(path, ignore_errors=True)
