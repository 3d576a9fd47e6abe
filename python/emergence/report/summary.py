"""The run summary printed after ``emergence run``: what the warehouse found."""

from __future__ import annotations

from pathlib import Path

import duckdb
from rich.console import Console
from rich.table import Table


def reconciliation_rows(database: Path) -> list[tuple]:
    """Per raw table: source, table, raw, kept, quarantined, superseded, deleted, ok."""
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(
            """
            select source_system, source_table, raw_rows, kept_rows, quarantined_rows,
                   superseded_rows, deleted_rows, is_reconciled, is_enabled
            from quality.fct_source_reconciliation
            order by source_system, source_table
            """
        ).fetchall()


def quarantine_reasons(database: Path) -> list[tuple]:
    """Quarantined rows by table and reason, largest first."""
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(
            """
            select source_system || '.' || source_table, dq_reason, count(*)
            from quality.fct_quarantined_rows
            group by all
            order by 3 desc, 1, 2
            """
        ).fetchall()


def print_summary(database: Path, timings: dict[str, float], console: Console | None = None) -> None:
    """Print the reconciliation, the quarantine reasons and the step timings."""
    console = console or Console(width=max(Console().width, 120))
    table = Table(title="Raw rows and where they went (raw = kept + quarantined + superseded + deleted)")
    for name, justify in [
        ("raw table", "left"),
        ("raw", "right"),
        ("kept", "right"),
        ("quarantined", "right"),
        ("superseded", "right"),
        ("deleted", "right"),
        ("reconciled", "center"),
    ]:
        table.add_column(name, justify=justify)
    totals = [0, 0, 0, 0, 0]
    for source, name, raw, kept, quarantined, superseded, deleted, ok, enabled in reconciliation_rows(
        database
    ):
        counts = [raw, kept, quarantined, superseded, deleted]
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        label = f"{source}.{name}" if enabled else f"{source}.{name} (switched off)"
        mark = "[green]yes[/green]" if ok else "[red]NO[/red]"
        table.add_row(label, *[f"{c:,}" for c in counts], mark)
    table.add_section()
    table.add_row("all raw tables", *[f"{c:,}" for c in totals], "")
    console.print(table)

    reasons = quarantine_reasons(database)
    if reasons:
        why = Table(title="Quarantined rows by reason (quality.fct_quarantined_rows)")
        why.add_column("table")
        why.add_column("reason")
        why.add_column("rows", justify="right")
        for name, reason, rows in reasons:
            why.add_row(name, reason, f"{rows:,}")
        console.print(why)

    steps = Table(title="Step timings")
    steps.add_column("step")
    steps.add_column("seconds", justify="right")
    for step, seconds in timings.items():
        steps.add_row(step, f"{seconds:.1f}")
    steps.add_row("total", f"{sum(timings.values()):.1f}")
    console.print(steps)
