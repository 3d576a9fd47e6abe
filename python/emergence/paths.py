"""Where the project, its profile and its warehouse live.

The dbt project sits two folders above this package in a checkout (the package is
installed in editable mode). ``EMERGENCE_PROJECT_DIR`` and ``EMERGENCE_DUCKDB_PATH``
override the defaults, as orchestrators do.
"""

from __future__ import annotations

import os
from pathlib import Path


def project_dir() -> Path:
    """The folder that holds ``dbt_project.yml``."""
    env = os.environ.get("EMERGENCE_PROJECT_DIR")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve().parents[2]
    if (here / "dbt_project.yml").exists():
        return here
    for folder in [Path.cwd(), *Path.cwd().parents]:
        if (folder / "dbt_project.yml").exists():
            return folder
    raise FileNotFoundError(
        "emergence: no dbt_project.yml found; set EMERGENCE_PROJECT_DIR to the project folder."
    )


def warehouse_path() -> Path:
    """The DuckDB file that dbt builds into (``EMERGENCE_DUCKDB_PATH`` overrides it)."""
    env = os.environ.get("EMERGENCE_DUCKDB_PATH")
    if env:
        return Path(env).resolve()
    return project_dir() / "warehouse" / "emergence.duckdb"
