"""The HTML report: every chart rendered on the small world, nothing fetched from outside.

The ROC kernel is checked by hand on four account-weeks:
scores 3, 2, 2, 1 with labels yes, no, yes, no. Thresholds at 3, 2 and 1 give the points
(0, 0.5), (0.5, 1) and (1, 1); the AUC counts the pairs (pos > neg) with the tie at 2 as
half: (1 + 1 + 0.5 + 1) / 4 = 0.875.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from dbt_world import BuiltWarehouse
from rich.console import Console

from emergence.report import charts
from emergence.report.html import NotBuilt, load_funnel, render_svg, write_report
from emergence.report.summary import print_summary, touch_rows

DRAWN = ["chart-tiers", "chart-trajectories", "chart-team-size", "chart-roc"]
# XML namespace names are identifiers, not resources: the only http(s) strings allowed.
NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


@pytest.fixture(scope="module")
def rendered(small_warehouse: BuiltWarehouse, tmp_path_factory: pytest.TempPathFactory):
    output = tmp_path_factory.mktemp("report") / "index.html"
    path, report = write_report(small_warehouse.database, output)
    return path.read_text(encoding="utf-8"), report


@pytest.mark.dbt
def test_every_chart_is_drawn_on_the_small_world(rendered) -> None:
    page, report = rendered
    for chart_id in DRAWN:
        assert re.search(rf'<svg id="{chart_id}" role="img"', page), f"{chart_id} missing"
    svgs = re.findall(r"<svg\b.*?</svg>", page, flags=re.S)
    assert len(svgs) >= len(DRAWN)
    # Each drawn chart has marks in it, not only axes.
    for chart in report.charts:
        if chart.chart_id in DRAWN:
            assert chart.svg and "mark-" in chart.svg and "<path" in chart.svg, chart.chart_id


@pytest.mark.dbt
def test_the_waterfall_is_drawn_from_the_funnel_mart(rendered, small_warehouse: BuiltWarehouse) -> None:
    page, _ = rendered
    section = re.search(r'<section id="chart-waterfall-section">.*?</section>', page, flags=re.S)
    assert section
    assert '<svg id="chart-waterfall"' in section.group(0)
    assert "Not built." not in section.group(0)


@pytest.mark.dbt
def test_the_summary_lists_every_channel_of_the_touches(small_warehouse: BuiltWarehouse) -> None:
    found = {
        channel for (channel,) in small_warehouse.query("select distinct channel from marts.fct_touches")
    }
    assert "social" in found
    assert {row[0] for row in touch_rows(small_warehouse.database)} == found
    console = Console(file=io.StringIO(), width=160)
    print_summary(small_warehouse.database, {}, console)
    table = console.file.getvalue().split("Touches by channel")[1]
    assert all(f" {channel} " in table for channel in found)


@pytest.mark.dbt
def test_the_page_needs_nothing_from_outside(rendered) -> None:
    page, _ = rendered
    urls = set(re.findall(r"""https?://[^\s"'<>)]+""", page))
    assert urls <= NAMESPACES, urls - NAMESPACES
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert not re.search(r"""(src|href)\s*=\s*["'](?!#)""", page), "a reference outside the page"


@pytest.mark.dbt
def test_element_ids_do_not_clash_between_charts(rendered) -> None:
    page, _ = rendered
    ids = re.findall(r'\sid="([^"]+)"', page)
    duplicated = {name for name in ids if ids.count(name) > 1}
    assert not duplicated
    for target in re.findall(r"url\(#([^)]+)\)", page):
        assert target in ids, f"url(#{target}) points at nothing"


@pytest.mark.dbt
def test_roc_auc_agrees_with_the_evaluation_mart(rendered, small_warehouse: BuiltWarehouse) -> None:
    _, report = rendered
    mart = dict(small_warehouse.query("select signal_name, auc from marts.fct_signal_evaluation"))
    drawn = {key.removeprefix("AUC of "): value for key, value in report.facts if key.startswith("AUC of ")}
    assert set(drawn) == set(mart) and mart
    for signal, auc in mart.items():
        assert drawn[signal] == f"{auc:.3f}"


def test_roc_curve_by_hand() -> None:
    curve = charts.roc_curve(np.array([3, 2, 2, 1]), np.array([True, False, True, False]))
    assert curve.fpr.tolist() == [0.0, 0.0, 0.5, 1.0]
    assert curve.tpr.tolist() == [0.0, 0.5, 1.0, 1.0]
    assert curve.auc == pytest.approx(0.875)


def test_roc_curve_matches_pairwise_counting() -> None:
    generator = np.random.default_rng(3)
    scores = generator.integers(0, 20, size=300).astype(float)
    labels = generator.random(300) < 0.2 + scores / 40
    positives, negatives = scores[labels], scores[~labels]
    wins = (positives[:, None] > negatives[None, :]).sum() + 0.5 * (
        positives[:, None] == negatives[None, :]
    ).sum()
    curve = charts.roc_curve(scores, labels)
    assert curve.auc == pytest.approx(wins / (len(positives) * len(negatives)))
    assert np.all(np.diff(curve.fpr) >= 0) and np.all(np.diff(curve.tpr) >= 0)


def test_roc_curve_needs_both_classes() -> None:
    assert charts.roc_curve(np.array([1.0, 2.0]), np.array([True, True])).auc is None


def test_roc_frame_takes_any_number_of_signals() -> None:
    labelled = pd.DataFrame(
        {
            "signal_name": ["a"] * 4 + ["b"] * 4 + ["lead_score"] * 4,
            "score": [3, 2, 2, 1, 1, 2, 3, 4, 5, 5, 5, 5],
            "is_positive": [True, False, True, False] * 3,
        }
    )
    points, aucs = charts.roc_frame(labelled)
    # b: positives score 1 and 3, negatives 2 and 4: only 3 > 2 of four pairs. lead_score: all tied.
    assert aucs == pytest.approx({"a": 0.875, "b": 0.25, "lead_score": 0.5})
    assert points["signal"].nunique() == 3
    assert set(points["signal"]) >= {"a (AUC 0.875)"}


def test_roc_frame_thins_long_curves() -> None:
    count = 5 * charts.MAX_ROC_POINTS
    labelled = pd.DataFrame(
        {"signal_name": "s", "score": np.arange(count, dtype=float), "is_positive": np.arange(count) % 3 == 0}
    )
    points, _ = charts.roc_frame(labelled)
    assert len(points) <= charts.MAX_ROC_POINTS
    assert points[["fpr", "tpr"]].iloc[0].tolist() == [0.0, 0.0]
    assert points[["fpr", "tpr"]].iloc[-1].tolist() == [1.0, 1.0]


def _funnel_database(path: Path, columns: str, rows: str) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute(f"create table marts.fct_lead_funnel as select * from (values {rows}) as t({columns})")
    return path


def test_waterfall_reads_the_funnel_mart_in_stage_order(tmp_path: Path) -> None:
    database = _funnel_database(
        tmp_path / "funnel.duckdb",
        "lead_stage, next_stage, stage_order, entered, converted_to_next, is_mature_cohort",
        "('mql', 'sql', 2, 30, 15, true), ('mql', 'sql', 2, 10, 0, false), "
        "('inquiry', 'mql', 1, 100, 40, true), ('sql', null, 3, 20, 0, true)",
    )
    with duckdb.connect(str(database), read_only=True) as con:
        funnel = load_funnel(con)
    # stages in order, entries summed over cohorts, conversion over the mature cohorts only
    assert funnel["stage"].tolist() == ["inquiry", "mql", "sql"]
    assert funnel["entered"].tolist() == [100, 40, 20]
    assert funnel["conversion_to_next"].tolist()[:2] == [0.4, 0.5]
    assert pd.isna(funnel["conversion_to_next"].iloc[2])  # the last stage has no next
    svg = render_svg(charts.waterfall_spec(funnel), "chart-waterfall")
    assert svg.startswith('<svg id="chart-waterfall"')
    assert "40% move on" in svg and "50% move on" in svg


def test_waterfall_without_its_columns_is_not_built(tmp_path: Path) -> None:
    database = _funnel_database(tmp_path / "funnel.duckdb", "stage_name, leads", "('MQL', 4)")
    with duckdb.connect(str(database), read_only=True) as con, pytest.raises(NotBuilt, match="stage_order"):
        load_funnel(con)
