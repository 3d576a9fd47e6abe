"""Signal validation on a hand-built warehouse whose figures are known in advance.

The world: four truth accounts; the emergence mart covers the Mondays 2026-01-05 to 2026-01-26,
so the population is 4 accounts x 4 weeks = 16 account-weeks.

- A1 (SF1): E1 2026-01-10..01-20 (in market weeks 01-05, 01-12, 01-19), opportunity created
  2026-01-22 10:00; first river week in [2025-12-13, 01-22] is 01-12: lead 10 days.
- A2 (net new, domain ' B.io '): E2 2026-01-19..02-15 (weeks 01-19, 01-26), opportunity
  2026-02-12; first river week 01-19: lead 24 days.
- A3 (SF3): E3 2026-01-20..03-01 (weeks 01-19, 01-26), opportunity 2026-01-25; its only river
  week, 01-26, comes after the opportunity: never reached river.
- A4 (SF4): no mart row at all; E4 2025-11-01..11-20, opportunity 2025-11-15, before the mart:
  not measurable.
- E5 belongs to a truth account that does not exist: ignored. SF9 is in the marts only.

====  =====  ======  =========  ========  ===
acct  week   in mkt  emergence  tier      MAP
====  =====  ======  =========  ========  ===
A1    01-05  yes     60         stream    3
A1    01-12  yes     80         river     5
A1    01-19  yes     90         river     2
A1    01-26  no      58         river     6
A2    01-05  no      10         molecule  2
A2    01-12  no      20         drop      1
A2    01-19  yes     85         river     4
A2    01-26  yes     95         river     -  (no MAP row: 0)
A3    01-05  no      5          molecule  0
A3    01-12  no      -          -         -  (no rows: 0, 0)
A3    01-19  yes     55         stream    1
A3    01-26  yes     70         river     2
A4    (4)    no      -          -         -  (no rows: 0, 0)
====  =====  ======  =========  ========  ===

7 positives, 9 negatives (63 pairs).

- Emergence pooled AUC: only A1 01-26 (58) > A3 01-19 (55) is out of order: 62/63. Every week
  separates perfectly: mean weekly AUC 1.0.
- MAP pooled AUC: positives 3, 5, 2, 4, 0, 1, 2 against negatives 6, 2, 1, 0 x 6 win
  8 + 8 + 7.5 + 8 + 3 + 6.5 + 7.5 = 48.5 -> 48.5/63. Weekly: 1, 1, 1 and 01-26
  (0, 2 against 6, 0) 1.5/4 -> mean 3.375/4 = 0.84375.
- Top decile: k = ceil(16/10) = 2. Emergence 95, 90 (both in market): lift 1/(7/16) = 16/7.
  MAP 6 (no), 5 (yes): lift (1/2)/(7/16) = 8/7.
- River: 6 account-weeks, 5 in market: precision 5/6, recall 5/7. Lead days 10 and 24: median
  17; reached 2 of 3 measured episodes.
"""

from __future__ import annotations

import datetime as dt
import itertools
from hashlib import md5
from pathlib import Path

import duckdb
import numpy as np
import pytest
from rich.console import Console

from emergence.validate.common import Ratio
from emergence.validate.signals import (
    SignalTargets,
    mann_whitney_auc,
    print_signal_report,
    top_decile_lift,
    validate_signals,
)

DOM_B = "dom_" + md5(b"b.io").hexdigest()

# (account_key, week_start, emergence_score, tier)
EMERGENCE_ROWS = [
    ("SF1", "2026-01-05", 60, "stream"),
    ("SF1", "2026-01-12", 80, "river"),
    ("SF1", "2026-01-19", 90, "river"),
    ("SF1", "2026-01-26", 58, "river"),
    (DOM_B, "2026-01-05", 10, "molecule"),
    (DOM_B, "2026-01-12", 20, "drop"),
    (DOM_B, "2026-01-19", 85, "river"),
    (DOM_B, "2026-01-26", 95, "river"),
    ("SF3", "2026-01-05", 5, "molecule"),
    ("SF3", "2026-01-19", 55, "stream"),
    ("SF3", "2026-01-26", 70, "river"),
    # An account of no truth account: left out.
    ("SF9", "2026-01-12", 99, "river"),
]
# (account_key, week_start, map_score, top_person_score)
MAP_ROWS = [
    ("SF1", "2026-01-05", 3, 1),
    ("SF1", "2026-01-12", 5, 1),
    ("SF1", "2026-01-19", 2, 1),
    ("SF1", "2026-01-26", 6, 1),
    ("SF1", "2026-02-02", 9, 1),  # after the emergence mart's last week: left out
    (DOM_B, "2026-01-05", 2, 1),
    (DOM_B, "2026-01-12", 1, 1),
    (DOM_B, "2026-01-19", 4, 1),
    ("SF3", "2026-01-05", 0, 1),
    ("SF3", "2026-01-19", 1, 1),
    ("SF3", "2026-01-26", 2, 1),
]
# (episode_id, truth_account_id, start, end, opened_opportunity, opportunity_created_date)
EPISODES = [
    ("E1", "A1", "2026-01-10", "2026-01-20", True, "2026-01-22 10:00:00"),
    ("E2", "A2", "2026-01-19", "2026-02-15", True, "2026-02-12 08:30:00"),
    ("E3", "A3", "2026-01-20", "2026-03-01", True, "2026-01-25 23:00:00"),
    ("E4", "A4", "2025-11-01", "2025-11-20", True, "2025-11-15 12:00:00"),
    ("E5", "A404", "2026-01-05", "2026-01-26", False, None),
]

# (truth_account_id, truth_person_id, occurred_at, is_in_market): what the oracle counts.
TOUCHES = [
    ("A1", "P1", "2026-01-08 09:00:00", True),
    ("A1", "P2", "2026-01-13 09:00:00", True),
    ("A1", "P3", "2026-01-13 10:00:00", True),
    ("A1", "P3", "2026-01-14 10:00:00", True),  # one person, counted once
    ("A2", "P9", "2026-01-06 09:00:00", False),  # not on a team: never counted
    ("A3", "P5", "2026-01-21 09:00:00", True),
]


def build_world(path: Path, week_type: str = "date") -> Path:
    """Write the world above into a fresh DuckDB file."""
    con = duckdb.connect(str(path))
    con.execute("create schema synth_truth")
    con.execute("create schema marts")
    con.execute(
        "create table synth_truth.accounts "
        "(truth_account_id varchar, domain varchar, sfdc_account_id varchar, in_crm boolean)"
    )
    con.executemany(
        "insert into synth_truth.accounts values (?, ?, ?, true)",
        [("A1", "a.com", "SF1"), ("A2", " B.io ", None), ("A3", "c.org", "SF3"), ("A4", "d.net", "SF4")],
    )
    con.execute(
        "create table synth_truth.episodes (episode_id varchar, truth_account_id varchar, start_date date, "
        "end_date date, team_size bigint, opened_opportunity boolean, opportunity_id varchar, "
        "opportunity_created_date timestamp, is_won boolean, amount double)"
    )
    con.executemany(
        "insert into synth_truth.episodes values (?, ?, ?, ?, 5, ?, null, ?, null, null)", EPISODES
    )
    con.execute(
        "create table synth_truth.touches (truth_account_id varchar, truth_person_id varchar, "
        "occurred_at timestamp, is_in_market boolean)"
    )
    con.executemany("insert into synth_truth.touches values (?, ?, ?, ?)", TOUCHES)
    con.execute(
        f"create table marts.fct_account_emergence (account_key varchar, week_start {week_type}, "
        "emergence_score double, tier varchar)"
    )
    con.executemany("insert into marts.fct_account_emergence values (?, ?, ?, ?)", EMERGENCE_ROWS)
    con.execute(
        f"create table marts.fct_account_map_scores (account_key varchar, week_start {week_type}, "
        "map_score double, top_person_score double)"
    )
    con.executemany("insert into marts.fct_account_map_scores values (?, ?, ?, ?)", MAP_ROWS)
    add_baseline_inputs(con)
    con.close()
    return path


def add_baseline_inputs(con: duckdb.DuckDBPyConnection) -> None:
    """The tables the truth-free baselines read: head counts from the score, one lead score."""
    con.execute("create schema intermediate")
    con.execute(
        "create table intermediate.int_emergence__inputs as select account_key, week_start, "
        "case when tier = 'river' then 2 else 1 end as engaged_people, 1 as recent_people, "
        "8.0 as expected_team_size from marts.fct_account_emergence"
    )
    con.execute(
        "create table marts.fct_account_lead_rollup_weekly as select account_key, week_start, "
        "case when account_key = 'SF3' then 50 else 10 end as best_lead_score "
        "from marts.fct_account_emergence"
    )


@pytest.fixture
def world(tmp_path: Path) -> Path:
    return build_world(tmp_path / "world.duckdb")


def execute(path: Path, sql: str) -> None:
    con = duckdb.connect(str(path))
    con.execute(sql)
    con.close()


# --------------------------------------------------------------------------------------------
# The rank statistics alone.


def brute_force_auc(scores: list[float], labels: list[bool]) -> float:
    pos = [s for s, y in zip(scores, labels, strict=True) if y]
    neg = [s for s, y in zip(scores, labels, strict=True) if not y]
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p, n in itertools.product(pos, neg))
    return wins / (len(pos) * len(neg))


def test_auc_perfect_reversed_and_tied() -> None:
    labels = [True, True, False, False, False]
    assert mann_whitney_auc([5, 4, 3, 2, 1], labels) == 1.0
    assert mann_whitney_auc([1, 2, 3, 4, 5], labels) == 0.0
    assert mann_whitney_auc([7, 7, 7, 7, 7], labels) == 0.5
    # One positive ties one negative, beats the other two: (2 + 0.5 + 3) / 6.
    assert mann_whitney_auc([3, 5, 3, 1, 2], labels) == pytest.approx(5.5 / 6)


def test_auc_needs_both_classes() -> None:
    assert mann_whitney_auc([1, 2, 3], [True, True, True]) is None
    assert mann_whitney_auc([1, 2, 3], [False, False, False]) is None
    assert mann_whitney_auc([], []) is None


def test_auc_matches_brute_force() -> None:
    rng = np.random.default_rng(7)
    scores = rng.integers(0, 6, size=300).astype(float).tolist()  # many ties
    labels = (rng.random(300) < 0.3).tolist()
    assert mann_whitney_auc(scores, labels) == pytest.approx(brute_force_auc(scores, labels))


def test_top_decile_lift_includes_ties_at_the_cut() -> None:
    # 20 scores: k = 2. Cut 8; three score >= 8, two of them positive; 4 positives of 20.
    scores = [9, 8, 8, 7] + [0] * 16
    labels = [True, False, True, True] + [False] * 15 + [True]
    lift, top, cut = top_decile_lift(scores, labels)
    assert cut == 8
    assert top == Ratio(2, 3)
    assert lift == pytest.approx((2 / 3) / (4 / 20))


def test_top_decile_lift_is_one_when_everything_ties() -> None:
    lift, top, cut = top_decile_lift([0.0] * 10, [True] + [False] * 9)
    assert (lift, top, cut) == (pytest.approx(1.0), Ratio(1, 10), 0.0)
    assert top_decile_lift([1.0, 2.0], [False, False])[0] is None


# --------------------------------------------------------------------------------------------
# The whole validation on the hand-built world.


@pytest.mark.parametrize("week_type", ["date", "timestamp"])
def test_population_and_labels(tmp_path: Path, week_type: str) -> None:
    report = validate_signals(build_world(tmp_path / "w.duckdb", week_type))
    assert report.positive_rate == Ratio(7, 16)
    assert (report.accounts, report.weeks) == (4, 4)
    assert (report.first_week, report.last_week) == (dt.date(2026, 1, 5), dt.date(2026, 1, 26))


def test_auc_figures(world: Path) -> None:
    report = validate_signals(world)
    assert report.emergence.auc == pytest.approx(62 / 63)
    assert report.emergence.mean_weekly_auc == pytest.approx(1.0)
    assert report.emergence.weeks_with_auc == 4
    assert report.map.auc == pytest.approx(48.5 / 63)
    assert report.map.mean_weekly_auc == pytest.approx(0.84375)
    assert report.auc_margin == pytest.approx((62 - 48.5) / 63)


def test_mean_weekly_auc_skips_weeks_with_one_class(world: Path) -> None:
    # E1 now starts 2026-01-12: no account is in market in the week of 01-05, which drops out.
    execute(world, "update synth_truth.episodes set start_date = '2026-01-12' where episode_id = 'E1'")
    report = validate_signals(world)
    assert report.positive_rate == Ratio(6, 16)
    assert report.emergence.weeks_with_auc == 3
    assert report.emergence.mean_weekly_auc == pytest.approx(1.0)
    assert report.map.mean_weekly_auc == pytest.approx((1 + 1 + 0.375) / 3)


def test_lift_figures(world: Path) -> None:
    report = validate_signals(world)
    assert report.emergence.top_decile == Ratio(2, 2)
    assert report.emergence.top_decile_cut == 90
    assert report.emergence.top_decile_lift == pytest.approx(16 / 7)
    assert report.map.top_decile == Ratio(1, 2)
    assert report.map.top_decile_lift == pytest.approx(8 / 7)


def test_lift_counts_every_tie_at_the_cut(world: Path) -> None:
    # A2 01-19 (in market) now ties MAP's cut of 5: the top holds 6, 5, 5.
    execute(
        world,
        f"update marts.fct_account_map_scores set map_score = 5 "
        f"where account_key = '{DOM_B}' and week_start = '2026-01-19'",
    )
    report = validate_signals(world)
    assert report.map.top_decile == Ratio(2, 3)
    assert report.map.top_decile_lift == pytest.approx((2 / 3) / (7 / 16))


def test_reversed_and_tied_scores(world: Path) -> None:
    # Every account-week without a row scores 0 too, so "all ties" needs every score at 0.
    execute(world, "update marts.fct_account_emergence set emergence_score = 0")
    execute(world, "update marts.fct_account_map_scores set map_score = -map_score")
    report = validate_signals(world)
    assert report.emergence.auc == pytest.approx(0.5)
    assert report.emergence.top_decile_lift == pytest.approx(1.0)
    assert report.map.auc == pytest.approx(1 - 48.5 / 63)


def test_river_classifier(world: Path) -> None:
    report = validate_signals(world)
    assert report.river_precision == Ratio(5, 6)
    assert report.river_recall == Ratio(5, 7)
    assert report.by_tier == {
        "river": Ratio(5, 6),
        "stream": Ratio(2, 2),
        "drop": Ratio(0, 1),
        "molecule": Ratio(0, 2),
        "(no row)": Ratio(0, 5),
    }


def test_river_lead_time(world: Path) -> None:
    report = validate_signals(world)
    assert report.river_lead_days == (10, 24)
    assert report.median_river_lead_days == pytest.approx(17)
    assert report.reached_river == Ratio(2, 3)
    assert report.never_reached_river == 1  # E3: river only after its opportunity
    assert report.opportunity_episodes_unmeasurable == 1  # E4: before the mart


def test_ceiling_oracle(world: Path) -> None:
    # Oracle scores (true team members active in the 28 days up to the week's end):
    # A1 1, 3, 3, 3 (the last week is out of market); A2 0 x 4 (P9 is not on a team);
    # A3 0, 0, 1, 1; A4 0 x 4. Positives 1, 3, 3, 0, 0, 1, 1 against negatives 3 and eight 0s:
    # 8 + 8.5 + 8.5 + 4 + 4 + 8 + 8 = 49 of 63 pairs.
    report = validate_signals(world)
    assert report.ceiling is not None
    assert report.ceiling.auc == pytest.approx(49 / 63)
    assert report.ceiling_margin == pytest.approx(49 / 63 - 48.5 / 63)
    # E1 (team of 5): three people seen by the week of 01-12, opportunity 01-22: 10 days.
    # E2 and E3 never show half their team; E4 is not measurable.
    assert report.ceiling_median_lead_days == pytest.approx(10)


def test_opportunity_label_auc(world: Path) -> None:
    # "Opens an opportunity within 8 weeks of the week's end": A1 weeks 01-05 and 01-12 and A3
    # weeks 01-05 and 01-12 are positive, their later weeks are left out (opened within the
    # horizon before); A2's four weeks are positive (opportunity 02-12); A4's opportunity
    # (2025-11-15) is older than the horizon: four negatives, all scoring 0 on both signals.
    # Emergence: seven positives above 0 and A3 01-12 (no row: 0) tied: (28 + 2) / 32.
    # MAP: 3, 5, 2, 1, 4 win, A2 01-26, A3 01-05 and A3 01-12 score 0 and tie: (20 + 6) / 32.
    report = validate_signals(world)
    assert report.opportunity_auc_emergence == pytest.approx(30 / 32)
    assert report.opportunity_auc_map == pytest.approx(26 / 32)


def test_river_before_the_window_does_not_count(world: Path) -> None:
    # E3 now starts 2026-02-10: its window opens 2026-01-13, after A3's new river week 01-05.
    # A river week on 01-19 (inside) then counts: 2026-01-25 - 01-19 = 6 days.
    execute(world, "update synth_truth.episodes set start_date = '2026-02-10' where episode_id = 'E3'")
    execute(world, "update marts.fct_account_emergence set tier = 'river' where account_key = 'SF3'")
    report = validate_signals(world)
    assert report.river_lead_days == (6, 10, 24)
    assert report.median_river_lead_days == pytest.approx(10)
    assert report.reached_river == Ratio(3, 3)


def test_bookkeeping(world: Path) -> None:
    report = validate_signals(world)
    assert report.missing_emergence_account_weeks == 5  # A3 01-12, A4 x 4
    assert report.missing_map_account_weeks == 6  # A2 01-26, A3 01-12, A4 x 4
    assert report.emergence_account_weeks_left_out == 1  # SF9
    assert report.map_account_weeks_left_out == 1  # SF1 02-02
    assert report.episodes_ignored == 1  # E5
    assert report.truth_accounts_sharing_a_key == 0
    assert report.duplicated_emergence_account_weeks == 0


def test_duplicated_mart_rows_are_averaged(world: Path) -> None:
    # A1 01-26 gets a second row: mean (58 + 40) / 2 = 49 < 55, so the pooled AUC becomes 1.
    execute(world, "insert into marts.fct_account_emergence values ('SF1', '2026-01-26', 40, 'drop')")
    report = validate_signals(world)
    assert report.duplicated_emergence_account_weeks == 1
    assert report.positive_rate == Ratio(7, 16)
    assert report.emergence.auc == pytest.approx(1.0)
    assert report.river_precision == Ratio(5, 6)  # the higher tier, river, counts


def test_account_key_falls_back_to_the_domain_hash(world: Path) -> None:
    # A blank CRM id counts as none: A1 is then sought under its domain key, where no row is.
    execute(world, "update synth_truth.accounts set sfdc_account_id = ' ' where truth_account_id = 'A1'")
    report = validate_signals(world)
    assert report.missing_emergence_account_weeks == 9
    assert report.emergence_account_weeks_left_out == 5  # SF1 x 4 and SF9
    assert report.reached_river == Ratio(1, 3)


def test_passes_at_the_default_targets(world: Path) -> None:
    assert validate_signals(world).passes() == []


def test_passes_names_a_short_margin_over_the_best_baseline(world: Path) -> None:
    failed = validate_signals(world).passes(SignalTargets(margin_each=0.2))
    assert failed == [
        "AUC over the best baseline is 0.9841 (+0.1032); target >= engaged people 28d 0.8810 + 0.20"
    ]


def test_passes_fails_when_map_reaches_the_score(world: Path) -> None:
    execute(world, "delete from marts.fct_account_map_scores")
    execute(
        world,
        "insert into marts.fct_account_map_scores select account_key, week_start, emergence_score, 0 "
        "from marts.fct_account_emergence",
    )
    failed = validate_signals(world).passes()
    assert [line.split(" is ")[0] for line in failed] == [
        "AUC over the best baseline",
        "share of the gap from MAP-style to the oracle closed",
    ]


def test_passes_fails_on_short_lead(world: Path) -> None:
    report = validate_signals(world)
    assert report.world is not None and report.world.oracle_lead_days == 10
    assert report.passes(SignalTargets(lead_slack_days=-8)) == [
        "median river lead before the opportunity (days) is 17; target >= oracle 10 - -8"
    ]


def test_passes_fails_when_the_lead_score_ranks_opportunities_better(world: Path) -> None:
    assert validate_signals(world).passes(SignalTargets(opportunity_margin=0.05)) == [
        "AUC for 'opens an opportunity within the horizon' is 0.9375; target >= best lead score 0.9375 + 0.05"
    ]


def test_passes_fails_when_no_episode_reached_river(world: Path) -> None:
    execute(world, "update marts.fct_account_emergence set tier = 'stream' where tier = 'river'")
    report = validate_signals(world)
    assert report.median_river_lead_days is None
    assert report.reached_river == Ratio(0, 3)
    failed = report.passes()
    assert failed == ["median river lead before the opportunity (days) is n/a; target >= oracle 10 - 7"]


def test_empty_marts_have_nothing_to_measure(world: Path) -> None:
    execute(world, "delete from marts.fct_account_emergence")
    report = validate_signals(world)
    assert report.account_weeks == 0
    assert report.emergence.auc is None
    assert report.emergence.top_decile_lift is None
    assert report.world is None
    assert report.passes() == ["signal targets: nothing to measure (0 account-weeks, 0 positive)"]


def test_missing_mart_is_reported(world: Path) -> None:
    execute(world, "drop table marts.fct_account_map_scores")
    with pytest.raises(ValueError, match="marts.fct_account_map_scores"):
        validate_signals(world)


def test_missing_baseline_table_is_reported(world: Path) -> None:
    execute(world, "drop table marts.fct_account_lead_rollup_weekly")
    with pytest.raises(ValueError, match="marts.fct_account_lead_rollup_weekly"):
        validate_signals(world)


def test_missing_column_is_reported(world: Path) -> None:
    execute(world, "alter table marts.fct_account_emergence drop column tier")
    with pytest.raises(ValueError, match="tier"):
        validate_signals(world)


def test_print_signal_report(world: Path) -> None:
    console = Console(record=True, width=220)
    print_signal_report(validate_signals(world), console)
    text = console.export_text()
    assert "AUC (pooled account-weeks)" in text
    assert "0.9841" in text
    assert "0.7698" in text
    assert "83.33% (5/6)" in text
    assert "(no row)" in text
    assert "people / expected team" in text and "0.8810" in text
    assert "AUC over the best baseline" in text and "pass" in text
