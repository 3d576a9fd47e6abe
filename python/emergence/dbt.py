"""Runs dbt on the project as a subprocess, so that its DuckDB file lock is released
before anything else opens the warehouse."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from emergence.paths import project_dir
from emergence.pii_key import with_demo_key

PARTIAL_PARSE_FILE = "partial_parse.msgpack"


# The daily run's var: data tests of incremental models read the rows the day wrote (macro
# get_where_subquery). A change of vars makes dbt parse the whole project again, so what
# parses ahead of the daily run (the Dagster definitions, the bench) parses with it.
DAILY_VARS = {"daily_checks": True}
# The daily run leaves out the data tests that no day's data can change: the tests of seeds
# (every parent a seed; `cautious` keeps a test that also reads a model) and the tests of
# macros on fixed inputs (tests/macros/). It also leaves out the SQL scoring twins built
# beside the Python marts as references (sql_scoring/reference/): they check that two
# implementations of one kernel agree, a check of code like the unit tests'. The Sunday
# full refresh and CI run them all.
DAILY_EXCLUDE = [
    "--exclude",
    "resource_type:seed,resource_type:test path:tests/macros "
    "path:models/marts/accounts/sql_scoring/reference",
    "--indirect-selection",
    "cautious",
]


def build_args(
    full_refresh: bool = False,
    as_of_date: str | None = None,
    unit_tests: bool = True,
    daily_checks: bool = False,
) -> list[str]:
    """The arguments of one ``dbt build``.

    Scheduled runs pass ``unit_tests=False``: a unit test checks the SQL against fixed
    inputs, so it cannot fail on a new day's data. They run in ``make test``, in CI and in
    ``emergence build`` (DECISIONLOG.md, "Build speed").

    The daily run passes ``daily_checks=True``: the var ``daily_checks`` restricts the data
    tests of incremental models to the rows the day wrote (macro ``get_where_subquery``),
    and the tests of seeds and macros are left out (README, "Run on a schedule"). A full
    refresh rewrites every row, so it checks everything and refuses the restriction.
    """
    if full_refresh and daily_checks:
        raise ValueError("a full refresh rewrites every row: it runs every check (daily_checks=False)")
    args = ["build"]
    if full_refresh:
        args.append("--full-refresh")
    if not unit_tests:
        args += ["--exclude-resource-type", "unit_test"]
    dbt_vars: dict[str, object] = {}
    if daily_checks:
        args += DAILY_EXCLUDE
        dbt_vars.update(DAILY_VARS)
    if as_of_date:
        dbt_vars["as_of_date"] = as_of_date
    if dbt_vars:
        args += ["--vars", json.dumps(dbt_vars)]
    return args


def reuse_parse(parsed_target: Path, run_target: Path) -> bool:
    """Copy dbt's partial-parse file from a target folder that holds one into a new one.

    A run in a fresh target folder otherwise parses the whole project again (about 12 s
    instead of 4). dbt re-parses by itself when the project, vars or profile changed.
    Returns whether there was a file to copy.
    """
    source = parsed_target / PARTIAL_PARSE_FILE
    if not source.exists():
        return False
    run_target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, run_target / PARTIAL_PARSE_FILE)
    return True


def dbt_executable() -> str:
    """The dbt of this interpreter's environment (the project's venv)."""
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def dbt_env(database: Path) -> dict[str, str]:
    """The environment dbt runs with: the project's profile, the given warehouse, and the key
    of the keyed hash (the demo key unless the environment holds one; README, "Personal data")."""
    env = dict(os.environ)
    with_demo_key(env)
    env["EMERGENCE_DUCKDB_PATH"] = str(database)
    env.setdefault("DBT_PROFILES_DIR", str(project_dir()))
    env.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    return env


def run_dbt(
    args: list[str],
    database: Path,
    dbt_vars: dict | None = None,
    capture: bool = False,
    beside_database: bool = False,
    extra_env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess:
    """Run ``dbt <args>`` against ``database``, in the project folder.

    With ``beside_database`` dbt runs in the database's folder and the profile names the
    file alone. dbt re-parses the whole project when the profile changes, and the path is
    part of it; so builds of files with the same name in different folders can share one
    parse (``reuse_parse``). ``extra_env`` is added to dbt's environment: another engine's
    target and connection (``emergence.engines``). Raises ``RuntimeError`` naming the command when dbt fails;
    with ``capture`` the output is kept (and shown in the error) instead of streamed.
    """
    database.parent.mkdir(parents=True, exist_ok=True)
    command = [dbt_executable(), *args, "--project-dir", str(project_dir())]
    if dbt_vars:
        command += ["--vars", json.dumps(dbt_vars)]
    env = dbt_env(database)
    if beside_database:
        env["EMERGENCE_DUCKDB_PATH"] = database.name
    env.update(extra_env or {})
    result = subprocess.run(
        command,
        cwd=database.parent if beside_database else project_dir(),
        env=env,
        capture_output=capture,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        tail = ""
        if capture:
            tail = "\n" + "\n".join((result.stdout or "").splitlines()[-40:])
        raise RuntimeError(f"dbt {' '.join(args)} failed (exit {result.returncode}).{tail}")
    return result
