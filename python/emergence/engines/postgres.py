"""A throwaway PostgreSQL server, and a generated world's raw tables copied into it.

The engine tests prove the project on a real PostgreSQL server, never a mock: this module
starts one from the system's binaries (Debian's ``postgresql`` package, which ``make
engines`` installs) in a temporary folder, on a free port, and removes it afterwards.
``initdb`` refuses to run as root, and CI runs as root: the server's commands then run as
the ``postgres`` user (``runuser``), in a folder that user owns.

DuckDB's postgres extension would have to be downloaded, so the raw tables travel as CSV
through ``COPY ... FROM STDIN`` (psycopg2), typed as the generator declared them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import psycopg2
from psycopg2 import sql

from emergence.engines.compare import Table
from emergence.pii_key import PII_KEY_ENV, with_demo_key
from emergence.sqlfiles import load_sql
from emergence.synth.raw_schema import SOURCES

# Where Debian installs the server's programs (they are not on PATH).
DEBIAN_BIN_GLOB = "/usr/lib/postgresql/*/bin"
SERVER_USER = "postgres"
DATABASE = "emergence"
# The DuckDB types the generator writes, as Postgres names them.
POSTGRES_TYPES = {
    "BIGINT": "bigint",
    "INTEGER": "integer",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "DOUBLE": "double precision",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamptz",
    "VARCHAR": "text",
}
# A server for one test run: durability buys nothing when the folder is deleted after it.
SERVER_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "timezone": "UTC",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "work_mem": "64MB",
}


class PostgresNotInstalled(RuntimeError):
    """No PostgreSQL server programs on this machine."""


def server_program(name: str) -> str:
    """The path of a server program (``initdb``, ``pg_ctl``): on PATH, else the newest
    Debian install; raises :class:`PostgresNotInstalled` saying how to install it."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/").glob(DEBIAN_BIN_GLOB.lstrip("/") + f"/{name}"), key=_major_version)
    if candidates:
        return str(candidates[-1])
    raise PostgresNotInstalled(
        f"emergence: no PostgreSQL '{name}' found on PATH or in {DEBIAN_BIN_GLOB}. "
        "`make engines` installs it (apt-get install postgresql)."
    )


def _major_version(program: Path) -> int:
    return int(program.parent.parent.name) if program.parent.parent.name.isdigit() else 0


@dataclass(frozen=True)
class PostgresServer:
    """A running server: its folder (which also holds its socket) and port."""

    root: Path
    port: int

    def connect(self, database: str = DATABASE) -> psycopg2.extensions.connection:
        return psycopg2.connect(host=str(self.root), port=self.port, user=SERVER_USER, dbname=database)

    def profile_env(self) -> dict[str, str]:
        """The environment that points profiles.yml's ``postgres`` target at this server.

        The keyed hash reads its key from the custom setting ``emergence.pii_key``
        (macros/privacy/pii_key.sql); libpq passes ``PGOPTIONS`` to every connection dbt
        opens. The key is the environment's, or the demo key, as on DuckDB (emergence.dbt).
        """
        environ = dict(os.environ)
        with_demo_key(environ)
        options = (
            f"{environ.get('PGOPTIONS', '')} -c emergence.pii_key={_escape_option(environ[PII_KEY_ENV])}"
        )
        return {
            "EMERGENCE_TARGET": "postgres",
            "EMERGENCE_PG_HOST": str(self.root),
            "EMERGENCE_PG_PORT": str(self.port),
            "EMERGENCE_PG_USER": SERVER_USER,
            "EMERGENCE_PG_DATABASE": DATABASE,
            PII_KEY_ENV: environ[PII_KEY_ENV],
            "PGOPTIONS": options.strip(),
        }


def _escape_option(value: str) -> str:
    """A value for PGOPTIONS, where spaces separate options and a backslash escapes."""
    return value.replace("\\", "\\\\").replace(" ", "\\ ")


def _as_server_user(command: list[str]) -> list[str]:
    """``command`` as the ``postgres`` user when running as root, which initdb refuses."""
    if os.geteuid() == 0:
        return ["runuser", "-u", SERVER_USER, "--", *command]
    return command


def free_port() -> int:
    """A TCP port no process listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """Start a new server with an empty ``emergence`` database; stop and delete it on exit.

    The folder is made by ``tempfile`` under the system's temp folder, not under a test's
    ``tmp_path``: pytest keeps those under a folder only root may enter.
    """
    initdb, pg_ctl = server_program("initdb"), server_program("pg_ctl")
    root = Path(tempfile.mkdtemp(prefix="emergence-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, user=SERVER_USER, group=SERVER_USER)
    server = PostgresServer(root=root, port=free_port())
    data = str(root / "data")
    started = False
    try:
        _run([initdb, "-D", data, "-U", SERVER_USER, "--auth=trust", "--encoding=UTF8", "--locale=C"])
        settings = " ".join(f"-c {name}={value}" for name, value in SERVER_SETTINGS.items())
        log = str(root / "server.log")
        _run([pg_ctl, "-D", data, "-l", log, "-w", "-o", f"-p {server.port} -k {root} {settings}", "start"])
        started = True
        _create_database(server)
        yield server
    finally:
        if started:
            _run([pg_ctl, "-D", data, "-m", "fast", "-w", "stop"])
        shutil.rmtree(root, ignore_errors=True)


def _create_database(server: PostgresServer) -> None:
    con = server.connect("postgres")
    try:
        con.autocommit = True  # create database refuses to run in a transaction
        with con.cursor() as cursor:
            cursor.execute(sql.SQL("create database {}").format(sql.Identifier(DATABASE)))
    finally:
        con.close()


def _run(command: list[str]) -> None:
    """Run a server program, as the server's user when running as root; raise with its output."""
    result = subprocess.run(_as_server_user(command), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        output = result.stderr or result.stdout
        raise RuntimeError(f"{command[0]} failed (exit {result.returncode}): {output}")


def load_raw_tables(world: Path, server: PostgresServer) -> dict[str, int]:
    """Copy every raw table of a generated world (a DuckDB file) into the server, under the
    same schema and table names, in the generator's types; returns rows per table. A table
    already on the server is emptied first, so a second call is the loader's next sync (the
    views dbt built on it stay in place)."""
    rows: dict[str, int] = {}
    with duckdb.connect(str(world), read_only=True) as source, server.connect() as target:
        columns = source.execute(load_sql(__file__, "raw_columns"), {"schemas": list(SOURCES)}).fetchall()
        tables: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for schema, table, column, data_type in columns:
            tables.setdefault((schema, table), []).append((column, data_type))
        with target.cursor() as cursor, tempfile.TemporaryDirectory() as scratch:
            for schema in sorted({schema for schema, _ in tables}):
                cursor.execute(sql.SQL("create schema if not exists {}").format(sql.Identifier(schema)))
            for (schema, table), table_columns in tables.items():
                csv = Path(scratch) / f"{schema}.{table}.csv"
                source.execute(f'copy "{schema}"."{table}" to \'{csv}\' (format csv, header false)')
                rows[f"{schema}.{table}"] = _copy_table(cursor, schema, table, table_columns, csv)
    target.close()
    return rows


def _copy_table(cursor, schema: str, table: str, columns: list[tuple[str, str]], csv: Path) -> int:
    """Create the table when missing, empty it, and COPY a CSV of its rows into it (an
    unquoted empty field is null, a quoted one the empty string, in DuckDB and Postgres)."""
    name = sql.Identifier(schema, table)
    definition = sql.SQL(", ").join(
        sql.SQL("{} {}").format(sql.Identifier(column), sql.SQL(POSTGRES_TYPES[data_type]))
        for column, data_type in columns
    )
    cursor.execute(sql.SQL("create table if not exists {} ({})").format(name, definition))
    cursor.execute(sql.SQL("truncate table {}").format(name))
    with csv.open() as data:
        cursor.copy_expert(sql.SQL("copy {} from stdin with (format csv)").format(name), data)
    return cursor.rowcount


def read_tables(server: PostgresServer, names: Sequence[str]) -> dict[str, Table]:
    """Each ``schema.table`` on the server, read whole."""
    tables = {}
    with server.connect() as con, con.cursor() as cursor:
        for name in names:
            cursor.execute(sql.SQL("select * from {}").format(sql.Identifier(*name.split("."))))
            tables[name] = Table(columns=tuple(c.name for c in cursor.description), rows=cursor.fetchall())
    con.close()
    return tables
