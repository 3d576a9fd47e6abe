"""The lead-system marts against the truth: the marketing-sourced share and the evaluation AUC."""

from __future__ import annotations

from dbt_world import BuiltWarehouse

from emergence.validate import validate_marts, validate_signals
from emergence.validate.common import Ratio
from emergence.validate.marts import AUC_TOLERANCE, MartReport


def test_marts_agree_with_truth_on_the_small_world(small_warehouse: BuiltWarehouse) -> None:
    signals = validate_signals(small_warehouse.database)
    report = validate_marts(small_warehouse.database, signals)
    assert report.sourced_truth.denominator > 0, "the small world opened no opportunity"
    assert report.sourced_mart.denominator == report.sourced_truth.denominator
    assert report.passes() == []
    for signal in ("emergence", "map_account_score"):
        assert abs(report.auc_mart[signal] - report.auc_truth[signal]) <= AUC_TOLERANCE


def test_evaluation_rows_read_back(small_warehouse: BuiltWarehouse) -> None:
    rows = dict(small_warehouse.query("select signal_name, positives from marts.fct_signal_evaluation"))
    assert set(rows) == {
        "emergence",
        "engaged_people_7d",
        "engaged_people_28d",
        "people_per_expected_team",
        "map_account_score",
        "most_active_person",
        "best_lead_score",
    }
    assert len(set(rows.values())) == 1 and rows["emergence"] > 0  # every signal on the same account-weeks


def test_passes_names_each_disagreement() -> None:
    report = MartReport(
        sourced_mart=Ratio(8, 10),
        sourced_truth=Ratio(5, 10),
        auc_mart={"emergence": 0.70, "map_account_score": None},
        auc_truth={"emergence": 0.60, "map_account_score": 0.55},
    )
    failed = report.passes()
    assert len(failed) == 3
    assert "marketing-sourced share 0.8000" in failed[0]
    assert "emergence AUC 0.7000" in failed[1]
    assert "map_account_score AUC: nothing to compare" in failed[2]
