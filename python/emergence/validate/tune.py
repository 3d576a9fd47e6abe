"""The documented procedure that chose the emergence score's default parameters.

Run it on ONE tuning world (the demo world, seed 42), never on the worlds the figures are
reported on (seeds 7 and 2024; ``emergence validate``):

    python -m emergence.validate.tune --database warehouse/emergence.duckdb

It reads the built warehouse's ``int_emergence__inputs`` and the world's truth labels
(an account-week is positive when it overlaps an in-market episode), scores every
parameter set of a small grid with the same kernel the dbt model calls, and ranks the
sets by pooled AUC. The generator was frozen before this ran. The chosen set goes into
``dbt_project.yml`` by hand, with the run's output pasted into the DECISIONLOG.
"""

from __future__ import annotations

import argparse
import itertools
from dataclasses import replace
from pathlib import Path

import duckdb
import pandas as pd

from emergence.scoring import EmergenceParams, score_emergence
from emergence.validate.signals import _prepare, mann_whitney_auc

BASE = EmergenceParams(
    default_team_size=8,
    full_diversity_functions=4,
    diversity_role_weight=0.5,
    momentum_slope=1.5,
    persistence_weeks=4,
    concurrency_window_days=14,
    weight_breadth=0.30,
    weight_diversity=0.20,
    weight_concurrency=0.25,
    weight_momentum=0.10,
    weight_persistence=0.15,
    min_people_for_full_score=3,
    molecule_max_score=15,
    stream_share=0.25,
    river_share=0.5,
    river_min_functions=3,
    river_min_score=55,
)

GRID = {
    "weight_breadth": [0.2, 0.3, 0.4],
    "weight_concurrency": [0.15, 0.25, 0.35],
    "weight_momentum": [0.0, 0.1, 0.2],
    "weight_persistence": [0.05, 0.15, 0.25],
    "min_people_for_full_score": [3, 5],
}


def load(database: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The score inputs, and every truth account x week with its label."""
    with duckdb.connect(str(database), read_only=True) as con:
        _prepare(con)
        labels = con.execute("select account_key, week_start, positive from vs_population").df()
        inputs = con.execute("select * from intermediate.int_emergence__inputs").df()
    return inputs, labels


def evaluate(inputs: pd.DataFrame, labels: pd.DataFrame, params: EmergenceParams) -> float | None:
    """Pooled AUC of the emergence score for in-market account-weeks."""
    scored = score_emergence(inputs, params)[["account_key", "week_start", "emergence_score"]]
    scored["week_start"] = pd.to_datetime(scored["week_start"]).dt.date
    population = labels.assign(week_start=pd.to_datetime(labels["week_start"]).dt.date).merge(
        scored, on=["account_key", "week_start"], how="left"
    )
    return mann_whitney_auc(population["emergence_score"].fillna(0), population["positive"])


def search(database: Path) -> pd.DataFrame:
    """Every grid point with its AUC, best first."""
    inputs, labels = load(database)
    rows = []
    names = list(GRID)
    for values in itertools.product(*(GRID[name] for name in names)):
        params = replace(BASE, **dict(zip(names, values, strict=True)))
        rows.append({**dict(zip(names, values, strict=True)), "auc": evaluate(inputs, labels, params)})
    return pd.DataFrame(rows).sort_values("auc", ascending=False, ignore_index=True)


def main() -> None:  # pragma: no cover - a maintainer's tool
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, required=True)
    args = parser.parse_args()
    results = search(args.database)
    print(f"base parameters: AUC {evaluate(*load(args.database), BASE):.4f}")
    print(results.head(10).to_string(index=False))


if __name__ == "__main__":  # pragma: no cover
    main()
