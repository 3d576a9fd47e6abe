"""The measured trial of intent factors for "opens an opportunity within 8 weeks".

The best lead score reads form fills and buying-status (BANT) answers, which come right
before an opportunity. This tool measures, on the built matrix worlds and without
rebuilding dbt, whether an eighth factor that gives the emergence score what the lead score
sees earns its place (docs/emergence_score.md#intent):

    emergence validate --matrix        # builds warehouse/matrix/V*_300x180.duckdb
    python -m emergence.validate.intent_trial

Each candidate counts people per account and week (``sql/matrix_intent_people.sql``,
``sql/matrix_buying_status_people.sql``) and enters the score as ``n / (n + E)``, like every
head count, under the same ceiling, so the score stays monotone, bounded and one person stays
a molecule. The weights of the eight factors are fitted on V0 only, by the procedure of
``emergence.validate.tune`` (a monotone logistic fit of "in market this week", scaled to add
up to 1 and rounded to 0.01); V1-V5 are reported, never fitted.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from emergence.scoring import EmergenceParams, score_emergence
from emergence.scoring.emergence import FACTOR_COLUMNS, breadth_gate
from emergence.scoring.monotone import fit_monotone_logistic
from emergence.sqlfiles import load_sql
from emergence.synth.variants import TUNING_VARIANT, VARIANTS
from emergence.validate.matrix import WorldFrame, load_world, measure, seed_params
from emergence.validate.matrix_build import matrix_folder

__all__ = ["CANDIDATES", "Candidate", "candidate_score", "fit_with_candidate"]

HAND_RAISES = ("form_fill", "form_submitted", "demo_requested", "contact_requested")
FORM_TOUCHES = (*HAND_RAISES, "whitepaper_downloaded", "webinar_registered")
HIGH_INTENT = (*FORM_TOUCHES, "campaign_responded", "campaign_attended", "opportunity_contact_role")


@dataclass(frozen=True)
class Candidate:
    """A people count to try as an eighth factor: a query, its parameters, a name."""

    name: str
    query: str
    parameters: dict[str, object]


CANDIDATES: tuple[Candidate, ...] = (
    *(
        Candidate(
            f"high-intent touch, {d} days", "matrix_intent_people", {"touch_types": HIGH_INTENT, "days": d}
        )
        for d in (14, 28, 56)
    ),
    *(
        Candidate(
            f"form-type touch, {d} days", "matrix_intent_people", {"touch_types": FORM_TOUCHES, "days": d}
        )
        for d in (14, 28)
    ),
    Candidate("buying-status answer, 7 days", "matrix_buying_status_people", {"mql": False, "days": 7}),
    Candidate("MQL, 7 days", "matrix_buying_status_people", {"mql": True, "days": 7}),
)


def candidate_counts(database: Path, world: WorldFrame, candidate: Candidate) -> np.ndarray:
    """The candidate's people count for each row of ``world.frame`` (0 where it found none)."""
    query = load_sql(__file__, candidate.query)
    with duckdb.connect(str(database), read_only=True) as con:
        counts = con.execute(query, candidate.parameters).df()
    counts["week_start"] = pd.to_datetime(counts["week_start"])
    joined = world.frame[["account_key", "week_start"]].merge(
        counts, on=["account_key", "week_start"], how="left"
    )
    return joined["candidate_people"].fillna(0).to_numpy(dtype=float)


def _factors(world: WorldFrame, people: np.ndarray, params: EmergenceParams) -> np.ndarray:
    """The seven factors of the score and the candidate's ``n / (n + E)``."""
    scored = score_emergence(world.frame, params)
    expected = world.frame["expected_team_size"].fillna(float(params.default_team_size)).clip(lower=1.0)
    return np.column_stack([scored[list(FACTOR_COLUMNS)].to_numpy(), people / (people + expected.to_numpy())])


def fit_with_candidate(factors: np.ndarray, in_market: pd.Series) -> np.ndarray:
    """The tuning procedure's weights for the eight factors: monotone fit, sum 1, rounded."""
    fit = fit_monotone_logistic(factors, in_market.to_numpy(dtype=bool))
    weights = np.asarray(fit.weights)
    return np.round(weights / weights.sum(), 2)


def candidate_score(
    factors: np.ndarray, weights: np.ndarray, engaged_people: np.ndarray, params: EmergenceParams
) -> np.ndarray:
    """The score with the eighth factor: the weighted average under the same ceiling."""
    gate = breadth_gate(
        engaged_people, int(params.min_people_for_full_score), float(params.molecule_max_score)
    )
    raw = 100.0 * (factors * weights).sum(axis=1) / weights.sum()
    return np.clip(np.round(np.minimum(raw, 100.0 * gate), 1), 0.0, 100.0)


def trial(candidate: Candidate, folder: Path, params: EmergenceParams) -> list[str]:
    """One candidate: its V0 weight, then each world's in-market and opportunity AUC."""
    rows, weights = [], None
    for variant in VARIANTS:
        database = folder / f"{variant.name}_300x180.duckdb"
        world = load_world(database)
        factors = _factors(world, candidate_counts(database, world, candidate), params)
        if weights is None:  # VARIANTS starts with the tuning world
            assert variant.name == TUNING_VARIANT
            weights = fit_with_candidate(factors, world.frame["positive"])
            rows.append(f"{candidate.name}: weights {weights.tolist()} (last: the candidate)")
        score = candidate_score(factors, weights, world.frame["engaged_people"].to_numpy(), params)
        row = measure(world, variant.name, pd.Series(score))
        rows.append(f"  {variant.name}: in market {row.auc:.4f}, opportunity {row.opportunity_auc:.4f}")
    return rows


def main() -> None:  # pragma: no cover - a maintainer's tool
    params = seed_params()
    for candidate in CANDIDATES:
        print("\n".join(trial(candidate, matrix_folder(), params)), flush=True)


if __name__ == "__main__":  # pragma: no cover
    main()
