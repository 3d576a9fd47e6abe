"""The signal targets, and the figures of one world they judge (docs/evaluation.md#targets).

One home for the signal targets: ``emergence validate`` judges the demo warehouse with
:func:`world_failures`, and ``emergence validate --matrix`` judges each of V1-V5 with the same
function, plus the mean margin across them. Targets are set against truth-free baselines
and the oracle, never as an absolute AUC or an absolute margin over the MAP-style score:

- the emergence score's pooled AUC is at least every baseline's plus ``margin_each``;
- it closes at least ``gap_closed`` of the gap from the MAP-style score to the oracle;
- its river tier's median lead is at least the oracle's lead minus ``lead_slack_days``;
- its AUC for "opens an opportunity within 8 weeks" is at least the best lead score's plus
  ``opportunity_margin``;
- across the matrix's reported worlds, the mean margin over the best baseline is at least
  ``mean_margin``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = [
    "MatrixRow",
    "SignalTargets",
    "TargetCheck",
    "WorldResult",
    "gap_closed",
    "mean_margin_failures",
    "target_checks",
    "world_failures",
]


@dataclass(frozen=True)
class SignalTargets:
    """The bars the emergence signal must clear, relative to the baselines and the oracle."""

    margin_each: float = 0.01
    mean_margin: float = 0.02
    gap_closed: float = 0.60
    lead_slack_days: float = 7.0
    opportunity_margin: float = 0.0

    def describe(self) -> str:
        """The targets in one sentence, for the printed reports."""
        return (
            f"AUC >= best baseline + {self.margin_each:.2f}; closes >= {self.gap_closed:.0%} of the gap "
            f"from MAP-style to the oracle; river lead >= oracle lead - {self.lead_slack_days:g} days; "
            f"opportunity AUC >= best lead score's + {self.opportunity_margin:.2f}; across the matrix's "
            f"reported worlds, mean margin >= {self.mean_margin:.2f}"
        )


@dataclass(frozen=True)
class MatrixRow:
    """One signal's figures on one world."""

    signal: str
    auc: float | None
    opportunity_auc: float | None
    lead_days: float | None = None


def gap_closed(score_auc: float, map_auc: float, oracle_auc: float) -> float:
    """The share of the gap from the MAP-style score to the oracle that ``score_auc`` closes."""
    gap = oracle_auc - map_auc
    return math.nan if gap <= 0 else (score_auc - map_auc) / gap


@dataclass(frozen=True)
class WorldResult:
    """Every signal's figures on one world, with the river lead and the oracle's."""

    variant: str
    seconds: float
    emergence: MatrixRow
    baselines: tuple[MatrixRow, ...]
    oracle: MatrixRow
    oracle_lead_days: float | None

    @property
    def map_style(self) -> MatrixRow:
        return next(row for row in self.baselines if row.signal == "MAP-style")

    @property
    def best_baseline(self) -> MatrixRow:
        return max(self.baselines, key=lambda row: row.auc or 0.0)

    @property
    def best_lead_score(self) -> MatrixRow:
        return next(row for row in self.baselines if row.signal == "best lead score")

    @property
    def margin(self) -> float:
        return (self.emergence.auc or 0.0) - (self.best_baseline.auc or 0.0)

    @property
    def gap_closed(self) -> float:
        return gap_closed(self.emergence.auc or 0.0, self.map_style.auc or 0.0, self.oracle.auc or 0.0)


@dataclass(frozen=True)
class TargetCheck:
    """One target on one world: the figure, the bar it is held to, and whether it clears it."""

    target: str
    value: str
    bar: str
    ok: bool


def _days(value: float | None) -> str:
    return "n/a" if value is None else f"{value:g}"


def _auc(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4f}"


def target_checks(result: WorldResult, targets: SignalTargets | None = None) -> list[TargetCheck]:
    """Each per-world target held against ``result``."""
    targets = targets or SignalTargets()
    best, lead_score = result.best_baseline, result.best_lead_score
    lead, ceiling = result.emergence.lead_days, result.oracle_lead_days
    ours = result.emergence.opportunity_auc
    return [
        TargetCheck(
            "AUC over the best baseline",
            f"{_auc(result.emergence.auc)} ({result.margin:+.4f})",
            f">= {best.signal} {_auc(best.auc)} + {targets.margin_each:.2f}",
            result.emergence.auc is not None and result.margin >= targets.margin_each,
        ),
        TargetCheck(
            "share of the gap from MAP-style to the oracle closed",
            f"{result.gap_closed:.1%}",
            f">= {targets.gap_closed:.0%}",
            bool(result.gap_closed >= targets.gap_closed),
        ),
        TargetCheck(
            "median river lead before the opportunity (days)",
            _days(lead),
            f">= oracle {_days(ceiling)} - {targets.lead_slack_days:g}",
            lead is not None and (ceiling is None or lead >= ceiling - targets.lead_slack_days),
        ),
        TargetCheck(
            "AUC for 'opens an opportunity within the horizon'",
            _auc(ours),
            f">= best lead score {_auc(lead_score.opportunity_auc)}"
            + (f" + {targets.opportunity_margin:.2f}" if targets.opportunity_margin else ""),
            ours is not None and ours >= (lead_score.opportunity_auc or 0.0) + targets.opportunity_margin,
        ),
    ]


def world_failures(result: WorldResult, targets: SignalTargets | None = None) -> list[str]:
    """The per-world targets ``result`` misses, in words; an empty list means all are met."""
    return [
        f"{result.variant}: {check.target} is {check.value}; target {check.bar}"
        for check in target_checks(result, targets)
        if not check.ok
    ]


def mean_margin_failures(results: list[WorldResult], targets: SignalTargets | None = None) -> list[str]:
    """The matrix's target across worlds: the mean margin over the best baseline."""
    targets = targets or SignalTargets()
    if not results:
        return []
    mean = sum(r.margin for r in results) / len(results)
    if mean >= targets.mean_margin:
        return []
    return [f"mean margin over the best baseline {mean:+.4f}; target +{targets.mean_margin:.2f}"]
