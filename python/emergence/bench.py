"""``make bench``: how fast and how lean the warehouse builds at scale.

One run, at ``BENCH_SCALE`` times the default scale (10,000 accounts over 365 days):

1. generate the world (its last day held back, so it can arrive later);
2. time a **floor**: one hand-written DuckDB query that computes account-week engagement
   counts straight from the raw tables (web events placed by reverse-IP ranges, Marketo
   activities placed by the lead's email domain). It is what the simplest possible pipeline
   would pay to read the raw data once; the full build is reported as a multiple of it;
3. a full ``dbt build`` (every model and data test), with each model's time;
4. release the held-back day and run ``dbt build`` again: the incremental day, dbt's
   start-up included;
5. peak memory of each step (the child process's maximum resident set size).

Both builds run as the scheduled job runs them: the project already parsed by an earlier
run, and without the unit tests, which test SQL on fixed inputs and run in CI.

Each step runs in a child process, so its peak memory is its own. The result is printed and
written as JSON under ``warehouse/bench/``. Targets (README, "Benchmark"): full build at most
3x the floor, incremental day at most 10% of the full build, peak memory at most 4 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from rich.console import Console
from rich.table import Table

from emergence.dbt import build_args, dbt_env, dbt_executable, reuse_parse
from emergence.paths import project_dir
from emergence.synth.holdback import hold_back, release

DEFAULT_ACCOUNTS = 10_000
DEFAULT_DAYS = 365
START = date(2026, 1, 5)
TARGET_FULL_OVER_FLOOR = 3.0
TARGET_INCREMENTAL_SHARE = 0.10
TARGET_PEAK_GB = 4.0


def _ip_number(column: str, cast: str = "cast") -> str:
    """DuckDB expression: a dotted IPv4 string as an integer (the floor query only)."""
    parts = [f"{cast}(split_part({column}, '.', {i + 1}) as bigint) * {256 ** (3 - i)}" for i in range(4)]
    return " + ".join(parts)


FLOOR_SQL = f"""
create or replace table bench_floor as
with vendor_ranges as (
    select
        company_domain as account, ip_type, start_ip || '-' || end_ip as range_key,
        {_ip_number("start_ip")} as low, {_ip_number("end_ip")} as high
    from reverse_ip.ip_company_ranges
),
boundaries as (
    select low as boundary from vendor_ranges union select high + 1 from vendor_ranges
),
segments as (
    select boundary as low, lead(boundary) over (order by boundary) - 1 as high from boundaries
),
ranges as (
    -- nested ranges flattened as int_ip_ranges__segmented does: the narrowest range wins
    select s.low, s.high, r.account, r.ip_type
    from segments as s
    inner join vendor_ranges as r on s.low between r.low and r.high
    where s.high is not null
    qualify row_number() over (
        partition by s.low
        order by r.high - r.low, case r.ip_type when 'business' then 0 when 'education' then 1 else 2 end,
            r.range_key
    ) = 1
),
web as (
    select anonymous_id as person, "timestamp" as touched_at, context_ip as ip from segment.pages
    union all
    select anonymous_id, "timestamp", context_ip from segment.tracks
),
web_ips as (
    select person, touched_at, {_ip_number("ip", "try_cast")} as ip_number from web
),
web_touches as (
    select r.account, w.person, w.touched_at
    from web_ips as w
    inner join ranges as r on w.ip_number between r.low and r.high and r.ip_type in ('business', 'education')
),
lead_domains as (
    select id, lower(split_part(email, '@', 2)) as account from marketo.lead where email like '%@%'
),
activities as (
    select lead_id, activity_date from marketo.activity_visit_webpage
    union all select lead_id, activity_date from marketo.activity_fill_out_form
    union all select lead_id, activity_date from marketo.activity_click_link
    union all select lead_id, activity_date from marketo.activity_click_email
    union all select lead_id, activity_date from marketo.activity_open_email
),
marketo_touches as (
    select l.account, cast(a.lead_id as varchar) as person, a.activity_date as touched_at
    from activities as a
    inner join lead_domains as l on a.lead_id = l.id
),
touches as (
    select * from web_touches
    union all
    select * from marketo_touches
)
select
    account, date_trunc('week', touched_at) as week_start,
    count(*) as touches, count(distinct person) as people
from touches
group by 1, 2
"""


@dataclass
class Step:
    """One timed step."""

    seconds: float
    peak_rss_gb: float
    detail: dict = field(default_factory=dict)


def _run_child(command: list[str], env: dict[str, str] | None = None, log: Path | None = None) -> Step:
    """Run a child process; return its wall time and peak resident memory."""
    started = time.perf_counter()
    with open(log or os.devnull, "w") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=project_dir())
        _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:3])} failed (exit {process.returncode}); see {log}")
    return Step(seconds=seconds, peak_rss_gb=usage.ru_maxrss / 1024 / 1024)


def _node_times(target: Path) -> list[tuple[str, float]]:
    """(model, seconds) of every model in dbt's run_results.json, slowest first."""
    results = json.loads((target / "run_results.json").read_text())["results"]
    models = [
        (r["unique_id"].split(".")[-1], float(r["execution_time"]))
        for r in results
        if r["unique_id"].startswith("model.")
    ]
    return sorted(models, key=lambda item: -item[1])


def _dbt(database: Path, work: Path, name: str, args: list[str]) -> Step:
    """``dbt <args>`` in a child process, with its own target and log folders under ``work``."""
    env = dbt_env(database)
    env["DBT_TARGET_PATH"] = str(work / f"target_{name}")
    env["DBT_LOG_PATH"] = str(work / f"logs_{name}")
    return _run_child(
        [dbt_executable(), *args, "--project-dir", str(project_dir())], env=env, log=work / f"{name}.log"
    )


def _dbt_build(database: Path, work: Path, name: str) -> Step:
    """One scheduled ``dbt build``, as the daily job runs it: the project already parsed
    (its partial-parse file copied in) and the unit tests left to CI."""
    target = work / f"target_{name}"
    reuse_parse(work / "target_parse", target)
    step = _dbt(database, work, name, build_args(unit_tests=False))
    times = _node_times(target)
    step.detail = {
        "models": len(times),
        "model_seconds": round(sum(t for _, t in times), 1),
        "slowest": [[n, round(t, 1)] for n, t in times[:10]],
    }
    return step


def run_bench(scale: float, work: Path, console: Console) -> dict:
    """Every step of the benchmark; returns the result written as JSON."""
    work.mkdir(parents=True, exist_ok=True)
    database = work / "bench.duckdb"
    for stale in (database, database.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    accounts = max(10, round(DEFAULT_ACCOUNTS * scale))
    days = DEFAULT_DAYS
    console.print(f"bench: {accounts:,} accounts over {days} days, in {work}")

    generate = _run_child(
        [
            sys.executable, "-m", "emergence.synth", "--database", str(database),
            "--accounts", str(accounts), "--days", str(days), "--start-date", START.isoformat(),
        ],
        log=work / "generate.log",
    )  # fmt: skip
    cutoff = datetime.combine(START + timedelta(days=days - 1), datetime.min.time())
    held_back = hold_back(database, cutoff)
    import duckdb

    with duckdb.connect(str(database), read_only=True) as con:
        raw_rows = sum(
            con.execute(f'select count(*) from {s}."{t}"').fetchone()[0]
            for s, t in con.execute(
                "select table_schema, table_name from information_schema.tables "
                "where table_schema in ('salesforce', 'marketo', 'segment', 'reverse_ip')"
            ).fetchall()
        )
    console.print(
        f"generated {raw_rows + held_back:,} raw rows in {generate.seconds:.1f} s; held back {held_back:,}"
    )

    floor = _run_child(
        [sys.executable, "-c", f"import duckdb; duckdb.connect({str(database)!r}).execute({FLOOR_SQL!r})"],
        log=work / "floor.log",
    )
    console.print(f"floor query: {floor.seconds:.1f} s")
    # Parse once, untimed: a scheduled run finds the project parsed by the run before it.
    _dbt(database, work, "parse", ["parse"])
    full = _dbt_build(database, work, "full")
    console.print(f"full dbt build: {full.seconds:.1f} s")
    released = release(database)
    incremental = _dbt_build(database, work, "incremental")
    console.print(f"incremental dbt build ({released:,} new raw rows): {incremental.seconds:.1f} s")

    result = {
        "measured_at": datetime.now().isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "scale": scale,
        "accounts": accounts,
        "days": days,
        "raw_rows": raw_rows + held_back,
        "incremental_raw_rows": released,
        "steps": {
            "generate": asdict(generate),
            "floor": asdict(floor),
            "full_build": asdict(full),
            "incremental_build": asdict(incremental),
        },
        "ratios": {
            "full_over_floor": full.seconds / floor.seconds,
            "incremental_over_full": incremental.seconds / full.seconds,
            "peak_rss_gb": max(s.peak_rss_gb for s in (generate, floor, full, incremental)),
        },
    }
    return result


def print_bench(result: dict, console: Console) -> None:
    """The targets, the step times and the slowest models."""
    ratios = result["ratios"]
    steps = result["steps"]
    table = Table(
        title=f"Benchmark: {result['accounts']:,} accounts x {result['days']} days, "
        f"{result['raw_rows']:,} raw rows ({result['measured_at']})"
    )
    for name in ["figure", "value", "target", "status"]:
        table.add_column(name, justify="left" if name == "figure" else "right")

    def status(ok: bool) -> str:
        return "[green]pass[/green]" if ok else "[red]MISS[/red]"

    table.add_row(
        "full build / floor",
        f"{ratios['full_over_floor']:.1f}x",
        f"<= {TARGET_FULL_OVER_FLOOR:g}x",
        status(ratios["full_over_floor"] <= TARGET_FULL_OVER_FLOOR),
    )
    table.add_row(
        "incremental day / full build",
        f"{ratios['incremental_over_full']:.1%}",
        f"<= {TARGET_INCREMENTAL_SHARE:.0%}",
        status(ratios["incremental_over_full"] <= TARGET_INCREMENTAL_SHARE),
    )
    table.add_row(
        "peak memory",
        f"{ratios['peak_rss_gb']:.2f} GB",
        f"<= {TARGET_PEAK_GB:g} GB",
        status(ratios["peak_rss_gb"] <= TARGET_PEAK_GB),
    )
    console.print(table)
    timing = Table(title="Steps")
    for name in ["step", "seconds", "peak memory (GB)"]:
        timing.add_column(name, justify="left" if name == "step" else "right")
    for name, step in steps.items():
        timing.add_row(name, f"{step['seconds']:.1f}", f"{step['peak_rss_gb']:.2f}")
    console.print(timing)
    for name in ("full_build", "incremental_build"):
        slow = Table(title=f"Slowest models, {name.replace('_', ' ')}")
        slow.add_column("model")
        slow.add_column("seconds", justify="right")
        for model, seconds in steps[name]["detail"]["slowest"]:
            slow.add_row(model, f"{seconds:.1f}")
        console.print(slow)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m emergence.bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale",
        type=float,
        default=float(os.environ.get("BENCH_SCALE", "1")),
        help="multiple of the default world (10,000 accounts, 365 days); env BENCH_SCALE",
    )
    parser.add_argument("--work", type=Path, default=project_dir() / "warehouse" / "bench")
    args = parser.parse_args(argv)
    console = Console(width=max(Console().width, 110))
    result = run_bench(args.scale, args.work, console)
    stamp = result["measured_at"].replace(":", "").replace("-", "")
    out = args.work / f"bench-{stamp}.json"
    out.write_text(json.dumps(result, indent=2))
    (args.work / "latest.json").write_text(json.dumps(result, indent=2))
    print_bench(result, console)
    console.print(f"written to {out}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
