"""The ``emergence`` command: the project's steps, one at a time or all together."""

from __future__ import annotations

import time
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from emergence.dbt import build_args, run_dbt
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


def _dbt_or_exit(args: list[str], database: Path) -> None:
    """Run dbt; on failure say so in one line (dbt has printed the cause) and exit 1."""
    try:
        run_dbt(args, database)
    except RuntimeError as error:
        console.print(f"[red]{error}[/red] See dbt's messages above; nothing was published.")
        raise typer.Exit(code=1) from None


def _quality_or_exit(database: Path, sample_rows: int, layers: tuple[str, ...] | None = None) -> None:
    """Run the GX suites; print failures naming table, column, expectation and rows."""
    from emergence.quality import run_quality
    from emergence.quality.runner import LAYERS, data_docs_index

    with console.status("Running the Great Expectations suites"):
        report = run_quality(database, layers=layers or LAYERS, sample_rows=sample_rows)
    for layer, (total, failed, warned) in report.counts_by_layer().items():
        console.print(f"quality {layer}: {total} expectations, {failed} failed, {warned} warnings")
    for result in report.warnings:
        console.print(f"warning: {result.message()}", style="yellow", markup=False, soft_wrap=True)
    for result in report.failures:
        console.print(f"failed: {result.message()}", style="red", markup=False, soft_wrap=True)
    results = report.quality_dir / "results.json"
    console.print(f"Results: {results}; Data Docs: {data_docs_index(report.quality_dir)}")
    if not report.ok:
        console.print("[red]Quality checks failed; nothing was published.[/red]")
        raise typer.Exit(code=1)


def _publish(database: Path, keep: int) -> None:
    from emergence.publish import publish

    snapshot = publish(database, keep=keep)
    console.print(
        f"Published {len(snapshot.tables)} tables as {snapshot.folder} "
        f"(current -> {snapshot.version}) in {snapshot.seconds:.1f} s"
    )


SampleOption = Annotated[
    int, typer.Option(help="Validate tables larger than this on a repeatable sample of this many rows.")
]
KeepOption = Annotated[int, typer.Option(help="Published versions to keep (the current one included).")]


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
    social_visit_share: Annotated[
        float, typer.Option(help="Share of the visits not from an email that a social network refers.")
    ] = 0.07,
    map_: Annotated[
        str,
        typer.Option(
            "--map",
            help="The marketing-automation platform that records the world: marketo, hubspot, or both "
            "(Marketo until halfway, HubSpot after). Build a HubSpot world with dbt build "
            "--vars '{emergence__using_hubspot: true}'.",
        ),
    ] = "marketo",
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
            knobs={"social_visit_share": social_visit_share},
            mapping=map_,
        )
    total = sum(stats.rows.values())
    console.print(f"Generated {total:,} raw rows in {stats.elapsed_seconds:.1f} s into {target}")
    console.print("Build it with `emergence build --full-refresh`: a new world is not a new day.")


@app.command()
def build(
    database: DatabaseOption = None,
    select: Annotated[str | None, typer.Option(help="dbt selector.")] = None,
    full_refresh: Annotated[bool, typer.Option(help="Rebuild incremental models.")] = False,
    unit_tests: Annotated[
        bool, typer.Option(help="Run the unit tests; scheduled runs skip them (they test SQL, not data).")
    ] = True,
    daily_checks: Annotated[
        bool,
        typer.Option(
            help="The daily run's checks: tests of incremental models read the rows the day wrote, "
            "tests of seeds and macros are left out (README, 'Run on a schedule')."
        ),
    ] = False,
) -> None:
    """Run ``dbt build`` (seeds, models, unit and data tests) on the warehouse."""
    if full_refresh and daily_checks:
        console.print(
            "[red]--daily-checks is for the incremental day; a full refresh checks everything.[/red]"
        )
        raise typer.Exit(code=2)
    args = build_args(full_refresh=full_refresh, unit_tests=unit_tests, daily_checks=daily_checks)
    if select:
        args += ["--select", select]
    _dbt_or_exit(args, _database(database))


@app.command()
def doctor(
    database: DatabaseOption = None,
    dbt_vars: Annotated[
        str | None, typer.Option("--vars", help="dbt vars as YAML or JSON, as you would pass to dbt build.")
    ] = None,
) -> None:
    """Check the raw schemas against the contract before the first build.

    Per raw table: found, missing or switched off; the required and optional columns it
    lacks; the var to set. Exits 1 when ``dbt build`` would stop (docs/raw_contract.md).
    Runs ``dbt run-operation emergence_doctor``, which users without this CLI run directly.
    """
    import yaml

    args = ["run-operation", "emergence_doctor"]
    try:
        run_dbt(args, _database(database), dbt_vars=yaml.safe_load(dbt_vars) if dbt_vars else None)
    except RuntimeError:
        console.print("[red]emergence doctor: dbt build would stop; see the tables above.[/red]")
        raise typer.Exit(code=1) from None


@app.command()
def quality(
    database: DatabaseOption = None,
    sample_rows: SampleOption = 100_000,
    layer: Annotated[
        list[str] | None, typer.Option(help="Only this layer (raw, staging, marts); repeatable.")
    ] = None,
) -> None:
    """Run the Great Expectations suites of every layer (raw, staging, marts).

    Results and Data Docs go to the warehouse folder's quality/; a failed expectation
    exits 1 with the table, column, expectation and example rows.
    """
    _quality_or_exit(_database(database), sample_rows, tuple(layer) if layer else None)


@app.command()
def publish(
    database: DatabaseOption = None,
    keep: KeepOption = 2,
    force: Annotated[bool, typer.Option(help="Publish without a passing quality run.")] = False,
) -> None:
    """Publish the marts for readers: Parquet per mart and a DuckDB file of views, under
    the warehouse folder's published/<version>/, with `current` switched atomically.

    Refuses unless the last `emergence quality` run checked every layer and passed, after
    the warehouse's last build (--force skips that check).
    """
    import json

    target = _database(database)
    results = target.parent / "quality" / "results.json"
    if not force:
        last = json.loads(results.read_text()) if results.exists() else {}
        passed = last.get("ok") is True and set(last.get("layers") or []) == {"raw", "staging", "marts"}
        fresh = results.exists() and results.stat().st_mtime >= target.stat().st_mtime
        if not (passed and fresh):
            console.print(
                "[red]Not published:[/red] run `emergence quality` (every layer) after the last build "
                "and let it pass "
                "(or pass --force)."
            )
            raise typer.Exit(code=1)
    _publish(target, keep)


@app.command()
def calibrate(
    database: DatabaseOption = None,
    holdout_weeks: Annotated[
        int, typer.Option(help="Newest weeks held out to compare before and after.")
    ] = 8,
    min_outcomes: Annotated[
        int, typer.Option(help="Positive account-weeks needed both to fit on and held out.")
    ] = 30,
    parameter_set: Annotated[
        str | None, typer.Option(help="The set to start from (default: the var emergence_parameter_set).")
    ] = None,
    seed: Annotated[
        Path | None, typer.Option(help="The scoring_parameters seed to write (default: the project's).")
    ] = None,
) -> None:
    """Fit the emergence score's weights to this warehouse's own outcomes (opportunities opened
    within evaluation_horizon_weeks), on older weeks, and report before/after on the newest ones.

    Writes the set `calibrated` into the scoring_parameters seed; select it with the var
    emergence_parameter_set and rebuild. With too few outcomes it says so and changes nothing
    (exit 1).
    """
    from emergence.calibrate import (
        CALIBRATED_SET,
        load_calibration_rows,
        write_parameter_set,
    )
    from emergence.calibrate import (
        calibrate as fit,
    )
    from emergence.paths import project_dir
    from emergence.scoring.emergence import WEIGHT_NAMES
    from emergence.validate.matrix import project_vars, seed_params

    settings = project_vars()
    chosen = parameter_set or str(settings["emergence_parameter_set"])
    seed_file = seed or project_dir() / "seeds" / "scoring" / "scoring_parameters.csv"
    rows = load_calibration_rows(_database(database))
    horizon = int(settings["evaluation_horizon_weeks"])
    result = fit(rows, seed_params(chosen, seed_file), horizon, holdout_weeks, min_outcomes)
    console.print(
        f"Fit on {result.train_weeks} weeks before {result.cut} ({result.train_positives} positive "
        f"account-weeks), held out {result.holdout_weeks} weeks ({result.holdout_positives} positive)."
    )
    if result.refused:
        console.print(f"[red]Not calibrated:[/red] {result.refused}. The seed is unchanged.")
        raise typer.Exit(code=1)
    note = (
        f"fitted by emergence calibrate on weeks before {result.cut}; held-out AUC "
        f"{result.auc_before:.3f} ({chosen}) -> {result.auc_after:.3f}"
    )
    write_parameter_set(seed_file, result.params, CALIBRATED_SET, note, chosen)
    for name in (f"weight_{n}" for n in WEIGHT_NAMES):
        console.print(f"{name}: {getattr(result.params, name):g}")
    console.print(
        f"Held-out AUC for 'opens an opportunity within {horizon} weeks': {result.auc_before:.4f} with "
        f"'{chosen}', {result.auc_after:.4f} calibrated. Wrote the set '{CALIBRATED_SET}' to {seed_file}; "
        f"use it with --vars '{{emergence_parameter_set: {CALIBRATED_SET}}}' (or set the var) and rebuild."
    )
    if result.auc_after < result.auc_before:
        console.print(
            f"[yellow]The calibrated set ranks the held-out weeks worse than '{chosen}': keep '{chosen}' "
            "until more outcomes have accrued.[/yellow]"
        )


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
    sample_rows: SampleOption = 100_000,
    keep: KeepOption = 2,
) -> None:
    """The demo: generate a world, build it, check it, publish it, print what was found, write the report.

    A failed build or quality check stops the run and publishes nothing.
    """
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
    # A regenerated world replaces the raw tables wholesale: it is not a new day for the
    # incremental models, which would keep the previous world's rows.
    _dbt_or_exit(build_args(full_refresh=True), target)
    timings["dbt build"] = time.perf_counter() - started

    started = time.perf_counter()
    console.rule("quality")
    _quality_or_exit(target, sample_rows)
    timings["quality"] = time.perf_counter() - started

    started = time.perf_counter()
    _publish(target, keep)
    timings["publish"] = time.perf_counter() - started

    started = time.perf_counter()
    with console.status("Writing the HTML report"):
        report(target)
    timings["report"] = time.perf_counter() - started

    print_summary(target, timings, console)


def _validate_matrix(accounts: int, days: int, variants: str | None, reuse: bool) -> None:
    """Build the variant worlds, print the signal matrix, exit 1 when a target is missed."""
    from emergence.validate.matrix_report import print_matrix, run_matrix

    started = time.perf_counter()
    names = tuple(v.strip() for v in variants.split(",")) if variants else None
    results = run_matrix(accounts=accounts, days=days, names=names, reuse=reuse, console=console)
    failed = print_matrix(results, console, accounts, days)
    console.print(f"Matrix run time: {time.perf_counter() - started:.0f} s")
    if failed:
        for line in failed:
            console.print(f"[red]target missed:[/red] {line}")
        raise typer.Exit(code=1)
    console.print("[green]Every matrix target is met.[/green]")


@app.command()
def validate(
    database: DatabaseOption = None,
    matrix: Annotated[
        bool,
        typer.Option(
            help="Build the six variant worlds (warehouse/matrix/) and print the signal matrix instead."
        ),
    ] = False,
    accounts: Annotated[int, typer.Option(help="With --matrix: companies per world.")] = 300,
    days: Annotated[int, typer.Option(help="With --matrix: days of history per world.")] = 180,
    variants: Annotated[
        str | None, typer.Option(help="With --matrix: the variants to run, e.g. V0,V1 (default: all).")
    ] = None,
    reuse: Annotated[
        bool, typer.Option(help="With --matrix: reuse a world already built from the same settings.")
    ] = True,
) -> None:
    """Compare the warehouse with the synthetic world's ground truth (demo worlds only).

    With --matrix: build the worlds V0-V5 (emergence.synth.variants) and print one table of
    the emergence score, each baseline, the oracle and the lead times (docs/evaluation.md#matrix).

    Identity: touch -> account precision and recall, person stitching precision, the share
    of titles mapped to a function. Buying teams: the median absolute percentage error of
    the estimated team size during in-market episodes, beside a "seen only" baseline.
    Signals: the AUC and top-decile lift of the emergence score and of the MAP-style score
    for in-market account-weeks, and how many days before the opportunity the river tier
    comes. Lead-system marts: the marketing-sourced share and the evaluation mart's AUC
    against the truth's. Funnel: the conversion rates of mature cohorts against the rates the generator
    planned (synth_truth.funnel_rates).
    Exits 1 when a target is missed.
    """
    from emergence.validate import (
        print_funnel_report,
        print_identity_report,
        print_mart_report,
        print_signal_report,
        print_team_size_report,
        validate_funnel,
        validate_identity,
        validate_marts,
        validate_signals,
        validate_team_size,
    )

    if matrix:
        _validate_matrix(accounts, days, variants, reuse)
        return
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
    funnel = validate_funnel(target)
    print_funnel_report(funnel, console)
    failed += funnel.passes()
    if failed:
        for line in failed:
            console.print(f"[red]target missed:[/red] {line}")
        raise typer.Exit(code=1)
    console.print("[green]Every target is met.[/green]")


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
