"""The HTML report: one self-contained file with the warehouse's charts, readable offline.

The loaders read the marts read-only into the small frames that ``emergence.report.charts``
documents; each chart is rendered to SVG by vl-convert (Vega-Lite without a browser) and
inlined, so the file needs no script, font or stylesheet from anywhere else. A chart whose
mart is not built shows a visible "not built" note instead of failing the report.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from emergence.report import charts
from emergence.sqlfiles import load_sql

# How many accounts the trajectory chart shows: with and without an opportunity.
TRAJECTORIES_WITH_OPPORTUNITY = 4
TRAJECTORIES_WITHOUT_OPPORTUNITY = 2
# The team-size scatter shows at most this many accounts.
MAX_TEAM_POINTS = 1500
# The weeks before an opportunity in which its account's climb is looked for.
LEAD_UP_DAYS = 56


class NotBuilt(Exception):
    """A chart's input relation is missing, or lacks the columns the chart reads."""


@dataclass
class Chart:
    """One figure of the report: an id, a heading, how to read it, and its SVG or why none."""

    chart_id: str
    heading: str
    reading: str
    svg: str | None = None
    missing: str | None = None


@dataclass
class Report:
    """What the report shows, before it becomes HTML."""

    database: Path
    as_of: str | None
    facts: list[tuple[str, str]] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    render_seconds: float = 0.0


def report_path(database: Path) -> Path:
    """Where the report goes: ``report/index.html`` beside the DuckDB file."""
    return database.parent / "report" / "index.html"


def _sql(name: str) -> str:
    return load_sql(__file__, name)


def _exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    found = con.execute(_sql("relation_exists"), {"schema_name": schema, "table_name": table}).fetchone()
    return bool(found and found[0])


def _require(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> None:
    if not _exists(con, schema, table):
        raise NotBuilt(f"{schema}.{table} is not built in this warehouse")


def load_tiers(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Accounts per week and tier from ``marts.fct_account_emergence``."""
    _require(con, "marts", "fct_account_emergence")
    return con.execute(_sql("html_tiers_by_week")).df()


def load_facts(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """Headline counts at the newest week: accounts scored and accounts at each tier."""
    counts = {tier: accounts for tier, accounts, _week in con.execute(_sql("tiers_latest_week")).fetchall()}
    facts = [("Accounts scored this week", f"{sum(counts.values()):,}")]
    facts += [
        (f"Accounts at {tier} this week", f"{counts.get(tier, 0):,}") for tier in reversed(charts.TIER_ORDER)
    ]
    return facts


def load_trajectories(con: duckdb.DuckDBPyConnection) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Weekly scores of a few accounts and their opportunities' creation days.

    The accounts: those whose score peaked highest in the ``LEAD_UP_DAYS`` before their
    first opportunity (preferring opportunities opened after that much history, so the
    climb is visible), and the highest peaks among accounts without one (what a false
    alarm, or a deal not yet opened, looks like).
    """
    _require(con, "marts", "fct_account_emergence")
    _require(con, "marts", "fct_marketing_contribution")
    picked = con.execute(
        _sql("html_trajectory_accounts"),
        {
            "lead_up_days": LEAD_UP_DAYS,
            "with_opportunity": TRAJECTORIES_WITH_OPPORTUNITY,
            "without_opportunity": TRAJECTORIES_WITHOUT_OPPORTUNITY,
        },
    ).fetchall()
    keys = {"account_keys": [key for key, _ in picked]}
    names = dict(con.execute(_sql("html_account_names"), keys).fetchall())
    label_of = {
        key: f"{names.get(key, key)} ({'with an opportunity' if has_opportunity else 'no opportunity'})"
        for key, has_opportunity in picked
    }
    scores = con.execute(_sql("html_trajectory_scores"), keys).df()
    opportunities = con.execute(_sql("html_trajectory_opportunities"), keys).df()
    # The panels follow the picking order: accounts with an opportunity first.
    scores["account_key"] = pd.Categorical(
        scores["account_key"], categories=keys["account_keys"], ordered=True
    )
    scores = scores.sort_values(["account_key", "week_start"])
    scores["account_key"] = scores["account_key"].astype(str)
    scores.insert(0, "account_label", scores.pop("account_key").map(label_of))
    opportunities.insert(0, "account_label", opportunities.pop("account_key").map(label_of))
    return scores, opportunities


def load_teams(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Seen, estimated (with its interval) and expected team size at the newest week.

    At most ``MAX_TEAM_POINTS`` accounts, a fixed sample (by a hash of the key), so a large
    warehouse does not make a page of tens of thousands of points.
    """
    _require(con, "marts", "fct_buying_team_estimates")
    return con.execute(_sql("html_team_sizes_latest"), {"row_limit": MAX_TEAM_POINTS}).df()


# The columns the waterfall chart reads from the demand waterfall mart (fct_lead_funnel).
FUNNEL_COLUMNS = (
    "lead_stage",
    "next_stage",
    "stage_order",
    "entered",
    "converted_to_next",
    "is_mature_cohort",
)


def load_funnel(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The demand waterfall from ``marts.fct_lead_funnel``, one row per stage over every cohort,
    source and segment: journeys entered, and the conversion to the next stage over the mature
    cohorts only (as the mart gives rates), when that mart is built."""
    _require(con, "marts", "fct_lead_funnel")
    columns = {name for (name,) in con.execute(_sql("html_funnel_columns")).fetchall()}
    lacking = [name for name in FUNNEL_COLUMNS if name not in columns]
    if lacking:
        raise NotBuilt(f"marts.fct_lead_funnel lacks the columns the chart reads: {', '.join(lacking)}")
    return con.execute(_sql("html_waterfall")).df()


def load_signal_scores(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every signal's score and label per account-week (``int_signal_scores__labelled``)."""
    _require(con, "intermediate", "int_signal_scores__labelled")
    return con.execute(_sql("html_signal_scores")).df()


def render_svg(spec: dict, chart_id: str) -> str:
    """Render a Vega-Lite spec to inline SVG whose internal ids cannot clash with another chart's."""
    import vl_convert

    svg = vl_convert.vegalite_to_svg(spec)
    # Several SVGs share one HTML document: prefix clip-path and gradient ids per chart.
    svg = re.sub(r'id="([^"]+)"', rf'id="{chart_id}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{chart_id}-\1)", svg)
    svg = re.sub(r'href="#([^"]+)"', rf'href="#{chart_id}-\1"', svg)
    return svg.replace("<svg ", f'<svg id="{chart_id}" role="img" ', 1)


def _chart(chart_id: str, heading: str, reading: str, build: Callable[[], dict]) -> Chart:
    chart = Chart(chart_id, heading, reading)
    try:
        chart.svg = render_svg(build(), chart_id)
    except NotBuilt as missing:
        chart.missing = str(missing)
    return chart


def collect(database: Path) -> Report:
    """Read the warehouse and render every chart."""
    started = time.perf_counter()
    with duckdb.connect(str(database), read_only=True) as con:
        as_of = None
        if _exists(con, "intermediate", "int_as_of_dates__resolved"):
            row = con.execute(_sql("html_as_of_date")).fetchone()
            as_of = str(row[0]) if row else None
        report = Report(database=database, as_of=as_of)
        if _exists(con, "marts", "fct_account_emergence"):
            report.facts += load_facts(con)

        def trajectories() -> dict:
            return charts.trajectories_spec(*load_trajectories(con))

        def rocs() -> dict:
            points, aucs = charts.roc_frame(load_signal_scores(con))
            for signal, auc in aucs.items():
                report.facts.append((f"AUC of {signal}", "n/a" if auc is None else f"{auc:.3f}"))
            return charts.roc_spec(points)

        report.charts = [
            _chart(
                "chart-tiers",
                "Tier distribution over time",
                "Each bar is a week; its segments count the accounts at each tier that week.",
                lambda: charts.tier_distribution_spec(load_tiers(con)),
            ),
            _chart(
                "chart-trajectories",
                "Emergence trajectories",
                "A buying team shows as a score climbing through the tiers before the opportunity "
                "(red rule) is opened.",
                trajectories,
            ),
            _chart(
                "chart-team-size",
                "Seen vs estimated team size",
                "Capture-recapture and the firmographic prior estimate the people not yet seen "
                f"(at most {MAX_TEAM_POINTS:,} accounts, a fixed sample).",
                lambda: charts.team_size_spec(load_teams(con)),
            ),
            _chart(
                "chart-waterfall",
                "Demand waterfall",
                "Leads and contacts through the lead stages, with the conversion from each to the next.",
                lambda: charts.waterfall_spec(load_funnel(con)),
            ),
            _chart(
                "chart-roc",
                "ROC curves of the signals",
                "The higher a curve bows above the diagonal, the better its score ranks the accounts "
                "that go on to open an opportunity.",
                rocs,
            ),
        ]
    report.render_seconds = time.perf_counter() - started
    return report


_STYLE = """
body { font-family: Helvetica, Arial, sans-serif; color: #1f2933; margin: 2rem auto; max-width: 760px;
       padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.15rem; margin: 2.2rem 0 0.3rem; border-top: 1px solid #e4e7eb; padding-top: 1.2rem; }
.meta { color: #5b6670; font-size: 0.9rem; }
.facts { border-collapse: collapse; margin: 1rem 0; font-size: 0.95rem; }
.facts td { padding: 0.15rem 1.2rem 0.15rem 0; }
.facts td:last-child { font-variant-numeric: tabular-nums; font-weight: bold; }
figure { margin: 0.6rem 0 0; }
figure svg { max-width: 100%; height: auto; }
.reading { color: #5b6670; font-size: 0.9rem; margin: 0 0 0.4rem; }
.missing { background: #fff4e5; border-left: 4px solid #f0a020; padding: 0.6rem 0.9rem; }
footer { margin-top: 3rem; color: #7b8794; font-size: 0.8rem; }
"""


def to_html(report: Report) -> str:
    """The report as one HTML document: inline CSS and SVG, no script, no external reference."""
    escape = html.escape
    facts = "".join(f"<tr><td>{escape(k)}</td><td>{escape(v)}</td></tr>" for k, v in report.facts)
    sections = []
    for chart in report.charts:
        body = (
            f"<figure>{chart.svg}</figure>"
            if chart.svg
            else f'<p class="missing"><strong>Not built.</strong> {escape(chart.missing or "")}</p>'
        )
        sections.append(
            f'<section id="{chart.chart_id}-section"><h2>{escape(chart.heading)}</h2>'
            f'<p class="reading">{escape(chart.reading)}</p>{body}</section>'
        )
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    as_of = escape(report.as_of or "unknown")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>emergence report, as of {as_of}</title><style>{_STYLE}</style></head><body>"
        "<h1>emergence: account buying signals</h1>"
        f'<p class="meta">Warehouse <code>{escape(report.database.name)}</code>, as of {as_of}; '
        f"generated {generated}.</p>"
        f'<table class="facts">{facts}</table>'
        + "".join(sections)
        + "<footer>Written by <code>emergence report</code>. Charts are Vega-Lite rendered to SVG "
        "inside this file; it needs no network. The numbers behind them are the marts "
        "(README, model map).</footer></body></html>\n"
    )


def write_report(database: Path, output: Path | None = None) -> tuple[Path, Report]:
    """Render the report of ``database`` to ``output`` (default ``report_path``)."""
    report = collect(database)
    target = output or report_path(database)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(to_html(report), encoding="utf-8")
    return target, report
