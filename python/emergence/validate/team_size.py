"""Buying-team size validation: how close the warehouse's team-size estimates come to the truth.

Compares ``marts.fct_buying_team_estimates`` (one row per account and week) with the synthetic
world's in-market episodes (``synth_truth.episodes``), each of which has a known buying team.
The file is opened read-only; the work runs in DuckDB SQL on temporary tables.

Definitions (what the figures mean; the closing note quotes them)
-----------------------------------------------------------------
Account key. A truth account's ``account_key`` is its ``sfdc_account_id`` when not blank, else
the key of its domain (``truth_account_key``: the dbt macro ``domain_account_key``'s SQL).

Account-weeks measured. Every Monday ``week_start`` of an episode, from its ``start_date`` to its
``end_date`` (both included), for the episode's account. An account-week inside two episodes
belongs to the later one (later ``start_date``, then later ``episode_id``), and is counted
once. Weeks before the mart's first ``week_start`` or after its last are left out: the warehouse
has no data to estimate them from (the synthetic world's episodes start before its first day
and may end after its last). They are reported as a count.

Missing rows. A measured account-week with no row in the mart counts as ``seen = 0`` and
``estimated_team_size = 0``, with no interval; so does a null figure in a row that exists.

Absolute percentage error (APE): ``|estimate - team_size| / team_size``, where ``team_size`` is
the episode's true team size (episodes with no positive team size are left out).

- MdAPE of the estimate: the median APE of ``estimated_team_size``.
- Baseline MdAPE: the median APE of ``seen`` alone (the people already seen, nothing added).
- Median percentage error (signed, no target): above 0 the estimate tends to run high.
- Interval coverage: the share of account-weeks with
  ``estimated_low <= team_size <= estimated_high``.
- By ``estimate_method``: the same figures per method; account-weeks with no mart row are
  grouped under ``(no row)``, rows with a null method under ``(none)``.

Medians are continuous (the mean of the two middle values for an even count). Where the mart
has several rows for one account and week, their figures are averaged (and counted).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from rich.console import Console
from rich.table import Table

from emergence.sqlfiles import load_sql
from emergence.validate.common import Ratio, define_macros, open_checked

__all__ = [
    "MethodFigures",
    "TeamSizeReport",
    "print_team_size_report",
    "validate_team_size",
]

MART = "marts.fct_buying_team_estimates"
# Tables and the columns the validation reads from each.
REQUIRED_COLUMNS = {
    MART: (
        "account_key",
        "week_start",
        "seen",
        "estimated_team_size",
        "estimated_low",
        "estimated_high",
        "estimate_method",
    ),
    "synth_truth.episodes": ("episode_id", "truth_account_id", "start_date", "end_date", "team_size"),
    "synth_truth.accounts": ("truth_account_id", "domain", "sfdc_account_id"),
}
NO_ROW = "(no row)"
NO_METHOD = "(none)"
DEFAULT_TARGET_MDAPE = 0.25


@dataclass(frozen=True)
class MethodFigures:
    """The error figures over one group of account-weeks (all of them, or one estimate method)."""

    account_weeks: int
    mdape: float | None
    baseline_mdape: float | None
    median_error: float | None
    interval_coverage: Ratio


@dataclass(frozen=True)
class TeamSizeReport:
    """Team-size error figures; ``None`` where there is nothing to measure."""

    overall: MethodFigures
    by_method: dict[str, MethodFigures] = field(default_factory=dict)
    episodes: int = 0
    first_week: dt.date | None = None
    last_week: dt.date | None = None
    # Bookkeeping: what was left out or filled in, and why.
    missing_account_weeks: int = 0
    weeks_outside_mart: int = 0
    overlapping_account_weeks: int = 0
    duplicated_mart_account_weeks: int = 0

    @property
    def account_weeks(self) -> int:
        return self.overall.account_weeks

    @property
    def mdape(self) -> float | None:
        return self.overall.mdape

    @property
    def baseline_mdape(self) -> float | None:
        return self.overall.baseline_mdape

    @property
    def median_error(self) -> float | None:
        return self.overall.median_error

    @property
    def interval_coverage(self) -> Ratio:
        return self.overall.interval_coverage

    def passes(self, target_mdape: float = DEFAULT_TARGET_MDAPE) -> list[str]:
        """The targets this report misses, in words; an empty list means every target is met.

        The estimate's MdAPE must be at most ``target_mdape`` and below the baseline's (``seen``).
        """
        if self.mdape is None or self.baseline_mdape is None:
            return [f"team size MdAPE: nothing to measure (0 account-weeks), target <= {target_mdape:.2f}"]
        failed = []
        if self.mdape > target_mdape:
            failed.append(
                f"team size MdAPE is {self.mdape:.4f} over {self.account_weeks:,} account-weeks, "
                f"above the target of {target_mdape:.2f}"
            )
        if self.mdape >= self.baseline_mdape:
            failed.append(
                f"team size MdAPE {self.mdape:.4f} does not beat the baseline of people seen "
                f"({self.baseline_mdape:.4f})"
            )
        return failed


def validate_team_size(database: Path) -> TeamSizeReport:
    """Compare the warehouse's buying-team size estimates in ``database`` with its ground truth."""
    with open_checked(database, "team-size", REQUIRED_COLUMNS) as con:
        _prepare(con)
        return _measure(con)


# --------------------------------------------------------------------------------------------
# SQL: temporary tables, each a step of the comparison (validate/sql/team_size_*.sql).


def _sql(name: str) -> str:
    return load_sql(__file__, name)


def _prepare(con: duckdb.DuckDBPyConnection) -> None:
    """Build the temporary tables the figures are read from, in order."""
    define_macros(con)
    for name in ("team_size_mart_weeks", "team_size_episode_weeks", "team_size_scored_weeks"):
        con.execute(_sql(name))


def _figures(row: tuple) -> MethodFigures:
    weeks, mdape, baseline, median_error, covered = row
    weeks = int(weeks or 0)

    def number(value: object) -> float | None:
        return None if value is None or weeks == 0 else float(value)

    return MethodFigures(
        account_weeks=weeks,
        mdape=number(mdape),
        baseline_mdape=number(baseline),
        median_error=number(median_error),
        interval_coverage=Ratio(int(covered or 0), weeks),
    )


def _measure(con: duckdb.DuckDBPyConnection) -> TeamSizeReport:
    """Read the figures off the temporary tables built by :func:`_prepare`."""
    run = con.execute
    # The first row is over every account-week, then one row per method.
    (_, _, *overall), *methods = run(_sql("team_size_figures")).fetchall()
    episodes, missing, overlapping, duplicated = run(_sql("team_size_bookkeeping")).fetchone()
    first_week, last_week = run(_sql("team_size_mart_span")).fetchone()
    outside = run(_sql("team_size_weeks_outside_mart")).fetchone()[0]
    return TeamSizeReport(
        overall=_figures(overall),
        by_method={method: _figures(rest) for _, method, *rest in methods},
        episodes=int(episodes or 0),
        first_week=first_week,
        last_week=last_week,
        missing_account_weeks=int(missing or 0),
        weeks_outside_mart=int(outside or 0),
        overlapping_account_weeks=int(overlapping or 0),
        duplicated_mart_account_weeks=int(duplicated or 0),
    )


# --------------------------------------------------------------------------------------------
# Printing.


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2%}"


def _signed_percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.2%}"


def print_team_size_report(
    report: TeamSizeReport, console: Console, target_mdape: float = DEFAULT_TARGET_MDAPE
) -> None:
    """Print the team-size figures as rich tables: headline figures, by method, then bookkeeping."""
    period = (
        f"weeks {report.first_week} to {report.last_week}"
        if report.first_week is not None
        else "no weeks in the mart"
    )
    headline = Table(
        title=f"Buying-team size against ground truth (synth_truth), {report.account_weeks:,} "
        f"account-weeks of {report.episodes:,} episodes, {period}"
    )
    for name, justify in [("figure", "left"), ("value", "right"), ("target", "right"), ("status", "center")]:
        headline.add_column(name, justify=justify)
    mdape, baseline = report.mdape, report.baseline_mdape
    if mdape is None or baseline is None:
        mdape_status = beats_status = "[red]FAIL[/red]"
    else:
        mdape_status = "[green]pass[/green]" if mdape <= target_mdape else "[red]FAIL[/red]"
        beats_status = "[green]pass[/green]" if mdape < baseline else "[red]FAIL[/red]"
    headline.add_row("MdAPE of the estimate", _percent(mdape), f"<= {target_mdape:.0%}", mdape_status)
    headline.add_row(
        "MdAPE of the baseline (people seen)", _percent(baseline), "above the estimate's", beats_status
    )
    headline.add_row(
        "median percentage error (signed; > 0 runs high)", _signed_percent(report.median_error), "", ""
    )
    coverage = report.interval_coverage
    headline.add_row(
        "interval coverage (low <= truth <= high)",
        f"{_percent(coverage.value)} ({coverage.numerator:,}/{coverage.denominator:,})",
        "",
        "",
    )
    console.print(headline)

    by_method = Table(title="By estimate_method")
    for name, justify in [
        ("estimate_method", "left"),
        ("account-weeks", "right"),
        ("MdAPE", "right"),
        ("baseline MdAPE", "right"),
        ("median error", "right"),
        ("coverage", "right"),
    ]:
        by_method.add_column(name, justify=justify)
    for method, figures in report.by_method.items():
        by_method.add_row(
            method,
            f"{figures.account_weeks:,}",
            _percent(figures.mdape),
            _percent(figures.baseline_mdape),
            _signed_percent(figures.median_error),
            _percent(figures.interval_coverage.value),
        )
    console.print(by_method)

    left_out = Table(title="Left out or filled in")
    left_out.add_column("what")
    left_out.add_column("account-weeks", justify="right")
    left_out.add_row(
        "episode weeks with no mart row (count as seen = estimate = 0)", f"{report.missing_account_weeks:,}"
    )
    left_out.add_row("episode weeks outside the mart's weeks (excluded)", f"{report.weeks_outside_mart:,}")
    left_out.add_row(
        "account-weeks inside two episodes (the later one counts)", f"{report.overlapping_account_weeks:,}"
    )
    left_out.add_row(
        "account-weeks with several mart rows (averaged)", f"{report.duplicated_mart_account_weeks:,}"
    )
    console.print(left_out)
