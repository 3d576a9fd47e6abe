"""The Superset dashboards on a published snapshot (docs/bi.md): run by Superset's own
Python, never the project's, as ``python superset_content.py``; it imports Superset and the
standard library only.

It registers the snapshot's ``emergence.duckdb`` (read-only) as the database ``emergence``,
then the datasets, charts and the two dashboards, replacing any earlier copy of each, so
loading again on a new snapshot leaves one copy.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

SQL_DIR = Path(__file__).with_name("sql")
DATABASE_NAME = "emergence"
# (dataset name, schema, SQL file or None for the mart itself)
DATASETS = [
    ("fct_account_emergence", "marts", None),
    ("dim_people", "marts", None),
    ("fct_touches", "marts", None),
    ("fct_marketing_contribution", "marts", None),
    ("fct_marketing_contribution_quarterly", "marts", None),
    ("bi_tiers_newest_week", None, "bi_tiers_newest_week.sql"),
    ("bi_rising_accounts", None, "bi_rising_accounts.sql"),
]
COUNT = {"expressionType": "SQL", "sqlExpression": "count(*)", "label": "accounts"}
TOUCH_COUNT = {"expressionType": "SQL", "sqlExpression": "count(*)", "label": "touches"}
PIPELINE = {"expressionType": "SQL", "sqlExpression": "sum(pipeline_amount)", "label": "pipeline"}
MONEY = {"d3NumberFormat": ",.2f"}
WHOLE = {"d3NumberFormat": ",d"}


def raw_table(
    columns: list[str], formats: dict[str, dict], order: list[tuple[str, bool]] | None = None
) -> dict:
    """A table chart of the dataset's rows as they are, numbers in the given d3 formats,
    sorted by ``order``: (column, ascending) pairs."""
    return {
        "viz_type": "table",
        "query_mode": "raw",
        "all_columns": columns,
        "order_by_cols": [json.dumps([column, ascending]) for column, ascending in order or []],
        "row_limit": 1000,
        "server_pagination": False,
        "column_config": formats,
        "time_range": "No filter",
    }


def time_series(x_axis: str, metric: dict, groupby: list[str], grain: str, kind: str) -> dict:
    """A line or bar chart of ``metric`` over ``x_axis``, one series per ``groupby`` value."""
    return {
        "viz_type": f"echarts_timeseries_{kind}",
        "x_axis": x_axis,
        "time_grain_sqla": grain,
        "metrics": [metric],
        "groupby": groupby,
        "row_limit": 10000,
        "time_range": "No filter",
        "show_legend": True,
        "rich_tooltip": True,
        "stack": kind == "bar",
    }


def for_account(form_data: dict, account_key: str) -> dict:
    """``form_data`` filtered to one account."""
    where = {"expressionType": "SQL", "clause": "WHERE", "sqlExpression": f"account_key = '{account_key}'"}
    return {**form_data, "adhoc_filters": [where]}


def emergence_charts(top_account: str, top_label: str) -> list[tuple[str, str, dict]]:
    """(chart name, dataset, form data) of the account-emergence dashboard, in page order."""
    people = [
        "job_title",
        "job_function",
        "seniority",
        "buying_role",
        "touches",
        "first_touch_at",
        "last_touch_at",
    ]
    return [
        ("Accounts by tier, newest week", "bi_tiers_newest_week", raw_table(["tier", "account_count"], {})),
        (
            "Accounts by tier over time",
            "fct_account_emergence",
            time_series("week_start", COUNT, ["tier"], "P1W", "line"),
        ),
        (
            "This week's rising accounts",
            "bi_rising_accounts",
            raw_table(
                ["rising_rank", "account_label", "tier", "score", "rise", "explanation"],
                {"score": MONEY, "rise": MONEY},
                [("rising_rank", True)],
            ),
        ),
        (
            f"People of {top_label}",
            "dim_people",
            for_account(raw_table(people, {}, [("first_touch_at", True)]), top_account),
        ),
        (
            f"Touches of {top_label}, by week and channel",
            "fct_touches",
            for_account(time_series("occurred_at", TOUCH_COUNT, ["channel"], "P1W", "bar"), top_account),
        ),
    ]


def contribution_charts() -> list[tuple[str, str, dict]]:
    """(chart name, dataset, form data) of the contribution dashboard, in page order."""
    quarterly = [
        "quarter_start",
        "pipeline_created",
        "pipeline_marketing_sourced",
        "pipeline_marketing_influenced",
        "revenue_won",
        "revenue_marketing_sourced",
        "revenue_marketing_influenced",
    ]
    formats = {column: MONEY for column in quarterly[1:]}
    by_type = time_series("created_on", PIPELINE, ["contribution_type"], "P3M", "bar")
    return [
        (
            "Pipeline and revenue by quarter",
            "fct_marketing_contribution_quarterly",
            raw_table(quarterly, formats, [("quarter_start", False)]),
        ),
        ("Pipeline created by quarter and contribution", "fct_marketing_contribution", by_type),
    ]


def layout(title: str, charts: list) -> str:
    """Superset's dashboard layout: one full-width row per chart, in order."""
    position: dict = {
        "DASHBOARD_VERSION_KEY": "v2",
        "ROOT_ID": {"type": "ROOT", "id": "ROOT_ID", "children": ["GRID_ID"]},
        "GRID_ID": {"type": "GRID", "id": "GRID_ID", "children": [], "parents": ["ROOT_ID"]},
        "HEADER_ID": {"type": "HEADER", "id": "HEADER_ID", "meta": {"text": title}},
    }
    for index, chart in enumerate(charts):
        row, cell = f"ROW-{index}", f"CHART-{index}"
        position["GRID_ID"]["children"].append(row)
        position[row] = {
            "type": "ROW",
            "id": row,
            "children": [cell],
            "parents": ["ROOT_ID", "GRID_ID"],
            "meta": {"background": "BACKGROUND_TRANSPARENT"},
        }
        meta = {"chartId": chart.id, "width": 12, "height": 60, "sliceName": chart.slice_name}
        position[cell] = {
            "type": "CHART",
            "id": cell,
            "children": [],
            "parents": ["ROOT_ID", "GRID_ID", row],
            "meta": meta,
        }
    return json.dumps(position)


def top_rising_account(snapshot: Path) -> tuple[str, str]:
    """The key and label of this week's top rising account (or of any account, if none rose)."""
    import duckdb

    with duckdb.connect(str(snapshot / "emergence.duckdb"), read_only=True) as con:
        rising = (
            f"select account_key, account_label from ({(SQL_DIR / 'bi_rising_accounts.sql').read_text()})"
        )
        row = con.execute(f"{rising} order by rising_rank limit 1").fetchone()
        row = row or con.execute("select account_key, account_key from marts.dim_accounts limit 1").fetchone()
    return row[0], row[1]


def load(snapshot: Path) -> None:
    """Registers the snapshot and the dashboards in the Superset of ``SUPERSET_CONFIG_PATH``."""
    from superset.app import create_app

    app = create_app()
    with app.app_context():
        from superset import db, security_manager
        from superset.models.core import Database

        admin = security_manager.find_user(os.environ.get("EMERGENCE_BI_USER", "admin"))
        for stale in db.session.query(Database).filter_by(database_name=DATABASE_NAME).all():
            _remove(db, stale)
        database = Database(
            database_name=DATABASE_NAME,
            sqlalchemy_uri=f"duckdb:///{snapshot / 'emergence.duckdb'}",
            extra=json.dumps({"engine_params": {"connect_args": {"read_only": True}}}),
            expose_in_sqllab=True,
        )
        db.session.add(database)
        db.session.flush()
        datasets = {name: _dataset(db, database, name, schema, sql) for name, schema, sql in DATASETS}
        top_account, top_label = top_rising_account(snapshot)
        _dashboard(
            db,
            admin,
            "Account emergence",
            "account-emergence",
            datasets,
            emergence_charts(top_account, top_label),
        )
        _dashboard(db, admin, "Marketing contribution", "contribution", datasets, contribution_charts())
        db.session.commit()


def _remove(db, database) -> None:
    """Drops a database with its datasets, and their charts and dashboards."""
    from superset.connectors.sqla.models import SqlaTable
    from superset.models.dashboard import Dashboard
    from superset.models.slice import Slice

    for table in db.session.query(SqlaTable).filter_by(database_id=database.id).all():
        for chart in db.session.query(Slice).filter_by(datasource_id=table.id, datasource_type="table").all():
            for dashboard in db.session.query(Dashboard).filter(Dashboard.slices.contains(chart)).all():
                db.session.delete(dashboard)
            db.session.delete(chart)
        db.session.delete(table)
    db.session.delete(database)
    db.session.flush()


def _dataset(db, database, name: str, schema: str | None, sql_file: str | None):
    from superset.connectors.sqla.models import SqlaTable

    table = SqlaTable(table_name=name, schema=schema, database=database)
    if sql_file:
        table.sql = (SQL_DIR / sql_file).read_text()
    db.session.add(table)
    db.session.flush()
    table.fetch_metadata()
    return table


def _dashboard(db, owner, title: str, slug: str, datasets: dict, charts: list) -> None:
    from superset.models.dashboard import Dashboard
    from superset.models.slice import Slice

    slices = []
    for name, dataset, form_data in charts:
        table = datasets[dataset]
        params = {**form_data, "datasource": f"{table.id}__table"}
        chart = Slice(
            slice_name=name,
            viz_type=form_data["viz_type"],
            datasource_id=table.id,
            datasource_type="table",
            params=json.dumps(params),
            owners=[owner] if owner else [],
        )
        db.session.add(chart)
        slices.append(chart)
    db.session.flush()
    dashboard = Dashboard(
        dashboard_title=title, slug=slug, published=True, slices=slices, owners=[owner] if owner else []
    )
    dashboard.position_json = layout(title, slices)
    dashboard.json_metadata = json.dumps({"refresh_frequency": 0, "color_scheme": ""})
    db.session.add(dashboard)


if __name__ == "__main__":
    load(Path(sys.argv[1]).resolve())
