"""Validation of the lead-system marts against the synthetic world's truth.

- **Contribution.** The share of opportunities that ``marts.fct_marketing_contribution``
  calls marketing-sourced, against the share the generator built: each truth episode's
  opportunity carries the first touch the generator gave it
  (``synth_truth.episodes.opportunity_lead_source``), mapped through the same
  ``lead_source_groups`` seed the warehouse uses. Dirty rows can move a few opportunities, so
  the two must agree within ``SOURCED_SHARE_TOLERANCE``.
- **Signal evaluation.** The AUC that ``marts.fct_signal_evaluation`` computes in SQL from the
  CRM's opportunities, against the AUC that :mod:`emergence.validate.signals` computes from the
  truth's opportunity dates (``SignalReport.opportunity_auc_emergence`` / ``_map``). They must
  agree within ``AUC_TOLERANCE``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from emergence.paths import project_dir
from emergence.sqlfiles import load_sql
from emergence.validate.common import Ratio, open_checked
from emergence.validate.signals import SignalReport

__all__ = ["MartReport", "print_mart_report", "validate_marts"]

CONTRIBUTION_MART = "marts.fct_marketing_contribution"
EVALUATION_MART = "marts.fct_signal_evaluation"
REQUIRED_COLUMNS = {
    CONTRIBUTION_MART: ("opportunity_id", "contribution_type"),
    EVALUATION_MART: ("signal_name", "auc"),
    "synth_truth.episodes": ("opportunity_id", "opportunity_lead_source"),
}
SOURCED_SHARE_TOLERANCE = 0.05
AUC_TOLERANCE = 0.02


@dataclass(frozen=True)
class MartReport:
    """The marts' figures beside the truth's."""

    sourced_mart: Ratio
    sourced_truth: Ratio
    auc_mart: dict[str, float | None]
    auc_truth: dict[str, float | None]

    def passes(self) -> list[str]:
        """The checks this report fails, in words; empty when every one passes."""
        failed = []
        mart, truth = self.sourced_mart.value, self.sourced_truth.value
        if mart is None or truth is None:
            failed.append(f"marketing-sourced share: nothing to compare (mart {mart}, truth {truth})")
        elif abs(mart - truth) > SOURCED_SHARE_TOLERANCE:
            failed.append(
                f"marketing-sourced share {mart:.4f} in {CONTRIBUTION_MART} differs from the truth's "
                f"{truth:.4f} by more than {SOURCED_SHARE_TOLERANCE}"
            )
        for signal, truth_auc in self.auc_truth.items():
            mart_auc = self.auc_mart.get(signal)
            if mart_auc is None or truth_auc is None:
                failed.append(f"{signal} AUC: nothing to compare (mart {mart_auc}, truth {truth_auc})")
            elif abs(mart_auc - truth_auc) > AUC_TOLERANCE:
                failed.append(
                    f"{signal} AUC {mart_auc:.4f} in {EVALUATION_MART} differs from the truth's "
                    f"{truth_auc:.4f} by more than {AUC_TOLERANCE}"
                )
        return failed


def _marketing_sources() -> list[str]:
    """Lead sources the lead_source_groups seed puts in the marketing group."""
    import csv

    with (project_dir() / "seeds" / "reference" / "lead_source_groups.csv").open(newline="") as handle:
        return [row["lead_source"] for row in csv.DictReader(handle) if row["source_group"] == "marketing"]


def validate_marts(database: Path, signals: SignalReport) -> MartReport:
    """Compare the contribution and evaluation marts in ``database`` with the truth."""
    sources = _marketing_sources()
    with open_checked(database, "lead-system mart", REQUIRED_COLUMNS) as con:
        mart = con.execute(load_sql(__file__, "marts_sourced_in_mart")).fetchone()
        truth = con.execute(
            load_sql(__file__, "marts_sourced_in_truth"), {"marketing_sources": sources}
        ).fetchone()
        aucs = dict(con.execute(load_sql(__file__, "marts_signal_aucs")).fetchall())
    return MartReport(
        sourced_mart=Ratio(int(mart[0]), int(mart[1])),
        sourced_truth=Ratio(int(truth[0]), int(truth[1])),
        auc_mart={name: (None if value is None else float(value)) for name, value in aucs.items()},
        auc_truth={
            "emergence": signals.opportunity_auc_emergence,
            "map_account_score": signals.opportunity_auc_map,
        },
    )


def print_mart_report(report: MartReport, console: Console) -> None:
    """One table: each mart figure beside the truth's, with its tolerance."""
    table = Table(title="Lead-system marts against ground truth")
    for name, justify in [
        ("figure", "left"),
        ("mart", "right"),
        ("truth", "right"),
        ("tolerance", "right"),
    ]:
        table.add_column(name, justify=justify)
    table.add_row(
        "opportunities marketing-sourced",
        str(report.sourced_mart),
        str(report.sourced_truth),
        f"± {SOURCED_SHARE_TOLERANCE}",
    )
    for signal, truth_auc in report.auc_truth.items():
        mart_auc = report.auc_mart.get(signal)
        table.add_row(
            f"AUC of {signal} for 'opens an opportunity'",
            "n/a" if mart_auc is None else f"{mart_auc:.4f}",
            "n/a" if truth_auc is None else f"{truth_auc:.4f}",
            f"± {AUC_TOLERANCE}",
        )
    console.print(table)
