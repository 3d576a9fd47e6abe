"""Incremental runs equal a full refresh: the base models, fct_touches, the daily
engagement fact and every other mart.

The world is first loaded only up to a cutoff (every raw row loaded later is held back),
built, and then the held-back rows arrive: late events, identify calls that stitch
earlier anonymous visits, deletions, a Salesforce contact moved to another account,
which re-attributes the touches of its person from weeks before, and a Salesforce lead
retitled as a student, which changes that person's lead score from weeks before. An incremental
`dbt build` must then give exactly the touches that a full refresh of the complete data
gives, though it resolves only the touches loaded since the last run and those whose
identity changed.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from dbt_world import build, generate, world_path

from emergence.dbt import dbt_env
from emergence.paths import project_dir
from emergence.pii_key import pii_key, set_key_variable
from emergence.synth.holdback import hold_back, release

pytestmark = [pytest.mark.dbt, pytest.mark.own_world]

CUTOFF = datetime(2026, 2, 20)
COLUMNS = (
    "touch_id, account_key, person_key, anonymous_id, source_row_id, source_system, source_table, "
    "identity_key, channel, touch_type, account_method, identity_hash, account_confidence, base_weight, "
    "weight, is_anonymous_person, is_bot, has_account_conflict, is_engagement, occurred_at, loaded_at"
)


def _touches(database: Path) -> set[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return set(con.execute(f"select {COLUMNS} from marts.fct_touches").fetchall())


def _days(database: Path) -> set[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return set(con.execute("select * from marts.fct_account_engagement_daily").fetchall())


def _weeks(database: Path) -> dict[str, tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute("select * from marts.fct_account_engagement_weekly").fetchall()
    return {row[0]: row for row in rows}


def _pending_inputs(database: Path) -> int:
    with duckdb.connect(str(database), read_only=True) as con:
        query = "select count(*) from intermediate.int_engagement__changes where is_pending"
        return con.execute(query).fetchone()[0]


def _tables(database: Path) -> dict[str, set[tuple]]:
    """Every base model, mart and quality table, as a set of rows."""
    with duckdb.connect(str(database), read_only=True) as con:
        names = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_type = 'BASE TABLE' and "
            "(table_name like 'base\\_%' escape '\\' or table_schema in ('marts', 'quality')) order by all"
        ).fetchall()
        return {
            f"{schema}.{table}": set(con.execute(f'select * from {schema}."{table}"').fetchall())
            for schema, table in names
        }


# A contact moved to another account on the day after the cutoff: its person's touches
# from weeks before (loaded long before touches_lookback_hours) take the new account.
MOVE_CONTACT = (
    """
create temp table moved as
select contact.id, contact.account_id, lead.id as lead_id
from salesforce.contact as contact
inner join marketo.lead as lead
    on lower(trim(lead.email)) = lower(trim(contact.email))
where
    contact.account_id is not null
    and not coalesce(contact.is_deleted, false)
    and exists (
        select 1 from marketo.activity_email_delivered as delivered
        where delivered.lead_id = lead.id and delivered._fivetran_synced < $old
    )
order by contact.id
limit 1
""",
    """
insert into salesforce.contact
select * replace (
    (
        select min(id) from salesforce.account
        where id != (select account_id from moved) and not coalesce(is_deleted, false)
    ) as account_id,
    $moved_at as _fivetran_synced
)
from salesforce.contact
where id = (select id from moved)
qualify row_number() over (order by _fivetran_synced desc) = 1
""",
)


def _move_contact(database: Path) -> list[str]:
    """Move one contact to another account the day after the cutoff; the touch ids of its
    person's email deliveries loaded more than two weeks before the cutoff."""
    old = CUTOFF - timedelta(days=14)
    with duckdb.connect(str(database)) as con:
        con.execute(MOVE_CONTACT[0], {"old": old})
        con.execute(MOVE_CONTACT[1], {"moved_at": CUTOFF + timedelta(days=1)})
        rows = con.execute(
            "select 'marketo:activity_email_delivered:' || cast(id as varchar) "
            "from marketo.activity_email_delivered "
            "where lead_id = (select lead_id from moved) and _fivetran_synced < ?",
            [old],
        ).fetchall()
    return [row[0] for row in rows]


# A lead retitled as a student on the day after the cutoff: the scorecard's title_student
# rule then holds from the person's first sighting, weeks before, and every stored score
# of that person since changes. The lead is the richest record of its person (no contact
# shares its email), so its title is the person's.
RETITLE_LEAD = (
    """
create temp table retitled as
select lead.id
from salesforce.lead as lead
where
    lead.email is not null
    and not coalesce(lead.is_deleted, false)
    and not coalesce(lead.is_converted, false)
    and coalesce(lead.title, '') not ilike '%student%'
    and lead._fivetran_synced < $old
    and not exists (
        select 1 from salesforce.contact as contact
        where lower(trim(contact.email)) = lower(trim(lead.email))
    )
    and (
        select count(*) from salesforce.lead as same
        where lower(trim(same.email)) = lower(trim(lead.email))
    ) = 1
order by lead.id
limit 1
""",
    """
insert into salesforce.lead
select * replace ('Graduate Student' as title, $retitled_at as _fivetran_synced)
from salesforce.lead
where id = (select id from retitled)
qualify row_number() over (order by _fivetran_synced desc) = 1
""",
)


def _retitle_lead(database: Path) -> str:
    """Retitle one lead, loaded more than two weeks before the cutoff, as a student the day
    after it; its id."""
    with duckdb.connect(str(database)) as con:
        con.execute(RETITLE_LEAD[0], {"old": CUTOFF - timedelta(days=14)})
        con.execute(RETITLE_LEAD[1], {"retitled_at": CUTOFF + timedelta(days=1)})
        return con.execute("select id from retitled").fetchone()[0]


def _scores_of(database: Path, lead_id: str) -> tuple[set[str], dict]:
    """The rules the person of a Salesforce lead met, and their scores by date. The view
    that names the lead's person computes its keyed hash, so it needs the build's key."""
    person = (
        "select person_key from intermediate.int_people__source_records "
        "where record_type = 'sfdc_lead' and record_id = ?"
    )
    with duckdb.connect(str(database), read_only=True) as con:
        set_key_variable(con, pii_key(dbt_env(database)))
        points = f"select distinct rule_id from marts.fct_lead_score_points where person_key in ({person})"
        rules = con.execute(points, [lead_id]).fetchall()
        days = f"select score_date, total_score from marts.fct_lead_scores where person_key in ({person})"
        scores = con.execute(days, [lead_id]).fetchall()
    return {rule for (rule,) in rules}, dict(scores)


# The models between the reverse-IP export and the located web events.
RANGE_MODELS = "base_reverse_ip__ip_company_ranges+,+int_web_events__located"


def _located(database: Path) -> set[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return set(con.execute("select * from intermediate.int_web_events__located").fetchall())


def _busiest_range(database: Path, loaded_before: datetime) -> tuple[str, str]:
    """The range, naming an account, that located most events loaded before
    `loaded_before`; its id and account."""
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(
            "select range_id, min(ip_account_key) from intermediate.int_web_events__located "
            "where range_id is not null and ip_account_key is not null and loaded_at < ? "
            "group by range_id order by count(*) desc, range_id limit 1",
            [loaded_before],
        ).fetchone()


def _drop_busiest_range(databases: list[Path], loaded_before: datetime) -> str:
    """Remove from the reverse-IP export, in each database, the range that located most
    events loaded before `loaded_before` in the first; its id."""
    range_id, _ = _busiest_range(databases[0], loaded_before)
    for database in databases:
        with duckdb.connect(str(database)) as con:
            con.execute("delete from reverse_ip.ip_company_ranges where range_id = ?", [range_id])
    return range_id


def _move_busiest_range(databases: list[Path], loaded_before: datetime) -> tuple[str, str]:
    """Give the range that located most events loaded before `loaded_before` (in the first
    database) the domain of another account's range, in each database: its bounds stay, its
    account changes. The range's id and its new account."""
    range_id, old_account = _busiest_range(databases[0], loaded_before)
    with duckdb.connect(str(databases[0]), read_only=True) as con:
        domain, new_account = con.execute(
            "select company_domain, account_key from intermediate.int_ip_ranges__accounts "
            "where account_key is not null and account_key != ? order by range_id limit 1",
            [old_account],
        ).fetchone()
    for database in databases:
        with duckdb.connect(str(database)) as con:
            con.execute(
                "update reverse_ip.ip_company_ranges set company_domain = ? where range_id = ?",
                [domain, range_id],
            )
    return range_id, new_account


def _resync_page_view(databases: list[Path], range_id: str) -> str:
    """Load again, an hour after the newest page view, a page view located in `range_id` (in
    the first database), in each database: the day brings an event whose range also moved.
    Its event id."""
    with duckdb.connect(str(databases[0]), read_only=True) as con:
        (event_id,) = con.execute(
            "select min(event_id) from intermediate.int_web_events__located "
            "where source_table = 'pages' and range_id = ?",
            [range_id],
        ).fetchone()
    for database in databases:
        with duckdb.connect(str(database)) as con:
            con.execute(
                "insert into segment.pages select * replace ("
                "(select max(received_at) from segment.pages) + interval 1 hour as received_at) "
                "from segment.pages where cast(id as varchar) = ? "
                "qualify row_number() over (order by received_at desc) = 1",
                [event_id],
            )
    return event_id


def _segment_hashes(database: Path) -> set[str]:
    with duckdb.connect(str(database), read_only=True) as con:
        query = "select distinct ip_segments_hash from intermediate.int_web_events__located"
        return {row[0] for row in con.execute(query).fetchall()}


def test_incremental_run_equals_full_refresh(tmp_path: Path) -> None:
    complete = generate(world_path(tmp_path, "complete"), accounts=40, days=75)
    old_touches = _move_contact(complete)
    assert old_touches
    retitled = _retitle_lead(complete)
    incremental = world_path(tmp_path, "incremental")
    incremental.parent.mkdir()
    shutil.copy(complete, incremental)

    held_back = hold_back(incremental, CUTOFF)
    assert held_back > 1000

    # The second run is the one under test: it runs the data tests on the incremental state.
    build(incremental, tmp_path / "first", checks="none")
    before = _touches(incremental)
    days_before = _days(incremental)
    weeks_before = _weeks(incremental)
    rules_before, scores_before = _scores_of(incremental, retitled)

    # the held-back rows arrive
    assert release(incremental) == held_back

    build(incremental, tmp_path / "second")
    build(complete, tmp_path / "full", args=["build", "--full-refresh"], checks="none")

    after_incremental = _touches(incremental)
    full_refresh = _touches(complete)
    assert len(full_refresh) > len(before)
    missing = full_refresh - after_incremental
    extra = after_incremental - full_refresh
    assert not missing and not extra, (sorted(missing)[:5], sorted(extra)[:5])

    # The scenario exercised identity changes, not only new rows: some touches stored by the
    # first run were rewritten with a new person or account.
    before_by_id = {row[0]: row for row in before}
    changed = [
        row
        for row in after_incremental
        if row[0] in before_by_id and (row[1], row[2]) != (before_by_id[row[0]][1], before_by_id[row[0]][2])
    ]
    assert changed, "no stored touch changed identity: the test would not catch a stale incremental"

    # The moved contact re-attributed its person's touches from earlier weeks, loaded long
    # before the lookback: only their identity's changed hash can have made the run read them.
    after_by_id = {row[0]: row for row in after_incremental}
    moved = [
        touch_id
        for touch_id in old_touches
        if touch_id in before_by_id and before_by_id[touch_id][1] != after_by_id[touch_id][1]
    ]
    assert moved, "the moved contact's earlier touches kept their account"

    # The daily engagement fact, built incrementally on top, equals its full refresh too,
    # including days that already existed and changed (late rows, moved touches).
    days_incremental = _days(incremental)
    days_full = _days(complete)
    assert days_incremental == days_full, (
        sorted(days_full - days_incremental)[:3],
        sorted(days_incremental - days_full)[:3],
    )
    keys_before = {row[0]: row for row in days_before}
    rewritten = [row for row in days_incremental if row[0] in keys_before and row != keys_before[row[0]]]
    assert rewritten, "no stored day changed: the test would not catch a stale daily fact"

    # The weekly models recompute only the account-weeks the changed inputs reach; among
    # them are weeks that ended well before the cutoff (touches re-attributed to another
    # person or account), which the equality below then covers. The run cleared the marks.
    weeks_after = _weeks(incremental)
    old_week = str((CUTOFF - timedelta(days=14)).date())
    old_weeks_changed = [
        key
        for key, row in weeks_before.items()
        if key in weeks_after and row != weeks_after[key] and key.rsplit(":", 1)[1] < old_week
    ]
    assert old_weeks_changed, "no week before the cutoff changed: the test would miss a stale weekly fact"
    assert _pending_inputs(incremental) == 0

    # The retitled lead's person now meets title_student from their first sighting: the
    # points and the scores stored for dates before the cutoff changed, which the equality
    # below then covers.
    rules_after, scores_after = _scores_of(incremental, retitled)
    assert "title_student" in rules_after - rules_before, (rules_before, rules_after)
    old_dates_changed = [
        day for day, score in scores_before.items() if day < CUTOFF.date() and scores_after.get(day) != score
    ]
    assert old_dates_changed, "no stored score before the cutoff changed: the test would miss a stale score"

    # Every base model (incremental: recent keys re-read with all their versions, recent
    # rows without a key replaced by their content key), every other mart and the quality
    # tables (quarantine, reconciliation) equal their full refresh too.
    incremental_tables = _tables(incremental)
    full_tables = _tables(complete)
    assert incremental_tables.keys() == full_tables.keys()
    # Every source's base models, HubSpot's too (empty while it is switched off)
    base_models = {path.stem for path in (project_dir() / "models").rglob("base_*.sql")}
    base_tables = {name.split(".")[1] for name in full_tables if name.split(".")[1].startswith("base_")}
    assert base_tables == base_models
    differing = {
        name: (sorted(full_tables[name] - rows, key=str)[:2], sorted(rows - full_tables[name], key=str)[:2])
        for name, rows in incremental_tables.items()
        if rows != full_tables[name]
    }
    assert not differing, differing

    # The incremental intermediate tables equal theirs: the located web events (the day's
    # events located) and the classified titles (the retitled lead's person classified again).
    for table in ("int_web_events__located", "int_people__titles_classified"):
        query = f"select * from intermediate.{table}"
        with duckdb.connect(str(incremental), read_only=True) as con:
            rows_incremental = set(con.execute(query).fetchall())
        with duckdb.connect(str(complete), read_only=True) as con:
            rows_full = set(con.execute(query).fetchall())
        assert rows_incremental == rows_full, (table, sorted(rows_full - rows_incremental, key=str)[:2])

    # A new reverse-IP export locates every event again, not only the day's: the range that
    # located most events loaded weeks before leaves the export in both worlds, and the
    # located events built incrementally equal their full refresh.
    # columns: event_id, anonymous_id, user_id, range_id, ip_account_key, source_table, ...
    located_before = {(row[5], row[0]): row[3] for row in _located(incremental)}
    dropped = _drop_busiest_range([incremental, complete], CUTOFF - timedelta(days=14))
    build(incremental, tmp_path / "ranges", args=["run", "--select", RANGE_MODELS])
    build(complete, tmp_path / "ranges_full", args=["run", "--select", RANGE_MODELS, "--full-refresh"])
    located_incremental = _located(incremental)
    assert located_incremental == _located(complete)
    relocated = [row for row in located_incremental if located_before[(row[5], row[0])] == dropped != row[3]]
    assert relocated, "no event of the dropped range was located again"

    # A range whose account changes (its domain now another account's) keeps its bounds:
    # the run re-reads the stored events of that range alone, not every event (the bounds'
    # hash is unchanged), and still equals the full refresh.
    # One of its events is loaded again the same day: it is located once, from the new load.
    hashes = _segment_hashes(incremental)
    moved_range, new_account = _move_busiest_range([incremental, complete], CUTOFF - timedelta(days=14))
    resynced = _resync_page_view([incremental, complete], moved_range)
    located = "+int_web_events__located"
    build(incremental, tmp_path / "moved_range", args=["run", "--select", located])
    build(complete, tmp_path / "moved_range_full", args=["run", "--select", located, "--full-refresh"])
    located_incremental = _located(incremental)
    assert located_incremental == _located(complete)
    assert [row[0] for row in located_incremental if row[5] == "pages"].count(resynced) == 1
    assert _segment_hashes(incremental) == hashes, "an account change located every event again"
    # columns: event_id, anonymous_id, user_id, range_id, ip_account_key, ...
    moved_events = [row for row in located_incremental if row[3] == moved_range]
    assert moved_events and all(row[4] == new_account for row in moved_events), moved_events[:2]
