"""Unit and property tests of the buying-team size kernel (``emergence.scoring.team_size``).

Fast and pure: small hand-made frames, no dbt and no DuckDB. ``hypothesis`` is not installed in
the project venv, so the properties are checked on exhaustive grids instead.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest

from emergence.scoring import chao2_interval, chao2_unseen, estimate_team_size
from emergence.scoring.team_size import INPUT_COLUMNS, OUTPUT_COLUMNS

Z90 = 1.6448536269514715  # two-sided 90 %: the standard normal's 0.95 quantile


def frame_of(rows: list[dict]) -> pd.DataFrame:
    """An input frame; unspecified columns get harmless defaults."""
    defaults = {
        "account_key": "acc",
        "week_start": pd.Timestamp("2024-01-01").date(),
        "known_seen": 0,
        "anonymous_seen": 0,
        "q1": 0,
        "q2": 0,
        "expected_team_size": np.nan,
    }
    return pd.DataFrame([{**defaults, **row} for row in rows], columns=list(INPUT_COLUMNS))


def one(row: dict, **params) -> pd.Series:
    """Estimate a single row and return it."""
    settings = {"occasions": 5, "prior_strength": 5.0, "min_known_people": 2, **params}
    return estimate_team_size(frame_of([row]), **settings).iloc[0]


# --------------------------------------------------------------------------------------------
# Chao2 textbook cases
# --------------------------------------------------------------------------------------------
def test_chao2_classic_form_by_hand() -> None:
    """Q1=4, Q2=2, m=5: f0 = (4/5) * 16 / 4 = 3.2.

    Variance (Chao 1987; EstimateS eq. 10) with A = 0.8 and r = Q1/Q2 = 2:
    2 * (0.4*4 + 0.64*8 + 0.16*16) = 2 * 9.28 = 18.56.
    """
    f0, variance = chao2_unseen(4, 2, 10, 5)
    assert float(f0) == pytest.approx(3.2)
    assert float(variance) == pytest.approx(18.56)


def test_chao2_bias_corrected_form_by_hand() -> None:
    """Q1=3, Q2=0, m=4: f0 = (3/4) * 3 * 2 / 2 = 2.25.

    Variance (EstimateS eq. 11) with A = 0.75, S_obs = 5, S = 5 + 2.25 = 7.25:
    0.75*3 + 0.5625*3*25/4 - 0.5625*81/(4*7.25) = 2.25 + 10.546875 - 1.5711207 = 11.2257543.
    """
    f0, variance = chao2_unseen(3, 0, 5, 4)
    assert float(f0) == pytest.approx(2.25)
    assert float(variance) == pytest.approx(2.25 + 10.546875 - 0.5625 * 81 / 29.0)


@pytest.mark.parametrize(("q1", "q2"), [(0, 0), (0, 3), (1, 0)])
def test_chao2_nothing_unseen(q1: int, q2: int) -> None:
    """Q1=0 gives f0 = 0 (either form); Q1=1, Q2=0 gives (m-1)/m * 1 * 0 / 2 = 0."""
    f0, variance = chao2_unseen(q1, q2, 7, 4)
    assert float(f0) == 0.0
    assert float(variance) == 0.0
    low, high = chao2_interval(7, f0, variance)
    assert (float(low), float(high)) == (7.0, 7.0)


def test_chao2_matches_published_worked_example() -> None:
    """Q1=6, Q2=0, m=11 sampling units, S_obs=26, 95 % interval.

    Expected values from the Biodiverse test suite (github.com/shawnlaffan/biodiverse,
    richness-estimator tests, ``test_chao2_Q1_no_Q2``), whose expected figures come from
    external software (EstimateS), given to 6 decimals: Chao2 = 39.636364,
    undetected = 13.636364, variance = 156.880734, interval 28.943958 to 89.163404.
    """
    f0, variance = chao2_unseen(6, 0, 26, 11)
    assert float(f0) == pytest.approx(13.636364, abs=1e-6)
    assert float(variance) == pytest.approx(156.880734, abs=1e-6)
    low, high = chao2_interval(26, f0, variance, confidence=0.95)
    assert float(low) == pytest.approx(28.943958, abs=1e-6)
    assert float(high) == pytest.approx(89.163404, abs=1e-6)


def test_chao2_interval_by_hand() -> None:
    """Q1=4, Q2=2, m=5, S_obs=10 at 90 %: f0 = 3.2, var = 18.56.

    log(1 + 18.56 / 3.2**2) = log(2.8125) = 1.0340738; sqrt = 1.0168942;
    C = exp(1.6448536 * 1.0168942) = exp(1.6726422) = 5.3262215;
    low = 10 + 3.2 / C = 10.6008011, high = 10 + 3.2 * C = 27.0439088.
    """
    low, high = chao2_interval(10, 3.2, 18.56, confidence=0.90)
    c = math.exp(Z90 * math.sqrt(math.log(2.8125)))
    assert c == pytest.approx(5.3262215, abs=1e-6)
    assert float(low) == pytest.approx(10.6008011, abs=1e-6)
    assert float(high) == pytest.approx(27.0439088, abs=1e-6)


def test_chao2_is_vectorised() -> None:
    f0, variance = chao2_unseen(np.array([4, 3, 0]), np.array([2, 0, 1]), np.array([10, 5, 4]), 5)
    assert f0.shape == (3,)
    np.testing.assert_allclose(f0, [3.2, 0.8 * 3, 0.0])
    low, high = chao2_interval(np.array([10, 5, 4]), f0, variance)
    assert np.all(low <= np.array([10, 5, 4]) + f0) and np.all(high >= np.array([10, 5, 4]) + f0)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((-1, 0, 3, 4), "q1"),
        ((1.5, 0, 3, 4), "q1"),
        ((2, 2, 3, 4), "observed"),
        ((2, 1, 5, 1), "occasions"),
    ],
)
def test_chao2_rejects_bad_input(args: tuple, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        chao2_unseen(*args)


def test_interval_contains_estimate_and_widens_with_confidence() -> None:
    observed = np.array([10, 8, 30, 5])
    f0, variance = chao2_unseen(np.array([4, 3, 12, 2]), np.array([2, 0, 5, 1]), observed, 5)
    previous_low, previous_high = observed + f0, observed + f0
    for confidence in (0.5, 0.8, 0.9, 0.95, 0.99):
        low, high = chao2_interval(observed, f0, variance, confidence)
        assert np.all(low <= observed + f0) and np.all(observed + f0 <= high)
        assert np.all(low >= observed)
        assert np.all(low < previous_low) and np.all(high > previous_high)
        previous_low, previous_high = low, high


@pytest.mark.parametrize("confidence", [0.0, 1.0, 1.5, -0.1])
def test_interval_rejects_bad_confidence(confidence: float) -> None:
    with pytest.raises(ValueError, match="confidence"):
        chao2_interval(10, 3.2, 18.56, confidence)


# --------------------------------------------------------------------------------------------
# estimate_team_size: rules
# --------------------------------------------------------------------------------------------
def test_output_columns_and_types() -> None:
    row = one({"known_seen": 6, "anonymous_seen": 1, "q1": 4, "q2": 2, "expected_team_size": 8.0})
    for column in OUTPUT_COLUMNS[:-1]:
        assert isinstance(row[column], float), column
    assert row["estimate_method"] == "chao2"
    out = estimate_team_size(
        frame_of([{"known_seen": 3, "q1": 3}]), occasions=4, prior_strength=2.0, min_known_people=1
    )
    assert list(out.columns) == [*INPUT_COLUMNS, *OUTPUT_COLUMNS]
    assert out["estimate_method"].iat[0] == "chao2_bias_corrected"


def test_chao2_without_prior_is_seen_plus_unseen() -> None:
    """No prior: the estimate is the Chao2 total on known people plus the anonymous count."""
    row = one({"known_seen": 10, "q1": 4, "q2": 2})
    assert row["seen"] == 10.0
    assert row["unseen"] == pytest.approx(3.2)
    assert row["estimated_team_size"] == pytest.approx(13.2)
    assert row["estimated_low"] == pytest.approx(10.6008011, abs=1e-6)
    assert row["estimated_high"] == pytest.approx(27.0439088, abs=1e-6)
    assert row["unseen_low"] == pytest.approx(0.6008011, abs=1e-6)
    assert row["unseen_high"] == pytest.approx(17.0439088, abs=1e-6)


def test_anonymous_visitors_are_not_in_the_capture_recapture() -> None:
    """Anonymous visitors are seen (rule 1) but do not change f0 (rule 2)."""
    base = one({"known_seen": 10, "q1": 4, "q2": 2})
    with_anonymous = one({"known_seen": 10, "anonymous_seen": 1, "q1": 4, "q2": 2})
    assert with_anonymous["seen"] == 11.0
    assert with_anonymous["unseen"] == pytest.approx(base["unseen"] - 1)


def test_anonymous_visitors_fill_the_unseen_first() -> None:
    """Unseen drops by one per anonymous visitor; the total stays until the unseen is used up."""
    known = {"known_seen": 20, "q1": 12, "q2": 3}  # m=5: f0 = 0.8 * 144 / 6 = 19.2
    totals, unseens = [], []
    for anonymous in range(0, 30):
        row = one({**known, "anonymous_seen": anonymous})
        totals.append(row["estimated_team_size"])
        unseens.append(row["unseen"])
        assert row["unseen"] == pytest.approx(max(0.0, 19.2 - anonymous))
        assert row["seen"] + row["unseen"] == pytest.approx(row["estimated_team_size"])
    assert totals[:20] == pytest.approx([39.2] * 20)  # 20 + 19.2 until 19.2 visitors are counted
    assert totals[20:] == pytest.approx([20.0 + a for a in range(20, 30)])  # then each one adds
    assert unseens[20:] == [0.0] * 10
    # the bounds are filled the same way
    row = one({**known, "anonymous_seen": 5})
    alone = one(known)
    assert row["unseen_high"] == pytest.approx(alone["unseen_high"] - 5)
    assert row["unseen_low"] == pytest.approx(max(0.0, alone["unseen_low"] - 5))


@pytest.mark.parametrize(
    "row",
    [
        {"known_seen": 1, "anonymous_seen": 2, "q1": 1, "q2": 0},  # below min_known_people = 2
        {"known_seen": 5, "anonymous_seen": 0, "q1": 0, "q2": 0},  # q1 + q2 == 0
    ],
)
def test_prior_only_fallback(row: dict) -> None:
    seen = row["known_seen"] + row["anonymous_seen"]
    result = one({**row, "expected_team_size": 8.0})
    assert result["estimate_method"] == "prior_only"
    assert np.isnan(result["unseen"]) and np.isnan(result["unseen_low"])
    assert np.isnan(result["unseen_high"])
    assert result["estimated_team_size"] == pytest.approx(max(seen, 8.0))
    assert result["estimated_low"] == seen
    assert result["estimated_high"] == pytest.approx(max(seen, 8.0))
    no_prior = one(row)
    assert no_prior["estimated_team_size"] == no_prior["estimated_low"] == no_prior["estimated_high"]
    assert no_prior["estimated_team_size"] == seen


def test_prior_only_above_prior_is_seen() -> None:
    result = one({"known_seen": 1, "anonymous_seen": 11, "q1": 1, "expected_team_size": 8.0})
    assert result["estimate_method"] == "prior_only"
    assert result["estimated_team_size"] == result["estimated_high"] == result["estimated_low"] == 12.0


def test_shrinks_toward_prior_when_little_is_seen_and_toward_data_when_much_is() -> None:
    """With evidence above the prior: estimate = (w*T + k*E)/(w + k), w = seen."""
    k, prior = 10.0, 5.0
    small = one({"known_seen": 6, "q1": 4, "q2": 2, "expected_team_size": prior}, prior_strength=k)
    large = one({"known_seen": 40, "q1": 30, "q2": 5, "expected_team_size": prior}, prior_strength=k)
    t_small, t_large = 6 + 3.2, 40 + 0.8 * 900 / 10  # 9.2 and 112
    assert small["estimated_team_size"] == pytest.approx((6 * t_small + k * prior) / (6 + k))
    assert large["estimated_team_size"] == pytest.approx((40 * t_large + k * prior) / (40 + k))
    # share of the way from the prior to the data: 6/16 with little seen, 40/50 with much seen
    share_small = (small["estimated_team_size"] - prior) / (t_small - prior)
    share_large = (large["estimated_team_size"] - prior) / (t_large - prior)
    assert share_small == pytest.approx(6 / 16) and share_large == pytest.approx(40 / 50)
    assert share_small < 0.5 < share_large


def test_prior_is_a_floor_for_the_point_but_not_the_low_end() -> None:
    """Evidence below the prior leaves the estimate at the prior; the low end may go under it."""
    row = one({"known_seen": 6, "q1": 4, "q2": 2, "expected_team_size": 15.0}, prior_strength=4.0)
    assert row["estimated_team_size"] == pytest.approx(15.0)  # T = 9.2 < 15
    t_low = 6 + row["unseen_low"]
    assert row["estimated_low"] == pytest.approx((6 * t_low + 4 * 15.0) / 10)
    assert row["estimated_low"] < 15.0 < row["estimated_high"]


def test_never_below_seen() -> None:
    """A small prior with much seen and little unseen: the weighted mean would fall below seen."""
    row = one({"known_seen": 30, "anonymous_seen": 5, "q1": 1, "q2": 10, "expected_team_size": 2.0})
    assert (30 * 35.0 + 5 * 2.0) / 35 < 35  # what the clip prevents
    assert row["estimated_team_size"] == 35.0
    assert row["estimated_low"] == 35.0


def test_interval_brackets_the_estimate_and_widens_with_confidence() -> None:
    rows = [
        {"known_seen": k, "anonymous_seen": a, "q1": q1, "q2": q2, "expected_team_size": e}
        for k, a, q1, q2, e in itertools.product([2, 5, 12], [0, 3], [1, 2, 4], [0, 1, 2], [np.nan, 6.0])
        if q1 + q2 <= k
    ]
    frame = frame_of(rows)
    previous = None
    for confidence in (0.5, 0.8, 0.9, 0.99):
        out = estimate_team_size(
            frame, occasions=4, prior_strength=3.0, min_known_people=2, confidence=confidence
        )
        assert (out["seen"] <= out["estimated_low"]).all()
        assert (out["estimated_low"] <= out["estimated_team_size"] + 1e-9).all()
        assert (out["estimated_team_size"] <= out["estimated_high"] + 1e-9).all()
        if previous is not None:
            assert (out["estimated_low"] <= previous["estimated_low"] + 1e-9).all()
            assert (out["estimated_high"] >= previous["estimated_high"] - 1e-9).all()
            assert (out["estimated_team_size"] == previous["estimated_team_size"]).all()
        previous = out
    widened = previous["estimated_high"] - previous["estimated_low"]
    assert (widened > 0).any()


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------
GRID = {
    "known_seen": range(0, 16),
    "anonymous_seen": range(0, 8),
    "q1": range(0, 6),
    "q2": range(0, 4),
    "expected_team_size": [np.nan, 0.0, 3.0, 9.0, 25.0],
}
PARAMS = [
    {"occasions": m, "prior_strength": k, "min_known_people": mk}
    for m, k, mk in itertools.product([2, 4, 6], [0.0, 1.0, 5.0, 30.0], [0, 2, 5])
]


def grid_frame() -> pd.DataFrame:
    rows = [
        dict(zip(GRID, values, strict=True))
        for values in itertools.product(*GRID.values())
        if values[2] + values[3] <= values[0]
    ]
    return frame_of(rows)


@pytest.mark.parametrize("params", PARAMS, ids=lambda p: "-".join(f"{v}" for v in p.values()))
def test_monotone_in_known_and_anonymous_people(params: dict) -> None:
    """One more known person (q1, q2, anonymous, prior fixed) or one more anonymous visitor
    (everything else fixed) never lowers estimated_team_size."""
    base = grid_frame()
    estimate = estimate_team_size(base, **params)["estimated_team_size"].to_numpy()
    for column in ("known_seen", "anonymous_seen"):
        bumped = base.copy()
        bumped[column] += 1
        after = estimate_team_size(bumped, **params)["estimated_team_size"].to_numpy()
        worse = after < estimate - 1e-9
        assert not worse.any(), base[worse].head().to_dict("records")


def test_plain_weighted_mean_would_not_be_monotone() -> None:
    """Why the prior is a floor: (w*T + k*E)/(w + k) with w = seen drops when a person is added.

    prior_only, k = 10, E = 20: seen 1 -> (1 + 200)/11 = 18.27; seen 2 -> (4 + 200)/12 = 17.
    The kernel gives max(seen, E) = 20 for both.
    """

    def plain(seen: float) -> float:
        return (seen * seen + 10 * 20.0) / (seen + 10)

    assert plain(2) < plain(1)
    rows = [{"known_seen": s, "expected_team_size": 20.0} for s in (1, 2)]
    out = estimate_team_size(frame_of(rows), occasions=4, prior_strength=10.0, min_known_people=3)
    assert out["estimated_team_size"].tolist() == [20.0, 20.0]


def test_group_safe() -> None:
    """Several accounts and weeks in one frame give the same rows as each account alone."""
    rows = []
    for account, (known, anonymous, q1, q2, prior) in enumerate(
        [(6, 1, 4, 2, 8.0), (1, 3, 1, 0, 5.0), (12, 0, 5, 0, np.nan), (9, 4, 0, 0, 4.0), (20, 2, 9, 3, 12.0)]
    ):
        for week in range(3):
            rows.append(
                {
                    "account_key": f"acc_{account}",
                    "week_start": (pd.Timestamp("2024-01-01") + pd.Timedelta(weeks=week)).date(),
                    "known_seen": known + week,
                    "anonymous_seen": anonymous,
                    "q1": q1,
                    "q2": q2,
                    "expected_team_size": prior,
                }
            )
    frame = frame_of(rows).sample(frac=1.0, random_state=7)  # shuffled, index kept
    params = {"occasions": 4, "prior_strength": 5.0, "min_known_people": 2}
    whole = estimate_team_size(frame, **params)
    assert whole.index.equals(frame.index)
    pieces = pd.concat(
        [estimate_team_size(group, **params) for _, group in frame.groupby("account_key", sort=False)]
    )
    pd.testing.assert_frame_equal(whole, pieces.loc[whole.index])
    assert estimate_team_size(frame.iloc[:0], **params).empty


# --------------------------------------------------------------------------------------------
# Input checks
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("row", "params", "message"),
    [
        ({"known_seen": 2, "q1": 2, "q2": 1}, {}, "q1 \\+ q2"),
        ({"known_seen": 2, "q1": 1, "expected_team_size": -1.0}, {}, "expected_team_size"),
        ({"known_seen": 2, "q1": 1}, {"occasions": 1}, "occasions"),
        ({"known_seen": 2, "q1": 1}, {"prior_strength": -1.0}, "prior_strength"),
        ({"known_seen": 2, "q1": 1}, {"min_known_people": -1}, "min_known_people"),
        ({"known_seen": 2, "q1": 1}, {"confidence": 1.0}, "confidence"),
    ],
)
def test_rejects_bad_input(row: dict, params: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        one(row, **params)


def test_rejects_missing_columns_and_counts() -> None:
    params = {"occasions": 4, "prior_strength": 5.0, "min_known_people": 2}
    with pytest.raises(ValueError, match="missing input columns"):
        estimate_team_size(frame_of([{}]).drop(columns="q2"), **params)
    frame = frame_of([{"known_seen": 2}])
    frame["q1"] = pd.array([pd.NA], dtype="Int64")
    with pytest.raises(ValueError, match="q1 has missing values"):
        estimate_team_size(frame, **params)


def test_parameters_have_no_defaults() -> None:
    with pytest.raises(TypeError):
        estimate_team_size(frame_of([{}]))  # type: ignore[call-arg]
