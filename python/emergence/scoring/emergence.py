"""Emergence score per account and week: has a buying team formed, and how far along is it?

A pure kernel: pandas and numpy in, pandas out; no dbt, no DuckDB, no I/O. A dbt Python model
builds the input frame in SQL and passes every parameter from dbt vars (the kernel has no
defaults). Every output row depends on its own input row only, so the kernel can also run per
account group (for example in a grouped pandas UDF on Spark or Snowpark). The rules are written
out in plain words in ``docs/emergence_score.md``; the tiers are those of
``docs/domain.md#tiers``.

Method
------
Seven factors, each in ``[0, 1]``, describe what is seen at the account. Head counts are set
against ``E``, the *expected* team size for the account's size and industry (never an estimate
that grows with what is seen, which would make them chase their own tail), as ``n / (n + E)``:
half at a full team, and still rising past it, so that a large account's background traffic
does not look like a full team (``saturation``):

- ``breadth = saturation(engaged_people)``, anonymous people counting fully;
- ``diversity = (1 - r) * min(1, engaged_functions / F) + r * role_coverage``: functions and
  roles add only when known;
- ``concurrency = saturation(concurrent_people)``;
- ``momentum_factor = 1 / (1 + exp(-s * ln(momentum)))``: 0.5 when flat or unknown;
- ``persistence = min(1, active_weeks / W)``;
- ``depth = saturation(deep_people)``: people engaged far above the threshold;
- ``recency = saturation(recent_people)``: people engaged within the short window.

The score is ``100 * (weighted mean of the factors)``, held under a ceiling ``100 * g``: the
breadth gate ``g`` rises linearly with the head count from ``molecule_max_score / 100`` at one
engaged person to 1 at ``min_people_for_full_score`` people (0 with nobody engaged), so one
person can never score above ``molecule_max_score``, however active.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, fields

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = [
    "FACTOR_COLUMNS",
    "INPUT_COLUMNS",
    "OUTPUT_COLUMNS",
    "OUTPUT_DTYPES",
    "TIER_DROP",
    "TIER_MOLECULE",
    "TIER_RIVER",
    "TIER_STREAM",
    "TIERS",
    "EmergenceParams",
    "breadth_gate",
    "momentum_transform",
    "saturation",
    "score_emergence",
]

FloatArray = npt.NDArray[np.float64]

TIER_MOLECULE = "molecule"
TIER_DROP = "drop"
TIER_STREAM = "stream"
TIER_RIVER = "river"
TIERS: tuple[str, ...] = (TIER_MOLECULE, TIER_DROP, TIER_STREAM, TIER_RIVER)

INPUT_COLUMNS: tuple[str, ...] = (
    "account_key",
    "week_start",
    "engaged_people",
    "engaged_functions",
    "concurrent_people",
    "momentum",
    "active_weeks",
    "role_coverage",
    "expected_team_size",
    "deep_people",
    "recent_people",
)
FACTOR_COLUMNS: tuple[str, ...] = (
    "breadth",
    "diversity",
    "concurrency",
    "momentum_factor",
    "persistence",
    "depth",
    "recency",
)
OUTPUT_COLUMNS: tuple[str, ...] = (*FACTOR_COLUMNS, "emergence_score", "tier", "explanation")
# Declared so that an empty result keeps its types in the warehouse (scoring/frames.py).
OUTPUT_DTYPES: dict[str, str] = {
    **dict.fromkeys(FACTOR_COLUMNS, "float64"),
    "emergence_score": "float64",
    "tier": "string",
    "explanation": "string",
}

# A stream needs people from more than one function (docs/domain.md#tiers).
STREAM_MIN_FUNCTIONS = 2
# How many factors the explanation names at most.
_EXPLAINED_FACTORS = 3
# The weight parameter of each factor is weight_<name>, in the order of FACTOR_COLUMNS.
WEIGHT_NAMES: tuple[str, ...] = (
    "breadth",
    "diversity",
    "concurrency",
    "momentum",
    "persistence",
    "depth",
    "recency",
)
_COUNT_COLUMNS = (
    "engaged_people",
    "engaged_functions",
    "concurrent_people",
    "active_weeks",
    "deep_people",
    "recent_people",
)
# Counts that are subsets of the engaged people.
_SUBSET_COLUMNS = ("engaged_functions", "concurrent_people", "deep_people", "recent_people")


@dataclass(frozen=True)
class EmergenceParams:
    """Every setting of the emergence score; the dbt model fills each one from a dbt var.

    There are deliberately no defaults: the suggested values live in ``docs/emergence_score.md``
    (and in ``dbt_project.yml``), not in code.

    Attributes:
        default_team_size: expected team size used when a row's ``expected_team_size`` is null
            (positive).
        full_diversity_functions: number of distinct functions that counts as full functional
            diversity (``F``, at least 1).
        diversity_role_weight: share of role coverage in the diversity blend (``r``, in
            ``[0, 1]``); the rest is the function share.
        momentum_slope: steepness ``s`` of the momentum transform (positive).
        persistence_weeks: weeks looked back for persistence (``W``, at least 1); the same
            number the input's ``active_weeks`` was counted over.
        concurrency_window_days: the concurrency window in days, only used to word the
            explanation (at least 1).
        recent_window_days: the short window of ``recent_people`` in days, only used to word
            the explanation (at least 1).
        weight_breadth: weight of breadth in the weighted mean (non-negative).
        weight_diversity: weight of diversity (non-negative).
        weight_concurrency: weight of concurrency (non-negative).
        weight_momentum: weight of the momentum factor (non-negative).
        weight_persistence: weight of persistence (non-negative).
        weight_depth: weight of depth (non-negative).
        weight_recency: weight of recency (non-negative). The seven weights must not all be 0;
            they need not add up to 1.
        min_people_for_full_score: engaged people at which the breadth gate reaches 1 (at least
            2, so that one person stays gated).
        molecule_max_score: the highest score one engaged person can reach (in ``[0, 100]``).
        stream_share: a stream needs ``engaged_people >= stream_share * E`` (in ``(0, 1]``).
        river_share: a river needs ``concurrent_people >= river_share * E`` (in ``(0, 1]``).
        river_min_score: a river needs at least this score (in ``[0, 100]``).
    """

    default_team_size: float
    full_diversity_functions: int
    diversity_role_weight: float
    momentum_slope: float
    persistence_weeks: int
    concurrency_window_days: int
    recent_window_days: int
    weight_breadth: float
    weight_diversity: float
    weight_concurrency: float
    weight_momentum: float
    weight_persistence: float
    weight_depth: float
    weight_recency: float
    min_people_for_full_score: int
    molecule_max_score: float
    stream_share: float
    river_share: float
    river_min_score: float

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
                raise ValueError(f"EmergenceParams.{item.name} must be a finite number, got {value!r}")
        _require(self.default_team_size > 0, "default_team_size must be positive")
        for name in (
            "full_diversity_functions",
            "persistence_weeks",
            "concurrency_window_days",
            "recent_window_days",
        ):
            _require_whole(self, name, minimum=1)
        _require_whole(self, "min_people_for_full_score", minimum=2)
        _require(0.0 <= self.diversity_role_weight <= 1.0, "diversity_role_weight must be in [0, 1]")
        _require(self.momentum_slope > 0, "momentum_slope must be positive")
        weights = self.weights
        _require(all(w >= 0 for w in weights), "the weights must be non-negative")
        _require(sum(weights) > 0, "at least one weight must be positive")
        _require(0.0 <= self.molecule_max_score <= 100.0, "molecule_max_score must be in [0, 100]")
        _require(0.0 <= self.river_min_score <= 100.0, "river_min_score must be in [0, 100]")
        _require(0.0 < self.stream_share <= 1.0, "stream_share must be in (0, 1]")
        _require(0.0 < self.river_share <= 1.0, "river_share must be in (0, 1]")

    @property
    def weights(self) -> tuple[float, ...]:
        """The factor weights, in the order of :data:`FACTOR_COLUMNS`."""
        return tuple(float(getattr(self, f"weight_{name}")) for name in WEIGHT_NAMES)


# --------------------------------------------------------------------------------------------
# Building blocks
# --------------------------------------------------------------------------------------------
def momentum_transform(momentum: npt.ArrayLike, slope: float) -> FloatArray:
    """Map momentum (a ratio, 1 = flat) onto ``[0, 1]``: ``1 / (1 + exp(-slope * ln(momentum)))``.

    Equivalently ``m**s / (1 + m**s)``. Monotone non-decreasing; 0.5 when flat (``m = 1``) or
    unknown (NaN, no prior weeks to compare with); ``m = 2`` gives ``2**s / (1 + 2**s)`` and
    ``m = 1/2`` its mirror image ``1 - that``; 0 when engagement collapsed to nothing (``m = 0``)
    and 1 in the limit ``m -> inf``.

    Args:
        momentum: non-negative ratios, NaN allowed, ``+inf`` allowed.
        slope: ``s``, positive.

    Returns:
        Float array in ``[0, 1]``.

    Raises:
        ValueError: on negative momentum or a non-positive slope.
    """
    _require(math.isfinite(slope) and slope > 0, "slope must be positive")
    m = np.asarray(momentum, dtype=np.float64)
    if np.any(m < 0):
        raise ValueError("momentum must be non-negative (or NaN)")
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        logistic = 1.0 / (1.0 + np.exp(-slope * np.log(m)))
    return np.where(np.isnan(m), 0.5, logistic).astype(np.float64)


def breadth_gate(
    engaged_people: npt.ArrayLike, min_people_for_full_score: int, molecule_max_score: float
) -> FloatArray:
    """The breadth gate ``g``: how much of the weighted mean a head count lets through.

    ``g = 0`` with nobody engaged; ``g = c = molecule_max_score / 100`` with one person; then
    linear, ``g = c + (1 - c) * (p - 1) / (n - 1)``, up to ``g = 1`` at
    ``p >= n = min_people_for_full_score``. Monotone non-decreasing in ``p``.

    Args:
        engaged_people: head counts ``p`` (non-negative whole numbers).
        min_people_for_full_score: ``n``, at least 2.
        molecule_max_score: the cap for one person, in ``[0, 100]``.

    Returns:
        Float array in ``[0, 1]``.
    """
    _require(min_people_for_full_score >= 2, "min_people_for_full_score must be at least 2")
    _require(0.0 <= molecule_max_score <= 100.0, "molecule_max_score must be in [0, 100]")
    people = np.asarray(engaged_people, dtype=np.float64)
    cap = molecule_max_score / 100.0
    ramp = cap + (1.0 - cap) * (people - 1.0) / (min_people_for_full_score - 1.0)
    gate = np.where(people < 1, 0.0, np.minimum(1.0, ramp))
    return gate.astype(np.float64)


# --------------------------------------------------------------------------------------------
# The score
# --------------------------------------------------------------------------------------------
def saturation(count: npt.ArrayLike, expected: npt.ArrayLike) -> FloatArray:
    """A head count against the expected team size: ``n / (n + E)``.

    0 with nobody, one half at a full team (``n = E``), two thirds at twice the team; it keeps
    rising past a full team, so a large account's background traffic never looks like a full
    team, and it never reaches 1. Non-decreasing in ``n``.
    """
    n = np.asarray(count, dtype=np.float64)
    e = np.asarray(expected, dtype=np.float64)
    return (n / (n + e)).astype(np.float64)


def score_emergence(frame: pd.DataFrame, params: EmergenceParams) -> pd.DataFrame:
    """Score each account-week for an emerging buying team, tier it and explain the score.

    Input columns (one row per account and week): ``account_key``, ``week_start``,
    ``engaged_people`` (distinct engaged people in the recent window, known and anonymous),
    ``engaged_functions`` (distinct functions among them), ``concurrent_people`` (those of them
    engaged within the concurrency window), ``momentum`` (this week's weighted engagement over
    the mean of the prior weeks; NaN without a prior), ``active_weeks`` (weeks with engagement
    among the last ``persistence_weeks``), ``role_coverage`` (share of the buying roles seen,
    0..1; NaN is read as 0), ``expected_team_size`` (the prior for the account's size and
    industry; NaN falls back to ``params.default_team_size``; values below 1 count as 1),
    ``deep_people`` (those of the engaged people engaged far above the threshold) and
    ``recent_people`` (those engaged within the short window). Other columns are carried
    through untouched; the index and row order are kept.

    Output: the input plus the factors of :data:`FACTOR_COLUMNS` (floats in ``[0, 1]``),
    ``emergence_score`` (float in ``[0, 100]``, rounded to one decimal), ``tier``
    (one of :data:`TIERS`) and ``explanation``, typed as :data:`OUTPUT_DTYPES` even when the
    frame has no rows.

    Rules, with ``E`` the expected team size:

    1. Factors as in the module docstring.
    2. ``emergence_score = round(min(100 * sum(w_i * f_i) / sum(w_i), 100 * g), 1)`` with ``g``
       from :func:`breadth_gate`: the gate is a ceiling.
    3. Tier, first match wins: ``molecule`` when ``engaged_people <= 1``; ``river`` when
       ``concurrent_people >= river_share * E`` and ``emergence_score >= river_min_score``;
       ``stream`` when ``engaged_people >= stream_share * E``; ``drop`` otherwise. No tier asks
       for functions, which anonymous people never have.
    4. Explanation: the (up to) three factors that added the most points, largest first, each
       in words; when the gate holds the score down, two factors and a note on the head count.

    One more engaged person never lowers the score: every factor and the ceiling are
    non-decreasing in the counts.

    Raises:
        ValueError: on missing columns, missing, negative or fractional counts, a subset count
            above ``engaged_people``, negative momentum, role coverage outside ``[0, 1]`` or a
            negative or infinite expected team size.
    """
    if not isinstance(params, EmergenceParams):
        raise TypeError("params must be an EmergenceParams")
    data = _read_inputs(frame, params)
    factors = np.column_stack(_factors(data, params))
    weights = np.asarray(params.weights, dtype=np.float64) / sum(params.weights)
    points = 100.0 * factors * weights  # points each factor adds under the ceiling
    gate = breadth_gate(
        data["engaged_people"], int(params.min_people_for_full_score), float(params.molecule_max_score)
    )
    raw = points.sum(axis=1)
    score = np.clip(np.round(np.minimum(raw, 100.0 * gate), 1), 0.0, 100.0)
    tier = _tiers(data, score, params)

    # Largest contribution first; ties keep the fixed factor order (stable sort).
    ranks = np.argsort(-points, axis=1, kind="stable")
    explanations = [
        _explain(
            points[i], ranks[i], bool(raw[i] > 100.0 * gate[i]), {k: v[i] for k, v in data.items()}, params
        )
        for i in range(len(frame))
    ]
    out = frame.copy()
    for k, name in enumerate(FACTOR_COLUMNS):
        out[name] = factors[:, k]
    out["emergence_score"] = score
    out["tier"] = pd.Series(tier, index=frame.index, dtype=object)
    out["explanation"] = pd.Series(explanations, index=frame.index, dtype=object)
    return out.astype(OUTPUT_DTYPES)


def _read_inputs(frame: pd.DataFrame, params: EmergenceParams) -> dict[str, FloatArray]:
    """The input columns as validated float arrays; the expected team size resolved."""
    missing = [c for c in INPUT_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"score_emergence: missing input columns {missing}")
    data = {c: _count_column(frame, c) for c in _COUNT_COLUMNS}
    for column in _SUBSET_COLUMNS:
        if np.any(data[column] > data["engaged_people"]):
            raise ValueError(f"{column} must not exceed engaged_people (they are a subset)")
    momentum = _float_column(frame, "momentum")
    if np.any(momentum < 0):
        raise ValueError("momentum must be non-negative or NaN")
    roles = _float_column(frame, "role_coverage")
    if np.any(roles < 0) or np.any(roles > 1):
        raise ValueError("role_coverage must be in [0, 1] or NaN")
    expected_raw = _float_column(frame, "expected_team_size")
    if np.any(np.isinf(expected_raw)) or np.any(expected_raw < 0):
        raise ValueError("expected_team_size must be non-negative and finite, or NaN")
    defaulted = np.isnan(expected_raw)
    data["momentum"] = momentum
    data["role_coverage"] = np.nan_to_num(roles, nan=0.0)
    data["defaulted"] = defaulted.astype(np.float64)
    data["expected"] = np.maximum(1.0, np.where(defaulted, float(params.default_team_size), expected_raw))
    return data


def _factors(data: dict[str, FloatArray], params: EmergenceParams) -> list[FloatArray]:
    """The factors, in the order of :data:`FACTOR_COLUMNS`."""
    expected = data["expected"]
    function_share = np.minimum(1.0, data["engaged_functions"] / float(params.full_diversity_functions))
    role_weight = float(params.diversity_role_weight)
    return [
        saturation(data["engaged_people"], expected),
        np.clip((1.0 - role_weight) * function_share + role_weight * data["role_coverage"], 0.0, 1.0),
        saturation(data["concurrent_people"], expected),
        momentum_transform(data["momentum"], float(params.momentum_slope)),
        np.clip(data["active_weeks"] / float(params.persistence_weeks), 0.0, 1.0),
        saturation(data["deep_people"], expected),
        saturation(data["recent_people"], expected),
    ]


def _tiers(
    data: dict[str, FloatArray], score: FloatArray, params: EmergenceParams
) -> npt.NDArray[np.object_]:
    """molecule, river, stream or drop: the first rule that matches (docs/domain.md#tiers)."""
    people, expected = data["engaged_people"], data["expected"]
    river = (data["concurrent_people"] >= params.river_share * expected) & (score >= params.river_min_score)
    stream = people >= params.stream_share * expected
    return np.where(
        people <= 1,
        TIER_MOLECULE,
        np.where(river, TIER_RIVER, np.where(stream, TIER_STREAM, TIER_DROP)),
    ).astype(object)


# --------------------------------------------------------------------------------------------
# Explanation
# --------------------------------------------------------------------------------------------
def _explain(
    points: FloatArray,
    ranks: npt.NDArray[np.intp],
    gated: bool,
    row: dict[str, float],
    params: EmergenceParams,
) -> str:
    """The factors that added the most points, in words; deterministic for a given row."""
    people = int(row["engaged_people"])
    if people == 0:
        return "no engaged people in the window"
    expected = float(row["expected"])
    team = f"{expected:g}" + (" (default)" if row["defaulted"] else "")
    phrases = (
        f"{_people(people)} engaged, {_percent(people / expected)} of the expected team of {team}",
        f"{_people(int(row['engaged_functions']), 'function')} and {_percent(row['role_coverage'])} "
        "of buying roles covered",
        f"{_people(int(row['concurrent_people']))} active together in the last "
        f"{params.concurrency_window_days} days",
        _momentum_words(float(row["momentum"])),
        f"active in {int(row['active_weeks'])} of the last {params.persistence_weeks} weeks",
        f"{_people(int(row['deep_people']))} deeply engaged",
        f"{_people(int(row['recent_people']))} engaged in the last {params.recent_window_days} days",
    )
    limit = _EXPLAINED_FACTORS - 1 if gated else _EXPLAINED_FACTORS
    # The head count is always worth naming, even when no factor added points.
    chosen = [phrases[k] for k in ranks if points[k] > 0][:limit] or [phrases[0]]
    if gated:
        chosen.append(
            f"score held down: only {_people(people)} engaged "
            f"(full score needs {params.min_people_for_full_score})"
        )
    return "; ".join(chosen)


def _people(count: int, noun: str = "person") -> str:
    """``'1 person'``, ``'7 people'``, ``'3 functions'``."""
    if count == 1:
        return f"1 {noun}"
    return f"{count} people" if noun == "person" else f"{count} {noun}s"


def _percent(share: float) -> str:
    """A share as a whole percentage, e.g. ``'45%'``."""
    return f"{100.0 * share:.0f}%"


def _momentum_words(momentum: float) -> str:
    """Momentum in words: rising / flat / falling with the ratio, or no prior to compare."""
    if math.isnan(momentum):
        return "no earlier engagement to compare with"
    if math.isinf(momentum):
        return "engagement rising from nothing"
    ratio = f"{momentum:.1f}x"
    if ratio == "1.0x":
        return "engagement flat (1.0x)"
    if momentum > 1:
        return f"engagement rising {ratio}"
    return f"engagement falling to {ratio}"


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------
def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)


def _require_whole(params: EmergenceParams, name: str, *, minimum: int) -> None:
    value = getattr(params, name)
    if not float(value).is_integer() or value < minimum:
        raise ValueError(
            f"EmergenceParams.{name} must be a whole number of at least {minimum}, got {value!r}"
        )


def _float_column(frame: pd.DataFrame, column: str) -> FloatArray:
    """A numeric column as floats (nulls become NaN)."""
    values = pd.to_numeric(frame[column], errors="raise")
    return values.to_numpy(dtype=np.float64, na_value=np.nan)


def _count_column(frame: pd.DataFrame, column: str) -> FloatArray:
    """A count column as floats: filled, finite, non-negative whole numbers."""
    array = _float_column(frame, column)
    if np.any(np.isnan(array)):
        raise ValueError(f"{column} has missing values; counts must be filled upstream")
    if not np.all(np.isfinite(array)) or np.any(array < 0) or np.any(array != np.floor(array)):
        raise ValueError(f"{column} must hold finite, non-negative whole numbers")
    return array
