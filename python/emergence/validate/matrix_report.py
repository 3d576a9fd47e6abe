"""``emergence validate --matrix``: build the six worlds, measure, print one table."""

from __future__ import annotations

import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from emergence.synth.variants import TUNING_VARIANT, VARIANTS
from emergence.validate.matrix import WorldResult, load_world, matrix_failures, measure_world
from emergence.validate.matrix_build import build_world, matrix_folder
from emergence.validate.targets import SignalTargets

__all__ = ["print_matrix", "run_matrix"]


def run_matrix(
    accounts: int = 300,
    days: int = 180,
    names: tuple[str, ...] | None = None,
    folder: Path | None = None,
    reuse: bool = True,
    console: Console | None = None,
) -> list[WorldResult]:
    """Build (or reuse) each variant's world and measure every signal on it."""
    results = []
    for variant in VARIANTS:
        if names and variant.name not in names:
            continue
        started = time.perf_counter()
        if console:
            console.print(f"{variant.name}: {variant.description}")
        built = build_world(variant, folder or matrix_folder(), accounts, days, reuse=reuse)
        results.append(measure_world(variant.name, load_world(built.database), time.perf_counter() - started))
    return results


def _auc(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _days(value: float | None) -> str:
    return "n/a" if value is None else f"{value:g}"


# Column headers short enough for one table on a terminal.
SHORT_NAMES = {
    "engaged people 7d": "ppl 7d",
    "engaged people 28d": "ppl 28d",
    "people / expected team": "ppl/E",
    "MAP-style": "MAP",
    "most active person": "top pers.",
    "best lead score": "best lead",
}


def print_matrix(results: list[WorldResult], console: Console, accounts: int, days: int) -> list[str]:
    """Print the matrix and the targets; return the targets missed."""
    table = Table(
        title="Signal matrix: pooled weekly AUC for 'in market' "
        f"({accounts} accounts x {days} days per world; parameters chosen on {TUNING_VARIANT}, marked *)"
    )
    headers = ["world", "emerg.", *SHORT_NAMES.values(), "oracle", "margin", "gap"]
    for name in [*headers, "lead", "oracle lead", "opp. AUC em./lead"]:
        table.add_column(name, justify="left" if name == "world" else "right", no_wrap=True)
    for r in results:
        table.add_row(
            r.variant + ("*" if r.variant == TUNING_VARIANT else ""),
            _auc(r.emergence.auc),
            *[_auc(row.auc) for row in r.baselines],
            _auc(r.oracle.auc),
            f"{r.margin:+.3f}",
            f"{r.gap_closed:.0%}",
            _days(r.emergence.lead_days),
            _days(r.oracle_lead_days),
            f"{_auc(r.emergence.opportunity_auc)}/{_auc(r.best_lead_score.opportunity_auc)}",
        )
    # The table needs about 150 columns; a narrower terminal would cut the figures.
    (console if console.width >= 160 else Console(width=160, file=console.file)).print(table)
    console.print(
        "emerg.: the emergence score (fct_account_emergence); baselines: "
        + "; ".join(f"{short}: {name}" for name, short in SHORT_NAMES.items())
        + "; margin: over the best baseline; gap: share of the gap from MAP to the oracle closed; "
        "lead: median days from the first river week to the opportunity (oracle: half the true team seen)."
    )
    targets = SignalTargets()
    console.print(
        f"Targets on every world but {TUNING_VARIANT} (docs/evaluation.md#targets): {targets.describe()}."
    )
    return matrix_failures(results, TUNING_VARIANT, targets)
