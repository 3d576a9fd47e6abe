"""Worlds that break the demo's assumptions build, and say what they lack.

Four real builds (unit tests left out: the small world's build runs them): every raw table
empty; no opportunities; opportunities but no won deal (on a world where MQL to SAL measures 0
on enough cases, so the reverse funnel must not divide by it); one account. No mart crashes, every mart keeps
its declared column types, and a rate or an evaluation that cannot be measured gives a null and
a data_sufficiency reason, never an infinity.
"""

from __future__ import annotations

import io
import json
import math
import time
from functools import cache
from pathlib import Path

import duckdb
import pytest
import thin_worlds
from dbt_world import BuiltWarehouse, build, world_path
from rich.console import Console

from emergence.report.summary import print_summary

pytestmark = [pytest.mark.dbt, pytest.mark.own_world]

MART_SCHEMAS = ("marts", "quality")
# Rows on any warehouse: the plan from the seed's defaults, one reconciliation row per raw
# table (0 = 0), one contribution row per channel (no touches, no opportunities), and the
# semantic layer's calendar. Every other mart is empty.
ROWS_WITHOUT_DATA = {
    "fct_reverse_funnel",
    "fct_source_reconciliation",
    "fct_channel_contribution",
    "time_spine_day",
}
WORLDS = ["empty", "no_opportunities", "no_won_deals", "one_account"]


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder that holds the four worlds, each in a folder of its own."""
    return tmp_path_factory.mktemp("thin_worlds")


def _build(name: str, shared: Path) -> BuiltWarehouse:
    database = world_path(shared, name)
    database.parent.mkdir()
    getattr(thin_worlds, f"{name}_world")(database)
    started = time.perf_counter()
    built = build(database, database.parent)
    # shown with pytest -s: the cost these worlds add to `make test`
    print(f"thin world {name}: dbt build {time.perf_counter() - started:.1f} s")
    return built


@pytest.fixture(scope="module")
def empty(shared: Path) -> BuiltWarehouse:
    return _build("empty", shared)


@pytest.fixture(scope="module")
def no_opportunities(shared: Path) -> BuiltWarehouse:
    return _build("no_opportunities", shared)


@pytest.fixture(scope="module")
def no_won_deals(shared: Path) -> BuiltWarehouse:
    return _build("no_won_deals", shared)


@pytest.fixture(scope="module")
def one_account(shared: Path) -> BuiltWarehouse:
    return _build("one_account", shared)


def declared_types(target: Path) -> dict[str, tuple[str, dict[str, str]]]:
    """Per mart: its schema and the data_type its YAML declares per column (Python marts too)."""
    manifest = json.loads((target / "manifest.json").read_text())
    return {
        node["name"]: (
            node["schema"],
            {
                column: duckdb_type(spec["data_type"])
                for column, spec in node["columns"].items()
                if spec.get("data_type")
            },
        )
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["schema"] in MART_SCHEMAS
    }


@cache
def duckdb_type(declared: str) -> str:
    """The name DuckDB gives a declared type: the YAML's portable spellings ('text',
    'double precision') are VARCHAR and DOUBLE here."""
    return duckdb.sql(f"select typeof(cast(null as {declared}))").fetchall()[0][0]


def warehouse_types(built: BuiltWarehouse, table: str) -> dict[str, str]:
    rows = built.query(
        "select column_name, data_type from information_schema.columns "
        "where table_name = ? and table_schema in ('marts', 'quality')",
        [table],
    )
    return dict(rows)


def funnel(built: BuiltWarehouse) -> dict[str, tuple]:
    rows = built.query(
        "select step_name, data_sufficiency, needed, needed_exact from marts.fct_reverse_funnel"
    )
    return {step: (sufficiency, needed, exact) for step, sufficiency, needed, exact in rows}


def evaluation(built: BuiltWarehouse) -> dict[str, tuple]:
    rows = built.query("select signal_name, data_sufficiency, auc from marts.fct_signal_evaluation")
    return {signal: (sufficiency, auc) for signal, sufficiency, auc in rows}


def assert_no_infinite_need(built: BuiltWarehouse) -> None:
    for step, (_, needed, exact) in funnel(built).items():
        assert exact is None or math.isfinite(exact), step
        assert (needed is None) == (exact is None), step


def scored_signals(built: BuiltWarehouse) -> set[str]:
    """The signals the evaluation scored on this world (int_signal_scores__labelled)."""
    rows = built.query("select distinct signal_name from intermediate.int_signal_scores__labelled")
    assert rows, "no account was scored: the evaluation would have nothing to judge"
    return {name for (name,) in rows}


def test_empty_world_builds_every_mart_empty(empty: BuiltWarehouse) -> None:
    assert thin_worlds.raw_row_count(empty.database) == 0
    for mart, (schema, _) in declared_types(empty.target).items():
        (rows,) = empty.query(f"select count(*) from {schema}.{mart}")[0]
        assert rows == 0 or mart in ROWS_WITHOUT_DATA, f"{mart}: {rows} rows"


@pytest.mark.parametrize("world", WORLDS)
def test_every_mart_keeps_its_declared_types(world: str, request: pytest.FixtureRequest) -> None:
    built = request.getfixturevalue(world)
    declared = declared_types(built.target)
    assert {"fct_account_emergence", "fct_buying_team_estimates", "fct_reverse_funnel"} <= set(declared)
    for mart, (_, columns) in declared.items():
        actual = warehouse_types(built, mart)
        wrong = {c: (t, actual.get(c)) for c, t in columns.items() if actual.get(c) != t}
        assert not wrong, f"{mart}: declared vs built {wrong}"


def test_empty_world_plans_from_defaults_and_says_so(empty: BuiltWarehouse) -> None:
    steps = funnel(empty)
    assert steps["revenue_target"][0] == "ok"
    assert steps["deals"][0] == "no_won_deals"
    assert steps["opportunities"][0] == "no_opportunities"
    assert steps["inquiries"][0] == "no_inquiries"
    assert steps["in_market_accounts"][0] == "no_in_market_accounts"
    assert_no_infinite_need(empty)


def test_no_opportunities_world_names_what_is_missing(no_opportunities: BuiltWarehouse) -> None:
    steps = funnel(no_opportunities)
    assert steps["deals"][0] == "no_won_deals"
    # the close rate's cases are lead journeys: a lead status may still reach the opportunity
    # stage, never won, when the CRM holds no opportunity object
    assert steps["opportunities"][0] in ("no_opportunities", "no_won_deals")
    assert_no_infinite_need(no_opportunities)
    signals = evaluation(no_opportunities)
    assert set(signals) == scored_signals(no_opportunities)
    assert set(signals.values()) == {("no_opportunities", None)}


def test_no_won_deals_world_builds_where_a_measured_zero_rate_crashed(no_won_deals: BuiltWarehouse) -> None:
    steps = funnel(no_won_deals)
    assert steps["deals"][0] == "no_won_deals"
    zero_rated = no_won_deals.query(
        "select rate_name, data_sufficiency from intermediate.int_reverse_funnel__rates "
        "where rate_source = 'measured' and rate_value = 0"
    )
    assert zero_rated, "this world no longer measures a rate of 0; pick another to keep the case"
    assert all(sufficiency.startswith("no_") for _, sufficiency in zero_rated)
    assert any(needed is None for _, needed, _ in steps.values())
    assert_no_infinite_need(no_won_deals)
    signals = evaluation(no_won_deals)
    assert {sufficiency for sufficiency, _ in signals.values()} == {"ok"}


def test_one_account_world_cannot_rank_accounts(one_account: BuiltWarehouse) -> None:
    signals = evaluation(one_account)
    assert set(signals) == scored_signals(one_account)
    assert set(signals.values()) == {("too_few_accounts", None)}
    assert_no_infinite_need(one_account)
    (scored,) = one_account.query("select count(*) from marts.fct_account_emergence")[0]
    assert scored > 0


@pytest.mark.parametrize("world", WORLDS)
def test_no_mart_holds_an_infinity_or_nan(world: str, request: pytest.FixtureRequest) -> None:
    built = request.getfixturevalue(world)
    columns = built.query(
        "select table_schema, table_name, column_name from information_schema.columns "
        "where table_schema in ('marts', 'quality') and data_type in ('DOUBLE', 'FLOAT')"
    )
    assert columns
    found = []
    for schema, table, column in columns:
        (bad,) = built.query(f'select count(*) from {schema}."{table}" where not isfinite("{column}")')[0]
        if bad:
            found.append((table, column, bad))
    assert found == []


@pytest.mark.parametrize("world", WORLDS)
def test_the_printed_summary_reads_every_thin_world(world: str, request: pytest.FixtureRequest) -> None:
    built = request.getfixturevalue(world)
    console = Console(file=io.StringIO(), width=160)
    print_summary(built.database, {}, console)
    text = console.file.getvalue()
    if world == "no_won_deals":
        assert "n/a (no_sals)" in text
    if world == "one_account":
        assert "n/a (too_few_accounts)" in text
