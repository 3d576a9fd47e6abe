"""``make bench``: how fast and how lean the warehouse builds at scale.

One run, at ``BENCH_SCALE`` times the default scale (10,000 accounts over 365 days):

1. **dbt's fixed cost**: the same builds (full, then an incremental day) on a 40-account
   world, where no query costs anything: what dbt pays per node, apart from the data work;
2. generate the world (its last day held back, so it can arrive later);
3. time two **floors**, hand-written DuckDB queries that compute account-week engagement
   counts straight from the raw tables (web events placed by reverse-IP ranges, Marketo
   activities placed by the lead's email domain), the ranges flattened into disjoint
   segments as the build flattens them. The first looks addresses up with an ASOF join, the
   build's own method and the fastest correct one; the second with a ``between`` join;
4. a full ``dbt build`` (every model and data test), with each node's time;
5. release the held-back day and run ``dbt build`` again as the daily job runs it (its
   checks: var ``daily_checks``): the incremental day;
6. peak memory of each step (the child process's maximum resident set size).

Both builds run as the scheduled jobs run them: the project already parsed by an earlier
run with the same vars, and without the unit tests, which test SQL on fixed inputs.

Each step runs in a child process, so its peak memory is its own. The result is printed and
written as JSON under ``warehouse/bench/``. Targets (README, "Benchmark"): the incremental
day's model time at most 10% of the full build's, its wall time at most 25%, peak memory
at most 4 GB. The full build is reported against both floors and dbt's fixed cost, with
the three largest node times above the floor; the day against its own floor, what no
incremental design removes from it (``day_floor``).

``BENCH_ENGINE=spark`` (``--engine spark``) runs ``emergence.bench_spark`` instead: one
world's full build on DuckDB and on local Spark, side by side.
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

from emergence.dbt import DAILY_VARS, build_args, dbt_env, dbt_executable, reuse_parse
from emergence.paths import project_dir
from emergence.sqlfiles import load_sql
from emergence.synth.holdback import hold_back, release

DEFAULT_ACCOUNTS = 10_000
DEFAULT_DAYS = 365
FIXED_COST_ACCOUNTS = 40
START = date(2026, 1, 5)
TARGET_INCREMENTAL_MODEL_SHARE = 0.10
TARGET_INCREMENTAL_WALL_SHARE = 0.25
TARGET_PEAK_GB = 4.0
FLOOR_METHODS = ("asof", "between")


@dataclass
class Step:
    """One timed step."""

    seconds: float
    peak_rss_gb: float
    detail: dict = field(default_factory=dict)


def floor_statements(method: str) -> list[str]:
    """The statements of one floor, in order: the address conversion, the segments, the web
    events located by ``method`` (``asof`` or ``between``), the account-week counts."""
    web = {
        "asof": load_sql(__file__, "bench_web_touches_asof"),
        "between": load_sql(__file__, "bench_web_touches_between"),
    }[method]
    return [
        load_sql(__file__, "bench_ip_number"),
        load_sql(__file__, "bench_segments"),
        web,
        load_sql(__file__, "bench_floor"),
    ]


def run_floor(database: str, method: str) -> None:
    """One floor on ``database``; the counts land in the table ``bench_floor``."""
    import duckdb

    with duckdb.connect(database) as con:
        for statement in floor_statements(method):
            con.execute(statement)


def run_child(command: list[str], env: dict[str, str] | None = None, log: Path | None = None) -> Step:
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


def node_times(target: Path) -> list[tuple[str, str, float]]:
    """(resource type, name, seconds) of every node in dbt's run_results.json, slowest
    first. A model's time includes its hooks."""
    results = json.loads((target / "run_results.json").read_text())["results"]
    nodes = [
        (r["unique_id"].split(".")[0], r["unique_id"].split(".")[2], float(r["execution_time"]))
        for r in results
    ]
    return sorted(nodes, key=lambda item: -item[2])


def build_detail(times: list[tuple[str, str, float]]) -> dict:
    """What the bench reports of one build: time by resource type, the ten slowest models
    and the three slowest nodes of any kind."""
    seconds = {kind: round(sum(t for k, _, t in times if k == kind), 1) for kind in ("model", "test", "seed")}
    models = [(name, t) for kind, name, t in times if kind == "model"]
    return {
        "models": len(models),
        "model_seconds": seconds["model"],
        "test_seconds": seconds["test"],
        "seed_seconds": seconds["seed"],
        "slowest": [[name, round(t, 1)] for name, t in models[:10]],
        "largest": [[f"{kind} {name}", round(t, 1)] for kind, name, t in times[:3]],
    }


def model_times(target: Path) -> dict[str, float]:
    """Each model's time in a build's run_results.json, by name (hooks included)."""
    return {name: seconds for kind, name, seconds in node_times(target) if kind == "model"}


def day_floor(work: Path) -> dict:
    """What no incremental design removes from the day's model time: dbt's fixed model time
    for the day's nodes (the fixed-cost world's day), and the data work above it of the
    base models, which merge the day's rows into their tables, and of the statistics over
    all history (models with ``meta: reads_all_history``), which any day's data can
    change. From the incremental build's manifest and the two days' run_results.json."""
    manifest = json.loads((work / "target_incremental" / "manifest.json").read_text())
    day = model_times(work / "target_incremental")
    fixed = model_times(work / "target_fixed_incremental")
    groups: dict[str, list[str]] = {"base_models": [], "history_wide": []}
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model" or node["name"] not in day:
            continue
        if node["name"].startswith("base_"):
            groups["base_models"].append(node["name"])
        elif node["config"].get("meta", {}).get("reads_all_history"):
            groups["history_wide"].append(node["name"])
    above = {
        group: sum(max(0.0, day[name] - fixed.get(name, 0.0)) for name in names)
        for group, names in groups.items()
    }
    fixed_seconds = sum(fixed.values())
    return {
        "fixed_model_seconds": round(fixed_seconds, 1),
        **{f"{group}_above_fixed": round(seconds, 1) for group, seconds in above.items()},
        **{f"{group}_count": len(names) for group, names in groups.items()},
        "model_seconds": round(fixed_seconds + sum(above.values()), 1),
    }


def dbt_step(database: Path, work: Path, name: str, args: list[str]) -> Step:
    """``dbt <args>`` in a child process, with its own target and log folders under ``work``."""
    env = dbt_env(database)
    env["DBT_TARGET_PATH"] = str(work / f"target_{name}")
    env["DBT_LOG_PATH"] = str(work / f"logs_{name}")
    return run_child(
        [dbt_executable(), *args, "--project-dir", str(project_dir())], env=env, log=work / f"{name}.log"
    )


def _parse(database: Path, work: Path) -> None:
    """Parse once per set of vars, untimed: a scheduled run finds the project parsed by the
    run before it with the same vars (a change of vars makes dbt parse everything again)."""
    dbt_step(database, work, "parse", ["parse"])
    dbt_step(database, work, "parse_daily", ["parse", "--vars", json.dumps(DAILY_VARS)])


def dbt_build_step(database: Path, work: Path, name: str, daily: bool, args: list[str] | None = None) -> Step:
    """One scheduled ``dbt build``: the Sunday full build (every check) or the daily run
    (``daily``: its checks), from the parse of its vars, the unit tests left to CI. ``args``
    replaces the build's arguments (the Spark bench's selection, ``emergence.bench_spark``)."""
    target = work / f"target_{name}"
    reuse_parse(work / ("target_parse_daily" if daily else "target_parse"), target)
    step = dbt_step(database, work, name, args or build_args(unit_tests=False, daily_checks=daily))
    step.detail = build_detail(node_times(target))
    return step


def generate_step(database: Path, work: Path, accounts: int, days: int, log: str) -> tuple[Step, int]:
    """A fresh world with its last day held back; the step and the rows held back."""
    for stale in (database, database.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    step = run_child(
        [
            sys.executable, "-m", "emergence.synth", "--database", str(database),
            "--accounts", str(accounts), "--days", str(days), "--start-date", START.isoformat(),
        ],
        log=work / log,
    )  # fmt: skip
    cutoff = datetime.combine(START + timedelta(days=days - 1), datetime.min.time())
    return step, hold_back(database, cutoff)


def count_raw_rows(database: Path) -> int:
    import duckdb

    with duckdb.connect(str(database), read_only=True) as con:
        return sum(
            con.execute(f'select count(*) from {s}."{t}"').fetchone()[0]
            for s, t in con.execute(
                "select table_schema, table_name from information_schema.tables "
                "where table_schema in ('salesforce', 'marketo', 'segment', 'reverse_ip')"
            ).fetchall()
        )


def measure_fixed_cost(database: Path, work: Path, console: Console) -> tuple[Step, Step]:
    """The full build and the incremental day on a world too small to cost anything: dbt's
    own cost for the same nodes. It runs at the bench world's path, so the profile, and with
    it the parse, are the same."""
    generate_step(database, work, FIXED_COST_ACCOUNTS, DEFAULT_DAYS, "fixed_generate.log")
    _parse(database, work)
    full = dbt_build_step(database, work, "fixed_full", daily=False)
    release(database)
    incremental = dbt_build_step(database, work, "fixed_incremental", daily=True)
    console.print(
        f"dbt's fixed cost ({FIXED_COST_ACCOUNTS} accounts): full build {full.seconds:.1f} s, "
        f"incremental day {incremental.seconds:.1f} s"
    )
    return full, incremental


def run_bench(scale: float, work: Path, console: Console) -> dict:
    """Every step of the benchmark; returns the result written as JSON."""
    work.mkdir(parents=True, exist_ok=True)
    database = work / "bench.duckdb"
    fixed_full, fixed_incremental = measure_fixed_cost(database, work, console)
    accounts = max(10, round(DEFAULT_ACCOUNTS * scale))
    console.print(f"bench: {accounts:,} accounts over {DEFAULT_DAYS} days, in {work}")
    generate, held_back = generate_step(database, work, accounts, DEFAULT_DAYS, "generate.log")
    raw_rows = count_raw_rows(database) + held_back
    console.print(f"generated {raw_rows:,} raw rows in {generate.seconds:.1f} s; held back {held_back:,}")

    floors = {}
    for method in FLOOR_METHODS:
        floors[method] = run_child(
            [
                sys.executable,
                "-c",
                f"from emergence.bench import run_floor; run_floor({str(database)!r}, {method!r})",
            ],
            log=work / f"floor_{method}.log",
        )
        console.print(f"floor ({method}): {floors[method].seconds:.1f} s")
    full = dbt_build_step(database, work, "full", daily=False)
    console.print(f"full dbt build: {full.seconds:.1f} s")
    released = release(database)
    incremental = dbt_build_step(database, work, "incremental", daily=True)
    console.print(f"incremental dbt build ({released:,} new raw rows): {incremental.seconds:.1f} s")

    steps = {
        "generate": generate,
        "floor_asof": floors["asof"],
        "floor_between": floors["between"],
        "full_build": full,
        "incremental_build": incremental,
        "fixed_cost_full_build": fixed_full,
        "fixed_cost_incremental_build": fixed_incremental,
    }
    return {
        "measured_at": datetime.now().isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "scale": scale,
        "accounts": accounts,
        "days": DEFAULT_DAYS,
        "raw_rows": raw_rows,
        "incremental_raw_rows": released,
        "fixed_cost_accounts": FIXED_COST_ACCOUNTS,
        "steps": {name: asdict(step) for name, step in steps.items()},
        "ratios": ratios(steps),
        "day_floor": day_floor(work),
    }


def above_fixed(steps: dict[str, Step], build: str) -> float:
    """A build's model time less dbt's own for the same nodes (the fixed-cost world's): the
    project's data work, measured apart from dbt's own (README, "Benchmark")."""
    return steps[build].detail["model_seconds"] - steps[f"fixed_cost_{build}"].detail["model_seconds"]


def ratios(steps: dict[str, Step]) -> dict[str, float]:
    """The figures the targets and the floors are read from."""
    full, incremental = steps["full_build"], steps["incremental_build"]
    return {
        "full_over_floor_asof": full.seconds / steps["floor_asof"].seconds,
        "full_over_floor_between": full.seconds / steps["floor_between"].seconds,
        "fixed_share_of_full": steps["fixed_cost_full_build"].seconds / full.seconds,
        "fixed_share_of_incremental": steps["fixed_cost_incremental_build"].seconds / incremental.seconds,
        "incremental_model_share": incremental.detail["model_seconds"] / full.detail["model_seconds"],
        "incremental_model_share_above_fixed": above_fixed(steps, "incremental_build")
        / above_fixed(steps, "full_build"),
        "incremental_wall_share": incremental.seconds / full.seconds,
        "peak_rss_gb": max(step.peak_rss_gb for step in steps.values()),
    }


def _status(ok: bool) -> str:
    return "[green]pass[/green]" if ok else "[red]MISS[/red]"


def targets_table(result: dict) -> Table:
    """The targets: the incremental day against the full build, and peak memory."""
    ratios, steps = result["ratios"], result["steps"]
    full, incremental = steps["full_build"], steps["incremental_build"]
    table = Table(
        title=f"Benchmark: {result['accounts']:,} accounts x {result['days']} days, "
        f"{result['raw_rows']:,} raw rows ({result['measured_at']})"
    )
    for name in ["figure", "value", "target", "status"]:
        table.add_column(name, justify="left" if name == "figure" else "right")
    share = ratios["incremental_model_share"]
    model_seconds = (incremental["detail"]["model_seconds"], full["detail"]["model_seconds"])
    table.add_row(
        "incremental day / full build, model time",
        f"{model_seconds[0]:.1f} / {model_seconds[1]:.1f} s: {share:.1%}",
        f"<= {TARGET_INCREMENTAL_MODEL_SHARE:.0%}",
        _status(share <= TARGET_INCREMENTAL_MODEL_SHARE),
    )
    share = ratios["incremental_model_share_above_fixed"]
    fixed = (
        steps["fixed_cost_incremental_build"]["detail"]["model_seconds"],
        steps["fixed_cost_full_build"]["detail"]["model_seconds"],
    )
    table.add_row(
        "  the same, less dbt's fixed model time",
        f"{model_seconds[0] - fixed[0]:.1f} / {model_seconds[1] - fixed[1]:.1f} s: {share:.1%}",
        f"<= {TARGET_INCREMENTAL_MODEL_SHARE:.0%}",
        _status(share <= TARGET_INCREMENTAL_MODEL_SHARE),
    )
    floor = result.get("day_floor")
    if floor:
        share = floor["model_seconds"] / model_seconds[1]
        table.add_row(
            "  the day's floor: dbt's fixed cost, base models, history-wide marts",
            f"{floor['model_seconds']:.1f} / {model_seconds[1]:.1f} s: {share:.1%}",
            "",
            "",
        )
    share = ratios["incremental_wall_share"]
    table.add_row(
        "incremental day / full build, wall time",
        f"{incremental['seconds']:.1f} / {full['seconds']:.1f} s: {share:.1%}",
        f"<= {TARGET_INCREMENTAL_WALL_SHARE:.0%}",
        _status(share <= TARGET_INCREMENTAL_WALL_SHARE),
    )
    table.add_row(
        "peak memory",
        f"{ratios['peak_rss_gb']:.2f} GB",
        f"<= {TARGET_PEAK_GB:g} GB",
        _status(ratios["peak_rss_gb"] <= TARGET_PEAK_GB),
    )
    return table


def yardstick_table(result: dict) -> Table:
    """The full build against both floors and dbt's fixed cost, and what costs most above
    the floor."""
    ratios, steps = result["ratios"], result["steps"]
    accounts = result["fixed_cost_accounts"]
    table = Table(title=f"The full build ({steps['full_build']['seconds']:.1f} s) against its yardsticks")
    for name in ["yardstick", "seconds", "full build"]:
        table.add_column(name, justify="left" if name == "yardstick" else "right")
    rows = [
        ("floor: ASOF lookup (the build's method)", "floor_asof", f"{ratios['full_over_floor_asof']:.1f}x"),
        ("floor: between join", "floor_between", f"{ratios['full_over_floor_between']:.1f}x"),
        (
            f"dbt's fixed cost: full build, {accounts} accounts",
            "fixed_cost_full_build",
            f"{ratios['fixed_share_of_full']:.1%} of it",
        ),
        (
            f"dbt's fixed cost: incremental day, {accounts} accounts",
            "fixed_cost_incremental_build",
            f"{ratios['fixed_share_of_incremental']:.1%} of the day",
        ),
    ]
    for label, step, against in rows:
        table.add_row(label, f"{steps[step]['seconds']:.1f}", against)
    table.add_row("largest costs above the floor:", "", "")
    for node, seconds in steps["full_build"]["detail"]["largest"]:
        table.add_row(f"  {node}", f"{seconds:.1f}", "")
    return table


def print_bench(result: dict, console: Console) -> None:
    """The targets, the yardsticks, the step times and the slowest models."""
    console.print(targets_table(result))
    console.print(yardstick_table(result))
    timing = Table(title="Steps")
    for name in ["step", "seconds", "model s", "test s", "peak memory (GB)"]:
        timing.add_column(name, justify="left" if name == "step" else "right")
    for name, step in result["steps"].items():
        detail = step["detail"]
        timing.add_row(
            name,
            f"{step['seconds']:.1f}",
            f"{detail['model_seconds']:.1f}" if detail else "",
            f"{detail['test_seconds']:.1f}" if detail else "",
            f"{step['peak_rss_gb']:.2f}",
        )
    console.print(timing)
    for name in ("full_build", "incremental_build"):
        slow = Table(title=f"Slowest models, {name.replace('_', ' ')}")
        slow.add_column("model")
        slow.add_column("seconds", justify="right")
        for model, seconds in result["steps"][name]["detail"]["slowest"]:
            slow.add_row(model, f"{seconds:.1f}")
        console.print(slow)


ENGINES = ("duckdb", "spark")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The bench's options; the engine from ``--engine`` or env ``BENCH_ENGINE`` (an unknown
    one stops with the known ones), the scale from ``--scale`` or env ``BENCH_SCALE``, else
    the engine's default (None: the Spark bench picks its own, ``emergence.bench_spark``)."""
    parser = argparse.ArgumentParser(prog="python -m emergence.bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--engine",
        default=os.environ.get("BENCH_ENGINE", "duckdb"),
        help=f"one of {', '.join(ENGINES)}; env BENCH_ENGINE (default duckdb)",
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=float(os.environ["BENCH_SCALE"]) if os.environ.get("BENCH_SCALE") else None,
        help="multiple of the default world (10,000 accounts, 365 days); env BENCH_SCALE",
    )
    parser.add_argument("--work", type=Path, default=project_dir() / "warehouse" / "bench")
    args = parser.parse_args(argv)
    if args.engine not in ENGINES:
        parser.error(
            f"unknown engine {args.engine!r} (--engine or BENCH_ENGINE): one of {', '.join(ENGINES)}"
        )
    return args


def write_result(result: dict, work: Path, prefix: str, console: Console) -> Path:
    """The result as ``<prefix>-<time>.json`` and ``latest[-engine].json`` under ``work``."""
    stamp = result["measured_at"].replace(":", "").replace("-", "")
    out = work / f"{prefix}-{stamp}.json"
    out.write_text(json.dumps(result, indent=2))
    (work / f"{prefix.replace('bench', 'latest')}.json").write_text(json.dumps(result, indent=2))
    console.print(f"written to {out}")
    return out


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    console = Console(width=max(Console().width, 110))
    if args.engine == "spark":
        from emergence.bench_spark import run_spark_bench

        return run_spark_bench(args.scale, args.work, console)
    result = run_bench(1.0 if args.scale is None else args.scale, args.work, console)
    print_bench(result, console)
    write_result(result, args.work, "bench", console)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
