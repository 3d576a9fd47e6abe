"""The semantic layer: MetricFlow validates the metrics against the published snapshot, and
each saved query returns the figures the marts hold (docs/semantic_layer.md).

The shared small world is published to a folder of the test's own and read through the
read-only ``published`` target, as a BI tool reads it.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from dbt_world import BuiltWarehouse

from emergence.publish import publish
from emergence.semantic import metricflow_project, mf, saved_query

pytestmark = pytest.mark.dbt


@pytest.fixture(scope="module")
def snapshot(small_warehouse: BuiltWarehouse, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The small world's published snapshot, and a MetricFlow project parsed to read it."""
    work = tmp_path_factory.mktemp("semantic")
    folder = publish(small_warehouse.database, published_dir=work / "published").folder
    return metricflow_project(work, folder), folder


def _mart(folder: Path, query: str) -> pd.DataFrame:
    with duckdb.connect(str(folder / "emergence.duckdb"), read_only=True) as con:
        return con.sql(query).df()


def _same(metricflow: pd.DataFrame, mart: pd.DataFrame, keys: list[str]) -> None:
    """Equal rows, keys exactly and figures within a relative 1e-9."""
    left = metricflow.sort_values(keys).reset_index(drop=True)
    right = mart[list(metricflow.columns)].sort_values(keys).reset_index(drop=True)
    assert len(left) == len(right) > 0
    for column in left.columns:
        if column in keys:
            assert left[column].astype(str).tolist() == right[column].astype(str).tolist(), column
        else:
            pd.testing.assert_series_equal(left[column], right[column], check_dtype=False, rtol=1e-9)


def test_metricflow_validates_the_metrics_against_the_snapshot(snapshot: tuple[Path, Path]) -> None:
    output = mf(["validate-configs"], *snapshot)
    assert "Successfully validated metrics against data warehouse" in output, output[-2000:]
    assert "ERRORS: 0" in output


def test_tiers_weekly_equal_the_emergence_mart(snapshot: tuple[Path, Path]) -> None:
    project, folder = snapshot
    metricflow = saved_query("account_tiers_weekly", project, folder)
    metricflow["metric_time__week"] = pd.to_datetime(metricflow["metric_time__week"]).dt.date
    mart = _mart(
        folder,
        "select week_start as metric_time__week, tier as account_week__tier, "
        "count(*) as accounts_by_tier, median(emergence_score) as median_emergence_score, "
        "sum(engaged_people) as engaged_people from marts.fct_account_emergence group by all",
    )
    _same(metricflow, mart, ["metric_time__week", "account_week__tier"])


def test_river_arrivals_equal_the_tier_changes(snapshot: tuple[Path, Path]) -> None:
    project, folder = snapshot
    metricflow = saved_query("river_arrivals_weekly", project, folder)
    metricflow = metricflow[metricflow["accounts_reaching_river"] > 0]
    metricflow["metric_time__week"] = pd.to_datetime(metricflow["metric_time__week"]).dt.date
    mart = _mart(
        folder,
        "select first_week_at_tier as metric_time__week, count(*) as accounts_reaching_river "
        "from marts.fct_account_tier_changes where tier = 'river' group by all",
    )
    _same(metricflow, mart, ["metric_time__week"])


def test_demand_waterfall_equals_the_funnel_mart(snapshot: tuple[Path, Path]) -> None:
    project, folder = snapshot
    metricflow = saved_query("demand_waterfall", project, folder)
    mart = _mart(
        folder,
        "select lead_stage as funnel_row__lead_stage, sum(entered) as stage_entered, "
        "sum(converted_to_next) as stage_converted, "
        "sum(converted_to_next) filter (where is_mature_cohort) "
        "/ nullif(sum(entered) filter (where is_mature_cohort), 0) as stage_conversion_rate "
        "from marts.fct_lead_funnel group by all",
    )
    _same(metricflow, mart, ["funnel_row__lead_stage"])


def test_contribution_equals_the_quarterly_mart(snapshot: tuple[Path, Path]) -> None:
    """The quarterly mart computes its sums in SQL of its own; MetricFlow from the per-
    opportunity mart: the two must agree quarter by quarter."""
    project, folder = snapshot
    metricflow = saved_query("contribution_quarterly", project, folder).fillna(0.0)
    metricflow["metric_time__quarter"] = pd.to_datetime(metricflow["metric_time__quarter"]).dt.date
    mart = _mart(
        folder,
        "select quarter_start as metric_time__quarter, pipeline_created, pipeline_marketing_sourced, "
        "pipeline_marketing_influenced, revenue_won, revenue_marketing_sourced, "
        "revenue_marketing_influenced from marts.fct_marketing_contribution_quarterly",
    )
    _same(metricflow, mart, ["metric_time__quarter"])


def test_reverse_funnel_plan_equals_the_planning_mart(snapshot: tuple[Path, Path]) -> None:
    project, folder = snapshot
    metricflow = saved_query("reverse_funnel_plan", project, folder)
    mart = _mart(
        folder,
        "select step_name as funnel_step, step_order as funnel_step__step_order, "
        "needed as reverse_funnel_needed, latest_quarter_actual as reverse_funnel_latest_quarter "
        "from marts.fct_reverse_funnel",
    )
    _same(metricflow, mart, ["funnel_step"])


def test_touches_by_channel_equal_the_touches_mart(snapshot: tuple[Path, Path]) -> None:
    project, folder = snapshot
    metricflow = saved_query("touches_by_channel_weekly", project, folder)
    metricflow["metric_time__week"] = pd.to_datetime(metricflow["metric_time__week"]).dt.date
    mart = _mart(
        folder,
        "select cast(date_trunc('week', occurred_at) as date) as metric_time__week, "
        "channel as touch__channel, count(*) as touches, "
        "count(distinct case when is_engagement then account_key end) as engaged_accounts "
        "from marts.fct_touches group by all",
    )
    _same(metricflow, mart, ["metric_time__week", "touch__channel"])
