"""``BENCH_ENGINE=spark make bench``: one world's full build on DuckDB and on local Spark.

1. generate a world at ``BENCH_SCALE`` times the default (10,000 accounts, 365 days);
   without it, at :data:`DEFAULT_SCALE`, the smallest multiple of 0.01 over a million raw
   rows. The raw row count is measured and printed;
2. build it on DuckDB, from an untimed parse as ``make bench`` does;
3. export the raw tables to Parquet, register them in a Spark session and build the world
   there (``emergence.engines.spark``), in a child process, since a session lives in the
   process that runs dbt;
4. report both builds' times, their ratio and peak memory, and write the result as
   ``warehouse/bench/bench-spark-<time>.json`` and ``latest-spark.json``.

Both builds run the same selection, Spark's (``emergence.engines.spark.BUILD_ARGS``): seeds,
every model with its contract, the tests of keys and not_null on the marts, no unit test.
DuckDB builds its two Python marts and their SQL twins where Spark builds the twins alone.
There is no incremental day: on Spark with Parquet the incremental models are tables rebuilt
in full (macro ``incremental_materialization``), so a day's run is a full build.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table

from emergence.bench import (
    DEFAULT_ACCOUNTS,
    DEFAULT_DAYS,
    Step,
    build_detail,
    count_raw_rows,
    dbt_build_step,
    dbt_step,
    generate_step,
    node_times,
    run_child,
    write_result,
)
from emergence.dbt import reuse_parse
from emergence.engines.spark import BUILD_ARGS, SparkWarehouse, load_raw_tables, run_dbt, stop_session
from emergence.pii_key import PII_KEY_ENV
from emergence.synth.holdback import release

# 0.04: 400 accounts, 1,104,334 raw rows (0.03 gives 825,660; README, "Benchmark").
DEFAULT_SCALE = 0.04
MIN_RAW_ROWS = 1_000_000
NO_INCREMENTAL_DAY = (
    "No incremental day on Spark: with Parquet its incremental models are tables rebuilt in full "
    "(macro incremental_materialization), so a daily run is a full build."
)
# Spark redacts a session conf value that holds "secret", as the demo key does, and macro
# spark__pii_key then stops the build: the bench keys both engines with this key instead.
BENCH_PII_KEY = hashlib.sha256(b"emergence spark bench").hexdigest()


def build_on_spark(world: str, root: str) -> None:
    """In a child process: register ``world``'s raw tables in a session under ``root`` and
    build them; the two times go to ``root/timings.json`` and the session's driver JVM's
    peak memory with them."""
    folder = Path(root)
    warehouse = SparkWarehouse(folder / "warehouse")
    started = time.perf_counter()
    load_raw_tables(Path(world), warehouse, folder / "load")
    loaded = time.perf_counter()
    reuse_parse(folder / "load" / "target", folder / "target")
    try:
        run_dbt(BUILD_ARGS, folder, warehouse.profile_env())
        built = time.perf_counter()
        jvm_peak_gb = _descendants_peak_gb(os.getpid())
    finally:
        stop_session()
    timings = {
        "load_seconds": loaded - started,
        "build_seconds": built - loaded,
        "jvm_peak_rss_gb": jvm_peak_gb,
    }
    (folder / "timings.json").write_text(json.dumps(timings))


def _descendants_peak_gb(pid: int) -> float:
    """The largest peak resident memory (``VmHWM``) among ``pid``'s live descendants: the
    session's JVM, which the child's own peak (``wait4``) does not count."""
    parents = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        parents[int(status.parent.name)] = (int(fields["PPid"]), int(fields.get("VmHWM", "0 kB").split()[0]))
    found, peak = {pid}, 0
    for _ in range(len(parents)):
        grown = {child for child, (parent, _) in parents.items() if parent in found} - found
        if not grown:
            break
        found |= grown
        peak = max([peak, *(parents[child][1] for child in grown)])
    return peak / 1024 / 1024


def _spark_step(database: Path, work: Path) -> tuple[Step, Step]:
    """The world on Spark in a child process: the load (JVM start, Parquet export and
    registration) and the build, each a step; the build's peak memory is the larger of
    the child's and its JVM's."""
    root = work / "session"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    child = run_child(
        [
            sys.executable,
            "-c",
            f"from emergence.bench_spark import build_on_spark as b; b({str(database)!r}, {str(root)!r})",
        ],
        log=work / "spark_build.log",
    )
    timings = json.loads((root / "timings.json").read_text())
    load = Step(seconds=timings["load_seconds"], peak_rss_gb=child.peak_rss_gb)
    build = Step(
        seconds=timings["build_seconds"],
        peak_rss_gb=max(child.peak_rss_gb, timings["jvm_peak_rss_gb"]),
        detail={**build_detail(node_times(root / "target")), "jvm_peak_rss_gb": timings["jvm_peak_rss_gb"]},
    )
    return load, build


def run_spark_bench(scale: float | None, work: Path, console: Console) -> int:
    """Every step of the Spark bench; prints the comparison and writes the result."""
    os.environ.setdefault(PII_KEY_ENV, BENCH_PII_KEY)
    scale = DEFAULT_SCALE if scale is None else scale
    work = work / "spark"
    work.mkdir(parents=True, exist_ok=True)
    database = work / "bench.duckdb"
    load_average = [os.getloadavg()]
    accounts = max(10, round(DEFAULT_ACCOUNTS * scale))
    console.print(f"spark bench: {accounts:,} accounts over {DEFAULT_DAYS} days, in {work}")
    generate, _ = generate_step(database, work, accounts, DEFAULT_DAYS, "generate.log")
    release(database)  # no incremental day: the whole world is built at once
    raw_rows = count_raw_rows(database)
    console.print(
        f"generated {raw_rows:,} raw rows in {generate.seconds:.1f} s "
        f"({'at least' if raw_rows >= MIN_RAW_ROWS else '[red]fewer than[/red]'} {MIN_RAW_ROWS:,})"
    )
    dbt_step(database, work, "parse", ["parse"])
    duckdb_build = dbt_build_step(database, work, "duckdb_full", daily=False, args=BUILD_ARGS)
    console.print(f"DuckDB full build: {duckdb_build.seconds:.1f} s")
    spark_load, spark_build = _spark_step(database, work)
    console.print(f"Spark: load {spark_load.seconds:.1f} s, full build {spark_build.seconds:.1f} s")
    load_average.append(os.getloadavg())
    steps = {
        "generate": generate,
        "duckdb_full_build": duckdb_build,
        "spark_load": spark_load,
        "spark_full_build": spark_build,
    }
    result = {
        "engine": "spark",
        "measured_at": datetime.now().isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0], "load_average": load_average},
        "scale": scale,
        "accounts": accounts,
        "days": DEFAULT_DAYS,
        "raw_rows": raw_rows,
        "build_args": BUILD_ARGS,
        "steps": {name: asdict(step) for name, step in steps.items()},
        "spark_over_duckdb": spark_build.seconds / duckdb_build.seconds,
        "incremental_day": NO_INCREMENTAL_DAY,
    }
    print_spark_bench(result, console)
    write_result(result, work.parent, "bench-spark", console)
    return 0


def print_spark_bench(result: dict, console: Console) -> None:
    """The two full builds side by side, the steps, and why there is no incremental day."""
    steps = result["steps"]
    table = Table(
        title=f"Spark bench: {result['accounts']:,} accounts x {result['days']} days, "
        f"{result['raw_rows']:,} raw rows ({result['measured_at']})"
    )
    for name in ["step", "seconds", "model s", "test s", "seed s", "peak memory (GB)"]:
        table.add_column(name, justify="left" if name == "step" else "right")
    for name, step in steps.items():
        detail = step["detail"]
        table.add_row(
            name,
            f"{step['seconds']:.1f}",
            *(
                f"{detail[kind]:.1f}" if detail else ""
                for kind in ("model_seconds", "test_seconds", "seed_seconds")
            ),
            f"{step['peak_rss_gb']:.2f}",
        )
    console.print(table)
    console.print(
        f"Spark's full build / DuckDB's: {steps['spark_full_build']['seconds']:.1f} / "
        f"{steps['duckdb_full_build']['seconds']:.1f} s = {result['spark_over_duckdb']:.1f}x; "
        "load average (1, 5, 15 min) at start and end: "
        + " / ".join(", ".join(f"{x:.1f}" for x in load) for load in result["machine"]["load_average"])
    )
    for engine in ("duckdb", "spark"):
        slowest = ", ".join(
            f"{m} {s:.1f} s" for m, s in steps[f"{engine}_full_build"]["detail"]["slowest"][:5]
        )
        console.print(f"slowest models on {engine}: {slowest}")
    console.print(result["incremental_day"])
