"""Signal validation: how well the account-level emergence score finds in-market accounts.

Compares ``marts.fct_account_emergence`` (emergence score and tier, one row per account and
week) and, as the baseline, ``marts.fct_account_map_scores`` (the MAP-style account score: the
sum of people's activity scores) with the synthetic world's in-market episodes
(``synth_truth.episodes``). The file is opened read-only; the population and labels are built
in DuckDB SQL on temporary tables, the ranks in numpy/pandas (O(n log n)).

Definitions (what the figures mean)
-----------------------------------
Account key. A truth account's ``account_key`` is its ``sfdc_account_id`` when not blank, else
the key of its domain (``truth_account_key``: the dbt macro ``domain_account_key``'s SQL).

Population. Every truth account (``synth_truth.accounts``) times every week from the first to
the last ``week_start`` present in ``fct_account_emergence`` (every 7 days from the first).
Nothing else is excluded. An account-week with no mart row scores 0 for the signal whose mart
lacks it (no engagement) and has no tier; a null score counts as 0. Where a mart has several
rows for one account and week, their scores are averaged, the highest tier counts
(river > stream > drop > molecule), and the account-week is counted in the bookkeeping. Two
truth accounts with the same key share that key's scores (counted too). Mart rows of no truth
account, or outside the weeks, are left out and counted.

Label. An account-week is positive when the week (``week_start`` .. ``week_start + 6``)
overlaps an episode of that truth account (``start_date <= week_start + 6`` and
``end_date >= week_start``). Episodes without a start or end date, or of no truth account, are
ignored.

AUC (pooled). The Mann-Whitney AUC of a score over every account-week of the population: the
probability that a random positive account-week scores above a random negative one, ties
counting half. Computed from average ranks. Undefined (n/a) without both classes. The target
is on this figure.

Mean weekly AUC. The same AUC within each week (accounts ranked against each other that
week), averaged over the weeks that have both classes, unweighted. It ignores the seasonality
of the score and of being in market.

Top-decile lift. Let ``n`` be the population size and ``k = ceil(n / 10)``. The cut is the
``k``-th highest score; the top decile is every account-week scoring at or above the cut (all
ties at the cut are included, so it can hold more than ``k`` account-weeks - when most of the
population scores 0, the top "decile" can be all of it, and the lift 1). Lift = positive rate
in the top decile / positive rate of the population.

River as a classifier. Precision: positive account-weeks among those whose tier is
``'river'``. Recall: account-weeks at river among the positive ones.

River lead time. For each episode that opened an opportunity (``opened_opportunity`` true and
an ``opportunity_created_date``, taken as a date): its account's first week at tier ``'river'``
whose ``week_start`` lies in [episode ``start_date`` - 28 days, ``opportunity_created_date``].
The lead is ``opportunity_created_date - week_start`` of that week, in days (>= 0). The median
lead (continuous: the mean of the two middle values for an even count) is over the episodes
that reached river; the share reached is over every measured episode, and the episodes that
never reached river before their opportunity are counted apart. Episodes whose window holds no
week of the mart (the opportunity before the first week, or the window after the last) cannot
be measured: they are left out and counted.

Ceiling (an oracle, for context only). The same figures for a score no warehouse can
compute: the number of people of the account's true buying team (``synth_truth.touches`` with
``is_in_market``) who touched anything in the ``ORACLE_WINDOW_DAYS`` days up to the week's end
(the default ``emergence_window_days``). It reads the truth, so it bounds what any score built
from touches can reach under this label: the first weeks of an episode, before the team shows
up, cannot be ranked by anyone. The ceiling lead is, per measured opportunity episode, the
first week in the same lead window in which at least half of the true team had touched
something in the oracle window.

Opportunity label (the check on ``marts.fct_signal_evaluation``). The evaluation mart asks a
different question from the in-market label: does the account open an opportunity within
``EVALUATION_HORIZON_WEEKS`` weeks after the week's end (the default of the dbt var
``evaluation_horizon_weeks``)? Here the same AUC is computed from the truth's opportunity
dates (``synth_truth.episodes.opportunity_created_date``) over the population above, leaving
out account-weeks whose account opened an opportunity within the horizon before the week's
end, as the mart does. The mart's own figure must agree within 0.02.

Baselines and targets. The report also measures, on the same population and labels, every
truth-free baseline of the signal matrix (``emergence.validate.matrix.BASELINES``), the
oracle and their opportunity AUCs, and judges the score with the matrix's per-world targets
(``emergence.validate.targets``, whose ``SignalTargets`` hold the values; docs/evaluation.md#targets):
an AUC above every baseline's by a margin, a share of the gap from the MAP-style score to the
oracle closed, a river lead within some days of the oracle's (failed when no episode reached
river), and an opportunity AUC at least the best lead score's.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
from rich.console import Console
from rich.table import Table

from emergence.scoring.emergence import TIERS as KERNEL_TIERS
from emergence.sqlfiles import load_sql
from emergence.validate.common import Ratio, define_macros, open_checked
from emergence.validate.targets import SignalTargets, WorldResult, target_checks, world_failures

__all__ = [
    "ScoreFigures",
    "SignalReport",
    "SignalTargets",
    "mann_whitney_auc",
    "print_signal_report",
    "top_decile_lift",
    "validate_signals",
]

EMERGENCE_MART = "marts.fct_account_emergence"
MAP_MART = "marts.fct_account_map_scores"
# Tables and the columns the validation reads from each.
REQUIRED_COLUMNS = {
    EMERGENCE_MART: ("account_key", "week_start", "emergence_score", "tier"),
    MAP_MART: ("account_key", "week_start", "map_score"),
    "synth_truth.accounts": ("truth_account_id", "domain", "sfdc_account_id"),
    "synth_truth.episodes": (
        "episode_id",
        "truth_account_id",
        "start_date",
        "end_date",
        "opened_opportunity",
        "opportunity_created_date",
        "team_size",
    ),
    "synth_truth.touches": ("truth_account_id", "truth_person_id", "occurred_at", "is_in_market"),
}
TIERS = tuple(reversed(KERNEL_TIERS))  # highest first
RIVER = "river"
NO_ROW = "(no row)"
NO_TIER = "(none)"
LEAD_WINDOW_DAYS = 28
ORACLE_WINDOW_DAYS = 28
EVALUATION_HORIZON_WEEKS = 8


@dataclass(frozen=True)
class ScoreFigures:
    """How well one score ranks in-market account-weeks; ``None`` where there is nothing to measure."""

    auc: float | None
    mean_weekly_auc: float | None
    weeks_with_auc: int
    top_decile_lift: float | None
    # Positive account-weeks in the top decile / account-weeks in it (ties at the cut included).
    top_decile: Ratio
    top_decile_cut: float | None


@dataclass(frozen=True)
class SignalReport:
    """The emergence signal's figures beside the MAP-style baseline's."""

    emergence: ScoreFigures
    map: ScoreFigures
    # Positive account-weeks / account-weeks of the population.
    positive_rate: Ratio
    accounts: int
    weeks: int
    first_week: dt.date | None
    last_week: dt.date | None
    river_precision: Ratio
    river_recall: Ratio
    # Opportunity episodes that reached river in their window / measured opportunity episodes.
    reached_river: Ratio
    median_river_lead_days: float | None
    river_lead_days: tuple[int, ...] = ()
    # The oracle (see the module docstring): what a score that knew the true team would reach.
    ceiling: ScoreFigures | None = None
    # AUC of each score for "opens an opportunity within the horizon" (truth opportunity dates).
    opportunity_auc_emergence: float | None = None
    opportunity_auc_map: float | None = None
    ceiling_median_lead_days: float | None = None
    # Tier -> positive account-weeks / account-weeks at that tier.
    by_tier: dict[str, Ratio] = field(default_factory=dict)
    # Every signal of the matrix on this warehouse (the baselines, the oracle): what the targets judge.
    world: WorldResult | None = None
    # Bookkeeping: what was left out or filled in, and why.
    missing_emergence_account_weeks: int = 0
    missing_map_account_weeks: int = 0
    duplicated_emergence_account_weeks: int = 0
    duplicated_map_account_weeks: int = 0
    emergence_account_weeks_left_out: int = 0
    map_account_weeks_left_out: int = 0
    truth_accounts_sharing_a_key: int = 0
    truth_accounts_without_key: int = 0
    episodes_ignored: int = 0
    opportunity_episodes_unmeasurable: int = 0

    @property
    def account_weeks(self) -> int:
        return self.positive_rate.denominator

    @property
    def positives(self) -> int:
        return self.positive_rate.numerator

    @property
    def auc_margin(self) -> float | None:
        """Pooled emergence AUC minus pooled MAP AUC."""
        if self.emergence.auc is None or self.map.auc is None:
            return None
        return self.emergence.auc - self.map.auc

    @property
    def ceiling_margin(self) -> float | None:
        """The oracle's pooled AUC minus the MAP baseline's: the most any score could gain on MAP."""
        if self.ceiling is None or self.ceiling.auc is None or self.map.auc is None:
            return None
        return self.ceiling.auc - self.map.auc

    @property
    def never_reached_river(self) -> int:
        return self.reached_river.denominator - self.reached_river.numerator

    def passes(self, targets: SignalTargets | None = None) -> list[str]:
        """The targets this report misses, in words; an empty list means every target is met.

        The same per-world targets as the signal matrix (:func:`~emergence.validate.targets.world_failures`).
        """
        if self.world is None or self.emergence.auc is None:
            return [
                f"signal targets: nothing to measure ({self.account_weeks:,} account-weeks, "
                f"{self.positives:,} positive)"
            ]
        return [line.removeprefix(f"{self.world.variant}: ") for line in world_failures(self.world, targets)]


def validate_signals(database: Path) -> SignalReport:
    """Compare the warehouse's emergence signal (and the MAP baseline) in ``database`` with its truth."""
    # The matrix module reads this one's tables and label; imported here to keep one direction.
    from emergence.validate.matrix import load_world, measure_world

    with open_checked(database, "signal", REQUIRED_COLUMNS) as con:
        prepare_population(con)
        report = _measure(con)
    if report.account_weeks == 0:
        return report
    return replace(report, world=measure_world("warehouse", load_world(database)))


# --------------------------------------------------------------------------------------------
# Rank statistics (numpy/pandas).


def mann_whitney_auc(scores: np.ndarray | pd.Series, labels: np.ndarray | pd.Series) -> float | None:
    """The AUC of ``scores`` for boolean ``labels``, ties counting half; None without both classes.

    From average ranks (Mann-Whitney U / (positives x negatives)), so O(n log n).
    """
    s = np.asarray(scores, dtype=float)
    y = np.asarray(labels, dtype=bool)
    n_pos = int(y.sum())
    n_neg = len(y) - n_pos
    if n_pos == 0 or n_neg == 0:
        return None
    ranks = pd.Series(s).rank(method="average").to_numpy()
    u = ranks[y].sum() - n_pos * (n_pos + 1) / 2
    return float(u / (n_pos * n_neg))


def _mean_group_auc(scores: pd.Series, labels: pd.Series, groups: pd.Series) -> tuple[float | None, int]:
    """The AUC within each group, averaged over groups with both classes; and how many there were."""
    frame = pd.DataFrame(
        {"score": scores.to_numpy(dtype=float), "y": labels.to_numpy(dtype=bool), "g": groups.to_numpy()}
    )
    if frame.empty:
        return None, 0
    frame["rank"] = frame.groupby("g")["score"].rank(method="average")
    frame["pos_rank"] = frame["rank"].where(frame["y"], 0.0)
    per = frame.groupby("g").agg(n=("y", "size"), n_pos=("y", "sum"), rank_sum=("pos_rank", "sum"))
    per["n_neg"] = per["n"] - per["n_pos"]
    per = per[(per["n_pos"] > 0) & (per["n_neg"] > 0)]
    if per.empty:
        return None, 0
    aucs = (per["rank_sum"] - per["n_pos"] * (per["n_pos"] + 1) / 2) / (per["n_pos"] * per["n_neg"])
    return float(aucs.mean()), len(per)


def top_decile_lift(
    scores: np.ndarray | pd.Series, labels: np.ndarray | pd.Series
) -> tuple[float | None, Ratio, float | None]:
    """Lift in the top decile, the top decile's positives (a Ratio), and the score at the cut.

    The top decile is every score at or above the ``ceil(n / 10)``-th highest (ties included).
    """
    s = np.asarray(scores, dtype=float)
    y = np.asarray(labels, dtype=bool)
    n = len(s)
    if n == 0:
        return None, Ratio(0, 0), None
    k = math.ceil(n / 10)
    cut = float(np.sort(s)[::-1][k - 1])
    top = s >= cut
    top_ratio = Ratio(int(y[top].sum()), int(top.sum()))
    overall = y.sum() / n
    lift = None if overall == 0 or top_ratio.value is None else float(top_ratio.value / overall)
    return lift, top_ratio, cut


def _score_figures(population: pd.DataFrame, column: str) -> ScoreFigures:
    scores, labels = population[column], population["positive"]
    mean_weekly, weeks = _mean_group_auc(scores, labels, population["week_start"])
    lift, top, cut = top_decile_lift(scores, labels)
    return ScoreFigures(
        auc=mann_whitney_auc(scores, labels),
        mean_weekly_auc=mean_weekly,
        weeks_with_auc=weeks,
        top_decile_lift=lift,
        top_decile=top,
        top_decile_cut=cut,
    )


# --------------------------------------------------------------------------------------------
# SQL: temporary tables, each a step of the comparison (validate/sql/signals_*.sql).


def _population_steps() -> tuple[tuple[str, dict[str, object]], ...]:
    """Each query of :func:`prepare_population`, in order, with its parameters."""
    return (
        # The marts, one row per account-week; tiers ranked lowest first, as the kernel lists them.
        ("signals_emergence_weeks", {"tiers": list(KERNEL_TIERS), "no_tier": NO_TIER}),
        ("signals_map_weeks", {}),
        # Truth accounts with their keys; the weeks; the episodes.
        ("signals_accounts", {}),
        ("signals_weeks", {}),
        ("signals_episodes", {}),
        # The population: every truth account x every week, with both scores and the label.
        ("signals_population", {"no_row": NO_ROW}),
        # The oracle: true team members who touched anything in the window up to the week's end.
        ("signals_oracle", {"oracle_window_days": ORACLE_WINDOW_DAYS}),
        # "Opens an opportunity within the horizon", from the truth's opportunity dates.
        ("signals_opportunity_population", {"horizon_weeks": EVALUATION_HORIZON_WEEKS}),
        # River lead time of each opportunity episode.
        ("signals_leads", {"river": RIVER, "lead_window_days": LEAD_WINDOW_DAYS}),
    )


def prepare_population(con: duckdb.DuckDBPyConnection) -> None:
    """Build the temporary tables the figures are read from."""
    define_macros(con)
    for name, parameters in _population_steps():
        con.execute(load_sql(__file__, name), parameters or None)


def _by_tier(population: pd.DataFrame) -> dict[str, Ratio]:
    """In-market account-weeks per tier, lowest tier first, then the weeks without a tier."""
    counts = population.groupby("tier")["positive"].agg(["sum", "size"])
    order = [*TIERS, NO_TIER, NO_ROW]
    rank = {tier: k for k, tier in enumerate(order)}
    tiers = sorted(counts.index, key=lambda tier: (rank.get(tier, len(order)), str(tier)))
    return {str(tier): Ratio(int(counts.at[tier, "sum"]), int(counts.at[tier, "size"])) for tier in tiers}


def _lead_figures(leads: pd.DataFrame) -> dict[str, object]:
    """River lead days of the measurable opportunity episodes, beside the oracle's."""
    measurable = leads[leads["measurable"].astype(bool)]
    river = sorted(int(days) for days in measurable["lead_days"].dropna())
    ceiling = measurable["ceiling_lead_days"].dropna()
    return {
        "reached_river": Ratio(len(river), len(measurable)),
        "median_river_lead_days": float(np.median(river)) if river else None,
        "river_lead_days": tuple(river),
        "ceiling_median_lead_days": float(np.median(ceiling)) if len(ceiling) else None,
        "opportunity_episodes_unmeasurable": len(leads) - len(measurable),
    }


def _measure(con: duckdb.DuckDBPyConnection) -> SignalReport:
    """Read the figures off the temporary tables built by :func:`prepare_population`."""
    population = con.execute(load_sql(__file__, "signals_measured_weeks")).df()
    population["positive"] = population["positive"].astype(bool)
    opportunities = con.execute(load_sql(__file__, "signals_measured_opportunities")).df()
    opens = opportunities["opens_opportunity"].astype(bool)
    leads = con.execute(load_sql(__file__, "signals_measured_leads")).df()
    cursor = con.execute(load_sql(__file__, "signals_bookkeeping"))
    bookkeeping = dict(zip((column[0] for column in cursor.description), cursor.fetchone(), strict=True))
    first_week, last_week = (bookkeeping.pop(name) for name in ("first_week", "last_week"))
    counts = {name: int(value or 0) for name, value in bookkeeping.items()}
    river, positive = population["tier"] == RIVER, population["positive"]
    return SignalReport(
        emergence=_score_figures(population, "emergence_score"),
        map=_score_figures(population, "map_score"),
        ceiling=_score_figures(population, "ceiling_score"),
        positive_rate=Ratio(int(positive.sum()), len(population)),
        weeks=counts.pop("week_count"),
        accounts=counts.pop("account_count"),
        first_week=first_week,
        last_week=last_week,
        river_precision=Ratio(int((river & positive).sum()), int(river.sum())),
        river_recall=Ratio(int((river & positive).sum()), int(positive.sum())),
        opportunity_auc_emergence=mann_whitney_auc(opportunities["emergence_score"], opens),
        opportunity_auc_map=mann_whitney_auc(opportunities["map_score"], opens),
        by_tier=_by_tier(population),
        **_lead_figures(leads),
        **counts,
    )


# --------------------------------------------------------------------------------------------
# Printing.


def _number(value: float | None, digits: int = 4) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _share(ratio: Ratio) -> str:
    value = ratio.value
    return "n/a" if value is None else f"{value:.2%} ({ratio.numerator:,}/{ratio.denominator:,})"


def _status(ok: bool | None) -> str:
    if ok is None:
        return ""
    return "[green]pass[/green]" if ok else "[red]FAIL[/red]"


def _print_ceiling(report: SignalReport, console: Console) -> None:
    """What an oracle that knew the true team would reach: the bound on any score under this label."""
    if report.ceiling is None:
        return
    ceiling = Table(
        title=f"Ceiling: an oracle counting the true team's people active in the last {ORACLE_WINDOW_DAYS} "
        "days (reads synth_truth; for context, not a target)"
    )
    for name, justify in [("figure", "left"), ("oracle", "right"), ("emergence", "right")]:
        ceiling.add_column(name, justify=justify)
    ceiling.add_row("AUC (pooled account-weeks)", _number(report.ceiling.auc), _number(report.emergence.auc))
    ceiling.add_row("AUC margin over MAP", _number(report.ceiling_margin), _number(report.auc_margin))
    ceiling.add_row(
        "mean weekly AUC",
        _number(report.ceiling.mean_weekly_auc),
        _number(report.emergence.mean_weekly_auc),
    )
    lead = report.ceiling_median_lead_days
    ours = report.median_river_lead_days
    ceiling.add_row(
        "median lead before the opportunity (days; oracle: half the true team seen)",
        "n/a" if lead is None else f"{lead:g}",
        "n/a" if ours is None else f"{ours:g}",
    )
    console.print(ceiling)
    console.print(
        f"AUC for 'opens an opportunity within {EVALUATION_HORIZON_WEEKS} weeks' (truth opportunity dates; "
        f"marts.fct_signal_evaluation must agree within 0.02): emergence "
        f"{_number(report.opportunity_auc_emergence)}, MAP {_number(report.opportunity_auc_map)}"
    )


def _print_targets(report: SignalReport, console: Console, targets: SignalTargets) -> None:
    """Every baseline beside the score and the oracle, then the targets (those of the matrix)."""
    if report.world is None:
        return
    signals = Table(title="The score beside the truth-free baselines and the oracle (as the signal matrix)")
    for name, justify in [("signal", "left"), ("AUC (in market)", "right"), ("opportunity AUC", "right")]:
        signals.add_column(name, justify=justify)
    for row in (report.world.emergence, *report.world.baselines, report.world.oracle):
        signals.add_row(row.signal, _number(row.auc), _number(row.opportunity_auc))
    console.print(signals)
    checks = Table(title="Targets (docs/evaluation.md#targets, the same as the signal matrix's)")
    for name, justify in [("target", "left"), ("value", "right"), ("bar", "right"), ("status", "center")]:
        checks.add_column(name, justify=justify)
    for check in target_checks(report.world, targets):
        checks.add_row(check.target, check.value, check.bar, _status(check.ok))
    console.print(checks)


def print_signal_report(report: SignalReport, console: Console, targets: SignalTargets | None = None) -> None:
    """Print the signal figures as rich tables: scores, river tier, tiers, then bookkeeping."""
    targets = targets or SignalTargets()
    period = (
        f"weeks {report.first_week} to {report.last_week}"
        if report.first_week is not None
        else "no weeks in the mart"
    )
    headline = Table(
        title=f"Emergence signal against ground truth (synth_truth), {report.account_weeks:,} account-weeks "
        f"({report.accounts:,} accounts x {report.weeks:,} weeks, {period}), "
        f"positive rate {_share(report.positive_rate)}"
    )
    for name, justify in [("figure", "left"), ("emergence", "right"), ("MAP baseline", "right")]:
        headline.add_column(name, justify=justify)
    em, mp = report.emergence, report.map
    headline.add_row("AUC (pooled account-weeks)", _number(em.auc), _number(mp.auc))
    headline.add_row("AUC margin over MAP", _number(report.auc_margin), "")
    headline.add_row(
        "mean weekly AUC",
        f"{_number(em.mean_weekly_auc)} ({em.weeks_with_auc:,} weeks)",
        f"{_number(mp.mean_weekly_auc)} ({mp.weeks_with_auc:,} weeks)",
    )
    lift, cut = "top-decile lift (ties at the cut included)", "score at the top-decile cut"
    headline.add_row(lift, _number(em.top_decile_lift, 2), _number(mp.top_decile_lift, 2))
    headline.add_row("top-decile positive rate", _share(em.top_decile), _share(mp.top_decile))
    headline.add_row(cut, _number(em.top_decile_cut, 2), _number(mp.top_decile_cut, 2))
    console.print(headline)
    _print_ceiling(report, console)
    _print_targets(report, console, targets)

    river = Table(title="Tier 'river'")
    for name, justify in [("figure", "left"), ("value", "right")]:
        river.add_column(name, justify=justify)
    river.add_row("precision of 'river this week' (in market)", _share(report.river_precision))
    river.add_row("recall of in-market account-weeks", _share(report.river_recall))
    lead = report.median_river_lead_days
    river.add_row("median river lead before the opportunity (days)", "n/a" if lead is None else f"{lead:g}")
    river.add_row("opportunity episodes that reached river first", _share(report.reached_river))
    river.add_row("opportunity episodes never at river before it", f"{report.never_reached_river:,}")
    console.print(river)

    tiers = Table(title="Positive rate by tier")
    tiers.add_column("tier")
    tiers.add_column("account-weeks", justify="right")
    tiers.add_column("in market", justify="right")
    tiers.add_column("positive rate", justify="right")
    for tier, ratio in report.by_tier.items():
        tiers.add_row(tier, f"{ratio.denominator:,}", f"{ratio.numerator:,}", _number(ratio.value))
    console.print(tiers)

    left_out = Table(title="Left out or filled in")
    left_out.add_column("what")
    left_out.add_column("count", justify="right")
    for what, count in [
        ("account-weeks with no emergence row (score 0, no tier)", report.missing_emergence_account_weeks),
        ("account-weeks with no MAP row (score 0)", report.missing_map_account_weeks),
        ("account-weeks with several emergence rows (averaged)", report.duplicated_emergence_account_weeks),
        ("account-weeks with several MAP rows (averaged)", report.duplicated_map_account_weeks),
        ("emergence account-weeks of no truth account (left out)", report.emergence_account_weeks_left_out),
        ("MAP account-weeks of no truth account or week (left out)", report.map_account_weeks_left_out),
        ("truth accounts sharing a key with another", report.truth_accounts_sharing_a_key),
        ("truth accounts with no key (scores 0)", report.truth_accounts_without_key),
        ("episodes without dates or truth account (ignored)", report.episodes_ignored),
        ("opportunity episodes with no mart week in the window", report.opportunity_episodes_unmeasurable),
    ]:
        left_out.add_row(what, f"{count:,}")
    console.print(left_out)
