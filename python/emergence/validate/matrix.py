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

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import yaml

from emergence.paths import project_dir
from emergence.scoring import EmergenceParams
from emergence.scoring.parameters import params_from_table
from emergence.validate.signals import EVALUATION_HORIZON_WEEKS, _prepare, mann_whitney_auc

__all__ = [
    "BASELINES",
    "MatrixRow",
    "WorldFrame",
    "load_world",
    "measure",
    "median_river_lead",
]

SQL_DIR = Path(__file__).with_name("sql")
SEED = Path("seeds") / "scoring" / "scoring_parameters.csv"
RIVER = "river"
LEAD_WINDOW_DAYS = 28


def _sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text()


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
    with duckdb.connect(str(database), read_only=True) as con:
        _prepare(con)
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


@dataclass(frozen=True)
class MatrixRow:
    """One signal's figures on one world."""

    signal: str
    auc: float | None
    opportunity_auc: float | None
    lead_days: float | None = None


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


def gap_closed(score_auc: float, map_auc: float, oracle_auc: float) -> float:
    """The share of the gap from the MAP-style score to the oracle that ``score_auc`` closes."""
    gap = oracle_auc - map_auc
    return math.nan if gap <= 0 else (score_auc - map_auc) / gap


# --------------------------------------------------------------------------------------------
# One world's row of the matrix, and the targets across worlds.


@dataclass(frozen=True)
class WorldResult:
    """Every signal's figures on one world, with the river lead and the oracle's."""

    variant: str
    seconds: float
    emergence: MatrixRow
    baselines: tuple[MatrixRow, ...]
    oracle: MatrixRow
    oracle_lead_days: float | None

    @property
    def map_style(self) -> MatrixRow:
        return next(row for row in self.baselines if row.signal == "MAP-style")

    @property
    def best_baseline(self) -> MatrixRow:
        return max(self.baselines, key=lambda row: row.auc or 0.0)

    @property
    def best_lead_score(self) -> MatrixRow:
        return next(row for row in self.baselines if row.signal == "best lead score")

    @property
    def margin(self) -> float:
        return (self.emergence.auc or 0.0) - (self.best_baseline.auc or 0.0)

    @property
    def gap_closed(self) -> float:
        return gap_closed(self.emergence.auc or 0.0, self.map_style.auc or 0.0, self.oracle.auc or 0.0)


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


@dataclass(frozen=True)
class MatrixTargets:
    """The bars of docs/evaluation.md#matrix, on every world but the tuning one."""

    margin_each: float = 0.01
    mean_margin: float = 0.02
    gap_closed: float = 0.60
    lead_slack_days: float = 7.0


def matrix_failures(
    results: list[WorldResult], tuning: str, targets: MatrixTargets | None = None
) -> list[str]:
    """The targets missed on the reported worlds (all but ``tuning``), in words."""
    targets = targets or MatrixTargets()
    reported = [r for r in results if r.variant != tuning]
    failed = []
    for r in reported:
        if r.margin < targets.margin_each:
            failed.append(
                f"{r.variant}: emergence AUC {r.emergence.auc:.4f} is {r.margin:+.4f} over the best baseline "
                f"({r.best_baseline.signal}, {r.best_baseline.auc:.4f}); target +{targets.margin_each:.2f}"
            )
        if not r.gap_closed >= targets.gap_closed:
            failed.append(
                f"{r.variant}: closes {r.gap_closed:.0%} of the gap from MAP-style to the oracle; "
                f"target {targets.gap_closed:.0%}"
            )
        lead, ceiling = r.emergence.lead_days, r.oracle_lead_days
        if lead is None or (ceiling is not None and lead < ceiling - targets.lead_slack_days):
            failed.append(
                f"{r.variant}: median river lead {lead} days, oracle {ceiling}; target >= oracle - "
                f"{targets.lead_slack_days:g}"
            )
        ours, lead_score = r.emergence.opportunity_auc or 0.0, r.best_lead_score.opportunity_auc or 0.0
        if ours < lead_score:
            failed.append(
                f"{r.variant}: opportunity-within-{EVALUATION_HORIZON_WEEKS}-weeks AUC {ours:.4f} below the "
                f"best lead score's {lead_score:.4f}"
            )
    if reported:
        mean = float(np.mean([r.margin for r in reported]))
        if mean < targets.mean_margin:
            failed.append(
                f"mean margin over the best baseline {mean:+.4f}; target +{targets.mean_margin:.2f}"
            )
    return failed
