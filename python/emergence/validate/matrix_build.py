"""Build the worlds of the signal matrix: one DuckDB warehouse per variant, kept for reuse.

A world is generated (``emergence.synth.variants``) and built with ``dbt build
--full-refresh`` without its tests: the matrix measures signals, and ``make test`` checks
the SQL. The warehouses stay under ``warehouse/matrix/`` so that score candidates can be
measured on them without building again (``emergence.validate.matrix``).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from emergence.dbt import build_args, run_dbt
from emergence.paths import project_dir
from emergence.synth import generate_world
from emergence.synth.variants import WorldVariant

__all__ = ["BuiltWorld", "build_world", "matrix_folder"]

# A file beside each warehouse records what it was built from, so a reuse is never stale.
STAMP_SUFFIX = ".json"


@dataclass(frozen=True)
class BuiltWorld:
    """A variant's warehouse, and how long generating and building it took (0 when reused)."""

    variant: WorldVariant
    database: Path
    seconds: float
    reused: bool


def matrix_folder() -> Path:
    """Where the matrix warehouses live (git-ignored, like every warehouse)."""
    return project_dir() / "warehouse" / "matrix"


def _stamp(variant: WorldVariant, accounts: int, days: int) -> dict[str, object]:
    return {"seed": variant.seed, "knobs": variant.knobs, "accounts": accounts, "days": days}


def build_world(
    variant: WorldVariant, folder: Path, accounts: int, days: int, reuse: bool = True
) -> BuiltWorld:
    """Generate and build ``variant``'s world in ``folder`` (or reuse an identical earlier build)."""
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / f"{variant.name}_{accounts}x{days}.duckdb"
    stamp_file = database.with_suffix(STAMP_SUFFIX)
    stamp = _stamp(variant, accounts, days)
    if reuse and database.exists() and stamp_file.exists() and json.loads(stamp_file.read_text()) == stamp:
        return BuiltWorld(variant, database, 0.0, True)
    started = time.perf_counter()
    stamp_file.unlink(missing_ok=True)
    database.unlink(missing_ok=True)
    generate_world(database, seed=variant.seed, accounts=accounts, days=days, knobs=variant.knobs)
    args = build_args(full_refresh=True, unit_tests=False)
    args += ["--exclude-resource-type", "test", "--target-path", str(folder / f"target_{variant.name}")]
    run_dbt(args, database, capture=True)
    stamp_file.write_text(json.dumps(stamp, sort_keys=True))
    return BuiltWorld(variant, database, time.perf_counter() - started, False)
