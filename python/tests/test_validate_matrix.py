"""Tests of the signal matrix (``emergence validate --matrix``).

The figures' helpers are tested on hand-made frames; the smoke test builds two tiny variant
worlds (V0 and V1, 60 accounts over 90 days, no dbt tests in their builds) and prints the
table. The full matrix (six worlds of 300 accounts over 180 days) is a command, not a test.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from rich.console import Console

from emergence.scoring import score_emergence
from emergence.scoring.emergence import FACTOR_COLUMNS
from emergence.synth.variants import TUNING_VARIANT, VARIANTS, variant
from emergence.validate.intent_trial import candidate_score
from emergence.validate.matrix import (
    MatrixRow,
    WorldFrame,
    WorldResult,
    gap_closed,
    matrix_failures,
    median_river_lead,
    seed_params,
)
from emergence.validate.matrix_report import print_matrix, run_matrix
from emergence.validate.targets import SignalTargets, target_checks, world_failures


def test_variants_are_six_each_with_its_own_seed_and_v0_is_the_demo() -> None:
    assert [v.name for v in VARIANTS] == ["V0", "V1", "V2", "V3", "V4", "V5"]
    assert len({v.seed for v in VARIANTS}) == len(VARIANTS)
    assert variant(TUNING_VARIANT).knobs == {} and variant(TUNING_VARIANT).seed == 42
    with pytest.raises(KeyError):
        variant("V9")


def test_median_river_lead_takes_the_first_river_week_in_the_window() -> None:
    weeks = pd.to_datetime(["2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26"])
    frame = pd.DataFrame({"account_key": ["A"] * 4 + ["B"] * 4, "week_start": list(weeks) * 2})
    tier = pd.Series(["drop", "river", "river", "drop", "drop", "drop", "drop", "drop"])
    opportunities = pd.DataFrame(
        {
            "episode_id": ["E1", "E2"],
            "account_key": ["A", "B"],
            "start_date": pd.to_datetime(["2026-01-10", "2026-01-10"]),
            "opportunity_date": pd.to_datetime(["2026-01-26", "2026-01-26"]),
            "ceiling_lead_days": [20, 10],
        }
    )
    lead, reached, measured = median_river_lead(WorldFrame(frame, opportunities), tier)
    assert (lead, reached, measured) == (14.0, 1, 2)  # 2026-01-12 to 2026-01-26


def _result(name: str, emergence: float, best: float, opportunity: float = 0.7) -> WorldResult:
    baselines = tuple(
        MatrixRow(signal, auc, 0.6)
        for signal, auc in [("engaged people 28d", best), ("MAP-style", 0.80), ("best lead score", 0.75)]
    )
    return WorldResult(
        variant=name,
        seconds=0.0,
        emergence=MatrixRow("emergence", emergence, opportunity, lead_days=14.0),
        baselines=baselines,
        oracle=MatrixRow("oracle", 0.90, 0.7),
        oracle_lead_days=15.0,
    )


def test_targets_are_checked_on_every_world_but_the_tuning_one() -> None:
    assert gap_closed(0.86, 0.80, 0.90) == pytest.approx(0.6)
    good = [_result("V0", 0.70, 0.85), _result("V1", 0.87, 0.84), _result("V2", 0.88, 0.85)]
    assert matrix_failures(good, "V0") == []
    weak = [*good, _result("V3", 0.82, 0.845, opportunity=0.5)]
    failed = matrix_failures(weak, "V0")
    assert [line.split(" is ")[0] for line in failed] == [
        "V3: AUC over the best baseline",
        "V3: share of the gap from MAP-style to the oracle closed",
        "V3: AUC for 'opens an opportunity within the horizon'",
        "mean margin over the best baseline +0.0117; target +0.02",
    ]


def test_plain_validate_and_the_matrix_judge_a_world_alike() -> None:
    # One home for the thresholds: both read SignalTargets through world_failures.
    weak = _result("V3", 0.82, 0.845, opportunity=0.5)
    report_lines = world_failures(weak)
    assert matrix_failures([weak], "V0")[: len(report_lines)] == report_lines
    assert all(r.ok for r in target_checks(_result("V1", 0.87, 0.84)))
    lenient = SignalTargets(margin_each=0.0, mean_margin=0.0, gap_closed=0.4)
    assert matrix_failures([_result("V1", 0.85, 0.84)], "V0", lenient) == []


@pytest.mark.dbt
@pytest.mark.own_world
def test_matrix_smoke_on_two_tiny_worlds(tmp_path) -> None:
    # the test suite's small world (60 accounts, 90 days): smaller ones may open no opportunity
    results = run_matrix(accounts=60, days=90, names=("V0", "V1"), folder=tmp_path, reuse=False)
    assert [r.variant for r in results] == ["V0", "V1"]
    for r in results:
        for row in (r.emergence, *r.baselines, r.oracle):
            assert row.auc is None or 0.0 <= row.auc <= 1.0, row
        assert len(r.baselines) == 6
    console = Console(width=200, record=True)
    print_matrix(results, console, 60, 90)
    text = console.export_text()
    assert "Signal matrix" in text and "V1" in text
    # a second run reuses the built worlds
    again = run_matrix(accounts=60, days=90, names=("V0",), folder=tmp_path)
    assert again[0].emergence == results[0].emergence


def test_intent_trial_candidate_keeps_the_score_and_its_ceiling() -> None:
    # With the candidate's weight at 0, the trial's score is the score; one person stays
    # under the ceiling however many hand-raisers the candidate counts.
    params = seed_params()
    frame = pd.DataFrame(
        {
            "account_key": ["a", "b", "c"],
            "week_start": pd.to_datetime(["2026-01-05"] * 3),
            "engaged_people": [1, 3, 8],
            "engaged_functions": [1, 2, 3],
            "concurrent_people": [1, 3, 6],
            "momentum": [2.0, 1.0, float("nan")],
            "active_weeks": [1, 2, 4],
            "role_coverage": [0.2, 0.5, 0.8],
            "expected_team_size": [8.0, 8.0, float("nan")],
            "deep_people": [1, 1, 4],
            "recent_people": [1, 2, 5],
        }
    )
    scored = score_emergence(frame, params)
    factors = np.column_stack([scored[list(FACTOR_COLUMNS)].to_numpy(), np.ones(3)])
    weights = np.asarray([*params.weights, 0.0])
    assert candidate_score(factors, weights, frame["engaged_people"].to_numpy(), params).tolist() == (
        scored["emergence_score"].tolist()
    )
    heavy = np.asarray([0.0] * len(params.weights) + [1.0])
    ones = candidate_score(factors, heavy, frame["engaged_people"].to_numpy(), params)
    assert ones[0] <= params.molecule_max_score and ones[2] == 100.0
