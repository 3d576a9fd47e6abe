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


def touch_rows(database: Path) -> list[tuple]:
    """Per channel: touches, bot touches, share with an account, weighted engagement."""
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(
            """
            select channel, count(*), count(*) filter (where is_bot),
                   avg(case when account_key is not null then 1.0 else 0.0 end), sum(weight)
            from marts.fct_touches
            group by channel
            order by 2 desc
            """
        ).fetchall()


def resolution_rows(database: Path) -> list[tuple]:
    """Share of touches resolved to an account, by method (unresolved last)."""
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(
            """
            select coalesce(account_method, 'unresolved') as method, count(*) as touches,
                   count(*) / sum(count(*)) over () as share
            from marts.fct_touches
            group by method
            order by method = 'unresolved', touches desc
            """
        ).fetchall()


def people_rows(database: Path) -> list[tuple]:
    """Known and anonymous people: how many, and how many belong to an account."""
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(
            """
            select case when is_anonymous then 'anonymous visitors' else 'known by email' end,
                   count(*) filter (where not is_bot), count(account_key) filter (where not is_bot),
                   count(*) filter (where is_bot)
            from marts.dim_people
            group by 1
            order by 1 desc
            """
        ).fetchall()


def _print_identity(database: Path, console: Console) -> None:
    touches = Table(title="Touches by channel (marts.fct_touches)")
    for name in ["channel", "touches", "bot touches", "with an account", "weighted engagement"]:
        touches.add_column(name, justify="left" if name == "channel" else "right")
    for channel, count, bots, resolved, weight in touch_rows(database):
        touches.add_row(channel, f"{count:,}", f"{bots:,}", f"{resolved:.1%}", f"{weight or 0:,.0f}")
    console.print(touches)

    methods = Table(title="How touches were resolved to an account (docs/identity.md)")
    for name in ["method", "touches", "share"]:
        methods.add_column(name, justify="left" if name == "method" else "right")
    for method, count, share in resolution_rows(database):
        methods.add_row(method, f"{count:,}", f"{share:.1%}")
    console.print(methods)

    people = Table(title="People (marts.dim_people)")
    for name in ["people", "count", "with an account", "bots left out"]:
        people.add_column(name, justify="left" if name == "people" else "right")
    for kind, count, with_account, bots in people_rows(database):
        people.add_row(kind, f"{count:,}", f"{with_account:,}", f"{bots:,}")
    console.print(people)


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

    _print_identity(database, console)

    steps = Table(title="Step timings")
    steps.add_column("step")
    steps.add_column("seconds", justify="right")
    for step, seconds in timings.items():
        steps.add_row(step, f"{seconds:.1f}")
    steps.add_row("total", f"{sum(timings.values()):.1f}")
    console.print(steps)
