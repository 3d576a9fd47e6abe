"""The benchmark's pieces that can be checked without a scaled world (make bench runs the rest)."""

from __future__ import annotations

import ipaddress
import json
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest
from rich.console import Console

from emergence.bench import (
    Step,
    build_detail,
    day_floor,
    floor_statements,
    node_times,
    parse_args,
    print_bench,
    ratios,
)
from emergence.synth import generate_world
from emergence.synth.holdback import HOLDBACK_SCHEMA, hold_back, raw_tables, release


def _counts(database: Path) -> dict[str, int]:
    with duckdb.connect(str(database), read_only=True) as con:
        return {
            f"{s}.{t}": con.execute(f'select count(*) from {s}."{t}"').fetchone()[0]
            for s, t, _ in raw_tables()
        }


@pytest.fixture(scope="module")
def tiny_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    database = tmp_path_factory.mktemp("bench") / "tiny.duckdb"
    generate_world(database, seed=3, accounts=40, days=21, start_date=date(2026, 1, 5))
    return database


def test_hold_back_and_release_round_trip(tiny_world: Path) -> None:
    before = _counts(tiny_world)
    moved = hold_back(tiny_world, datetime(2026, 1, 20))
    held = _counts(tiny_world)
    assert moved > 0
    assert sum(before.values()) - sum(held.values()) == moved
    assert release(tiny_world) == moved
    assert _counts(tiny_world) == before
    with duckdb.connect(str(tiny_world), read_only=True) as con:
        schemas = {
            row[0] for row in con.execute("select schema_name from information_schema.schemata").fetchall()
        }
    assert HOLDBACK_SCHEMA not in schemas


def _floor(database: Path, method: str) -> tuple[set[tuple], list[tuple]]:
    """The floor's account-week counts, and its located web events (a temp table)."""
    with duckdb.connect(str(database)) as con:
        for statement in floor_statements(method):
            con.execute(statement)
        counts = set(con.execute("select * from bench_floor").fetchall())
        located = con.execute(
            "select account_domain, count(*) from bench_web_touches group by all"
        ).fetchall()
    return counts, sorted(located)


def test_both_floors_give_the_same_counts(tiny_world: Path) -> None:
    asof, asof_located = _floor(tiny_world, "asof")
    between, between_located = _floor(tiny_world, "between")
    assert asof and sum(row[2] for row in asof) > 0
    assert asof == between
    assert asof_located and asof_located == between_located


def _narrowest_account(address: int, ranges: list[tuple]) -> str | None:
    """The rule of int_ip_ranges__segmented, by brute force: the narrowest vendor range that
    contains the address, a business range first, then an education one."""
    rank = {"business": 0, "education": 1}
    containing = [r for r in ranges if r[0] <= address <= r[1]]
    if not containing:
        return None
    low, high, domain, ip_type, _ = min(containing, key=lambda r: (r[1] - r[0], rank.get(r[3], 2), r[4]))
    return domain if ip_type in ("business", "education") else None


def test_the_floor_places_each_address_in_its_narrowest_range(tiny_world: Path) -> None:
    with duckdb.connect(str(tiny_world)) as con:
        vendor = con.execute(
            "select start_ip, end_ip, company_domain, ip_type from reverse_ip.ip_company_ranges"
        ).fetchall()
        for statement in floor_statements("asof")[:2]:
            con.execute(statement)
        addresses = con.execute(
            "select distinct context_ip from segment.pages "
            "where context_ip like '%.%.%.%' order by 1 limit 400"
        ).fetchall()
        segments = con.execute("select low, high, account_domain, ip_type from bench_segments").fetchall()
    ranges = [
        (int(ipaddress.IPv4Address(s)), int(ipaddress.IPv4Address(e)), d, t, f"{s}-{e}")
        for s, e, d, t in vendor
    ]
    checked = 0
    for (text,) in addresses:
        try:
            address = int(ipaddress.IPv4Address(text))
        except ValueError:  # a malformed address the generator wrote on purpose
            continue
        found = [s for s in segments if s[0] <= address <= s[1]]
        placed = found[0][2] if found and found[0][3] in ("business", "education") else None
        assert len(found) <= 1
        assert placed == _narrowest_account(address, ranges), text
        checked += placed is not None
    assert checked > 0


def _run_results(folder: Path, results: list[tuple[str, float]]) -> Path:
    (folder / "run_results.json").write_text(
        json.dumps({"results": [{"unique_id": uid, "execution_time": t} for uid, t in results]})
    )
    return folder


def test_node_times_and_build_detail_split_by_resource_type(tmp_path: Path) -> None:
    target = _run_results(
        tmp_path,
        [
            ("model.emergence.fast", 1.0),
            ("test.emergence.not_null_x.abc123", 9.0),
            ("model.emergence.slow", 5.5),
            ("seed.emergence.touch_weights", 0.5),
        ],
    )
    times = node_times(target)
    assert times[0] == ("test", "not_null_x", 9.0)
    detail = build_detail(times)
    assert (detail["models"], detail["model_seconds"], detail["test_seconds"], detail["seed_seconds"]) == (
        2, 6.5, 9.0, 0.5,
    )  # fmt: skip
    assert detail["slowest"] == [["slow", 5.5], ["fast", 1.0]]
    assert detail["largest"] == [["test not_null_x", 9.0], ["model slow", 5.5], ["model fast", 1.0]]


def _step(seconds: float, model_seconds: float | None = None, gb: float = 1.0) -> Step:
    detail = {}
    if model_seconds is not None:
        detail = {
            "model_seconds": model_seconds,
            "test_seconds": 1.0,
            "slowest": [["fct_touches", model_seconds]],
            "largest": [["model fct_touches", model_seconds]],
        }
    return Step(seconds=seconds, peak_rss_gb=gb, detail=detail)


def test_ratios_and_print_bench_mark_missed_targets() -> None:
    steps = {
        "generate": _step(5.0, gb=4.5),
        "floor_asof": _step(2.0),
        "floor_between": _step(10.0),
        "full_build": _step(100.0, 80.0),
        "incremental_build": _step(30.0, 4.0),
        "fixed_cost_full_build": _step(20.0, 10.0),
        "fixed_cost_incremental_build": _step(25.0, 2.0),
    }
    figures = ratios(steps)
    assert figures["full_over_floor_asof"] == 50.0 and figures["full_over_floor_between"] == 10.0
    assert figures["incremental_model_share"] == 0.05 and figures["incremental_wall_share"] == 0.3
    assert figures["fixed_share_of_full"] == 0.2 and figures["peak_rss_gb"] == 4.5
    # the data work: (4 - 2) / (80 - 10) of model time above dbt's fixed cost
    assert figures["incremental_model_share_above_fixed"] == pytest.approx(2 / 70)
    result = {
        "accounts": 100,
        "days": 365,
        "raw_rows": 1000,
        "measured_at": "2026-11-29T05:00:00",
        "fixed_cost_accounts": 40,
        "steps": {
            name: {"seconds": s.seconds, "peak_rss_gb": s.peak_rss_gb, "detail": s.detail}
            for name, s in steps.items()
        },  # fmt: skip
        "ratios": figures,
        "day_floor": {"model_seconds": 12.0},
    }
    console = Console(record=True, width=140)
    print_bench(result, console)
    text = console.export_text()
    assert "50.0x" in text and "10.0x" in text
    assert "5.0%" in text and "30.0%" in text and "MISS" in text
    assert "model fct_touches" in text
    assert "2.0 / 70.0 s: 2.9%" in text
    assert "the day's floor" in text and "12.0 / 80.0 s: 15.0%" in text


def test_the_engine_comes_from_the_option_or_bench_engine_and_an_unknown_one_stops(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("BENCH_ENGINE", raising=False)
    monkeypatch.delenv("BENCH_SCALE", raising=False)
    assert (parse_args([]).engine, parse_args([]).scale) == ("duckdb", None)
    monkeypatch.setenv("BENCH_ENGINE", "spark")
    monkeypatch.setenv("BENCH_SCALE", "0.05")
    assert (parse_args([]).engine, parse_args([]).scale) == ("spark", 0.05)
    assert parse_args(["--engine", "duckdb"]).engine == "duckdb"
    monkeypatch.setenv("BENCH_ENGINE", "flink")
    for argv in (["--engine", "flink"], []):
        with pytest.raises(SystemExit) as stopped:
            parse_args(argv)
        assert stopped.value.code == 2
        error = capsys.readouterr().err
        assert "unknown engine 'flink'" in error and "duckdb, spark" in error


def test_the_day_floor_is_fixed_cost_plus_base_models_and_history_wide_marts(tmp_path: Path) -> None:
    day = {"base_a": 1.5, "fct_eval": 2.0, "fct_touches": 9.0, "int_view": 0.1}
    fixed = {"base_a": 0.5, "fct_eval": 0.5, "fct_touches": 0.2, "int_view": 0.3}
    for folder, times in (("target_incremental", day), ("target_fixed_incremental", fixed)):
        (tmp_path / folder).mkdir()
        _run_results(tmp_path / folder, [(f"model.emergence.{name}", t) for name, t in times.items()])
    meta = {"fct_eval": {"reads_all_history": True}}
    nodes = {
        f"model.emergence.{name}": {
            "resource_type": "model",
            "name": name,
            "config": {"meta": meta.get(name, {})},
        }
        for name in day
    }
    nodes["test.emergence.t"] = {"resource_type": "test", "name": "t", "config": {"meta": {}}}
    (tmp_path / "target_incremental" / "manifest.json").write_text(json.dumps({"nodes": nodes}))
    floor = day_floor(tmp_path)
    # fixed 1.5 s; base_a 1.0 s above it, fct_eval 1.5 s; fct_touches is not in the floor
    assert floor["fixed_model_seconds"] == 1.5
    assert (floor["base_models_above_fixed"], floor["history_wide_above_fixed"]) == (1.0, 1.5)
    assert (floor["base_models_count"], floor["history_wide_count"]) == (1, 1)
    assert floor["model_seconds"] == 4.0
