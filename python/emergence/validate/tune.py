"""The documented procedure that chose the ``default`` set of the ``scoring_parameters`` seed.

Run it on the tuning world only, V0 (the demo world, seed 42), never on V1-V5, which the
matrix reports on (docs/evaluation.md#matrix):

    emergence validate --matrix            # builds warehouse/matrix/V0_300x180.duckdb
    python -m emergence.validate.tune --database warehouse/matrix/V0_300x180.duckdb

The steps:

1. Score V0's inputs with the seed's ``default`` set and take the seven factors of every
   account x week of the validation population (every truth account, every week).
2. Fit the monotone logistic model (``emergence.scoring.monotone``: non-negative weights, so
   one more engaged person never lowers the score) of "in market this week" on the factors.
   The weights, scaled to add up to 1 and rounded to 0.01, become the ``weight_*`` rows.
3. With those weights, ``river_min_score`` is the lowest score of the grid
   ``RIVER_SCORE_GRID`` at which at least ``RIVER_MIN_PRECISION`` of V0's river
   account-weeks are in market.

The other parameters (the ceiling that keeps one person a molecule, the team-size shares
of the tiers, the diversity and momentum shapes) keep their documented values. The run
prints the new rows; they go into ``seeds/scoring/scoring_parameters.csv`` by hand, and the
output into the DECISIONLOG.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from emergence.scoring import EmergenceParams, score_emergence
from emergence.scoring.emergence import FACTOR_COLUMNS, WEIGHT_NAMES
from emergence.scoring.monotone import fit_monotone_logistic
from emergence.validate.matrix import WorldFrame, load_world, seed_params

__all__ = ["RIVER_MIN_PRECISION", "RIVER_SCORE_GRID", "fit_weights", "seed_params", "tune"]

RIVER_SCORE_GRID = tuple(range(20, 85, 5))
RIVER_MIN_PRECISION = 0.5


def fit_weights(factors: pd.DataFrame, outcomes: pd.Series) -> dict[str, float]:
    """Step 2: the monotone fit's weights, scaled to add up to 1 and rounded to 0.01."""
    fit = fit_monotone_logistic(factors[list(FACTOR_COLUMNS)].to_numpy(), outcomes.to_numpy(dtype=bool))
    weights = np.asarray(fit.weights)
    scaled = np.round(weights / weights.sum(), 2)
    return {f"weight_{name}": float(w) for name, w in zip(WEIGHT_NAMES, scaled, strict=True)}


def _river_precision(world: WorldFrame, params: EmergenceParams) -> float:
    scored = score_emergence(world.frame, params)
    river = scored["tier"] == "river"
    return float(world.frame.loc[river, "positive"].mean()) if river.any() else 0.0


def tune(world: WorldFrame, base: EmergenceParams) -> tuple[EmergenceParams, pd.DataFrame]:
    """Steps 1-3 on ``world``; the chosen parameters and the river grid with its precision."""
    factors = score_emergence(world.frame, base)
    params = replace(base, **fit_weights(factors, world.frame["positive"]))
    grid = pd.DataFrame(
        {
            "river_min_score": RIVER_SCORE_GRID,
            "river_precision": [
                _river_precision(world, replace(params, river_min_score=float(s))) for s in RIVER_SCORE_GRID
            ],
        }
    )
    passing = grid[grid["river_precision"] >= RIVER_MIN_PRECISION]
    chosen = float(passing["river_min_score"].min()) if len(passing) else float(RIVER_SCORE_GRID[-1])
    return replace(params, river_min_score=chosen), grid


def main() -> None:  # pragma: no cover - a maintainer's tool
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, required=True)
    args = parser.parse_args()
    world = load_world(args.database)
    params, grid = tune(world, seed_params())
    print(grid.to_string(index=False))
    for name in (*[f"weight_{n}" for n in WEIGHT_NAMES], "river_min_score"):
        print(f"default,{name},{getattr(params, name):g}")


if __name__ == "__main__":  # pragma: no cover
    main()
