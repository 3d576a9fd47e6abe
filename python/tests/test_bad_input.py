"""The bad-input suite: a clean small world attacked with each class of bad input.

Every class is one entry of ``BAD_INPUTS``: the injector that damages the raw tables,
the outcome it must have, and what proves it.
- ``quarantine``: the rows land in ``fct_quarantined_rows`` with the expected reason;
- ``kept``: the rows are real data that staging keeps (fixed where needed);
- ``stop``: the run stops with a clear message naming the problem, and no traceback.
For ``quarantine`` and ``kept`` the reconciliation still holds and the marts still build.
All such classes are injected into ONE world and checked on ONE build; each ``stop``
class gets a copy of that world and a fast build of the affected staging model only.
Adding a class is one entry.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
from dbt_world import BuiltWarehouse, build, generate, world_path

from emergence.paths import project_dir

pytestmark = [pytest.mark.dbt, pytest.mark.own_world]

Con = duckdb.DuckDBPyConnection


@dataclass(frozen=True)
class Rows:
    """Raw rows an injector wrote: where they are and the ids to follow."""

    source: str
    table: str
    ids: tuple[str, ...]
    accounts: tuple[str, ...] = ()  # Salesforce ids of the accounts the class aims at


@dataclass(frozen=True)
class BadInput:
    name: str
    inject: Callable[[Con], Rows | None]
    outcome: str  # quarantine | kept | stop
    expected: str = ""  # the dq_reason, the error text, or what "kept" means
    check: Callable[[BuiltWarehouse, Rows], None] | None = field(default=None, compare=False)


def _copy_rows(con: Con, relation: str, ids: list[str], replace: str, where: str = "true") -> None:
    """Insert one row per id, copied from an existing row with ``replace`` applied."""
    for new_id in ids:
        con.execute(
            f"insert into {relation} by name select * replace ({replace.format(id=new_id)}) "
            f"from {relation} where {where} order by id limit 1"
        )


def _account(con: Con, position: int) -> tuple[str, str]:
    """The Salesforce id and bare domain of the ``position``-th account with a website: a
    class that aims at an account takes one of its own, so that no two classes share one."""
    account_id, website = con.execute(
        "select id, max(website) from salesforce.account "
        "where website is not null and not coalesce(is_deleted, false) "
        f"group by id order by id limit 1 offset {position}"
    ).fetchone()
    domain = website.lower().split("://")[-1].split("/")[0].removeprefix("www.")
    return account_id, domain


AIMED_POSITIONS = 16  # accounts 0-15 (by id, with a website) are kept for classes that aim at one


def _add_range(con: Con, range_id: str, start: str, end: str, domain: str, ip_type: str) -> None:
    con.execute(
        "insert into reverse_ip.ip_company_ranges by name select * replace "
        "(? as range_id, ? as start_ip, ? as end_ip, ? as company_domain, ? as company_name, ? as ip_type) "
        "from reverse_ip.ip_company_ranges order by range_id limit 1",
        [range_id, start, end, domain, domain, ip_type],
    )


def _add_page_views(con: Con, ips: dict[str, str], anonymous_id: str) -> None:
    """Page views of a visitor of its own (so that only its IP places it), one per id."""
    for new_id, ip in ips.items():
        _copy_rows(
            con,
            "segment.pages",
            [new_id],
            f"'{{id}}' as id, '{anonymous_id}' as anonymous_id, null as user_id, '{ip}' as context_ip",
        )


# --- injectors: each writes distinctive ids (bad_<class>_<n>) and returns them --------------


def null_keys(con: Con) -> Rows:
    before = con.execute("select count(*) from segment.pages where id is null").fetchone()[0]
    _copy_rows(con, "segment.pages", ["x"], "null as id")
    after = con.execute("select count(*) from segment.pages where id is null").fetchone()[0]
    assert after == before + 1
    return Rows("segment", "pages", ())


def duplicate_keys(con: Con) -> Rows:
    row = con.execute("select id from salesforce.account order by id limit 1").fetchone()[0]
    _copy_rows(
        con,
        "salesforce.account",
        [row],
        "'{id}' as id, 'Renamed Co' as name, _fivetran_synced + interval 1 hour as _fivetran_synced",
        f"id = '{row}'",
    )
    return Rows("salesforce", "account", (row,), (row,))


def resync_storm(con: Con) -> Rows:
    # an opportunity of an account that no class aims at by position
    taken = [_account(con, position)[0] for position in range(AIMED_POSITIONS)]
    marks = ", ".join("?" for _ in taken)
    row = con.execute(
        f"select id from salesforce.opportunity where account_id not in ({marks}) order by id limit 1", taken
    ).fetchone()[0]
    for n in range(50):
        con.execute(
            "insert into salesforce.opportunity by name select * replace "
            f"(_fivetran_synced + interval {n + 1} minute as _fivetran_synced) "
            f"from salesforce.opportunity where id = '{row}' order by _fivetran_synced limit 1"
        )
    account = con.execute("select account_id from salesforce.opportunity where id = ?", [row]).fetchone()[0]
    return Rows("salesforce", "opportunity", (row,), (account,))


def unparseable_timestamps(con: Con) -> Rows:
    con.execute('alter table segment.tracks alter column "timestamp" type varchar')
    ids = ["bad_time_1", "bad_time_2"]
    _copy_rows(con, "segment.tracks", ids, "'{id}' as id, 'yesterday at noon' as \"timestamp\"")
    return Rows("segment", "tracks", tuple(ids))


def future_timestamps(con: Con) -> Rows:
    ids = ["bad_future_1"]
    _copy_rows(con, "segment.pages", ids, "'{id}' as id, received_at + interval 10 day as \"timestamp\"")
    return Rows("segment", "pages", tuple(ids))


def malformed_emails(con: Con) -> Rows:
    ids = ["bad_email_1", "bad_email_2"]
    for new_id, email in zip(ids, ["jane@@acme.com", "no-at-sign.acme.com"], strict=True):
        _copy_rows(con, "salesforce.contact", [new_id], f"'{{id}}' as id, '{email}' as email")
    return Rows("salesforce", "contact", tuple(ids))


def mixed_case_emails(con: Con) -> Rows:
    account_id, _ = _account(con, 5)
    ids = ["bad_case_1"]
    _copy_rows(
        con,
        "salesforce.contact",
        ids,
        f"'{{id}}' as id, '  Jane.MIXED@Acme.COM ' as email, '{account_id}' as account_id",
    )
    return Rows("salesforce", "contact", tuple(ids), (account_id,))


def ip_out_of_range(con: Con) -> Rows:
    ids = ["bad_ip_1", "bad_ip_2"]
    for new_id, ip in zip(ids, ["300.12.1.4", "not an ip"], strict=True):
        _copy_rows(con, "segment.pages", [new_id], f"'{{id}}' as id, '{ip}' as context_ip")
    return Rows("segment", "pages", tuple(ids))


def ipv6(con: Con) -> Rows:
    ids = ["bad_ipv6_1"]
    _add_page_views(con, {ids[0]: "2001:db8:85a3::8a2e:370:7334"}, "anon_bad_ipv6")
    return Rows("segment", "pages", tuple(ids))


def impossible_amounts(con: Con) -> Rows:
    ids = ["bad_amount_1", "bad_amount_2"]
    for new_id, amount in zip(ids, [-25000, 5e13], strict=True):
        _copy_rows(con, "salesforce.opportunity", [new_id], f"'{{id}}' as id, {amount} as amount")
    return Rows("salesforce", "opportunity", tuple(ids))


def unknown_picklist(con: Con) -> Rows:
    account_id, domain = _account(con, 6)
    ids = ["bad_status_1"]
    _copy_rows(
        con,
        "salesforce.lead",
        ids,
        f"'{{id}}' as id, 'Zombie Lead' as status, 'zombie.lead@{domain}' as email, "
        "false as is_converted, null as converted_account_id, null as converted_contact_id, "
        "null as website, null as company",
    )
    return Rows("salesforce", "lead", tuple(ids), (account_id,))


def unknown_stage(con: Con) -> Rows:
    account_id, _ = _account(con, 7)
    ids = ["bad_stage_1"]
    _copy_rows(
        con,
        "salesforce.opportunity",
        ids,
        f"'{{id}}' as id, 'Verbal Commit??' as stage_name, '{account_id}' as account_id",
    )
    return Rows("salesforce", "opportunity", tuple(ids), (account_id,))


def orphan_contact(con: Con) -> Rows:
    ids = ["bad_orphan_1"]
    _copy_rows(
        con,
        "salesforce.contact",
        ids,
        "'{id}' as id, '001NOTANACCOUNT00' as account_id, 'orphan.person@orphan-example.com' as email",
    )
    return Rows("salesforce", "contact", tuple(ids), ("001NOTANACCOUNT00",))


def empty_table(con: Con) -> Rows:
    # Salesforce users (record owners): a table whose emptiness reaches no account's signal
    con.execute('delete from salesforce."user"')
    return Rows("salesforce", "user", ())


def extra_column(con: Con) -> Rows:
    con.execute("alter table salesforce.lead add column custom_score__c double default 42")
    return Rows("salesforce", "lead", ())


def convertible_type_change(con: Con) -> Rows:
    con.execute("alter table salesforce.opportunity alter column amount type varchar")
    return Rows("salesforce", "opportunity", ())


def ids_as_text(con: Con) -> Rows:
    # Fivetran writes Marketo ids as integers; a CSV load or another loader writes text.
    for column in ("id", "lead_id"):
        con.execute(f"alter table marketo.activity_open_email alter column {column} type varchar")
    return Rows("marketo", "activity_open_email", ())


def odd_strings(con: Con) -> Rows:
    account_id, domain = _account(con, 8)
    ids = ["bad_text_1", "bad_text_2"]
    mojibake = "DÃ©veloppeur \ufffd\ufffd Ð¼ÐµÐ½ÐµÐ´Ð¶ÐµÑ€ 🚀"
    own = f"'{account_id}' as account_id, '{{id}}@{domain}' as email"
    _copy_rows(con, "salesforce.contact", ids[:1], f"'{{id}}' as id, '{mojibake}' as title, {own}")
    _copy_rows(
        con,
        "salesforce.contact",
        ids[1:],
        f"'{{id}}' as id, repeat('Very long title ', 5000) as title, {own}",
    )
    return Rows("salesforce", "contact", tuple(ids), (account_id,))


def lead_history_out_of_order(con: Con) -> Rows:
    # a lead of its own, at an account of its own, whose history arrives out of order
    account_id, domain = _account(con, 9)
    lead = "bad_hist_lead"
    _copy_rows(
        con,
        "salesforce.lead",
        [lead],
        f"'{{id}}' as id, 'history.lead@{domain}' as email, false as is_converted, "
        "null as converted_account_id, null as converted_contact_id, null as website, null as company",
    )
    _copy_rows(con, "salesforce.lead_history", ["bad_hist_0"], f"'{{id}}' as id, '{lead}' as lead_id")
    ids = ["bad_hist_2", "bad_hist_1"]
    # Written in the wrong order: the later change is loaded first, the earlier one after.
    for new_id, created, synced in [
        ("bad_hist_2", "2026-02-10 10:00:00", "2026-02-10 11:00:00"),
        ("bad_hist_1", "2026-02-09 10:00:00", "2026-02-12 11:00:00"),
    ]:
        _copy_rows(
            con,
            "salesforce.lead_history",
            [new_id],
            f"'{{id}}' as id, timestamp '{created}' as created_date, "
            f"timestamp '{synced}' as _fivetran_synced",
            "id = 'bad_hist_0'",
        )
    return Rows("salesforce", "lead_history", tuple(ids), (account_id,))


def nested_ranges(con: Con) -> Rows:
    # A company's /24 part inside its ISP's /16, as vendors export them (the reported case,
    # moved to 24.200 where the world has no ranges), and a pair that overlaps partly.
    account_id, domain = _account(con, 1)
    _add_range(con, "bad_nested_isp", "24.200.0.0", "24.200.255.255", "bigcable-example.net", "isp")
    _add_range(con, "bad_nested_biz", "24.200.29.0", "24.200.29.63", domain, "business")
    _add_range(con, "bad_partial_a", "24.201.0.0", "24.201.0.127", domain, "business")
    _add_range(con, "bad_partial_b", "24.201.0.64", "24.201.0.255", "bigcable-example.net", "isp")
    _add_page_views(con, {"bad_nested_1": "24.200.29.10", "bad_nested_2": "24.200.29.200"}, "anon_bad_nested")
    ids = ("bad_nested_isp", "bad_nested_biz", "bad_partial_a", "bad_partial_b")
    return Rows("reverse_ip", "ip_company_ranges", ids, (account_id,))


def epoch_timestamps(con: Con) -> Rows:
    # A null written as the epoch or as a zero date, on a visitor placed in an account.
    account_id, domain = _account(con, 2)
    _add_range(con, "bad_epoch_range", "24.202.0.0", "24.202.0.255", domain, "business")
    ids = ["bad_epoch_1", "bad_epoch_2"]
    for new_id, day in zip(ids, ["1970-01-01", "1900-01-01"], strict=True):
        _copy_rows(
            con,
            "segment.pages",
            [new_id],
            f"'{{id}}' as id, 'anon_bad_epoch' as anonymous_id, null as user_id, "
            f"'24.202.0.9' as context_ip, timestamp '{day}' as \"timestamp\"",
        )
    return Rows("segment", "pages", tuple(ids), (account_id,))


def ipv4_mapped_ipv6(con: Con) -> Rows:
    account_id, domain = _account(con, 3)
    _add_range(con, "bad_mapped_range", "24.203.0.0", "24.203.0.255", domain, "business")
    ips = {
        "bad_mapped_1": "::ffff:24.203.0.10",
        "bad_mapped_2": "::24.203.0.11",
        "bad_mapped_3": "24.203.0.12",
    }
    _add_page_views(con, ips, "anon_bad_mapped")
    return Rows("segment", "pages", tuple(ips), (account_id,))


def salesforce_id_15(con: Con) -> Rows:
    # A contact imported from a spreadsheet: its account id in the 15-character form, and a
    # free-mail address, so the CRM link is the only way to its account.
    account_id, _ = _account(con, 4)
    ids = ["bad_sfid15_1"]
    _copy_rows(
        con,
        "salesforce.contact",
        ids,
        f"'{{id}}' as id, '{account_id[:15]}' as account_id, 'sfid15.person@gmail.com' as email",
    )
    return Rows("salesforce", "contact", tuple(ids), (account_id,))


def deleted_then_restored(con: Con) -> Rows:
    # Deleted in the CRM, restored from the recycle bin: the loader writes the row again
    # with is_deleted false, after the version that said true.
    account_id, domain = _account(con, 10)
    ids = ["bad_restored_1"]
    own = f"'{account_id}' as account_id, 'restored.person@{domain}' as email"
    _copy_rows(con, "salesforce.contact", ids, f"'{{id}}' as id, true as is_deleted, {own}")
    _copy_rows(
        con,
        "salesforce.contact",
        ids,
        "'{id}' as id, false as is_deleted, _fivetran_synced + interval 1 day as _fivetran_synced",
        f"id = '{ids[0]}'",
    )
    return Rows("salesforce", "contact", tuple(ids), (account_id,))


def email_changes(con: Con) -> Rows:
    # A lead whose email changed (a new job address, a typo fixed): two versions of the row.
    account_id, domain = _account(con, 11)
    ids = ["bad_email_change_1"]
    own = (
        "false as is_converted, null as converted_account_id, null as converted_contact_id, "
        "null as website, null as company"
    )
    _copy_rows(con, "salesforce.lead", ids, f"'{{id}}' as id, 'old.address@{domain}' as email, {own}")
    _copy_rows(
        con,
        "salesforce.lead",
        ids,
        f"'{{id}}' as id, 'new.address@{domain}' as email, "
        "_fivetran_synced + interval 1 day as _fivetran_synced",
        f"id = '{ids[0]}'",
    )
    return Rows("salesforce", "lead", tuple(ids), (account_id,))


def merged_records(con: Con) -> Rows:
    # Two contacts merged in Salesforce: the loser is deleted and points at the survivor
    # through master_record_id.
    account_id, domain = _account(con, 12)
    ids = ["bad_merge_survivor", "bad_merge_loser"]
    own = f"'{account_id}' as account_id, null as master_record_id"
    _copy_rows(
        con, "salesforce.contact", ids[:1], f"'{{id}}' as id, 'merged.person@{domain}' as email, {own}"
    )
    _copy_rows(
        con,
        "salesforce.contact",
        ids[1:],
        f"'{{id}}' as id, 'merged.person@{domain}' as email, '{account_id}' as account_id, "
        f"true as is_deleted, '{ids[0]}' as master_record_id",
    )
    return Rows("salesforce", "contact", tuple(ids), (account_id,))


def duplicate_message_ids(con: Con) -> Rows:
    # Segment message ids are unique per table, not across them: a track may carry the id
    # of a page (a client library replaying, or ids from a counter).
    page = "bad_dupmsg_1"
    _add_page_views(con, {page: "2001:db8::1"}, "anon_bad_dupmsg")
    _copy_rows(
        con,
        "segment.tracks",
        [page],
        "'{id}' as id, 'anon_bad_dupmsg' as anonymous_id, null as user_id, null as context_ip",
    )
    return Rows("segment", "tracks", (page,))


def timezone_offsets(con: Con) -> Rows:
    # Event times written as text with the sender's offset (tracks' "timestamp" is text
    # since the unparseable-timestamp class changed its type).
    ids = {
        "bad_tz_1": "2026-02-10T10:00:00+02:00",
        "bad_tz_2": "2026-02-10T10:00:00Z",
        "bad_tz_3": "2026-02-10 10:00:00-0500",
    }
    for new_id, stamp in ids.items():
        _copy_rows(
            con,
            "segment.tracks",
            [new_id],
            f"'{{id}}' as id, 'anon_bad_tz' as anonymous_id, null as user_id, null as context_ip, "
            f"'{stamp}' as \"timestamp\", "
            "timestamp '2026-02-11 00:00:00' as received_at",
        )
    return Rows("segment", "tracks", tuple(ids))


def missing_column(con: Con) -> None:
    con.execute("alter table salesforce.opportunity drop column stage_name")


def missing_table(con: Con) -> None:
    con.execute("drop table salesforce.opportunity_contact_role")


# --- what "kept" means, per class ---------------------------------------------------------


def _stg_count(warehouse: BuiltWarehouse, relation: str, column: str, ids: tuple[str, ...]) -> int:
    marks = ", ".join("?" for _ in ids)
    return warehouse.query(f"select count(*) from {relation} where {column} in ({marks})", list(ids))[0][0]


def kept_in(relation: str, column: str) -> Callable[[BuiltWarehouse, Rows], None]:
    def check(warehouse: BuiltWarehouse, rows: Rows) -> None:
        assert _stg_count(warehouse, relation, column, rows.ids) == len(rows.ids), (relation, rows)

    return check


def check_duplicates(warehouse: BuiltWarehouse, rows: Rows) -> None:
    found = warehouse.query(
        "select account_name, raw_versions from staging.base_salesforce__account where account_id = ?",
        [rows.ids[0]],
    )
    assert len(found) == 1 and found[0][0] == "Renamed Co" and found[0][1] >= 2, found


def check_storm(warehouse: BuiltWarehouse, rows: Rows) -> None:
    found = warehouse.query(
        "select raw_versions from staging.base_salesforce__opportunity where opportunity_id = ?",
        [rows.ids[0]],
    )
    assert found and found[0][0] >= 51, found
    assert _stg_count(warehouse, "staging.stg_salesforce__opportunities", "opportunity_id", rows.ids) == 1


def check_null_keys(warehouse: BuiltWarehouse, rows: Rows) -> None:
    raw_nulls = warehouse.query("select count(*) from segment.pages where id is null")[0][0]
    quarantined = warehouse.query(
        "select count(*) from quality.fct_quarantined_rows where source_system = 'segment' "
        "and source_table = 'pages' and dq_reason = 'missing_id'"
    )[0][0]
    assert quarantined == raw_nulls > 0


def check_mixed_case(warehouse: BuiltWarehouse, rows: Rows) -> None:
    found = warehouse.query(
        "select email from staging.stg_salesforce__contacts where contact_id = ?", [rows.ids[0]]
    )
    assert found == [("jane.mixed@acme.com",)], found


def check_ipv6(warehouse: BuiltWarehouse, rows: Rows) -> None:
    found = warehouse.query(
        "select ip, ip_integer from staging.stg_segment__page_views where event_id = ?", [rows.ids[0]]
    )
    assert found == [("2001:db8:85a3::8a2e:370:7334", None)], found
    touches = warehouse.query(
        "select count(*) from marts.fct_touches where source_table = 'pages' and source_row_id = ?",
        [rows.ids[0]],
    )[0][0]
    assert touches == 1, "an IPv6 page view is real traffic: it must stay a touch"


def check_picklist(warehouse: BuiltWarehouse, rows: Rows) -> None:
    # staging keeps the lead (it joins no seeds); the taxonomy's model rejects the value
    found = warehouse.query(
        "select lead_status from staging.stg_salesforce__leads where lead_id = ?", [rows.ids[0]]
    )
    assert found == [("Zombie Lead",)], found
    assert _intermediate_reject(warehouse, rows) == [("int_lead_statuses__mapped", "intermediate")]


def check_stage(warehouse: BuiltWarehouse, rows: Rows) -> None:
    found = warehouse.query(
        "select stage_name from staging.stg_salesforce__opportunities where opportunity_id = ?", [rows.ids[0]]
    )
    assert found == [("Verbal Commit??",)], found
    assert _intermediate_reject(warehouse, rows) == [("int_lead_statuses__mapped", "intermediate")]


def _intermediate_reject(warehouse: BuiltWarehouse, rows: Rows) -> list[tuple]:
    return warehouse.query(
        "select rejected_by, rejected_layer from quality.fct_quarantined_rows "
        "where source_table = ? and source_row_id = ?",
        [rows.table, rows.ids[0]],
    )


def check_orphan(warehouse: BuiltWarehouse, rows: Rows) -> None:
    kept_in("staging.stg_salesforce__contacts", "contact_id")(warehouse, rows)
    assert "relationships_stg_salesforce__contacts_account_id" in warehouse.result.stdout
    people = warehouse.query(
        "select count(*) from marts.dim_people where email_domain = 'orphan-example.com'"
    )[0][0]
    assert people == 1, "the orphan contact is still a person"


def check_empty(warehouse: BuiltWarehouse, rows: Rows) -> None:
    found = warehouse.query(
        "select raw_rows, kept_rows from quality.fct_source_reconciliation "
        "where source_table_key = 'salesforce.user'"
    )
    assert found == [(0, 0)], found


def check_extra_column(warehouse: BuiltWarehouse, rows: Rows) -> None:
    columns = {r[0] for r in warehouse.query("describe staging.stg_salesforce__leads")}
    assert "custom_score__c" not in columns and "lead_id" in columns


def check_type_change(warehouse: BuiltWarehouse, rows: Rows) -> None:
    types = dict(
        warehouse.query(
            "select column_name, column_type from (describe staging.stg_salesforce__opportunities)"
        )
    )
    assert types["amount"] == "DOUBLE"
    assert warehouse.query("select count(amount) from staging.stg_salesforce__opportunities")[0][0] > 0


def check_ids_as_text(warehouse: BuiltWarehouse, rows: Rows) -> None:
    types = dict(
        warehouse.query("select column_name, column_type from (describe staging.stg_marketo__email_opens)")
    )
    assert (types["activity_id"], types["marketo_lead_id"]) == ("VARCHAR", "BIGINT"), types
    assert warehouse.query("select count(marketo_lead_id) from staging.stg_marketo__email_opens")[0][0] > 0


def check_odd_strings(warehouse: BuiltWarehouse, rows: Rows) -> None:
    found = dict(
        warehouse.query(
            "select contact_id, length(job_title) from staging.stg_salesforce__contacts "
            "where contact_id in (?, ?)",
            list(rows.ids),
        )
    )
    assert found.get("bad_text_2") == len("Very long title ") * 5000 and found.get("bad_text_1"), found


def check_history(warehouse: BuiltWarehouse, rows: Rows) -> None:
    kept_in("staging.stg_salesforce__lead_field_changes", "lead_history_id")(warehouse, rows)


def check_nested(warehouse: BuiltWarehouse, rows: Rows) -> None:
    found = dict(
        warehouse.query(
            "select event_id, range_id || ' ' || coalesce(ip_account_key, '-') "
            "from intermediate.int_web_events__located where event_id like 'bad_nested_%'"
        )
    )
    # the company's address goes to the company; one past its range's end to the ISP
    assert found == {"bad_nested_1": f"bad_nested_biz {rows.accounts[0]}", "bad_nested_2": "bad_nested_isp -"}
    # every event's range, found by the ASOF lookup, is the one a plain between join and the
    # rule (narrowest, business, lowest range_id) give
    disagree = warehouse.query(LOOKUPS_DISAGREE)[0][0]
    assert disagree == 0
    stdout = warehouse.result.stdout
    assert "WARN" in stdout and "assert_ip_ranges_nest_or_are_disjoint" in stdout, "a partial overlap warns"


LOOKUPS_DISAGREE = """
with ranked as (
    select
        events.source_table, events.event_id, ranges.range_id,
        row_number() over (
            partition by events.source_table, events.event_id
            order by ranges.end_ip_integer - ranges.start_ip_integer,
                case ranges.ip_type when 'business' then 0 when 'education' then 1 else 2 end, ranges.range_id
        ) as rank
    from intermediate.int_web_events__located as events
    inner join staging.stg_reverse_ip__ip_ranges as ranges
        on events.ip_integer between ranges.start_ip_integer and ranges.end_ip_integer
)
select count(*)
from intermediate.int_web_events__located as events
left join (select * from ranked where rank = 1) as expected using (source_table, event_id)
where events.range_id is distinct from expected.range_id
"""


def check_epoch(warehouse: BuiltWarehouse, rows: Rows) -> None:
    first = warehouse.query(
        "select min(first_engaged_week) from intermediate.int_account_weeks__spine where account_key = ?",
        list(rows.accounts),
    )[0][0]
    assert first is None or first.year >= 2000, first
    oldest = warehouse.query("select min(week_start) from intermediate.int_account_weeks__spine")[0][0]
    assert oldest.year >= 2000, oldest


def check_mapped(warehouse: BuiltWarehouse, rows: Rows) -> None:
    found = warehouse.query(
        "select event_id, ip_integer, ip_account_key from intermediate.int_web_events__located "
        "where event_id like 'bad_mapped_%' order by event_id"
    )
    base = 24 * 2**24 + 203 * 2**16
    # the mapped and compatible forms locate exactly as the same address written as IPv4
    assert found == [(f"bad_mapped_{n}", base + 9 + n, rows.accounts[0]) for n in (1, 2, 3)], found


def check_sfid15(warehouse: BuiltWarehouse, rows: Rows) -> None:
    found = warehouse.query(
        "select account_id from staging.stg_salesforce__contacts where contact_id = ?", [rows.ids[0]]
    )
    assert found == [(rows.accounts[0],)], found
    person = warehouse.query(
        "select account_key, has_account_conflict from intermediate.int_people__resolved where email = ?",
        ["sfid15.person@gmail.com"],
    )
    assert person == [(rows.accounts[0], False)], person
    in_dim = warehouse.query(
        "select count(*) from marts.dim_accounts where account_key = ?", [rows.accounts[0]]
    )
    assert in_dim == [(1,)]


def check_restored(warehouse: BuiltWarehouse, rows: Rows) -> None:
    kept_in("staging.stg_salesforce__contacts", "contact_id")(warehouse, rows)
    found = warehouse.query(
        "select raw_versions, is_source_deleted from staging.base_salesforce__contact where contact_id = ?",
        [rows.ids[0]],
    )
    assert found == [(2, False)], found


def check_email_change(warehouse: BuiltWarehouse, rows: Rows) -> None:
    found = warehouse.query(
        "select email from staging.stg_salesforce__leads where lead_id = ?", [rows.ids[0]]
    )
    assert len(found) == 1 and found[0][0].startswith("new.address@"), found
    people = warehouse.query(
        "select email from intermediate.int_people__resolved where email like '%.address@%' "
        "and account_key = ?",
        [rows.accounts[0]],
    )
    assert [p[0].split("@")[0] for p in people] == ["new.address"], "one person, at the newest address"


def check_merged(warehouse: BuiltWarehouse, rows: Rows) -> None:
    survivor, loser = rows.ids
    assert _stg_count(warehouse, "staging.stg_salesforce__contacts", "contact_id", rows.ids) == 1
    found = warehouse.query(
        "select surviving_contact_id from intermediate.int_contacts__merged where contact_id = ?", [loser]
    )
    assert found == [(survivor,)], found
    people = warehouse.query(
        "select count(*) from intermediate.int_people__resolved where email like 'merged.person@%'"
    )
    assert people == [(1,)], people


def check_duplicate_messages(warehouse: BuiltWarehouse, rows: Rows) -> None:
    touches = warehouse.query(
        "select source_table from marts.fct_touches where source_row_id = ? order by 1", [rows.ids[0]]
    )
    assert touches == [("pages",), ("tracks",)], touches


def check_timezones(warehouse: BuiltWarehouse, rows: Rows) -> None:
    found = dict(
        warehouse.query(
            "select event_id, cast(occurred_at as varchar) from staging.stg_segment__track_events "
            "where event_id like 'bad_tz_%'"
        )
    )
    assert found == {
        "bad_tz_1": "2026-02-10 08:00:00",
        "bad_tz_2": "2026-02-10 10:00:00",
        "bad_tz_3": "2026-02-10 15:00:00",
    }, found


BAD_INPUTS: list[BadInput] = [
    BadInput("null keys", null_keys, "quarantine", "missing_id", check_null_keys),
    BadInput(
        "duplicate keys", duplicate_keys, "kept", "newest version kept, older superseded", check_duplicates
    ),
    BadInput(
        "re-sync storm (one row written 50 times)",
        resync_storm,
        "kept",
        "one row, 50 superseded",
        check_storm,
    ),
    BadInput("unparseable timestamps", unparseable_timestamps, "quarantine", "unparseable_timestamp"),
    BadInput("future timestamps", future_timestamps, "quarantine", "future_timestamp"),
    BadInput("malformed emails", malformed_emails, "quarantine", "malformed_email"),
    BadInput("mixed-case emails", mixed_case_emails, "kept", "trimmed and lowercased", check_mixed_case),
    BadInput("IPs out of range", ip_out_of_range, "quarantine", "malformed_ip"),
    BadInput("IPv6 addresses", ipv6, "kept", "kept as a touch, ip_integer null", check_ipv6),
    BadInput("negative or absurd amounts", impossible_amounts, "quarantine", "invalid_amount"),
    BadInput(
        "unknown picklist values (lead status)",
        unknown_picklist,
        "quarantine",
        "unknown_lead_status",
        check_picklist,
    ),
    BadInput(
        "unknown opportunity stages", unknown_stage, "quarantine", "unknown_opportunity_stage", check_stage
    ),
    BadInput(
        "orphans (contact without its account)",
        orphan_contact,
        "kept",
        "kept; relationship warns",
        check_orphan,
    ),
    BadInput("an empty raw table", empty_table, "kept", "reconciles at 0 rows", check_empty),
    BadInput("an extra column", extra_column, "kept", "ignored", check_extra_column),
    BadInput(
        "a type change (amount as text)", convertible_type_change, "kept", "cast back", check_type_change
    ),
    BadInput("Marketo ids as text", ids_as_text, "kept", "cast to the loader's types", check_ids_as_text),
    BadInput(
        "non-UTF-8 (mojibake) and very long strings", odd_strings, "kept", "kept as text", check_odd_strings
    ),
    BadInput(
        "lead history out of order", lead_history_out_of_order, "kept", "both changes kept", check_history
    ),
    BadInput(
        "nested reverse-IP ranges (a company's /24 inside its ISP's /16)",
        nested_ranges,
        "kept",
        "the most specific range wins; a partial overlap warns",
        check_nested,
    ),
    BadInput(
        "event times at the epoch or a zero date (1970-01-01, 1900-01-01)",
        epoch_timestamps,
        "quarantine",
        "implausible_timestamp",
        check_epoch,
    ),
    BadInput(
        "IPv4-mapped and IPv4-compatible IPv6 (::ffff:a.b.c.d)",
        ipv4_mapped_ipv6,
        "kept",
        "located as the IPv4 address",
        check_mapped,
    ),
    BadInput(
        "a 15-character Salesforce id in a reference",
        salesforce_id_15,
        "kept",
        "normalised to 18 characters; resolves to its account",
        check_sfid15,
    ),
    BadInput(
        "a record deleted, then restored from the recycle bin",
        deleted_then_restored,
        "kept",
        "the newest version is live: kept",
        check_restored,
    ),
    BadInput(
        "a lead whose email changes over time",
        email_changes,
        "kept",
        "one person, at the newest address",
        check_email_change,
    ),
    BadInput(
        "merged Salesforce records (master_record_id)",
        merged_records,
        "kept",
        "the loser is deleted; its id resolves to the survivor",
        check_merged,
    ),
    BadInput(
        "one Segment message id in both pages and tracks",
        duplicate_message_ids,
        "kept",
        "two touches, one per table",
        check_duplicate_messages,
    ),
    BadInput(
        "time-zone offsets in text timestamps",
        timezone_offsets,
        "kept",
        "read as instants, stored in UTC",
        check_timezones,
    ),
    BadInput(
        "a required column missing (schema drift)",
        missing_column,
        "stop",
        "lacks required column(s) stage_name",
    ),
    BadInput("a raw table missing", missing_table, "stop", '"opportunity_contact_role" was not found'),
]
STOP_SELECT = {
    "a required column missing (schema drift)": "base_salesforce__opportunity",
    "a raw table missing": "base_salesforce__opportunity_contact_role",
}


@dataclass
class AttackedWorld:
    clean: Path
    built: BuiltWarehouse
    injected: dict[str, Rows]


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory) -> AttackedWorld:
    work = tmp_path_factory.mktemp("bad_input")
    clean = generate(world_path(work, "clean"), accounts=30, days=45)
    database = world_path(work, "attacked")
    database.parent.mkdir()
    shutil.copy(clean, database)
    injected = {}
    with duckdb.connect(str(database)) as con:
        for bad in BAD_INPUTS:
            if bad.outcome != "stop":
                injected[bad.name] = bad.inject(con)
    return AttackedWorld(clean, build(database, database.parent), injected)


def test_every_class_is_declared_once() -> None:
    names = [bad.name for bad in BAD_INPUTS]
    assert len(names) == len(set(names))
    assert set(STOP_SELECT) == {bad.name for bad in BAD_INPUTS if bad.outcome == "stop"}
    assert {bad.outcome for bad in BAD_INPUTS} <= {"quarantine", "kept", "stop"}


def test_attacked_world_builds_and_reconciles(attacked: AttackedWorld) -> None:
    assert "ERROR=0" in attacked.built.result.stdout
    bad = attacked.built.query(
        "select source_table_key from quality.fct_source_reconciliation "
        "where raw_rows <> kept_rows + quarantined_rows + superseded_rows + deleted_rows"
    )
    assert bad == []
    for rows in attacked.injected.values():
        counted = attacked.built.query(f'select count(*) from {rows.source}."{rows.table}"')[0][0]
        recorded = attacked.built.query(
            "select raw_rows from quality.fct_source_reconciliation where source_table_key = ?",
            [f"{rows.source}.{rows.table}"],
        )[0][0]
        assert counted == recorded, rows
    for mart in ["dim_people", "dim_accounts", "fct_touches", "fct_account_emergence"]:
        assert attacked.built.query(f"select count(*) from marts.{mart}")[0][0] > 0, mart


@pytest.mark.parametrize("bad", [b for b in BAD_INPUTS if b.outcome != "stop"], ids=lambda b: b.name)
def test_bad_input_is_quarantined_or_kept(attacked: AttackedWorld, bad: BadInput) -> None:
    rows = attacked.injected[bad.name]
    if bad.outcome == "quarantine" and rows.ids:
        marks = ", ".join("?" for _ in rows.ids)
        found = attacked.built.query(
            "select source_row_id, dq_reason from quality.fct_quarantined_rows "
            f"where source_system = ? and source_table = ? and source_row_id in ({marks})",
            [rows.source, rows.table, *rows.ids],
        )
        assert sorted(found) == sorted((i, bad.expected) for i in rows.ids), found
    if bad.check:
        bad.check(attacked.built, rows)


# --- blast radius: a bad row damages its own account and no other ------------------------

# The account-grain marts. An account that no class aimed at must have the same rows in each
# of them as in a clean build of the same world.
ACCOUNT_MARTS = [
    "fct_touches",
    "fct_account_engagement_daily",
    "fct_account_engagement_weekly",
    "fct_buying_team_estimates",
    "fct_account_emergence",
]
# Exempt: the population-level marts (fct_signal_evaluation, fct_lead_funnel,
# fct_marketing_contribution, fct_reverse_funnel) are rates and sums over every account,
# so any row that counts moves them; a bad row's reach is measured per account instead.


def account_rows(database: Path, mart: str) -> dict[str, str]:
    """Per account of ``mart``: a hash of its rows, in any order."""
    with duckdb.connect(str(database), read_only=True) as con:
        return dict(
            con.execute(
                "select account_key, md5(string_agg(row_hash, '' order by row_hash)) from ("
                f"select account_key, md5(cast(t as varchar)) as row_hash from marts.{mart} as t"
                ") where account_key is not null group by account_key"
            ).fetchall()
        )


@pytest.fixture(scope="module")
def clean_built(attacked: AttackedWorld) -> BuiltWarehouse:
    """The same world without the attack, built the same way (its checks run elsewhere)."""
    database = world_path(attacked.clean.parent.parent, "clean_built")
    database.parent.mkdir()
    shutil.copy(attacked.clean, database)
    return build(database, database.parent, checks="none")


def test_each_class_aims_at_accounts_of_its_own(attacked: AttackedWorld) -> None:
    aimed = [account for rows in attacked.injected.values() for account in rows.accounts]
    assert len(aimed) == len(set(aimed)), {name: rows.accounts for name, rows in attacked.injected.items()}


@pytest.mark.parametrize("mart", ACCOUNT_MARTS)
def test_bad_input_reaches_no_other_account(
    attacked: AttackedWorld, clean_built: BuiltWarehouse, mart: str
) -> None:
    aimed = {account for rows in attacked.injected.values() for account in rows.accounts}
    clean = account_rows(clean_built.database, mart)
    dirty = account_rows(attacked.built.database, mart)
    assert len(set(clean) - aimed) > 10, "too few untouched accounts to prove anything"
    reached = sorted(key for key in clean.keys() | dirty.keys() if clean.get(key) != dirty.get(key))
    assert [key for key in reached if key not in aimed] == [], (mart, reached)


@pytest.fixture(scope="module")
def stopped(attacked: AttackedWorld) -> subprocess.CompletedProcess:
    """Every stop class injected into one copy of the clean world (each on its own table),
    then one `emergence build` of just the affected staging models."""
    database = attacked.clean.parent / "broken.duckdb"
    shutil.copy(attacked.clean, database)
    with duckdb.connect(str(database)) as con:
        for bad in BAD_INPUTS:
            if bad.outcome == "stop":
                bad.inject(con)
    env = {
        **os.environ,
        "EMERGENCE_DUCKDB_PATH": str(database),
        "DBT_TARGET_PATH": str(attacked.clean.parent / "stop_target"),
        "DBT_LOG_PATH": str(attacked.clean.parent / "stop_logs"),
    }
    command = [
        str(Path(sys.executable).with_name("emergence")),
        "build",
        "--select",
        " ".join(sorted(set(STOP_SELECT.values()))),
    ]
    return subprocess.run(command, cwd=project_dir(), env=env, capture_output=True, text=True, check=False)


@pytest.mark.parametrize("bad", [b for b in BAD_INPUTS if b.outcome == "stop"], ids=lambda b: b.name)
def test_bad_input_stops_with_a_clear_error(stopped: subprocess.CompletedProcess, bad: BadInput) -> None:
    output = stopped.stdout + stopped.stderr
    assert stopped.returncode == 1, output[-2000:]
    lines = [line for line in output.splitlines() if bad.expected in line]
    assert lines, output[-3000:]
    assert "Traceback" not in output, output[-3000:]
    assert "nothing was published" in output


def test_a_spine_longer_than_its_cap_stops_the_build(attacked: AttackedWorld, tmp_path: Path) -> None:
    """A week spine that would need more weeks than engagement_spine_max_weeks stops the
    build, naming the account and its first week, instead of cutting the newest weeks. The
    attacked world spans seven weeks, so a cap of four stands for an account whose first
    plausible touch is decades old; only the spine is rebuilt, on a copy of the built world."""
    database = world_path(tmp_path, "spine_cap")
    database.parent.mkdir()
    shutil.copy(attacked.built.database, database)
    args = ["run", "--select", "int_account_weeks__spine"]
    with pytest.raises(RuntimeError) as stopped:
        build(database, database.parent, dbt_vars={"engagement_spine_max_weeks": 4}, args=args)
    message = str(stopped.value)
    assert "week spine of account " in message and " starts on 2026-" in message, message[-3000:]
    assert "engagement_spine_max_weeks (4)" in message, message[-3000:]


# --- the attacked world built again: idempotence, and a reader during build and publish ---

READER = """
import json, os, sys, time
import duckdb
published, stop, out = sys.argv[1:4]
reads = []
deadline = time.time() + 600
while time.time() < deadline and not os.path.exists(stop):
    started = time.perf_counter()
    try:
        folder = os.path.realpath(os.path.join(published, "current"))
        manifest = json.load(open(os.path.join(folder, "manifest.json")))
        with duckdb.connect(os.path.join(folder, "emergence.duckdb"), read_only=True) as con:
            counts = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in manifest["tables"]}
            views = con.execute("select sql from duckdb_views() where not internal").fetchall()
            sources = [r[0] for r in views]
        reads.append({
            "version": manifest["version"],
            "consistent": counts == manifest["tables"] and all(folder in sql for sql in sources),
            "seconds": time.perf_counter() - started,
        })
    except Exception as error:
        reads.append({"error": repr(error), "seconds": time.perf_counter() - started})
    time.sleep(0.05)
json.dump(reads, open(out, "w"))
"""


def mart_hashes(database: Path) -> dict[str, tuple[int, str]]:
    """Per published table: its row count and a hash of its rows in any order."""
    with duckdb.connect(str(database), read_only=True) as con:
        tables = con.execute(
            "select table_schema || '.' || table_name from information_schema.tables "
            "where table_schema in ('marts', 'quality') and table_type = 'BASE TABLE' order by 1"
        ).fetchall()
        return {
            name: tuple(
                con.execute(
                    "select count(*), md5(string_agg(md5(cast(t as varchar)), '' "
                    f"order by md5(cast(t as varchar)))) from {name} as t"
                ).fetchone()
            )
            for (name,) in tables
        }


@dataclass
class Rebuilt:
    before: dict[str, tuple[int, str]]
    after: dict[str, tuple[int, str]]
    first: str
    second: str
    reads: list[dict]
    published: Path


@pytest.fixture(scope="module")
def rebuilt(attacked: AttackedWorld) -> Rebuilt:
    """Publish the attacked world; then, while a second process keeps reading the
    snapshot, build the same raw data again and publish the result."""
    from emergence.publish import publish

    work = attacked.built.database.parent
    published = work / "published"
    first = publish(attacked.built.database, published, keep=2).version
    before = mart_hashes(attacked.built.database)
    stop, out = work / "reader.stop", work / "reader.json"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(published), str(stop), str(out)])
    try:
        time.sleep(1.0)
        build(attacked.built.database, work, args=["run"])
        after = mart_hashes(attacked.built.database)
        second = publish(attacked.built.database, published, keep=2).version
        time.sleep(1.0)
    finally:
        stop.touch()
        reader.wait(timeout=60)
    return Rebuilt(before, after, first, second, json.loads(out.read_text()), published)


def test_building_twice_gives_identical_marts(rebuilt: Rebuilt) -> None:
    assert rebuilt.before, "no marts were hashed"
    changed = [name for name in rebuilt.before if rebuilt.before[name] != rebuilt.after.get(name)]
    assert changed == [], changed
    assert set(rebuilt.before) == set(rebuilt.after)


def test_reader_is_never_blocked_and_never_sees_a_mix(rebuilt: Rebuilt) -> None:
    reads = rebuilt.reads
    assert len(reads) > 10, reads
    assert [r for r in reads if "error" in r] == []
    assert all(r["consistent"] for r in reads)
    versions = [r["version"] for r in reads]
    assert set(versions) == {rebuilt.first, rebuilt.second}
    # old, then new: the pointer moves once and never back
    switched = versions.index(rebuilt.second)
    assert set(versions[:switched]) == {rebuilt.first} and set(versions[switched:]) == {rebuilt.second}
    assert max(r["seconds"] for r in reads) < 5, "a read waited: it must never take the build's lock"
