"""The benchmark's pieces that can be checked without a scaled world (make bench runs the rest)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import duckdb
from rich.console import Console

from emergence.bench import FLOOR_SQL, _ip_number, _node_times, print_bench
from emergence.synth import generate_world
from emergence.synth.holdback import HOLDBACK_SCHEMA, hold_back, raw_tables, release


def _counts(database: Path) -> dict[str, int]:
    with duckdb.connect(str(database), read_only=True) as con:
        return {
            f"{s}.{t}": con.execute(f'select count(*) from {s}."{t}"').fetchone()[0]
            for s, t, _ in raw_tables()
        }


def test_ip_number_matches_dotted_arithmetic() -> None:
    with duckdb.connect() as con:
        value = con.execute(f"select {_ip_number(repr('10.1.2.3'))}").fetchone()[0]
    assert value == 10 * 256**3 + 1 * 256**2 + 2 * 256 + 3


def test_hold_back_and_release_round_trip_and_floor_runs(tmp_path: Path) -> None:
    database = tmp_path / "tiny.duckdb"
    generate_world(database, seed=3, accounts=40, days=21, start_date=date(2026, 1, 5))
    before = _counts(database)
    moved = hold_back(database, datetime(2026, 1, 20))
    held = _counts(database)
    assert moved > 0
    assert sum(before.values()) - sum(held.values()) == moved
    assert release(database) == moved
    assert _counts(database) == before
    with duckdb.connect(str(database)) as con:
        schemas = {
            row[0] for row in con.execute("select schema_name from information_schema.schemata").fetchall()
        }
        assert HOLDBACK_SCHEMA not in schemas
        con.execute(FLOOR_SQL)
        weeks, touches = con.execute("select count(*), sum(touches) from bench_floor").fetchone()
    assert weeks > 0 and touches > 0


def test_node_times_reads_models_only_slowest_first(tmp_path: Path) -> None:
    (tmp_path / "run_results.json").write_text(
        json.dumps(
            {
                "results": [
                    {"unique_id": "model.emergence.fast", "execution_time": 1.0},
                    {"unique_id": "test.emergence.not_null_x", "execution_time": 9.0},
                    {"unique_id": "model.emergence.slow", "execution_time": 5.5},
                ]
            }
        )
    )
    assert _node_times(tmp_path) == [("slow", 5.5), ("fast", 1.0)]


def test_print_bench_marks_missed_targets() -> None:
    step = {"seconds": 10.0, "peak_rss_gb": 1.0, "detail": {"slowest": [["fct_touches", 4.0]]}}
    result = {
        "accounts": 100,
        "days": 365,
        "raw_rows": 1000,
        "measured_at": "2026-11-29T05:00:00",
        "steps": {"generate": step, "floor": step, "full_build": step, "incremental_build": step},
        "ratios": {"full_over_floor": 5.0, "incremental_over_full": 0.05, "peak_rss_gb": 1.0},
    }
    console = Console(record=True, width=120)
    print_bench(result, console)
    text = console.export_text()
    assert "5.0x" in text and "MISS" in text
    assert "5.0%" in text and "fct_touches" in text
