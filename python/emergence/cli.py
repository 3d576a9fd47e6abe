"""The ``emergence`` command: the project's steps, one at a time or all together."""

from __future__ import annotations

import time
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from emergence.dbt import run_dbt
from emergence.paths import warehouse_path

app = typer.Typer(help="Account-level buying signals: generate a demo world, build, check, report.")
# Wide enough for the summary tables when output goes to a file or a CI log.
console = Console(width=max(Console().width, 120))

DatabaseOption = Annotated[
    Path | None,
    typer.Option(
        "--database", help="DuckDB file (default: $EMERGENCE_DUCKDB_PATH or warehouse/emergence.duckdb)."
    ),
]


def _database(database: Path | None) -> Path:
    return (database or warehouse_path()).resolve()


@app.command()
def generate(
    database: DatabaseOption = None,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same world.")] = 42,
    accounts: Annotated[int, typer.Option(help="Number of companies in the market.")] = 300,
    days: Annotated[int, typer.Option(help="Days of history.")] = 180,
    start_date: Annotated[
        datetime, typer.Option(formats=["%Y-%m-%d"], help="First day of history.")
    ] = datetime(2026, 1, 5),
    dirty_rate: Annotated[float, typer.Option(help="Share of dirty rows injected (0 turns it off).")] = 0.02,
) -> None:
    """Write a synthetic market, with its ground truth, into the raw schemas."""
    from emergence.synth import generate_world

    target = _database(database)
    target.parent.mkdir(parents=True, exist_ok=True)
    with console.status(f"Generating {accounts:,} accounts over {days} days"):
        stats = generate_world(
            target,
            seed=seed,
            accounts=accounts,
            days=days,
            start_date=start_date.date() if isinstance(start_date, datetime) else start_date,
            dirty_rate=dirty_rate,
        )
    total = sum(stats.rows.values())
    console.print(f"Generated {total:,} raw rows in {stats.elapsed_seconds:.1f} s into {target}")


@app.command()
def build(
    database: DatabaseOption = None,
    select: Annotated[str | None, typer.Option(help="dbt selector.")] = None,
    full_refresh: Annotated[bool, typer.Option(help="Rebuild incremental models.")] = False,
) -> None:
    """Run ``dbt build`` (seeds, models, unit and data tests) on the warehouse."""
    args = ["build"]
    if select:
        args += ["--select", select]
    if full_refresh:
        args.append("--full-refresh")
    run_dbt(args, _database(database))


@app.command()
def summary(database: DatabaseOption = None) -> None:
    """Print what the warehouse found."""
    from emergence.report.summary import print_summary

    print_summary(_database(database), {}, console)


@app.command()
def report(
    database: DatabaseOption = None,
    output: Annotated[
        Path | None,
        typer.Option(help="HTML file to write (default: report/index.html beside the warehouse)."),
    ] = None,
) -> None:
    """Write the HTML report: one self-contained file with the charts, readable offline."""
    from emergence.report.html import write_report

    path, written = write_report(_database(database), output)
    for chart in written.charts:
        if chart.missing:
            console.print(f"[yellow]{chart.heading}: not built[/yellow] ({chart.missing})")
    console.print(f"Report written to {path} in {written.render_seconds:.1f} s")


@app.command()
def run(
    database: DatabaseOption = None,
    seed: Annotated[int, typer.Option(help="Random seed of the demo world.")] = 42,
    accounts: Annotated[int, typer.Option(help="Companies in the demo world.")] = 300,
    days: Annotated[int, typer.Option(help="Days of history in the demo world.")] = 180,
) -> None:
    """The demo: generate a world, build it with dbt, print what was found and write the HTML report."""
    from emergence.report.summary import print_summary
    from emergence.synth import generate_world

    target = _database(database)
    target.parent.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}

    started = time.perf_counter()
    with console.status(f"Generating the demo world ({accounts:,} accounts, {days} days)"):
        stats = generate_world(target, seed=seed, accounts=accounts, days=days, start_date=date(2026, 1, 5))
    timings["generate"] = time.perf_counter() - started
    console.print(f"Generated {sum(stats.rows.values()):,} raw rows into {target}")

    started = time.perf_counter()
    console.rule("dbt build")
    run_dbt(["build"], target)
    timings["dbt build"] = time.perf_counter() - started

    print_summary(target, timings, console)
    report(target)


@app.command()
def validate(database: DatabaseOption = None) -> None:
    """Compare the warehouse with the synthetic world's ground truth (demo worlds only).

    Identity: touch -> account precision and recall, person stitching precision, the share
    of titles mapped to a function. Buying teams: the median absolute percentage error of
    the estimated team size during in-market episodes, beside a "seen only" baseline.
    Signals: the AUC and top-decile lift of the emergence score and of the MAP-style score
    for in-market account-weeks, and how many days before the opportunity the river tier
    comes. Lead-system marts: the marketing-sourced share and the evaluation mart's AUC
    against the truth's.
    Exits 1 when a target is missed.
    """
    from emergence.validate import (
        print_identity_report,
        print_mart_report,
        print_signal_report,
        print_team_size_report,
        validate_identity,
        validate_marts,
        validate_signals,
        validate_team_size,
    )

    target = _database(database)
    identity = validate_identity(target)
    print_identity_report(identity, console)
    failed = identity.passes()
    team_size = validate_team_size(target)
    print_team_size_report(team_size, console)
    failed += team_size.passes()
    signals = validate_signals(target)
    print_signal_report(signals, console)
    failed += signals.passes()
    marts = validate_marts(target, signals)
    print_mart_report(marts, console)
    failed += marts.passes()
    if failed:
        for line in failed:
            console.print(f"[red]target missed:[/red] {line}")
        raise typer.Exit(code=1)
    console.print("[green]Every target is met.[/green]")


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
