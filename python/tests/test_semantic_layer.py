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
import yaml
from dbt_world import BuiltWarehouse

from emergence.paths import project_dir
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


# Each saved query, the same figures read from the marts, and the columns that key a row.
# The contribution query is held to fct_marketing_contribution_quarterly, which sums the
# opportunities in SQL of its own; a quarter without a won deal is 0 there and empty in
# MetricFlow, so figures compare with empty read as 0.
SAVED_QUERIES = {
    "account_tiers_weekly": (
        "select week_start as metric_time__week, tier as account_week__tier, "
        "count(*) as accounts_by_tier, median(emergence_score) as median_emergence_score, "
        "sum(engaged_people) as engaged_people from marts.fct_account_emergence group by all",
        ["metric_time__week", "account_week__tier"],
    ),
    "river_arrivals_weekly": (
        "select first_week_at_tier as metric_time__week, "
        "count(distinct case when tier = 'river' then account_key end) as accounts_reaching_river "
        "from marts.fct_account_tier_changes group by all",
        ["metric_time__week"],
    ),
    "demand_waterfall": (
        "select lead_stage as funnel_row__lead_stage, sum(entered) as stage_entered, "
        "sum(converted_to_next) as stage_converted, "
        "sum(converted_to_next) filter (where is_mature_cohort) "
        "/ nullif(sum(entered) filter (where is_mature_cohort), 0) as stage_conversion_rate "
        "from marts.fct_lead_funnel group by all",
        ["funnel_row__lead_stage"],
    ),
    "contribution_quarterly": (
        "select quarter_start as metric_time__quarter, pipeline_created, pipeline_marketing_sourced, "
        "pipeline_marketing_influenced, revenue_won, revenue_marketing_sourced, "
        "revenue_marketing_influenced from marts.fct_marketing_contribution_quarterly",
        ["metric_time__quarter"],
    ),
    "reverse_funnel_plan": (
        "select step_name as funnel_step, step_order as funnel_step__step_order, "
        "needed as reverse_funnel_needed, latest_quarter_actual as reverse_funnel_latest_quarter "
        "from marts.fct_reverse_funnel",
        ["funnel_step"],
    ),
    "touches_by_channel_weekly": (
        "select cast(date_trunc('week', occurred_at) as date) as metric_time__week, "
        "channel as touch__channel, count(*) as touches, "
        "count(distinct case when is_engagement then account_key end) as engaged_accounts "
        "from marts.fct_touches group by all",
        ["metric_time__week", "touch__channel"],
    ),
}


def test_every_saved_query_is_held_to_the_marts() -> None:
    with open(project_dir() / "models/marts/semantic/_semantic__metrics.yml") as handle:
        defined = {query["name"] for query in yaml.safe_load(handle)["saved_queries"]}
    assert defined == set(SAVED_QUERIES)


@pytest.mark.parametrize("name", sorted(SAVED_QUERIES))
def test_saved_query_equals_the_marts(name: str, snapshot: tuple[Path, Path]) -> None:
    project, folder = snapshot
    query, keys = SAVED_QUERIES[name]
    metricflow = saved_query(name, project, folder)
    for column in metricflow.columns:
        if column.startswith("metric_time__"):
            metricflow[column] = pd.to_datetime(metricflow[column]).dt.date
    _same(metricflow.fillna(0.0), _mart(folder, query).fillna(0.0), keys)
