"""The daily run's checks (var daily_checks, macro get_where_subquery): a data test on an
incremental model reads the rows the day wrote, a `unique` test the keys the day wrote, and
the tests of seeds are left out; without the var every test reads everything.

A copy of the shared small world gets three bad rows in fct_touches: an old touch with an
unknown source system (outside the day's window), a recent touch with a negative weight
(inside it), and a recent copy of an old touch (a key the day wrote, repeated).
"""

from __future__ import annotations

import contextlib
import json
import shutil
from pathlib import Path

import duckdb
import pytest
from dbt_world import BuiltWarehouse, build, world_path

from emergence.dbt import DAILY_EXCLUDE

pytestmark = pytest.mark.dbt

BAD_ROWS = """
update marts.fct_touches set source_system = 'bogus'
where touch_id = (select touch_id from marts.fct_touches order by loaded_at, touch_id limit 1);
update marts.fct_touches set weight = -1
where touch_id = (select touch_id from marts.fct_touches order by loaded_at desc, touch_id limit 1);
insert into marts.fct_touches
select * replace ((select max(loaded_at) from marts.fct_touches) as loaded_at)
from marts.fct_touches
where touch_id = (select touch_id from marts.fct_touches order by loaded_at, touch_id limit 1 offset 1);
"""


def _test_statuses(database: Path, work: Path, args: list[str]) -> dict[str, str]:
    """Run ``dbt test`` on fct_touches and the touch_weights seed; the status of each test
    by its name (a failing test makes dbt exit 1, which is expected here)."""
    with contextlib.suppress(RuntimeError):
        build(database, work, args=["test", "--select", "fct_touches touch_weights", *args])
    results = json.loads((work / "target" / "run_results.json").read_text())["results"]
    return {r["unique_id"].split(".")[2]: r["status"] for r in results}


def _status(statuses: dict[str, str], prefix: str) -> str:
    (status,) = [status for name, status in statuses.items() if name.startswith(prefix)]
    return status


def test_daily_checks_read_the_day_and_leave_seed_tests_out(
    small_warehouse: BuiltWarehouse, tmp_path: Path
) -> None:
    database = world_path(tmp_path, "daily")
    database.parent.mkdir()
    shutil.copy(small_warehouse.database, database)
    with duckdb.connect(str(database)) as con:
        con.execute(BAD_ROWS)

    daily = _test_statuses(
        database, tmp_path / "daily_run", [*DAILY_EXCLUDE, "--vars", '{"daily_checks": true}']
    )
    everything = _test_statuses(database, tmp_path / "full_run", [])

    # the old bad row is outside the day: only the run without the var reports it
    assert _status(daily, "accepted_values_fct_touches_source_system") == "pass"
    assert _status(everything, "accepted_values_fct_touches_source_system") == "fail"
    # the recent bad row and the repeated key are the day's: both runs report them
    assert _status(daily, "expression_is_true_fct_touches_weight") == "fail"
    assert _status(everything, "expression_is_true_fct_touches_weight") == "fail"
    assert _status(daily, "unique_fct_touches_touch_id") == "fail"
    assert _status(everything, "unique_fct_touches_touch_id") == "fail"

    # the seed's own tests run only without the var; a test that reads a model and the
    # seed (touch types of the stored touches) runs in both
    seed_tests = {name for name in everything if "_touch_weights_" in name and "fct_touches" not in name}
    assert seed_tests and not seed_tests & daily.keys()
    assert _status(daily, "relationships_fct_touches_touch_type") == "pass"
