"""Team-size validation on a hand-built warehouse whose figures are known in advance.

The world: three truth accounts and four episodes; the mart covers the Mondays from
2026-01-05 to 2026-02-02.

- A1 (in the CRM as SF1): E1 2026-01-01..01-20, team 10 (Mondays 01-05, 01-12, 01-19) and
  E2 2026-01-19..02-20, team 5 (01-19, 01-26, 02-02, then 02-09 and 02-16 after the mart).
  01-19 is in both: E2, the later, counts.
- A2 (net new, domain ' B.io '): E3 2025-12-20..2026-01-13, team 4 (12-22 and 12-29 before the
  mart, 01-05, 01-12).
- A3 (SF3): E4 2026-01-26..02-03, team 8 (01-26, 02-02), with no mart row at all.
- E5 belongs to a truth account that does not exist: ignored.

====  ===========  =====  ====  ========  ========  =================  =====  ========  =======
acct  week         truth  seen  estimate  interval  method             APE    baseline  covered
====  ===========  =====  ====  ========  ========  =================  =====  ========  =======
A1    01-05 (E1)   10     4     8         6-12      capture_recapture  0.20   0.60      yes
A1    01-12 (E1)   10     6     11        9-14      capture_recapture  0.10   0.40      yes
A1    01-19 (E2)   5      3     6         5-9       capture_recapture  0.20   0.40      yes
A1    01-26 (E2)   5      5     5         5-5       prior              0.00   0.00      yes
A1    02-02 (E2)   5      2     7         6-8       prior              0.40   0.60      no
A2    01-05 (E3)   4      2     3         2-5       prior              0.25   0.50      yes
A2    01-12 (E3)   4      1     6         5-7       capture_recapture  0.50   0.75      no
A3    01-26 (E4)   8      -     -         -         (no row)           1.00   1.00      no
A3    02-02 (E4)   8      -     -         -         (no row)           1.00   1.00      no
====  ===========  =====  ====  ========  ========  =================  =====  ========  =======

So: 9 account-weeks of 4 episodes; MdAPE 0.25, baseline 0.60, signed median error 0.00,
coverage 5/9; 2 missing, 4 outside the mart, 1 overlapping.
"""

from __future__ import annotations

import datetime as dt
from hashlib import md5
from pathlib import Path

import duckdb
import pytest
from rich.console import Console

from emergence.validate.common import Ratio
from emergence.validate.team_size import (
    MethodFigures,
    print_team_size_report,
    validate_team_size,
)

DOM_B = "dom_" + md5(b"b.io").hexdigest()

# (account_key, week_start, seen, estimated, low, high, method)
MART_ROWS = [
    ("SF1", "2026-01-05", 4, 8.0, 6.0, 12.0, "capture_recapture"),
    ("SF1", "2026-01-12", 6, 11.0, 9.0, 14.0, "capture_recapture"),
    ("SF1", "2026-01-19", 3, 6.0, 5.0, 9.0, "capture_recapture"),
    ("SF1", "2026-01-26", 5, 5.0, 5.0, 5.0, "prior"),
    ("SF1", "2026-02-02", 2, 7.0, 6.0, 8.0, "prior"),
    (DOM_B, "2026-01-05", 2, 3.0, 2.0, 5.0, "prior"),
    (DOM_B, "2026-01-12", 1, 6.0, 5.0, 7.0, "capture_recapture"),
    # An account in no episode: ignored, but it sets the mart's weeks.
    ("SF9", "2026-01-05", 1, 4.0, 3.0, 6.0, "prior"),
    ("SF9", "2026-02-02", 1, 4.0, 3.0, 6.0, "prior"),
]


def build_world(path: Path, week_type: str = "date") -> Path:
    """Write the world above into a fresh DuckDB file."""
    con = duckdb.connect(str(path))
    con.execute("create schema synth_truth")
    con.execute("create schema marts")
    con.execute(
        "create table synth_truth.accounts "
        "(truth_account_id varchar, domain varchar, sfdc_account_id varchar, expected_team_size double)"
    )
    con.executemany(
        "insert into synth_truth.accounts values (?, ?, ?, 6)",
        [("A1", "a.com", "SF1"), ("A2", " B.io ", None), ("A3", "c.org", "SF3")],
    )
    con.execute(
        "create table synth_truth.episodes (episode_id varchar, truth_account_id varchar, "
        "start_date date, end_date date, team_size bigint, opened_opportunity boolean)"
    )
    con.executemany(
        "insert into synth_truth.episodes values (?, ?, ?, ?, ?, false)",
        [
            ("E1", "A1", "2026-01-01", "2026-01-20", 10),
            ("E2", "A1", "2026-01-19", "2026-02-20", 5),
            ("E3", "A2", "2025-12-20", "2026-01-13", 4),
            ("E4", "A3", "2026-01-26", "2026-02-03", 8),
            ("E5", "A404", "2026-01-05", "2026-02-02", 7),
        ],
    )
    con.execute(
        f"""
        create table marts.fct_buying_team_estimates (
            account_key varchar, week_start {week_type}, seen integer, estimated_team_size double,
            estimated_low double, estimated_high double, expected_team_size double,
            estimate_method varchar)
        """
    )
    con.executemany(
        "insert into marts.fct_buying_team_estimates values (?, ?, ?, ?, ?, ?, 6, ?)",
        MART_ROWS,
    )
    con.close()
    return path


@pytest.fixture
def world(tmp_path: Path) -> Path:
    return build_world(tmp_path / "world.duckdb")


def execute(path: Path, sql: str) -> None:
    con = duckdb.connect(str(path))
    con.execute(sql)
    con.close()


@pytest.mark.parametrize("week_type", ["date", "timestamp"])
def test_headline_figures(tmp_path: Path, week_type: str) -> None:
    report = validate_team_size(build_world(tmp_path / "w.duckdb", week_type))
    assert report.account_weeks == 9
    assert report.episodes == 4
    assert report.mdape == pytest.approx(0.25)
    assert report.baseline_mdape == pytest.approx(0.60)
    assert report.median_error == pytest.approx(0.0)
    assert report.interval_coverage == Ratio(5, 9)
    assert (report.first_week, report.last_week) == (dt.date(2026, 1, 5), dt.date(2026, 2, 2))


def test_bookkeeping(world: Path) -> None:
    report = validate_team_size(world)
    assert report.missing_account_weeks == 2  # A3's two weeks
    assert report.weeks_outside_mart == 4  # A1 02-09 and 02-16, A2 12-22 and 12-29
    assert report.overlapping_account_weeks == 1  # A1 01-19
    assert report.duplicated_mart_account_weeks == 0


def test_by_method(world: Path) -> None:
    report = validate_team_size(world)
    assert report.by_method == {
        "(no row)": MethodFigures(2, 1.0, 1.0, -1.0, Ratio(0, 2)),
        "capture_recapture": MethodFigures(
            4, pytest.approx(0.2), pytest.approx(0.5), pytest.approx(0.15), Ratio(3, 4)
        ),
        "prior": MethodFigures(3, pytest.approx(0.25), pytest.approx(0.5), pytest.approx(0.0), Ratio(2, 3)),
    }


def test_overlapping_weeks_belong_to_the_later_episode(world: Path) -> None:
    # Estimate A1's 01-19 at 10: right for E1 (team 10) but 100% off for E2 (team 5), which counts.
    execute(
        world,
        "update marts.fct_buying_team_estimates set estimated_team_size = 10 "
        "where account_key = 'SF1' and week_start = '2026-01-19'",
    )
    report = validate_team_size(world)
    assert report.account_weeks == 9
    # capture_recapture APEs: 0.2, 0.1, 1.0, 0.5 -> median 0.35 (it would be 0.15 for E1).
    assert report.by_method["capture_recapture"].mdape == pytest.approx(0.35)


def test_account_key_falls_back_to_the_domain_hash(world: Path) -> None:
    # A blank CRM id counts as none: A1's weeks are then sought under its domain key, where the
    # mart has one of them.
    execute(world, "update synth_truth.accounts set sfdc_account_id = '  ' where truth_account_id = 'A1'")
    dom_a = "dom_" + md5(b"a.com").hexdigest()
    execute(
        world,
        "insert into marts.fct_buying_team_estimates "
        f"values ('{dom_a}', '2026-01-05', 4, 8, 6, 12, 6, 'prior')",
    )
    report = validate_team_size(world)
    assert report.missing_account_weeks == 6  # A1's other four weeks and A3's two
    assert report.by_method["(no row)"].account_weeks == 6


def test_duplicated_mart_rows_are_averaged(world: Path) -> None:
    execute(
        world,
        "insert into marts.fct_buying_team_estimates values "
        "('SF1', '2026-01-26', 5, 7, 6, 8, 6, 'prior')",  # mean of 5 and 7 is 6: APE 0.2
    )
    report = validate_team_size(world)
    assert report.duplicated_mart_account_weeks == 1
    assert report.account_weeks == 9
    # prior APEs: 0.2, 0.4, 0.25 -> 0.25; coverage: 5.5-6.5 misses 5.
    assert report.by_method["prior"].mdape == pytest.approx(0.25)
    assert report.by_method["prior"].interval_coverage == Ratio(1, 3)


def test_passes_at_the_default_target(world: Path) -> None:
    assert validate_team_size(world).passes() == []


def test_passes_names_a_missed_target(world: Path) -> None:
    failed = validate_team_size(world).passes(target_mdape=0.2)
    assert len(failed) == 1
    assert failed[0].startswith("team size MdAPE is 0.2500 over 9 account-weeks")


def test_passes_fails_when_the_estimate_does_not_beat_the_baseline(world: Path) -> None:
    execute(world, "update marts.fct_buying_team_estimates set seen = estimated_team_size")
    report = validate_team_size(world)
    assert report.baseline_mdape == pytest.approx(report.mdape)
    failed = report.passes(target_mdape=0.5)
    assert len(failed) == 1
    assert "does not beat the baseline" in failed[0]


def test_empty_mart_has_nothing_to_measure(world: Path) -> None:
    execute(world, "delete from marts.fct_buying_team_estimates")
    report = validate_team_size(world)
    assert report.account_weeks == 0
    assert report.mdape is None
    assert report.weeks_outside_mart == 13  # every episode week of a known account
    assert report.passes() == ["team size MdAPE: nothing to measure (0 account-weeks), target <= 0.25"]


def test_missing_mart_is_reported(world: Path) -> None:
    execute(world, "drop table marts.fct_buying_team_estimates")
    with pytest.raises(ValueError, match="marts.fct_buying_team_estimates"):
        validate_team_size(world)


def test_missing_column_is_reported(world: Path) -> None:
    execute(world, "alter table marts.fct_buying_team_estimates drop column estimated_low")
    with pytest.raises(ValueError, match="estimated_low"):
        validate_team_size(world)


def test_print_team_size_report(world: Path) -> None:
    console = Console(record=True, width=200)
    print_team_size_report(validate_team_size(world), console)
    text = console.export_text()
    assert "MdAPE of the estimate" in text
    assert "25.00%" in text
    assert "capture_recapture" in text
    assert "(no row)" in text
