"""The comparison of two engines' marts (emergence.engines.compare), on hand-made tables."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from emergence.engines.compare import Table, differences, table_differences, values_agree

COLUMNS = ("account_key", "week_start", "score", "tier")
ROWS = [
    ("a", date(2026, 1, 5), 0.5, "drop"),
    ("b", date(2026, 1, 5), 1234.5678, "river"),
    ("c", date(2026, 1, 12), None, "molecule"),
]
KEY = ["account_key", "week_start"]


def table(rows: list[tuple]) -> Table:
    return Table(columns=COLUMNS, rows=rows)


def test_values_agree_within_a_relative_tolerance_and_across_driver_types() -> None:
    assert values_agree(1000.0, 1000.0 * (1 + 5e-10))
    assert not values_agree(1000.0, 1000.0 * (1 + 2e-9))
    assert not values_agree(0.0, 1e-300)  # relative: no absolute slack around zero
    assert values_agree(Decimal("5.00"), 5.0)
    assert values_agree(date(2026, 1, 5), datetime(2026, 1, 5))
    assert values_agree(float("nan"), None)
    assert not values_agree(None, 0.0)
    assert not values_agree("113124000.0", "113124000")


def test_equal_tables_have_no_differences_whatever_the_row_order() -> None:
    assert differences({"marts.t": table(ROWS)}, {"marts.t": table(ROWS[::-1])}, {"marts.t": KEY}) == []


def test_each_kind_of_difference_is_reported() -> None:
    changed = [ROWS[0], ("b", date(2026, 1, 5), 1234.6, "stream"), ("d", date(2026, 1, 12), None, "molecule")]
    found = table_differences("marts.t", table(ROWS), table(changed), KEY, {})
    assert any("2 keys in one build only" in line for line in found)
    assert any(line.startswith("marts.t.score: 1 of 2 rows differ") for line in found)
    assert any(line.startswith("marts.t.tier: 1 of 2 rows differ") for line in found)
    assert (
        table_differences("marts.t", table(ROWS), table(ROWS[:2]), KEY, {})[0] == "marts.t: 3 rows against 2"
    )
    duplicated = table_differences("marts.t", table(ROWS), table([*ROWS[:2], ROWS[0]]), KEY, {})
    assert "marts.t: key ['account_key', 'week_start'] is not unique in the candidate" in duplicated


def test_a_legitimate_difference_is_skipped_and_a_differing_key_matches_rows_by_content() -> None:
    relabelled = [(row[0], row[1], row[2], row[3].upper()) for row in ROWS]
    assert table_differences("marts.t", table(ROWS), table(relabelled), KEY, {"tier": "why"}) == []
    rekeyed = [("x" + row[0], *row[1:]) for row in ROWS]
    exact = [(row[0], row[1], None, row[3]) for row in ROWS]
    assert (
        table_differences(
            "marts.t", table(exact), table([("x" + r[0], *r[1:]) for r in exact]), KEY, {"account_key": "why"}
        )
        == []
    )
    with pytest.raises(ValueError, match="floats"):
        table_differences("marts.t", table(ROWS), table(rekeyed), KEY, {"account_key": "why"})


def test_a_table_missing_from_the_reference_or_without_a_key_is_reported() -> None:
    found = differences({}, {"marts.t": table(ROWS)}, {})
    assert found == ["marts.t: not in the reference build"]
    assert differences({"marts.t": table(ROWS)}, {"marts.t": table(ROWS)}, {}) == [
        "marts.t: no primary-key test to align its rows by"
    ]
