"""``emergence calibrate``: fit the emergence score's weights to the warehouse's own outcomes.

The outcome is the label of ``fct_signal_evaluation``: the account opens an opportunity within
``evaluation_horizon_weeks`` after the week (weeks right after an opportunity are left out).
The weights are fitted by the monotone logistic model (``emergence.scoring.monotone``:
non-negative weights, so one more engaged person still never lowers the score) on the
*older* weeks, and the score before and after is compared on the held-out *newer* weeks.
Training weeks stop where their horizon would reach into the held-out weeks, so no training
label reads a held-out opportunity. The fitted set is written to the ``scoring_parameters``
seed as the set ``calibrated`` (the other parameters are copied from the set in use); the
dbt var ``emergence_parameter_set`` selects it. With too few outcomes nothing changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from emergence.scoring import EmergenceParams, score_emergence
from emergence.scoring.emergence import FACTOR_COLUMNS, WEIGHT_NAMES
from emergence.scoring.monotone import MonotoneFit, fit_monotone_logistic
from emergence.scoring.parameters import SEED_COLUMNS, stored_parameters, table_from_params
from emergence.validate.signals import mann_whitney_auc

__all__ = [
    "CALIBRATED_SET",
    "CalibrationResult",
    "calibrate",
    "load_calibration_rows",
    "write_parameter_set",
]

CALIBRATED_SET = "calibrated"
SQL_FILE = Path(__file__).with_name("sql") / "calibration_rows.sql"


@dataclass(frozen=True)
class CalibrationResult:
    """What a calibration found; ``refused`` says why nothing was fitted (None when fitted)."""

    refused: str | None
    train_weeks: int
    holdout_weeks: int
    train_positives: int
    holdout_positives: int
    fit: MonotoneFit | None = None
    params: EmergenceParams | None = None
    auc_before: float | None = None
    auc_after: float | None = None
    cut: dt.date | None = None


def load_calibration_rows(database: Path) -> pd.DataFrame:
    """The labelled account-weeks with the emergence score's inputs (read-only)."""
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute(SQL_FILE.read_text()).df()
    rows["week_start"] = pd.to_datetime(rows["week_start"]).dt.date
    rows["is_positive"] = rows["is_positive"].astype(bool)
    return rows


def _split(
    rows: pd.DataFrame, horizon_weeks: int, holdout_weeks: int
) -> tuple[pd.DataFrame, pd.DataFrame, dt.date]:
    """Older weeks to fit on, newer weeks held out, and the first held-out week."""
    weeks = sorted(rows["week_start"].unique())
    cut = weeks[max(0, len(weeks) - holdout_weeks)] if weeks else dt.date.min
    # a training week's label looks horizon_weeks past its end: it must not reach the held-out weeks
    last_train = cut - dt.timedelta(days=7 * (horizon_weeks + 1))
    return rows[rows["week_start"] <= last_train], rows[rows["week_start"] >= cut], cut


def calibrate(
    rows: pd.DataFrame,
    params: EmergenceParams,
    horizon_weeks: int,
    holdout_weeks: int,
    min_outcomes: int,
) -> CalibrationResult:
    """Fit the weights on the older weeks of ``rows``; compare before and after on the newer ones.

    Refuses (``refused`` set, nothing fitted) when the training or the held-out weeks hold
    fewer than ``min_outcomes`` positive account-weeks, or when the fit finds no weight.
    """
    train, holdout, cut = _split(rows, horizon_weeks, holdout_weeks)
    counts = {
        "train_weeks": int(train["week_start"].nunique()),
        "holdout_weeks": int(holdout["week_start"].nunique()),
        "train_positives": int(train["is_positive"].sum()),
        "holdout_positives": int(holdout["is_positive"].sum()),
    }
    if min(counts["train_positives"], counts["holdout_positives"]) < min_outcomes:
        reason = (
            f"too few outcomes to calibrate: {counts['train_positives']} positive account-weeks to fit on "
            f"and {counts['holdout_positives']} held out; at least {min_outcomes} of each are needed"
        )
        return CalibrationResult(refused=reason, cut=cut, **counts)
    if counts["train_positives"] == len(train):
        return CalibrationResult(refused="every training account-week is positive", cut=cut, **counts)
    factors = score_emergence(train, params)[list(FACTOR_COLUMNS)]
    fit = fit_monotone_logistic(factors.to_numpy(), train["is_positive"].to_numpy())
    weights = np.asarray(fit.weights)
    if weights.sum() <= 0:
        return CalibrationResult(
            refused="the fit found no factor that predicts an opportunity", cut=cut, **counts
        )
    scaled = np.round(weights / weights.sum(), 2)
    fitted = replace(params, **{f"weight_{n}": float(w) for n, w in zip(WEIGHT_NAMES, scaled, strict=True)})
    labels = holdout["is_positive"]
    return CalibrationResult(
        refused=None,
        fit=fit,
        params=fitted,
        auc_before=mann_whitney_auc(score_emergence(holdout, params)["emergence_score"], labels),
        auc_after=mann_whitney_auc(score_emergence(holdout, fitted)["emergence_score"], labels),
        cut=cut,
        **counts,
    )


def write_parameter_set(
    seed: Path, params: EmergenceParams, parameter_set: str, note: str, copied_from: str
) -> None:
    """Replace ``parameter_set``'s rows of the seed with ``params`` (other sets are kept)."""
    table = pd.read_csv(seed)
    kept = table[table["parameter_set"].astype(str) != parameter_set]
    notes = {name: f"copied from the set {copied_from}" for name in stored_parameters()}
    notes.update({f"weight_{name}": note for name in WEIGHT_NAMES})
    new = table_from_params(params, parameter_set, notes)
    combined = pd.concat([kept, new], ignore_index=True)[list(SEED_COLUMNS)]
    combined["value"] = combined["value"].map(lambda v: f"{float(v):g}")
    combined.to_csv(seed, index=False)
