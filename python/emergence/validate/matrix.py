"""The signal matrix: the emergence score beside naive baselines and the oracle on six worlds.

Each world of ``emergence.synth.variants`` is built once (``matrix_build``); this module
reads a built warehouse, scores every account-week with the score, each baseline and the
oracle, and measures them on the labels of ``emergence.validate.signals``:

- **AUC**: the pooled weekly AUC for "in market this week" (the figure ``emergence
  validate`` reports);
- **opportunity AUC**: the AUC for "opens an opportunity within 8 weeks", leaving out weeks
  right after an opportunity (as ``fct_signal_evaluation`` does);
- **lead**: for the score, the median days from its first week at tier ``river`` to the
  opportunity; for the oracle, from the first week at which half the true team had shown.

The baselines need no truth: engaged people over 7 and 28 days, engaged people over 28
days divided by the expected team size (uncapped), the MAP-style account score, the most
active person's score and the best lead score. Score candidates are measured on the same
frame without rebuilding dbt: the kernel is pure pandas.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from emergence.paths import project_dir
from emergence.scoring import EmergenceParams
from emergence.scoring.emergence import TIER_RIVER
from emergence.scoring.parameters import params_from_table
from emergence.sqlfiles import load_sql
from emergence.validate.common import open_checked
from emergence.validate.signals import (
    EVALUATION_HORIZON_WEEKS,
    REQUIRED_COLUMNS,
    mann_whitney_auc,
    prepare_population,
)
from emergence.validate.targets import (
    MatrixRow,
    SignalTargets,
    WorldResult,
    gap_closed,
    mean_margin_failures,
    world_failures,
)

__all__ = [
    "BASELINES",
    "MatrixRow",
    "WorldFrame",
    "WorldResult",
    "gap_closed",
    "load_world",
    "matrix_failures",
    "measure",
    "measure_world",
    "median_river_lead",
]

SEED = Path("seeds") / "scoring" / "scoring_parameters.csv"
RIVER = TIER_RIVER
LEAD_WINDOW_DAYS = 28
# What the baselines read beyond the signal validation's tables (matrix_features.sql).
FEATURE_COLUMNS = {
    "intermediate.int_emergence__inputs": (
        "account_key",
        "week_start",
        "engaged_people",
        "recent_people",
        "expected_team_size",
    ),
    "marts.fct_account_map_scores": ("account_key", "week_start", "map_score", "top_person_score"),
    "marts.fct_account_lead_rollup_weekly": ("account_key", "week_start", "best_lead_score"),
}


def _sql(name: str) -> str:
    return load_sql(__file__, name)


def project_vars() -> dict[str, object]:
    """The dbt vars of the project (their documented defaults)."""
    return yaml.safe_load((project_dir() / "dbt_project.yml").read_text())["vars"]


@dataclass(frozen=True)
class WorldFrame:
    """A built world, ready to score: one row per truth account and week, and its opportunities."""

    frame: pd.DataFrame
    opportunities: pd.DataFrame


def load_world(database: Path) -> WorldFrame:
    """Read the features, the labels and the oracle of a built warehouse (read-only)."""
    with open_checked(database, "signal", {**REQUIRED_COLUMNS, **FEATURE_COLUMNS}) as con:
        prepare_population(con)
        labels = con.execute(_sql("matrix_labels"), {"horizon_weeks": EVALUATION_HORIZON_WEEKS}).df()
        features = con.execute(_sql("matrix_features")).df()
        opportunities = con.execute(_sql("matrix_opportunities")).df()
    for part in (labels, features, opportunities):
        for column in ("week_start", "start_date", "opportunity_date"):
            if column in part.columns:
                part[column] = pd.to_datetime(part[column])
    frame = labels.merge(features, on=["account_key", "week_start"], how="left")
    kept = ("account_key", "week_start", "momentum", "mart_tier", "expected_team_size")
    counts = [c for c in features.columns if c not in kept]
    frame[counts] = frame[counts].fillna(0)
    frame["positive"] = frame["positive"].astype(bool)
    frame = frame.sort_values(["account_key", "week_start"], ignore_index=True)
    return WorldFrame(frame=frame, opportunities=opportunities)


def seed_params(parameter_set: str = "default", seed: Path | None = None) -> EmergenceParams:
    """A set of the scoring_parameters seed (the project's by default), windows from the dbt vars."""
    settings = project_vars()
    windows = {
        "persistence_weeks": settings["emergence_persistence_weeks"],
        "concurrency_window_days": settings["concurrency_window_days"],
        "recent_window_days": settings["emergence_recent_window_days"],
    }
    return params_from_table(pd.read_csv(seed or project_dir() / SEED), parameter_set, windows)


def _expected(frame: pd.DataFrame) -> pd.Series:
    default = float(seed_params().default_team_size)
    return frame["expected_team_size"].fillna(default).clip(lower=1.0)


# The baselines: name -> score of each row. None needs the truth.
BASELINES: dict[str, Callable[[pd.DataFrame], pd.Series]] = {
    "engaged people 7d": lambda f: f["recent_people"],
    "engaged people 28d": lambda f: f["engaged_people"],
    "people / expected team": lambda f: f["engaged_people"] / _expected(f),
    "MAP-style": lambda f: f["map_score"],
    "most active person": lambda f: f["top_person_score"],
    "best lead score": lambda f: f["best_lead_score"],
}


def median_river_lead(world: WorldFrame, tier: pd.Series) -> tuple[float | None, int, int]:
    """Median days from the first river week to the opportunity; episodes reached; measured.

    Per measured opportunity episode, the first week at tier river whose start lies in
    [episode start - 28 days, opportunity date] (as ``emergence validate`` measures it).
    """
    rivers = world.frame.loc[tier.to_numpy() == RIVER, ["account_key", "week_start"]]
    joined = world.opportunities.merge(rivers, on="account_key", how="inner")
    window = (joined["week_start"] >= joined["start_date"] - pd.Timedelta(days=LEAD_WINDOW_DAYS)) & (
        joined["week_start"] <= joined["opportunity_date"]
    )
    first = joined[window].groupby("episode_id")["week_start"].min()
    dates = world.opportunities.set_index("episode_id")["opportunity_date"]
    leads = (dates.loc[first.index] - first).dt.days
    measured = len(world.opportunities)
    return (float(np.median(leads)) if len(leads) else None), len(leads), measured


def measure(world: WorldFrame, signal: str, score: pd.Series, tier: pd.Series | None = None) -> MatrixRow:
    """The AUCs of ``score`` (aligned with ``world.frame``) and, given tiers, the river lead."""
    frame = world.frame
    values = pd.Series(np.asarray(score, dtype=float), index=frame.index).fillna(0.0)
    opportunity = frame["opens_opportunity"].notna()
    lead = None
    if tier is not None:
        lead, _, _ = median_river_lead(world, tier)
    return MatrixRow(
        signal=signal,
        auc=mann_whitney_auc(values, frame["positive"]),
        opportunity_auc=mann_whitney_auc(
            values[opportunity], frame.loc[opportunity, "opens_opportunity"].astype(bool)
        ),
        lead_days=lead,
    )


def oracle_lead(world: WorldFrame) -> float | None:
    """The oracle's median lead: half the true team shown, to the opportunity (days)."""
    leads = world.opportunities["ceiling_lead_days"].dropna()
    return float(np.median(leads)) if len(leads) else None


# --------------------------------------------------------------------------------------------
# One world's row of the matrix, and the targets across worlds.


def measure_world(variant: str, world: WorldFrame, seconds: float = 0.0) -> WorldResult:
    """The mart's emergence score, every baseline and the oracle on one built world."""
    frame = world.frame
    return WorldResult(
        variant=variant,
        seconds=seconds,
        emergence=measure(world, "emergence", frame["mart_emergence_score"], frame["mart_tier"]),
        baselines=tuple(measure(world, name, score(frame)) for name, score in BASELINES.items()),
        oracle=measure(world, "oracle", frame["oracle_score"]),
        oracle_lead_days=oracle_lead(world),
    )


def matrix_failures(
    results: list[WorldResult], tuning: str, targets: SignalTargets | None = None
) -> list[str]:
    """The targets missed on the reported worlds (all but ``tuning``), in words."""
    reported = [r for r in results if r.variant != tuning]
    failed = [line for r in reported for line in world_failures(r, targets)]
    return failed + mean_margin_failures(reported, targets)
