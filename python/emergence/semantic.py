"""The semantic layer read through MetricFlow, from a published snapshot (docs/semantic_layer.md).

MetricFlow (``mf``, the ``semantic`` extra) reads ``<project>/target/semantic_manifest.json``
and connects with the project's profile. Here it always reads the published snapshot
through the read-only ``published`` target, never the build's file, which a build locks.
So that a query never rewrites the checkout's ``target/``, :func:`metricflow_project` makes
a folder whose project files are links to the checkout's, with a ``target/`` of its own,
and parses the project there for that target.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

from emergence.dbt import dbt_executable
from emergence.paths import project_dir

PUBLISHED_TARGET = "published"
# What a dbt parse and MetricFlow read of the project; the rest of the checkout stays out.
PROJECT_FILES = ("dbt_project.yml", "selectors.yml", "models", "macros", "seeds", "tests")


def metricflow_env(project: Path, snapshot: Path) -> dict[str, str]:
    """The environment of dbt and ``mf`` in ``project``, reading the snapshot folder
    ``snapshot`` (a version folder, or ``published/current``) read-only."""
    return {
        **os.environ,
        "DBT_PROJECT_DIR": str(project),
        "DBT_PROFILES_DIR": str(project_dir()),
        "EMERGENCE_TARGET": PUBLISHED_TARGET,
        "EMERGENCE_PUBLISHED_PATH": str(snapshot / "emergence.duckdb"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }


def metricflow_project(work: Path, snapshot: Path) -> Path:
    """A folder under ``work`` where ``mf`` reads the snapshot: the project's files linked,
    and the project parsed for the published target. Raises with dbt's output on failure."""
    project = work / "metricflow_project"
    project.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        link = project / name
        if not link.exists():
            link.symlink_to(project_dir() / name)
    _run([dbt_executable(), "parse", "--quiet"], project, snapshot)
    return project


def mf(args: list[str], project: Path, snapshot: Path) -> str:
    """``mf <args>`` in ``project`` on ``snapshot``; its output, or a RuntimeError with it."""
    return _run([str(Path(sys.executable).with_name("mf")), *args], project, snapshot)


def saved_query(name: str, project: Path, snapshot: Path) -> pd.DataFrame:
    """The rows of the saved query ``name``, as MetricFlow computes them."""
    out = project / "target" / f"{name}.csv"
    mf(["query", "--saved-query", name, "--csv", str(out)], project, snapshot)
    return pd.read_csv(out)


def _run(command: list[str], project: Path, snapshot: Path) -> str:
    result = subprocess.run(
        command, cwd=project, env=metricflow_env(project, snapshot), capture_output=True, text=True
    )
    if result.returncode != 0:
        output = result.stdout[-3000:] + result.stderr[-2000:]
        raise RuntimeError(f"{' '.join(command[:3])} failed (exit {result.returncode}):\n{output}")
    return result.stdout
