"""Runs dbt on the project as a subprocess, so that its DuckDB file lock is released
before anything else opens the warehouse."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from emergence.paths import project_dir


def dbt_executable() -> str:
    """The dbt of this interpreter's environment (the project's venv)."""
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def dbt_env(database: Path) -> dict[str, str]:
    """The environment dbt runs with: the project's profile and the given warehouse."""
    env = dict(os.environ)
    env["EMERGENCE_DUCKDB_PATH"] = str(database)
    env.setdefault("DBT_PROFILES_DIR", str(project_dir()))
    env.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    return env


def run_dbt(
    args: list[str],
    database: Path,
    dbt_vars: dict | None = None,
    capture: bool = False,
) -> subprocess.CompletedProcess:
    """Run ``dbt <args>`` in the project folder against ``database``.

    Raises ``RuntimeError`` naming the command when dbt fails; with ``capture`` the
    output is kept (and shown in the error) instead of streamed.
    """
    database.parent.mkdir(parents=True, exist_ok=True)
    command = [dbt_executable(), *args, "--project-dir", str(project_dir())]
    if dbt_vars:
        command += ["--vars", json.dumps(dbt_vars)]
    result = subprocess.run(
        command,
        cwd=project_dir(),
        env=dbt_env(database),
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
