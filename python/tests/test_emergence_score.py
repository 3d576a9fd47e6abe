"""Unit and property tests of the emergence score kernel (``emergence.scoring.emergence``).

Fast and pure: small hand-made frames, no dbt and no DuckDB. ``hypothesis`` is not installed in
the project venv, so the properties are checked on exhaustive grids instead.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from emergence.scoring import EmergenceParams, score_emergence
from emergence.scoring.emergence import (
    FACTOR_COLUMNS,
    INPUT_COLUMNS,
    OUTPUT_COLUMNS,
    TIERS,
    WEIGHT_NAMES,
    breadth_gate,
    momentum_transform,
    saturation,
)
from emergence.scoring.parameters import params_from_table

SEED = Path(__file__).resolve().parents[2] / "seeds" / "scoring" / "scoring_parameters.csv"
WINDOWS = {"persistence_weeks": 4, "concurrency_window_days": 14, "recent_window_days": 7}
# Weights that make hand computations easy to follow (the seed's are fitted, docs/emergence_score.md).
HAND_WEIGHTS = {
    "weight_breadth": 0.30,
    "weight_diversity": 0.20,
    "weight_concurrency": 0.25,
    "weight_momentum": 0.10,
    "weight_persistence": 0.15,
    "weight_depth": 0.0,
    "weight_recency": 0.0,
}


def default_test_params(**overrides: float) -> EmergenceParams:
    """The seed's ``default`` set (the one home of the defaults), with ``overrides``."""
    seeded = params_from_table(pd.read_csv(SEED), "default", WINDOWS)
    return dataclasses.replace(seeded, **overrides)


PARAMS = default_test_params()
HAND = default_test_params(**HAND_WEIGHTS)


def frame_of(rows: list[dict]) -> pd.DataFrame:
    """An input frame; unspecified columns get harmless defaults."""
    defaults = {
        "account_key": "acc",
        "week_start": pd.Timestamp("2024-01-01").date(),
        "engaged_people": 0,
        "engaged_functions": 0,
        "concurrent_people": 0,
        "momentum": np.nan,
        "active_weeks": 0,
        "role_coverage": 0.0,
        "expected_team_size": np.nan,
        "deep_people": 0,
        "recent_people": 0,
    }
    return pd.DataFrame([{**defaults, **row} for row in rows], columns=list(INPUT_COLUMNS))


def one(row: dict, params: EmergenceParams = PARAMS) -> pd.Series:
    """Score a single row and return it."""
    return score_emergence(frame_of([row]), params).iloc[0]


def score_many(rows: list[dict], params: EmergenceParams = PARAMS) -> np.ndarray:
    """Scores of many rows in one call (fast grids)."""
    return score_emergence(frame_of(rows), params)["emergence_score"].to_numpy()


# --------------------------------------------------------------------------------------------
# Building blocks
# --------------------------------------------------------------------------------------------
def test_momentum_transform_anchors() -> None:
    """0.5 flat or unknown, 0 collapsed, 1 in the limit, mirror-symmetric around 1."""
    values = momentum_transform([1.0, np.nan, 0.0, np.inf, 2.0, 0.5], 1.5)
    assert values[0] == pytest.approx(0.5)
    assert values[1] == pytest.approx(0.5)
    assert values[2] == 0.0
    assert values[3] == 1.0
    assert values[4] == pytest.approx(2**1.5 / (1 + 2**1.5))
    assert values[4] + values[5] == pytest.approx(1.0)
    grid = np.array([0.0, 0.1, 0.5, 0.9, 1.0, 1.1, 2.0, 5.0, 100.0, 1e9, np.inf])
    assert np.all(np.diff(momentum_transform(grid, 1.5)) >= 0)
    with pytest.raises(ValueError):
        momentum_transform([-0.1], 1.5)


def test_breadth_gate_ramps_from_molecule_cap_to_one() -> None:
    gate = breadth_gate([0, 1, 2, 3, 4, 50], 3, 15.0)
    assert gate.tolist() == pytest.approx([0.0, 0.15, 0.575, 1.0, 1.0, 1.0])


def test_saturation_is_half_at_a_full_team_and_keeps_rising() -> None:
    values = saturation([0, 4, 8, 16, 160], 8.0)
    assert values.tolist() == pytest.approx([0.0, 1 / 3, 0.5, 2 / 3, 160 / 168])
    assert np.all(np.diff(values) > 0)


def test_factors_by_hand() -> None:
    """7 people (2 deep, 4 recent), 3 functions, 5 concurrent, momentum 2, 3 of 4 weeks, E = 14."""
    row = one(
        {
            "engaged_people": 7,
            "engaged_functions": 3,
            "concurrent_people": 5,
            "momentum": 2.0,
            "active_weeks": 3,
            "role_coverage": 0.5,
            "expected_team_size": 14,
            "deep_people": 2,
            "recent_people": 4,
        },
        HAND,
    )
    momentum = 2**1.5 / (1 + 2**1.5)
    expected = {
        "breadth": 7 / 21,
        "diversity": 0.5 * 0.75 + 0.5 * 0.5,
        "concurrency": 5 / 19,
        "momentum_factor": momentum,
        "persistence": 0.75,
        "depth": 2 / 16,
        "recency": 4 / 18,
    }
    for column, value in expected.items():
        assert row[column] == pytest.approx(value), column
    weighted = 0.30 * 7 / 21 + 0.20 * 0.625 + 0.25 * 5 / 19 + 0.10 * momentum + 0.15 * 0.75
    assert row["emergence_score"] == round(100 * weighted, 1)
    assert row["tier"] == "stream"  # 7 >= 0.25 * 14; 5 < 0.5 * 14 concurrent


def test_null_expected_team_size_uses_the_default() -> None:
    base = {"engaged_people": 4, "engaged_functions": 2, "concurrent_people": 4}
    defaulted = one({**base, "expected_team_size": np.nan}, HAND)
    explicit = one({**base, "expected_team_size": 8.0}, HAND)
    for column in (*FACTOR_COLUMNS, "emergence_score", "tier"):
        assert defaulted[column] == explicit[column], column
    assert "expected team of 8 (default)" in defaulted["explanation"]


def test_output_columns_and_carried_columns() -> None:
    frame = frame_of([{"engaged_people": 2, "engaged_functions": 1, "concurrent_people": 1}])
    frame["extra"] = "kept"
    frame.index = [42]
    out = score_emergence(frame, PARAMS)
    assert list(out.columns) == [*frame.columns, *OUTPUT_COLUMNS]
    assert out.index.tolist() == [42]
    assert out.loc[42, "extra"] == "kept"


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------
def _grid_rows() -> list[dict]:
    rows = []
    for people, expected, momentum, active, roles in itertools.product(
        range(0, 13),
        (1.0, 3.0, 4.0, 8.0, 18.0, np.nan),
        (np.nan, 0.0, 0.5, 1.0, 2.0, 10.0),
        (0, 1, 4),
        (0.0, 1.0),
    ):
        for functions in sorted({0, min(1, people), people // 2, people}):
            for concurrent, deep in itertools.product(
                sorted({0, people // 2, people}), sorted({0, people // 2})
            ):
                rows.append(
                    {
                        "engaged_people": people,
                        "engaged_functions": functions,
                        "concurrent_people": concurrent,
                        "momentum": momentum,
                        "active_weeks": active,
                        "role_coverage": roles,
                        "expected_team_size": expected,
                        "deep_people": deep,
                        "recent_people": concurrent // 2,
                    }
                )
    return rows


def test_one_more_person_from_a_new_function_never_lowers_the_score() -> None:
    rows = _grid_rows()
    plus_one = [
        {
            **row,
            "engaged_people": row["engaged_people"] + 1,
            "engaged_functions": row["engaged_functions"] + 1,
            "concurrent_people": row["concurrent_people"] + 1,
            "recent_people": row["recent_people"] + 1,
        }
        for row in rows
    ]
    deeper = [{**row, "deep_people": row["deep_people"] + 1} for row in plus_one]
    variants = (PARAMS, HAND, default_test_params(min_people_for_full_score=6, molecule_max_score=0.0))
    for params in variants:
        assert np.all(score_many(deeper, params) >= score_many(plus_one, params))
        before, after = score_many(rows, params), score_many(plus_one, params)
        lowered = np.flatnonzero(after < before)
        assert lowered.size == 0, [(rows[i], before[i], after[i]) for i in lowered[:3]]
        # ... and it does raise it somewhere (the test can fail on a flat score).
        assert np.any(after > before)


def test_same_people_spread_over_a_year_score_lower_than_in_one_month() -> None:
    spread, clustered = [], []
    for people, expected, roles in itertools.product(range(2, 13), (4.0, 8.0, 18.0, np.nan), (0.0, 0.5)):
        for functions in sorted({1, 2, min(people, 5)}):
            common = {
                "engaged_people": people,
                "engaged_functions": functions,
                "role_coverage": roles,
                "expected_team_size": expected,
            }
            for recent_momentum in (1.0, 2.0, np.nan):
                # A year: one at a time, never together, a week here and there, flat.
                spread.append(
                    {**common, "concurrent_people": 1, "recent_people": 1, "active_weeks": 1, "momentum": 1.0}
                )
                # A month: all of them together, most recent weeks active.
                clustered.append(
                    {
                        **common,
                        "concurrent_people": people,
                        "recent_people": people // 2,
                        "active_weeks": 3,
                        "momentum": recent_momentum,
                    }
                )
    for params in (PARAMS, HAND):
        low, high = score_many(spread, params), score_many(clustered, params)
        assert np.all(low < high), np.flatnonzero(low >= high)[:5]


def test_one_person_with_500_touches_stays_a_molecule() -> None:
    rows = [
        {
            "engaged_people": 1,
            "engaged_functions": 1,
            "concurrent_people": 1,
            "momentum": momentum,
            "active_weeks": 4,
            "role_coverage": roles,
            "expected_team_size": expected,
            "deep_people": 1,
            "recent_people": 1,
        }
        for momentum, roles, expected in itertools.product(
            (1.0, 50.0, 500.0, 1e6, np.inf, np.nan), (0.0, 1.0), (0.5, 1.0, 2.0, 4.0, 18.0, np.nan)
        )
    ]
    out = score_emergence(frame_of(rows), PARAMS)
    assert (out["tier"] == "molecule").all()
    assert (out["emergence_score"] <= PARAMS.molecule_max_score).all()
    # The ceiling binds when the factors are high: one person at a one-person prior, and one
    # function counting as full diversity.
    full = default_test_params(full_diversity_functions=1)
    assert score_emergence(frame_of(rows), full)["emergence_score"].max() == full.molecule_max_score
    # Nobody engaged is not a buying team either.
    nobody = one({"momentum": 5.0, "active_weeks": 4, "role_coverage": 1.0})
    assert (nobody["tier"], nobody["emergence_score"]) == ("molecule", 0.0)


@pytest.mark.parametrize(("functions", "momentum", "active", "roles"), [(3, 1.0, 2, 0.0), (4, 2.0, 4, 0.5)])
def test_six_people_are_a_river_at_a_small_company_not_at_a_large_one(
    functions: int, momentum: float, active: int, roles: float
) -> None:
    six = {
        "engaged_people": 6,
        "engaged_functions": functions,
        "concurrent_people": 6,
        "momentum": momentum,
        "active_weeks": active,
        "role_coverage": roles,
        "deep_people": 3,
        "recent_people": 6,
    }
    small = one({**six, "expected_team_size": 4.0})  # a 40-person company
    large = one({**six, "expected_team_size": 18.0})  # a 40,000-person company
    assert small["tier"] == "river"
    assert large["tier"] == "stream"
    assert small["emergence_score"] > large["emergence_score"]


def test_tier_boundaries() -> None:
    """Each tier condition is relative to the expected team size and bites on its own."""
    river = {
        "engaged_people": 6,
        "engaged_functions": 3,
        "concurrent_people": 5,
        "momentum": 2.0,
        "active_weeks": 4,
        "role_coverage": 0.5,
        "expected_team_size": 10.0,
        "deep_people": 2,
        "recent_people": 5,
    }
    assert one(river)["tier"] == "river"  # 5 >= 0.5 * 10
    assert one({**river, "concurrent_people": 4})["tier"] == "stream"  # 4 < 5
    # No tier asks for functions: anonymous people have none.
    assert one({**river, "engaged_functions": 0, "role_coverage": 0.0})["tier"] == "river"
    strict = default_test_params(river_min_score=99.0)
    assert one(river, strict)["tier"] == "stream"  # score below the river bar
    # A stream needs a quarter of the team; else a drop.
    quiet = {**river, "concurrent_people": 2}
    assert one({**quiet, "expected_team_size": 25.0})["tier"] == "drop"  # 6 < 6.25
    assert one({**quiet, "expected_team_size": 24.0})["tier"] == "stream"  # 6 >= 6
    two = {**quiet, "engaged_people": 2, "engaged_functions": 1, "concurrent_people": 2, "deep_people": 0}
    two["recent_people"] = 2
    assert one(two)["tier"] == "drop"


def test_score_is_bounded_and_deterministic() -> None:
    frame = frame_of(_grid_rows())
    first, second = score_emergence(frame, PARAMS), score_emergence(frame.copy(), PARAMS)
    pd.testing.assert_frame_equal(first, second)
    assert first["emergence_score"].between(0.0, 100.0).all()
    assert (first["emergence_score"] == first["emergence_score"].round(1)).all()
    for column in FACTOR_COLUMNS:
        assert first[column].between(0.0, 1.0).all(), column
    assert set(first["tier"]) == set(TIERS)
    assert first["explanation"].tolist() == second["explanation"].tolist()
    assert (first["explanation"].str.len() > 0).all()
    # The top of the scale is approached, never passed: head counts saturate as n / (n + E).
    full = one(
        {
            "engaged_people": 2000,
            "engaged_functions": 5,
            "concurrent_people": 2000,
            "momentum": np.inf,
            "active_weeks": 4,
            "role_coverage": 1.0,
            "expected_team_size": 10.0,
            "deep_people": 2000,
            "recent_people": 2000,
        }
    )
    assert 99.0 <= full["emergence_score"] <= 100.0


def test_group_safe_shuffled_accounts_equal_each_account_alone() -> None:
    rng = np.random.default_rng(7)
    rows = []
    for account, expected in (("a", 4.0), ("b", 18.0), ("c", np.nan)):
        for week in range(8):
            people = int(rng.integers(0, 12))
            rows.append(
                {
                    "account_key": account,
                    "week_start": (pd.Timestamp("2024-01-01") + pd.Timedelta(weeks=week)).date(),
                    "engaged_people": people,
                    "engaged_functions": int(rng.integers(0, people + 1)),
                    "concurrent_people": int(rng.integers(0, people + 1)),
                    "deep_people": int(rng.integers(0, people + 1)),
                    "recent_people": int(rng.integers(0, people + 1)),
                    "momentum": float(rng.choice([np.nan, 0.0, 0.7, 1.0, 3.0])),
                    "active_weeks": int(rng.integers(0, 5)),
                    "role_coverage": float(rng.choice([0.0, 0.25, 1.0])),
                    "expected_team_size": expected,
                }
            )
    frame = frame_of(rows)
    shuffled = frame.sample(frac=1.0, random_state=3)
    together = score_emergence(shuffled, PARAMS)
    assert together.index.tolist() == shuffled.index.tolist()  # order kept
    for _, group in shuffled.groupby("account_key"):
        alone = score_emergence(group, PARAMS)
        pd.testing.assert_frame_equal(alone, together.loc[group.index])
    # Row by row as well: each row depends on itself only.
    for index in shuffled.index[:6]:
        pd.testing.assert_frame_equal(score_emergence(shuffled.loc[[index]], PARAMS), together.loc[[index]])


# --------------------------------------------------------------------------------------------
# Explanation
# --------------------------------------------------------------------------------------------
def test_explanation_names_the_right_numbers() -> None:
    row = one(
        {
            "engaged_people": 7,
            "engaged_functions": 3,
            "concurrent_people": 7,
            "momentum": 2.1,
            "active_weeks": 2,
            "role_coverage": 0.5,
            "expected_team_size": 16.0,
        },
        HAND,
    )
    # Points: diversity 0.20 * 0.625 = 12.5, breadth 0.30 * 7/23 = 9.1, concurrency
    # 0.25 * 7/23 = 7.6, momentum 0.10 * 0.75 = 7.5, persistence 0.15 * 0.5 = 7.5.
    assert row["explanation"] == (
        "3 functions and 50% of buying roles covered; "
        "7 people engaged, 44% of the expected team of 16; "
        "7 people active together in the last 14 days"
    )
    depth_and_recency = one(
        {
            "engaged_people": 9,
            "concurrent_people": 8,
            "deep_people": 4,
            "recent_people": 6,
            "expected_team_size": 8.0,
        },
        default_test_params(weight_depth=1.0, weight_recency=2.0),
    )
    assert depth_and_recency["explanation"].startswith(
        "6 people engaged in the last 7 days; 4 people deeply engaged"
    )
    held = one(
        {
            "engaged_people": 2,
            "engaged_functions": 1,
            "concurrent_people": 1,
            "momentum": 0.4,
            "expected_team_size": 1.0,
        },
        default_test_params(
            **{**{k: 0.0 for k in HAND_WEIGHTS}, "weight_breadth": 1.0, "weight_momentum": 0.1}
        ),
    )
    # raw 100 * (2/3 + 0.1 * 0.2) / 1.1 = 62.5 is held under the ceiling of 57.5 for two people
    assert held["emergence_score"] == 57.5
    assert held["explanation"] == (
        "2 people engaged, 200% of the expected team of 1; "
        "engagement falling to 0.4x; "
        "score held down: only 2 people engaged (full score needs 3)"
    )
    rising = one(
        {"engaged_people": 3, "engaged_functions": 1, "concurrent_people": 3, "momentum": 2.1},
        default_test_params(weight_momentum=5.0),
    )
    assert rising["explanation"].startswith("engagement rising 2.1x; ")
    assert one({"engaged_people": 0})["explanation"] == "no engaged people in the window"


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("engaged_people", -1),
        ("engaged_people", 2.5),
        ("engaged_people", np.nan),
        ("concurrent_people", 5),  # more than engaged
        ("engaged_functions", 5),  # more than engaged
        ("deep_people", 5),  # more than engaged
        ("recent_people", 5),  # more than engaged
        ("momentum", -0.5),
        ("role_coverage", 1.5),
        ("expected_team_size", -3.0),
        ("expected_team_size", np.inf),
    ],
)
def test_bad_input_is_refused(column: str, value: float) -> None:
    row = {"engaged_people": 3, "engaged_functions": 2, "concurrent_people": 2, column: value}
    with pytest.raises(ValueError):
        score_emergence(frame_of([row]), PARAMS)


def test_missing_column_is_refused() -> None:
    with pytest.raises(ValueError, match="missing input columns"):
        score_emergence(frame_of([{}]).drop(columns=["momentum"]), PARAMS)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("default_team_size", 0.0),
        ("full_diversity_functions", 0),
        ("diversity_role_weight", 1.5),
        ("momentum_slope", 0.0),
        ("persistence_weeks", 2.5),
        ("weight_breadth", -0.1),
        ("min_people_for_full_score", 1),
        ("molecule_max_score", 101.0),
        ("stream_share", 0.0),
        ("river_share", 1.5),
        ("recent_window_days", 0),
        ("river_min_score", math.nan),
        ("weight_momentum", True),
    ],
)
def test_bad_parameters_are_refused(name: str, value: float) -> None:
    with pytest.raises(ValueError):
        default_test_params(**{name: value})


def test_all_zero_weights_are_refused() -> None:
    zeros = {f"weight_{name}": 0.0 for name in WEIGHT_NAMES}
    with pytest.raises(ValueError, match="at least one weight"):
        default_test_params(**zeros)


def test_params_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        PARAMS.weight_breadth = 1.0  # type: ignore[misc]
