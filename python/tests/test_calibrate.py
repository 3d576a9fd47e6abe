"""Tests of ``emergence calibrate``: the monotone fit, the split, the refusal and the seed it writes.

Fast: hand-made frames and a tiny DuckDB file; no dbt.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from emergence.calibrate import CALIBRATED_SET, calibrate, write_parameter_set
from emergence.cli import app
from emergence.scoring import score_emergence
from emergence.scoring.emergence import FACTOR_COLUMNS, WEIGHT_NAMES
from emergence.scoring.monotone import fit_monotone_logistic
from emergence.scoring.parameters import params_from_table
from emergence.validate.matrix import seed_params

SEED = Path(__file__).resolve().parents[2] / "seeds" / "scoring" / "scoring_parameters.csv"
# Coefficients of the monotone model the outcomes are drawn from, in FACTOR_COLUMNS order.
TRUE_INTERCEPT = -4.0
TRUE_WEIGHTS = (0.0, 1.0, 2.0, 0.5, 0.0, 3.0, 1.5)
# How close a fit on ~36,000 account-weeks must come to each coefficient.
TOLERANCE = 0.35


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def test_monotone_fit_recovers_known_coefficients() -> None:
    rng = np.random.default_rng(11)
    x = rng.random((40_000, len(TRUE_WEIGHTS)))
    y = rng.random(len(x)) < _sigmoid(TRUE_INTERCEPT + x @ np.array(TRUE_WEIGHTS))
    fit = fit_monotone_logistic(x, y)
    assert fit.intercept == pytest.approx(TRUE_INTERCEPT, abs=TOLERANCE)
    assert np.allclose(fit.weights, TRUE_WEIGHTS, atol=TOLERANCE)
    assert min(fit.weights) >= 0.0


def test_monotone_fit_keeps_weights_non_negative_when_the_truth_is_negative() -> None:
    rng = np.random.default_rng(3)
    x = rng.random((5_000, 2))
    y = rng.random(len(x)) < _sigmoid(-1.0 + 2.0 * x[:, 0] - 2.0 * x[:, 1])
    fit = fit_monotone_logistic(x, y)
    assert fit.weights[1] == 0.0
    assert fit.weights[0] > 1.0
    with pytest.raises(ValueError, match="both classes"):
        fit_monotone_logistic(x, np.zeros(len(x), dtype=bool))


def _world(seed: int = 5, accounts: int = 1_200, weeks: int = 30) -> pd.DataFrame:
    """Account-weeks with random score inputs; outcomes drawn from the monotone model."""
    rng = np.random.default_rng(seed)
    n = accounts * weeks
    people = rng.integers(0, 15, n)
    rows = pd.DataFrame(
        {
            "account_key": np.repeat([f"A{i}" for i in range(accounts)], weeks),
            "week_start": np.tile(
                [(pd.Timestamp("2026-01-05") + pd.Timedelta(weeks=w)).date() for w in range(weeks)], accounts
            ),
            "engaged_people": people,
            "engaged_functions": (people * rng.random(n)).astype(int),
            "concurrent_people": (people * rng.random(n)).astype(int),
            "deep_people": (people * rng.random(n)).astype(int),
            "recent_people": (people * rng.random(n)).astype(int),
            "momentum": rng.choice([np.nan, 0.5, 1.0, 2.0, 4.0], n),
            "active_weeks": rng.integers(0, 5, n),
            "role_coverage": rng.random(n),
            "expected_team_size": rng.choice([4.0, 8.0, 14.0, np.nan], n),
        }
    )
    factors = score_emergence(rows, seed_params())[list(FACTOR_COLUMNS)].to_numpy()
    rows["is_positive"] = rng.random(n) < _sigmoid(TRUE_INTERCEPT + factors @ np.array(TRUE_WEIGHTS))
    return rows


def test_calibrate_recovers_the_coefficients_the_outcomes_were_drawn_from() -> None:
    rows = _world()
    result = calibrate(rows, seed_params(), horizon_weeks=8, holdout_weeks=8, min_outcomes=30)
    assert result.refused is None
    # fitted on the 14 oldest weeks: 30 weeks - 8 held out - 8 whose labels would read them
    assert (result.train_weeks, result.holdout_weeks) == (14, 8)
    assert result.fit.intercept == pytest.approx(TRUE_INTERCEPT, abs=TOLERANCE)
    assert np.allclose(result.fit.weights, TRUE_WEIGHTS, atol=TOLERANCE), result.fit.weights
    # the written weights are the fit's, scaled to add up to 1
    scaled = np.array(TRUE_WEIGHTS) / sum(TRUE_WEIGHTS)
    written = np.array([getattr(result.params, f"weight_{n}") for n in WEIGHT_NAMES])
    assert np.allclose(written, scaled, atol=0.05)
    assert result.auc_after >= result.auc_before


def test_calibrate_refuses_with_too_few_outcomes() -> None:
    rows = _world(accounts=60)
    rows["is_positive"] = False
    rows.loc[rows.index[:5], "is_positive"] = True
    result = calibrate(rows, seed_params(), horizon_weeks=8, holdout_weeks=8, min_outcomes=30)
    assert result.refused is not None and "too few outcomes" in result.refused
    assert result.params is None and result.fit is None


def test_written_set_reads_back_and_keeps_the_other_sets(tmp_path: Path) -> None:
    seed = tmp_path / "scoring_parameters.csv"
    shutil.copyfile(SEED, seed)
    fitted = dataclasses.replace(seed_params(), weight_depth=0.7, weight_recency=0.3, weight_concurrency=0.0)
    write_parameter_set(seed, fitted, CALIBRATED_SET, "fitted in a test", "default")
    write_parameter_set(seed, fitted, CALIBRATED_SET, "fitted again", "default")  # replaces, not appends
    table = pd.read_csv(seed)
    windows = {"persistence_weeks": 4, "concurrency_window_days": 14, "recent_window_days": 7}
    assert params_from_table(table, CALIBRATED_SET, windows) == fitted
    assert params_from_table(table, "default", windows) == seed_params()
    assert set(table["parameter_set"]) == {"default", CALIBRATED_SET}


def _tiny_warehouse(path: Path, positives: int) -> None:
    """The two relations `emergence calibrate` reads, with a handful of account-weeks."""
    weeks = [(pd.Timestamp("2026-01-05") + pd.Timedelta(weeks=w)).date() for w in range(20)]
    with duckdb.connect(str(path)) as con:
        con.execute("create schema intermediate; create schema marts")
        con.execute(
            "create table intermediate.int_signal_scores__labelled (account_key varchar, week_start date, "
            "signal_name varchar, score double, is_positive boolean)"
        )
        rows = [
            (f"A{a}", w, "emergence", 0.0, a * 20 + i < positives)
            for a in range(3)
            for i, w in enumerate(weeks)
        ]
        con.executemany("insert into intermediate.int_signal_scores__labelled values (?, ?, ?, ?, ?)", rows)
        con.execute(
            "create table marts.fct_account_emergence (account_key varchar, week_start date, "
            "engaged_people bigint, engaged_functions bigint, concurrent_people bigint, deep_people bigint, "
            "recent_people bigint, "
            "momentum double, active_weeks bigint, role_coverage double, expected_team_size double)"
        )
        con.execute(
            "insert into marts.fct_account_emergence values ('A0', ?, 3, 1, 2, 1, 1, 1.0, 2, 0.5, 8)",
            [weeks[3]],
        )


def test_command_with_too_few_outcomes_says_so_and_changes_nothing(tmp_path: Path) -> None:
    database = tmp_path / "tiny.duckdb"
    _tiny_warehouse(database, positives=4)
    seed = tmp_path / "scoring_parameters.csv"
    shutil.copyfile(SEED, seed)
    before = seed.read_bytes()
    result = CliRunner().invoke(app, ["calibrate", "--database", str(database), "--seed", str(seed)])
    assert result.exit_code == 1, result.output
    assert "too few outcomes" in result.output
    assert "unchanged" in result.output
    assert seed.read_bytes() == before


def test_a_parameter_set_must_exist_and_be_complete() -> None:
    table = pd.read_csv(SEED)
    windows = {"persistence_weeks": 4, "concurrency_window_days": 14, "recent_window_days": 7}
    with pytest.raises(ValueError, match="no set 'nope'"):
        params_from_table(table, "nope", windows)
    short = table[table["parameter"] != "weight_depth"]
    with pytest.raises(ValueError, match="missing \\['weight_depth'\\]"):
        params_from_table(short, "default", windows)
    extra = pd.concat([table, table.iloc[[0]].assign(parameter="weight_surge")])
    with pytest.raises(ValueError, match="unknown \\['weight_surge'\\]"):
        params_from_table(extra, "default", windows)


def test_the_tuning_procedure_fits_weights_that_add_up_to_one_and_picks_a_river_bar() -> None:
    from emergence.validate.matrix import WorldFrame
    from emergence.validate.tune import RIVER_SCORE_GRID, tune

    rows = _world(accounts=300, weeks=12).rename(columns={"is_positive": "positive"})
    empty = pd.DataFrame(columns=["episode_id", "account_key", "start_date", "opportunity_date"])
    params, grid = tune(WorldFrame(rows, empty), seed_params())
    weights = [getattr(params, f"weight_{n}") for n in WEIGHT_NAMES]
    assert sum(weights) == pytest.approx(1.0, abs=0.03) and min(weights) >= 0
    assert params.river_min_score in RIVER_SCORE_GRID
    assert list(grid["river_min_score"]) == list(RIVER_SCORE_GRID)
