"""Buying-team size per account and week: people seen, people probably not seen yet, and a total.

A pure kernel: pandas and numpy in, pandas and numpy out; no dbt, no DuckDB, no I/O. A dbt Python
model builds the input frame in SQL and passes the parameters from dbt vars. Every output row
depends on its own input row only, so the kernel can also run per account group (for example in a
grouped pandas UDF). The rules are written out in plain words in ``docs/team_size.md``.

Method
------
Capture-recapture over channels. Each channel (email, web, webinar, CRM...) is one sampling
occasion; a known person is "captured" in every channel they were seen in during the window.
``q1`` known people were seen in exactly one channel, ``q2`` in exactly two. The incidence-based
Chao2 estimator turns those counts into an estimate ``f0`` of the known-type people not seen at
all, with a variance and a log-normal confidence interval.

Sources for the formulas
------------------------
- Chao, A. (1987). Estimating the population size for capture-recapture data with unequal
  catchability. Biometrics 43(4): 783-791. (Estimator, variance, log-normal interval.)
- Chao, A. & Chiu, C.-H. (2016). Species richness: estimation and comparison. Wiley StatsRef:
  Statistics Reference Online, 1-26. (Incidence form with the ``(m-1)/m`` factor and the
  bias-corrected form when ``Q2 = 0``.)
- Colwell, R. K. EstimateS User's Guide, Appendix B: equations 10 (variance, ``Q2 > 0``), 11
  (variance, ``Q2 = 0``), 13 (log-normal interval) and 12/14 (the fallback when ``f0 = 0``).
- Chao's own implementation in SpadeR (github.com/AnneChao/SpadeR, ``R/SpecInciChao2.R``)
  uses the same expressions, which were checked against it.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = [
    "INPUT_COLUMNS",
    "METHOD_CHAO2",
    "METHOD_CHAO2_BIAS_CORRECTED",
    "METHOD_PRIOR_ONLY",
    "OUTPUT_COLUMNS",
    "OUTPUT_DTYPES",
    "chao2_interval",
    "chao2_unseen",
    "estimate_team_size",
]

FloatArray = npt.NDArray[np.float64]

METHOD_CHAO2 = "chao2"
METHOD_CHAO2_BIAS_CORRECTED = "chao2_bias_corrected"
METHOD_PRIOR_ONLY = "prior_only"

INPUT_COLUMNS: tuple[str, ...] = (
    "account_key",
    "week_start",
    "known_seen",
    "anonymous_seen",
    "q1",
    "q2",
    "expected_team_size",
)
OUTPUT_COLUMNS: tuple[str, ...] = (
    "seen",
    "unseen",
    "unseen_low",
    "unseen_high",
    "estimated_team_size",
    "estimated_low",
    "estimated_high",
    "estimate_method",
)
# Declared so that an empty result keeps its types in the warehouse (scoring/frames.py).
OUTPUT_DTYPES: dict[str, str] = {**dict.fromkeys(OUTPUT_COLUMNS[:-1], "float64"), "estimate_method": "string"}
_COUNT_COLUMNS = ("known_seen", "anonymous_seen", "q1", "q2")


# --------------------------------------------------------------------------------------------
# Chao2
# --------------------------------------------------------------------------------------------
def chao2_unseen(
    q1: npt.ArrayLike,
    q2: npt.ArrayLike,
    observed: npt.ArrayLike,
    occasions: npt.ArrayLike,
) -> tuple[FloatArray, FloatArray]:
    """Chao2 estimate of the number of individuals never seen, and its variance (vectorised).

    Incidence-based Chao2 (Chao 1987; Chao & Chiu 2016). With ``m`` sampling occasions,
    ``A = (m - 1) / m``, ``Q1`` individuals seen on exactly one occasion and ``Q2`` on exactly
    two:

    - ``Q2 > 0`` (classic form): ``f0 = A * Q1**2 / (2 * Q2)`` and, with ``r = Q1 / Q2``,
      ``var = Q2 * (A/2 * r**2 + A**2 * r**3 + A**2/4 * r**4)`` (EstimateS eq. 10).
    - ``Q2 = 0`` (bias-corrected form): ``f0 = A * Q1 * (Q1 - 1) / 2`` and, when ``Q1 > 1``,
      ``var = A*Q1*(Q1-1)/2 + A**2*Q1*(2*Q1-1)**2/4 - A**2*Q1**4 / (4*S)``, where
      ``S = observed + f0`` is the Chao2 total (EstimateS eq. 11; SpadeR ``SpecInciChao2``).

    When ``f0 = 0`` (``Q1 = 0``, or ``Q1 = 1`` and ``Q2 = 0``) the variance is reported as 0.
    EstimateS and SpadeR then fall back to a variance (eq. 12) that needs the counts of
    individuals seen on 3, 4, ... occasions, which this kernel is not given; the interval then
    collapses to the observed count (see :func:`chao2_interval`).

    Args:
        q1: individuals seen on exactly one occasion (non-negative whole numbers).
        q2: individuals seen on exactly two occasions (non-negative whole numbers).
        observed: individuals seen at all (``S_obs``); must be at least ``q1 + q2``.
        occasions: number of sampling occasions ``m`` (at least 2); scalar or array.

    Returns:
        ``(f0, variance)``: float arrays broadcast from the inputs.

    Raises:
        ValueError: on negative, fractional or non-finite counts, ``observed < q1 + q2`` or
            ``occasions < 2``.
    """
    q1a = _whole_numbers(q1, "q1")
    q2a = _whole_numbers(q2, "q2")
    obs = _whole_numbers(observed, "observed")
    m = np.asarray(occasions, dtype=np.float64)
    if not np.all(np.isfinite(m)) or np.any(m < 2):
        raise ValueError("occasions must be at least 2: capture-recapture needs two channels or more")
    q1a, q2a, obs, m = np.broadcast_arrays(q1a, q2a, obs, m)
    if np.any(q1a + q2a > obs):
        raise ValueError("observed must be at least q1 + q2 (q1 and q2 count observed individuals)")

    a = (m - 1.0) / m
    classic = q2a > 0
    q2_safe = np.where(classic, q2a, 1.0)
    ratio = q1a / q2_safe

    f0 = np.where(classic, a * q1a**2 / (2.0 * q2_safe), a * q1a * (q1a - 1.0) / 2.0)

    var_classic = q2a * (a / 2.0 * ratio**2 + a**2 * ratio**3 + a**2 / 4.0 * ratio**4)
    total = obs + f0
    total_safe = np.where(total > 0, total, 1.0)
    var_bias_corrected = (
        a * q1a * (q1a - 1.0) / 2.0
        + a**2 * q1a * (2.0 * q1a - 1.0) ** 2 / 4.0
        - a**2 * q1a**4 / (4.0 * total_safe)
    )
    variance = np.where(classic, var_classic, np.where(q1a > 1, var_bias_corrected, 0.0))
    variance = np.where(f0 > 0, np.maximum(variance, 0.0), 0.0)
    return f0.astype(np.float64), variance.astype(np.float64)


def chao2_interval(
    observed: npt.ArrayLike,
    f0: npt.ArrayLike,
    variance: npt.ArrayLike,
    confidence: float = 0.90,
) -> tuple[FloatArray, FloatArray]:
    """Log-normal confidence interval of the Chao2 total ``observed + f0`` (Chao 1987).

    The number not seen, ``f0``, is taken as log-normal, so the interval never falls below the
    observed count: ``low = observed + f0 / C`` and ``high = observed + f0 * C`` with
    ``C = exp(z * sqrt(log(1 + variance / f0**2)))`` and ``z`` the two-sided normal quantile of
    ``confidence`` (1.645 at 0.90). EstimateS eq. 13; SpadeR ``SpecInciChao2``.

    When ``f0 = 0`` the interval is ``[observed, observed]``. (EstimateS eq. 14 would widen it
    from the counts of individuals seen on 3+ occasions, which this kernel is not given.)

    Args:
        observed: individuals seen (``S_obs``).
        f0: estimated individuals not seen (non-negative), e.g. from :func:`chao2_unseen`.
        variance: variance of ``f0`` (non-negative).
        confidence: two-sided confidence level, strictly between 0 and 1.

    Returns:
        ``(low, high)`` bounds of the total, as float arrays.

    Raises:
        ValueError: on a confidence outside (0, 1), or a negative or non-finite ``f0`` or
            ``variance``.
    """
    z = _two_sided_z(confidence)
    obs = np.asarray(observed, dtype=np.float64)
    f0a = np.asarray(f0, dtype=np.float64)
    var = np.asarray(variance, dtype=np.float64)
    for name, values in (("observed", obs), ("f0", f0a), ("variance", var)):
        if not np.all(np.isfinite(values)) or np.any(values < 0):
            raise ValueError(f"{name} must be finite and non-negative")
    obs, f0a, var = np.broadcast_arrays(obs, f0a, var)

    positive = f0a > 0
    f0_safe = np.where(positive, f0a, 1.0)
    spread = np.exp(z * np.sqrt(np.log1p(var / f0_safe**2)))
    low = np.where(positive, obs + f0a / spread, obs)
    high = np.where(positive, obs + f0a * spread, obs)
    return low.astype(np.float64), high.astype(np.float64)


# --------------------------------------------------------------------------------------------
# Team size
# --------------------------------------------------------------------------------------------
def estimate_team_size(
    frame: pd.DataFrame,
    *,
    occasions: int,
    prior_strength: float,
    min_known_people: int,
    confidence: float = 0.90,
) -> pd.DataFrame:
    """Estimate each account's buying-team size per week, with an interval.

    Input columns (one row per account and week): ``account_key``, ``week_start``,
    ``known_seen`` (distinct people known by email engaged in the window), ``anonymous_seen``
    (distinct anonymous web visitors resolved to the account, never stitched to a person),
    ``q1`` / ``q2`` (known people seen in exactly one / two channels in the window) and
    ``expected_team_size`` (the prior for the account's size band and industry; may be NaN).
    Other columns are carried through untouched; the index and row order are kept.

    Output: the input plus ``seen``, ``unseen``, ``unseen_low``, ``unseen_high``,
    ``estimated_team_size``, ``estimated_low``, ``estimated_high`` (floats) and
    ``estimate_method`` (``'chao2'``, ``'chao2_bias_corrected'`` or ``'prior_only'``), typed as
    :data:`OUTPUT_DTYPES` even when the frame has no rows.

    Rules:

    1. ``seen = known_seen + anonymous_seen``. Each never-stitched anonymous id counts as one
       person (ids stitched later are already known people upstream).
    2. Capture-recapture runs on known people only: an unstitched anonymous id is seen in one
       channel (web) by construction, so counting it would inflate ``q1`` and the unseen.
       ``f0`` = Chao2 on ``(q1, q2, known_seen, occasions)`` (:func:`chao2_unseen`).
    3. Anonymous visitors fill the estimated unseen first (they probably are some of the people
       the known-people estimate says were not seen by name):
       ``unseen = max(0, f0 - anonymous_seen)``; the bounds likewise from the Chao2 interval
       (:func:`chao2_interval`, on known people).
    4. Too thin: when ``known_seen < min_known_people`` or ``q1 + q2 == 0`` there is no
       capture-recapture estimate: ``estimate_method = 'prior_only'``, the three unseen columns
       are NaN and the estimate rests on the prior. Otherwise ``'chao2'`` when ``q2 > 0`` and
       ``'chao2_bias_corrected'`` when ``q2 == 0``.
    5. The evidence's total is ``T = seen + unseen`` (``T = seen`` for ``'prior_only'``). With
       evidence weight ``w = seen`` and prior weight ``k = prior_strength``, the prior
       ``E = expected_team_size`` is a floor that evidence can raise:
       ``estimated = max(seen, E + w / (w + k) * max(0, T - E))``. When ``T >= E`` this is the
       weighted mean ``(w*T + k*E) / (w + k)``: close to the prior when little is seen, close
       to the data when much is seen. Chao2 is a lower-bound estimator, so a ``T`` below the
       prior does not pull the estimate under it; a plain weighted mean there would make one
       more engaged person lower the estimate (see ``docs/team_size.md``). With no prior
       (``E`` NaN), ``estimated = T``. For ``'prior_only'`` this gives ``max(seen, E)``, or
       ``seen`` with no prior. The estimate is never below ``seen``.
    6. ``estimated_high``: rule 5 with ``T_high = seen + unseen_high``. ``estimated_low``: the
       plain weighted mean with ``T_low = seen + unseen_low``, ``max(seen, (w*T_low + k*E) /
       (w + k))``, so the low end may fall below the prior; ``T_low`` with no prior. For
       ``'prior_only'``: ``low = seen`` and ``high = max(seen, E)`` (``seen`` with no prior).
       Always ``seen <= estimated_low <= estimated_team_size <= estimated_high``.

    Monotonicity (tested): with ``q1``, ``q2``, ``anonymous_seen`` and the prior fixed, one
    more known person never lowers ``estimated_team_size``; with the rest fixed, one more
    anonymous visitor never lowers it either.

    Args:
        frame: the input rows, with the columns above.
        occasions: number of channels a known person can be seen in (``m`` of Chao2; at least
            2).
        prior_strength: weight ``k`` of the prior, in people (non-negative). 0 leaves the prior
            as a bare floor.
        min_known_people: fewest known people needed for a capture-recapture estimate
            (non-negative).
        confidence: two-sided confidence level of the intervals, strictly between 0 and 1.

    Returns:
        A new frame: the input columns plus the output columns.

    Raises:
        ValueError: on missing columns, missing/negative/fractional counts, ``q1 + q2 >
            known_seen``, a negative or infinite prior, or parameters out of range.
    """
    missing = [c for c in INPUT_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"estimate_team_size: missing input columns {missing}")
    m = _check_int_parameter(occasions, "occasions", minimum=2)
    min_known = _check_int_parameter(min_known_people, "min_known_people", minimum=0)
    k = float(prior_strength)
    if not math.isfinite(k) or k < 0:
        raise ValueError("prior_strength must be finite and non-negative")
    _two_sided_z(confidence)  # validate early, before any work

    known, anonymous, q1, q2 = (_count_column(frame, c) for c in _COUNT_COLUMNS)
    if np.any(q1 + q2 > known):
        raise ValueError("q1 + q2 must not exceed known_seen (they count known people)")
    expected = pd.to_numeric(frame["expected_team_size"], errors="raise").to_numpy(
        dtype=np.float64, na_value=np.nan
    )
    if np.any(np.isinf(expected)) or np.any(expected < 0):
        raise ValueError("expected_team_size must be non-negative or NaN")

    seen = known + anonymous
    thin = (known < min_known) | (q1 + q2 == 0)

    f0, variance = chao2_unseen(q1, q2, known, m)
    total_low, total_high = chao2_interval(known, f0, variance, confidence)
    f0_low, f0_high = total_low - known, total_high - known

    # Anonymous visitors fill the estimated unseen first (rule 3).
    unseen = np.where(thin, np.nan, np.maximum(0.0, f0 - anonymous))
    unseen_low = np.where(thin, np.nan, np.maximum(0.0, f0_low - anonymous))
    unseen_high = np.where(thin, np.nan, np.maximum(0.0, f0_high - anonymous))

    evidence = np.where(thin, seen, seen + np.nan_to_num(unseen))
    evidence_low = np.where(thin, seen, seen + np.nan_to_num(unseen_low))
    evidence_high = np.where(thin, seen, seen + np.nan_to_num(unseen_high))

    estimated = _raise_prior(seen, evidence, expected, k)
    estimated_high = _raise_prior(seen, evidence_high, expected, k)
    estimated_low = np.where(thin, seen, _weighted_mean(seen, evidence_low, expected, k))

    method = np.where(thin, METHOD_PRIOR_ONLY, np.where(q2 > 0, METHOD_CHAO2, METHOD_CHAO2_BIAS_CORRECTED))

    out = frame.copy()
    out["seen"] = seen
    out["unseen"] = unseen
    out["unseen_low"] = unseen_low
    out["unseen_high"] = unseen_high
    out["estimated_team_size"] = estimated
    out["estimated_low"] = estimated_low
    out["estimated_high"] = estimated_high
    out["estimate_method"] = pd.Series(method, index=frame.index, dtype=object)
    return out.astype(OUTPUT_DTYPES)


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------
def _evidence_share(seen: FloatArray, prior_strength: float) -> FloatArray:
    """``w / (w + k)`` with ``w = seen``; 1 when both are 0 (nothing to weigh)."""
    denominator = seen + prior_strength
    return np.where(denominator > 0, seen / np.where(denominator > 0, denominator, 1.0), 1.0)


def _raise_prior(seen: FloatArray, evidence: FloatArray, expected: FloatArray, k: float) -> FloatArray:
    """Rule 5: the prior is a floor that evidence above it raises; never below ``seen``."""
    has_prior = ~np.isnan(expected)
    prior = np.where(has_prior, expected, 0.0)
    raised = prior + _evidence_share(seen, k) * np.maximum(0.0, evidence - prior)
    return np.maximum(seen, np.where(has_prior, raised, evidence))


def _weighted_mean(seen: FloatArray, evidence: FloatArray, expected: FloatArray, k: float) -> FloatArray:
    """Rule 6 (low end): ``max(seen, (w*T + k*E) / (w + k))``, or ``T`` with no prior."""
    has_prior = ~np.isnan(expected)
    prior = np.where(has_prior, expected, 0.0)
    mean = prior + _evidence_share(seen, k) * (evidence - prior)
    return np.maximum(seen, np.where(has_prior, mean, evidence))


def _two_sided_z(confidence: float) -> float:
    """Standard-normal quantile for a two-sided interval at ``confidence``."""
    level = float(confidence)
    if not 0.0 < level < 1.0:
        raise ValueError("confidence must be strictly between 0 and 1")
    return NormalDist().inv_cdf(0.5 + level / 2.0)


def _whole_numbers(values: npt.ArrayLike, name: str) -> FloatArray:
    """``values`` as floats, checked to be finite, non-negative whole numbers."""
    array = np.asarray(values, dtype=np.float64)
    if not np.all(np.isfinite(array)) or np.any(array < 0) or np.any(array != np.floor(array)):
        raise ValueError(f"{name} must hold finite, non-negative whole numbers")
    return array


def _count_column(frame: pd.DataFrame, column: str) -> FloatArray:
    """A count column as floats; missing values are an error, not zero."""
    values = pd.to_numeric(frame[column], errors="raise")
    if values.isna().any():
        raise ValueError(f"{column} has missing values; counts must be filled upstream")
    return _whole_numbers(values.to_numpy(dtype=np.float64), column)


def _check_int_parameter(value: int, name: str, *, minimum: int) -> int:
    """An integer parameter (bools refused), at least ``minimum``."""
    if isinstance(value, bool) or not float(value).is_integer():
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    number = int(value)
    if number < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {number}")
    return number
