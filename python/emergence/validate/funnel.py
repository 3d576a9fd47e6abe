"""Funnel validation: do the warehouse's conversion rates match the rates the world was built with?

Compares ``marts.fct_lead_funnel`` with ``synth_truth.funnel_rates``, which the generator writes
from the stage path it planned for every Salesforce lead (``lifecycle.status_paths``) and each
lead's final status, per lead cohort month.

Definitions
-----------
Steps. inquiry -> mql, mql -> sal, sal -> sql and sql -> opportunity: of the leads that entered
the first stage, the share that went on to any later funnel stage (as ``fct_lead_funnel`` counts).

Cohorts. Only the cohort months the warehouse judges mature (``is_mature_cohort``): younger ones
have not had time to convert. The warehouse's rate is ``sum(converted_to_next) / sum(entered)``
over those cohorts (all sources and segments); the truth's rate is ``sum(converted) /
sum(entered)`` of ``synth_truth.funnel_rates`` over the same cohort months.

Range. The Wilson score interval of the truth's rate at 99% (z = 2.576), widened by ``slack``
(0.03) on each side for what the generator does after planning: paths cut at the end of the
period, and dirty rows that drop a few history rows. The step passes when the warehouse's rate
falls within the range.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from emergence.sqlfiles import load_sql
from emergence.synth.truth import wilson_interval
from emergence.validate.common import Ratio, open_checked

__all__ = ["FunnelReport", "FunnelStep", "print_funnel_report", "validate_funnel"]

MART = "marts.fct_lead_funnel"
TRUTH = "synth_truth.funnel_rates"
REQUIRED_COLUMNS = {
    MART: ("cohort_month", "lead_stage", "next_stage", "entered", "converted_to_next", "is_mature_cohort"),
    TRUTH: ("cohort_month", "from_stage", "to_stage", "entered", "converted"),
}
Z_99 = 2.576
DEFAULT_SLACK = 0.03


@dataclass(frozen=True)
class FunnelStep:
    """One step of the waterfall: the warehouse's rate, the truth's and the range allowed."""

    from_stage: str
    to_stage: str
    warehouse: Ratio
    truth: Ratio
    low: float
    high: float

    @property
    def within(self) -> bool:
        """Whether the warehouse's rate falls within [low, high]."""
        value = self.warehouse.value
        return value is not None and self.low <= value <= self.high


@dataclass
class FunnelReport:
    """Every step, and the mature cohorts they were measured over."""

    steps: list[FunnelStep] = field(default_factory=list)
    mature_cohorts: int = 0

    def passes(self) -> list[str]:
        """The steps whose rate falls outside its range, in words; empty when all pass."""
        if not self.steps:
            return ["funnel: nothing to measure (no mature cohort with leads)"]
        return [
            f"funnel {s.from_stage} -> {s.to_stage}: warehouse rate {s.warehouse} outside "
            f"[{s.low:.3f}, {s.high:.3f}] around the generator's {s.truth}"
            for s in self.steps
            if not s.within
        ]


def validate_funnel(database: Path, slack: float = DEFAULT_SLACK) -> FunnelReport:
    """Measure the funnel steps of the warehouse in ``database`` against the truth."""
    con = open_checked(database, "funnel", REQUIRED_COLUMNS)
    try:
        rows = con.execute(load_sql(__file__, "funnel_steps")).fetchall()
    finally:
        con.close()
    report = FunnelReport()
    for from_stage, to_stage, w_conv, w_entered, t_conv, t_entered, mature in rows:
        low, high = wilson_interval(int(t_conv), int(t_entered), z=Z_99)
        report.steps.append(
            FunnelStep(
                from_stage=from_stage,
                to_stage=to_stage,
                warehouse=Ratio(int(w_conv), int(w_entered)),
                truth=Ratio(int(t_conv), int(t_entered)),
                low=max(0.0, low - slack),
                high=min(1.0, high + slack),
            )
        )
        report.mature_cohorts = int(mature)
    return report


def print_funnel_report(report: FunnelReport, console: Console) -> None:
    """The steps as a table."""
    table = Table(
        title=f"Funnel conversion vs the generator's intent ({report.mature_cohorts} mature cohorts)"
    )
    for name in ["step", "warehouse", "generator", "range", "ok"]:
        table.add_column(name, justify="left" if name == "step" else "right")
    for s in report.steps:
        table.add_row(
            f"{s.from_stage} -> {s.to_stage}",
            str(s.warehouse),
            str(s.truth),
            f"{s.low:.3f} - {s.high:.3f}",
            "[green]yes[/green]" if s.within else "[red]NO[/red]",
        )
    console.print(table)
