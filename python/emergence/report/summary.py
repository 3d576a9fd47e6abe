"""The run summary printed after ``emergence run``: what the warehouse found."""

from __future__ import annotations

from pathlib import Path

import duckdb
from rich.console import Console
from rich.table import Table

from emergence.sqlfiles import load_sql


def _rows(database: Path, query: str, parameters: dict[str, object] | None = None) -> list[tuple]:
    """The rows of the query ``query`` (report/sql/<query>.sql) on ``database``, read-only."""
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(load_sql(__file__, query), parameters).fetchall()


def reconciliation_rows(database: Path) -> list[tuple]:
    """Per raw table: source, table, raw, kept, quarantined, superseded, deleted, ok."""
    return _rows(database, "summary_reconciliation")


def quarantine_reasons(database: Path) -> list[tuple]:
    """Quarantined rows by table and reason, largest first."""
    return _rows(database, "summary_quarantine_reasons")


def touch_rows(database: Path) -> list[tuple]:
    """Per channel: touches, bot touches, share with an account, weighted engagement."""
    return _rows(database, "summary_touches_by_channel")


def resolution_rows(database: Path) -> list[tuple]:
    """Share of touches resolved to an account, by method (unresolved last)."""
    return _rows(database, "summary_resolution_by_method")


def people_rows(database: Path) -> list[tuple]:
    """Known and anonymous people: how many, and how many belong to an account."""
    return _rows(database, "summary_people")


def tier_rows(database: Path) -> list[tuple]:
    """Accounts at each tier in the newest week of the emergence mart."""
    return _rows(database, "tiers_latest_week")


def rising_rows(database: Path, limit: int = 10) -> list[tuple]:
    """The accounts whose emergence score rose most over the last four weeks."""
    return _rows(database, "summary_rising_accounts", {"row_limit": limit})


def _print_emergence(database: Path, console: Console) -> None:
    tiers = tier_rows(database)
    if not tiers:
        return
    table = Table(title=f"Accounts by tier, week of {str(tiers[0][2])[:10]}")
    table.add_column("tier")
    table.add_column("accounts", justify="right")
    for tier, count, _week in tiers:
        table.add_row(tier, f"{count:,}")
    console.print(table)

    rising = Table(title="Top rising accounts (emergence score, change over four weeks)")
    for name in ["account", "tier", "score", "rise", "why"]:
        rising.add_column(name, justify="right" if name in ("score", "rise") else "left")
    for account, tier, score, rise, explanation in rising_rows(database):
        rising.add_row(account, tier, f"{score:.1f}", f"+{rise:.1f}", explanation)
    console.print(rising)


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


def _print_quality(database: Path, console: Console) -> None:
    """The last `emergence quality` run on this warehouse and the published snapshot."""
    import json
    import os

    results = database.parent / "quality" / "results.json"
    if not results.exists():
        return
    report = json.loads(results.read_text())
    table = Table(title=f"Quality checks (emergence quality; {results.parent})")
    for name in ["layer", "expectations", "failed", "warnings"]:
        table.add_column(name, justify="left" if name == "layer" else "right")
    counts: dict[str, list[int]] = {}
    for r in report["results"]:
        row = counts.setdefault(r["layer"], [0, 0, 0])
        row[0] += 1
        row[1] += int(not r["success"] and r["severity"] == "error")
        row[2] += int(not r["success"] and r["severity"] != "error")
    for layer, (total, failed, warned) in counts.items():
        table.add_row(layer, f"{total:,}", f"{failed:,}", f"{warned:,}")
    console.print(table)
    current = database.parent / "published" / "current"
    if current.is_symlink():
        console.print(f"Published snapshot for readers: {current} -> {os.readlink(current)}")


def contribution_totals(database: Path) -> tuple | None:
    """Pipeline and revenue over every quarter, with marketing's sourced and influenced parts."""
    rows = _rows(database, "summary_contribution_totals")
    return rows[0] if rows and rows[0][0] is not None else None


def channel_contribution_rows(database: Path) -> list[tuple]:
    """Per channel: opportunities touched before creation, their share, pipeline and its share."""
    return _rows(database, "summary_channel_contribution")


def evaluation_rows(database: Path) -> list[tuple]:
    """Per signal: AUC, top-decile lift, precision at the top K, median lead, horizon."""
    return _rows(database, "summary_signal_evaluation")


def _share_text(part: float | None, whole: float | None) -> str:
    return "n/a" if not whole else f"{(part or 0) / whole:.0%}"


def _print_contribution(database: Path, console: Console) -> None:
    totals = contribution_totals(database)
    if totals is None:
        return
    pipe, pipe_src, pipe_inf, rev, rev_src, rev_inf, opened, won, model, pipe_att, rev_att = totals
    table = Table(
        title="Marketing contribution (marts.fct_marketing_contribution_quarterly): "
        "pipeline and revenue are kept apart"
    )
    for name in ["measure", "total", "sourced", "influenced", "contribution share", f"credited ({model})"]:
        table.add_column(name, justify="left" if name == "measure" else "right")
    table.add_row(
        f"pipeline created ({opened:,} opportunities)",
        f"{pipe:,.0f}",
        _share_text(pipe_src, pipe),
        _share_text(pipe_inf, pipe),
        _share_text((pipe_src or 0) + (pipe_inf or 0), pipe),
        _share_text(pipe_att, pipe),
    )
    table.add_row(
        f"revenue won ({won:,} opportunities)",
        f"{rev:,.0f}",
        _share_text(rev_src, rev),
        _share_text(rev_inf, rev),
        _share_text((rev_src or 0) + (rev_inf or 0), rev),
        _share_text(rev_att, rev),
    )
    console.print(table)
    _print_channel_contribution(database, console)


def _print_channel_contribution(database: Path, console: Console) -> None:
    channels = Table(title="Channels before opportunities (marts.fct_channel_contribution): they overlap")
    for name in ["channel", "opportunities touched", "share", "pipeline touched", "pipeline share"]:
        channels.add_column(name, justify="left" if name == "channel" else "right")
    for channel, touched, share, pipeline, pipe_share in channel_contribution_rows(database):
        channels.add_row(channel, f"{touched:,}", _percent(share), f"{pipeline:,.0f}", _percent(pipe_share))
    console.print(channels)


def _percent(share: float | None) -> str:
    return "n/a" if share is None else f"{share:.0%}"


def _print_evaluation(database: Path, console: Console) -> None:
    rows = evaluation_rows(database)
    if not rows:
        return
    horizon, positives, weeks = rows[0][7], rows[0][8], rows[0][9]
    table = Table(
        title=f"Which signal finds the accounts that open an opportunity within {horizon} weeks? "
        f"(marts.fct_signal_evaluation; {positives:,} of {weeks:,} account-weeks did)"
    )
    for name in ["signal", "AUC", "top-decile lift", "precision at top K", "median lead (days)"]:
        table.add_column(name, justify="left" if name == "signal" else "right")
    for signal, auc, lift, precision, top_k, lead, flagged, *_, sufficiency in rows:
        table.add_row(
            signal,
            f"n/a ({sufficiency})" if auc is None else f"{auc:.3f}",
            "n/a" if lift is None else f"{lift:.2f}",
            "n/a" if precision is None else f"{precision:.0%} (K={top_k})",
            "n/a" if lead is None else f"{lead:g} ({flagged} opportunities)",
        )
    console.print(table)


def reverse_funnel_rows(database: Path) -> list[tuple]:
    """The reverse funnel's steps, in order: needed, range, rate, its source and sample."""
    return _rows(database, "summary_reverse_funnel")


def _print_reverse_funnel(database: Path, console: Console) -> None:
    rows = reverse_funnel_rows(database)
    if not rows:
        return
    target, months = rows[0][8], rows[0][9]
    table = Table(
        title=f"Reverse funnel (marts.fct_reverse_funnel): what a revenue target of {target:,.0f} over "
        f"{months} months takes"
    )
    for name in ["step", "needed", "range (90%)", "rate used", "from"]:
        table.add_column(name, justify="left" if name in ("step", "from") else "right")
    for step, needed, low, high, rate_name, rate, source, sample, _, _, sufficiency in rows:
        if rate_name is None:
            continue
        shown = f"{rate:,.0f}" if rate_name == "deal_size" else f"{rate:.1%}"
        table.add_row(
            step.replace("_", " "),
            f"n/a ({sufficiency})" if needed is None else f"{needed:,}",
            "" if low is None or high is None else f"{low:,} to {high:,}",
            f"{rate_name.replace('_', ' ')} {shown}",
            f"measured on {sample:,}" if source == "measured" else f"default (measured on {sample:,})",
        )
    console.print(table)


def waterfall_rows(database: Path) -> list[tuple]:
    """Per funnel stage: entered (all cohorts), then entered, converted over mature cohorts, recycled."""
    return _rows(database, "summary_waterfall")


def _print_waterfall(database: Path, console: Console) -> None:
    """The demand waterfall, stage by stage (docs/lead_management.md#funnel)."""
    rows = waterfall_rows(database)
    if not rows:
        return
    table = Table(title="Demand waterfall (marts.fct_lead_funnel; rates over mature cohorts)")
    for name in ["stage", "entered", "entered (mature)", "converted to next", "rate", "recycled"]:
        table.add_column(name, justify="left" if name == "stage" else "right")
    for stage, next_stage, entered, mature, converted, recycled in rows:
        rate = f"{converted / mature:.1%}" if next_stage and mature else "-"
        table.add_row(
            stage if not next_stage else f"{stage} -> {next_stage}",
            f"{entered:,}",
            f"{mature or 0:,}",
            f"{converted or 0:,}" if next_stage else "-",
            rate,
            f"{recycled:,}",
        )
    console.print(table)


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
    _print_emergence(database, console)
    _print_waterfall(database, console)
    _print_contribution(database, console)
    _print_reverse_funnel(database, console)
    _print_evaluation(database, console)
    _print_quality(database, console)

    steps = Table(title="Step timings")
    steps.add_column("step")
    steps.add_column("seconds", justify="right")
    for step, seconds in timings.items():
        steps.add_row(step, f"{seconds:.1f}")
    steps.add_row("total", f"{sum(timings.values()):.1f}")
    console.print(steps)
