"""Identity validation on a hand-built warehouse whose figures are known in advance.

The world: three accounts and five people; a dozen touches, each placed to test one rule.

- A1 acme.com (in the CRM as SF1), A2 beta.io (net new), A3 gamma.org (SF3).
- P1 ann@acme.com (Marketo lead, anon1), P2 bob@beta.io (known only through a Segment
  identify, anon2), P3 cy@gmail.com (A3, free mail, anon3), P4 dee@gamma.org (A3, known to no
  system, anon4), P5 an ISP visitor with no account and no email (anon5).
- Reverse IP: 10.0.0.0-10.0.0.255 business gamma.org; 20.0.0.0/16 an ISP; 30.0.0.0/24 hosting
  for gamma.org (a hosting range reveals nothing).

Touches (kept unless said otherwise), what the warehouse says, and why:

====  =====================  ======  ============================  =====================
id    table                  person  means                         warehouse
====  =====================  ======  ============================  =====================
T1    mkto open_email 101    P1      (a)                           SF1 right
T2    mkto visit_webpage 102 P1      (a), ISP ip                   SF1 right
T3    sfdc campaign_member   P4      (d)                           SF3 right
T4    seg pages pg1          P4      (b)+(c), ip 10.0.0.255        SF3 right
T5    seg pages pg2          P4      (c) only (anon4 seen at T4)   unresolved
T6    seg pages pg3          P3      none (hosting ip)             SF1 wrong
T7    seg pages pg4          P2      (a), stitched                 right, stitched right
T8    seg tracks tr1         P2      (a), stitched                 wrong, stitched wrong
T9    seg pages pg5          P5      no account, IPv6              unresolved
T10   seg pages pg6          P5      no account                    SF1 wrong
T11   mkto open_email 103    P1      dirty: excluded               SF3 wrong (ignored)
T12   seg pages pg7          P1      quarantined: excluded         absent
T13   mkto open_email 104    P1      (a)                           absent: missing
T14   seg identifies id1     P2      table not in fct_touches      -
T15   mkto email_delivered   -       no truth                      SF1
T16   seg pages pg8          P1      (a), anon1 stitchable         right, not stitched
T17   seg tracks tr2         P1      (a), user_id u1               right, stitched right
====  =====================  ======  ============================  =====================

So: precision 7/10; recall 7/10; coverage 7/11; stitching precision 2/3; stitching recall
2/4; function share 4/5; function agreement 2/4.
"""

from __future__ import annotations

import os
from hashlib import md5
from pathlib import Path

import duckdb
import pytest
from rich.console import Console

from emergence.pii_key import keyed_hash, pii_key, with_demo_key
from emergence.validate import IdentityTargets, Ratio, print_identity_report, validate_identity
from emergence.validate.common import define_macros


def h(text: str) -> str:
    return md5(text.encode()).hexdigest()


def _validation_key() -> str:
    environ = dict(os.environ)
    with_demo_key(environ)
    return pii_key(environ)


KEY = _validation_key()


def pk(email: str) -> str:
    """A person_key as the build gives it: the keyed hash with the key validate uses."""
    return keyed_hash(email, KEY)


DOM_BETA = "dom_" + h("beta.io")
ANN, BOB, CY, DEE = pk("ann@acme.com"), pk("bob@beta.io"), pk("cy@gmail.com"), pk("dee@gamma.org")

# (system, table, row id, truth account, truth person)
TRUTH_TOUCHES = [
    ("marketo", "activity_open_email", "101", "A1", "P1"),
    ("marketo", "activity_visit_webpage", "102", "A1", "P1"),
    ("salesforce", "campaign_member", "cm1", "A3", "P4"),
    ("segment", "pages", "pg1", "A3", "P4"),
    ("segment", "pages", "pg2", "A3", "P4"),
    ("segment", "pages", "pg3", "A3", "P3"),
    ("segment", "pages", "pg4", "A2", "P2"),
    ("segment", "tracks", "tr1", "A2", "P2"),
    ("segment", "pages", "pg5", None, "P5"),
    ("segment", "pages", "pg6", None, "P5"),
    ("marketo", "activity_open_email", "103", "A1", "P1"),
    ("segment", "pages", "pg7", "A1", "P1"),
    ("marketo", "activity_open_email", "104", "A1", "P1"),
    ("segment", "identifies", "id1", "A2", "P2"),
    ("segment", "pages", "pg8", "A1", "P1"),
    ("segment", "tracks", "tr2", "A1", "P1"),
]

# (system, table, row id, account_key, account_method, person_key, is_anonymous_person)
FCT_TOUCHES = [
    ("marketo", "activity_open_email", "101", "SF1", "crm_contact", ANN, False),
    ("marketo", "activity_visit_webpage", "102", "SF1", "marketo_lead", ANN, False),
    ("salesforce", "campaign_member", "cm1", "SF3", "crm_contact", DEE, False),
    ("segment", "pages", "pg1", "SF3", "reverse_ip", h("anonymous:anon4"), True),
    ("segment", "pages", "pg2", None, None, h("anonymous:anon4"), True),
    ("segment", "pages", "pg3", "SF1", "reverse_ip", h("anonymous:anon3"), True),
    ("segment", "pages", "pg4", DOM_BETA, "email_domain", BOB, False),
    ("segment", "tracks", "tr1", "dom_" + h("x.com"), "email_domain", pk("someone@else.com"), False),
    ("segment", "pages", "pg5", None, None, h("anonymous:anon5"), True),
    ("segment", "pages", "pg6", "SF1", "reverse_ip", h("anonymous:anon5"), True),
    ("marketo", "activity_open_email", "103", "SF3", "crm_contact", ANN, False),
    ("marketo", "activity_email_delivered", "105", "SF1", "crm_contact", ANN, False),
    ("segment", "pages", "pg8", "SF1", "anonymous_id", h("anonymous:anon1"), True),
    ("segment", "tracks", "tr2", "SF1", "segment_user", ANN, False),
]

# Raw Segment events: (table, id, anonymous_id, user_id, context_ip)
SEGMENT_EVENTS = [
    ("pages", "pg1", "anon4", None, "10.0.0.255"),
    ("pages", "pg2", "anon4", None, "20.0.0.9"),
    ("pages", "pg3", "anon3", None, "30.0.0.1"),
    ("pages", "pg4", "anon2", None, "20.0.0.2"),
    ("tracks", "tr1", "anon2", None, "20.0.0.2"),
    ("pages", "pg5", "anon5", None, "2001:db8::1"),
    ("pages", "pg6", "anon5", None, "20.0.0.3"),
    ("pages", "pg7", "anon1", None, "20.0.0.4"),
    ("pages", "pg8", "anon1", None, "20.0.0.4"),
    ("tracks", "tr2", "anon1", "u1", "20.0.0.4"),
]


def build_world(path: Path, function_column: str = "function") -> Path:
    """Write the world above into a fresh DuckDB file."""
    con = duckdb.connect(str(path))
    for schema in ("synth_truth", "marts", "segment", "marketo", "reverse_ip", "quality"):
        con.execute(f"create schema {schema}")

    con.execute(
        "create table synth_truth.accounts "
        "(truth_account_id varchar, domain varchar, sfdc_account_id varchar, in_crm boolean)"
    )
    con.executemany(
        "insert into synth_truth.accounts values (?, ?, ?, ?)",
        [("A1", "acme.com", "SF1", True), ("A2", "beta.io", None, False), ("A3", "gamma.org", "SF3", True)],
    )
    con.execute(
        """
        create table synth_truth.people (
            truth_person_id varchar, truth_account_id varchar, email varchar, title varchar,
            function varchar, noise_kind varchar, marketo_lead_id bigint, sfdc_lead_id varchar,
            sfdc_contact_id varchar, anonymous_ids varchar, segment_user_id varchar)
        """
    )
    con.executemany(
        "insert into synth_truth.people values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            ("P1", "A1", "ann@acme.com", "CFO", "finance", None, 1, None, None, "anon1", "u1"),
            (
                "P2",
                "A2",
                "bob@beta.io",
                "Data Engineer",
                "engineering",
                None,
                None,
                None,
                None,
                "anon2",
                "u2",
            ),
            ("P3", "A3", "cy@gmail.com", "VP Sales", "sales", None, 3, None, None, "anon3", None),
            ("P4", "A3", "dee@gamma.org", "Head of People", "hr", None, None, None, None, "anon4", None),
            ("P5", None, None, None, None, "isp_visitor", None, None, None, "anon5", None),
        ],
    )
    con.execute(
        "create table synth_truth.touches (source_system varchar, source_table varchar, "
        "source_row_id varchar, truth_account_id varchar, truth_person_id varchar, occurred_at timestamp, "
        "is_in_market boolean)"
    )
    con.executemany(
        "insert into synth_truth.touches values (?, ?, ?, ?, ?, timestamp '2026-01-05', false)",
        TRUTH_TOUCHES,
    )
    con.execute(
        "create table synth_truth.dirty_rows "
        "(source_system varchar, source_table varchar, row_id varchar, dirty_kind varchar, detail varchar)"
    )
    con.executemany(
        "insert into synth_truth.dirty_rows values (?, ?, ?, ?, '')",
        [
            ("marketo", "activity_open_email", "103", "resync_duplicate"),
            ("segment", "identifies", "id2", "malformed_email"),
            ("marketo", "activity_open_email", None, "null_id"),
        ],
    )
    con.execute(
        "create table quality.fct_quarantined_rows "
        "(source_row_id varchar, source_system varchar, source_table varchar, dq_reason varchar)"
    )
    con.executemany(
        "insert into quality.fct_quarantined_rows values (?, ?, ?, ?)",
        [
            ("pg7", "segment", "pages", "future_timestamp"),
            ("id3", "segment", "identifies", "malformed_email"),
        ],
    )

    con.execute(
        """
        create table marts.fct_touches (
            touch_id varchar, source_system varchar, source_table varchar, source_row_id varchar,
            account_key varchar, account_method varchar, person_key varchar,
            is_anonymous_person boolean, is_bot boolean)
        """
    )
    con.executemany(
        "insert into marts.fct_touches values (md5(?), ?, ?, ?, ?, ?, ?, ?, false)",
        [(row[2], *row) for row in FCT_TOUCHES],
    )
    con.execute(
        f"create table marts.dim_people (person_key varchar, job_title varchar, {function_column} varchar, "
        "is_anonymous boolean)"
    )
    con.executemany(
        "insert into marts.dim_people values (?, ?, ?, ?)",
        [
            (ANN, "CFO", "finance", False),  # mapped, agrees
            (BOB, "Data Engineer", "Engineering ", False),  # mapped, agrees (trim, case)
            (DEE, "Chief Happiness Officer", None, False),  # unmapped, disagrees
            (CY, "VP Sales", "marketing", False),  # mapped, disagrees
            (h("x@unknown.com"), "Analyst", "finance", False),  # mapped, no truth to compare
            (h("anonymous:anon5"), None, None, True),  # anonymous: left out
            (h("z@acme.com"), "  ", None, False),  # no title: left out
        ],
    )

    for table in ("pages", "tracks"):
        con.execute(
            f"create table segment.{table} "
            "(id varchar, anonymous_id varchar, user_id varchar, context_ip varchar)"
        )
    for table, *row in SEGMENT_EVENTS:
        con.execute(f"insert into segment.{table} values (?, ?, ?, ?)", row)
    # A resync duplicate of pg1 with the same id: the validation keeps one row per id.
    con.execute("insert into segment.pages values ('pg1', 'anon4', null, '10.0.0.255')")
    con.execute(
        "create table segment.identifies "
        "(id varchar, anonymous_id varchar, user_id varchar, email varchar, context_ip varchar)"
    )
    con.executemany(
        "insert into segment.identifies values (?, ?, ?, ?, ?)",
        [
            ("id1", "anon2", "u2", "bob@beta.io", "20.0.0.2"),
            # Dirty (in truth only): it must not make anon3 stitchable.
            ("id2", "anon3", "u3", "cy@gmail.com", "20.0.0.8"),
            # Quarantined by staging only: it must not make anon4 stitchable.
            ("id3", "anon4", "u4", "dee@@gamma.org", "20.0.0.8"),
        ],
    )
    con.execute("create table marketo.activity_visit_webpage (id varchar, client_ip_address varchar)")
    con.execute("insert into marketo.activity_visit_webpage values ('102', '20.0.0.6')")
    con.execute(
        "create table reverse_ip.ip_company_ranges (range_id varchar, start_ip varchar, end_ip varchar, "
        "company_name varchar, company_domain varchar, ip_type varchar)"
    )
    con.executemany(
        "insert into reverse_ip.ip_company_ranges values (?, ?, ?, ?, ?, ?)",
        [
            ("r1", "10.0.0.0", "10.0.0.255", "Gamma", "gamma.org", "business"),
            ("r2", "20.0.0.0", "20.0.255.255", "Some ISP", "isp.net", "isp"),
            ("r3", "30.0.0.0", "30.0.0.255", "Gamma cloud", "gamma.org", "hosting"),
        ],
    )
    con.close()
    return path


@pytest.fixture
def world(tmp_path: Path) -> Path:
    return build_world(tmp_path / "world.duckdb")


def test_account_precision_counts_every_resolved_kept_touch(world: Path) -> None:
    report = validate_identity(world)
    # 10 resolved kept touches; T6, T8 and T10 are wrong; dirty T11 and truthless T15 are ignored.
    assert report.account_precision == Ratio(7, 10)
    assert report.account_precision.value == pytest.approx(0.7)
    assert report.precision_by_method == {
        "anonymous_id": Ratio(1, 1),
        "crm_contact": Ratio(2, 2),
        "email_domain": Ratio(1, 2),
        "marketo_lead": Ratio(1, 1),
        "reverse_ip": Ratio(1, 3),
        "segment_user": Ratio(1, 1),
    }
    assert report.precision_by_source == {
        "marketo.activity_open_email": Ratio(1, 1),
        "marketo.activity_visit_webpage": Ratio(1, 1),
        "salesforce.campaign_member": Ratio(1, 1),
        "segment.pages": Ratio(3, 5),
        "segment.tracks": Ratio(1, 2),
    }


def test_recall_over_revealable_touches_and_coverage(world: Path) -> None:
    report = validate_identity(world)
    # Revealable: T1 T2 T3 T4 T5 T7 T8 T13 T16 T17; T6 is not (free mail, hosting IP).
    assert report.account_recall == Ratio(7, 10)
    assert report.account_coverage == Ratio(7, 11)
    assert report.recall_by_means == {
        "email_domain": Ratio(5, 7),
        "reverse_ip": Ratio(1, 1),
        "anonymous_id_ip": Ratio(1, 2),
        "crm_link": Ratio(1, 1),
    }
    assert report.recall_by_source == {
        "marketo.activity_open_email": Ratio(1, 2),
        "marketo.activity_visit_webpage": Ratio(1, 1),
        "salesforce.campaign_member": Ratio(1, 1),
        "segment.pages": Ratio(3, 4),
        "segment.tracks": Ratio(1, 2),
    }


def test_exclusions_and_bookkeeping(world: Path) -> None:
    report = validate_identity(world)
    assert report.excluded_dirty == 1  # T11
    assert report.excluded_quarantined == 1  # T12
    assert report.missing_from_warehouse == 1  # T13
    assert report.untracked_source_tables == ("segment.identifies",)  # T14
    assert report.warehouse_touches_without_truth == 1  # T15
    assert report.duplicated_warehouse_touches == 0


def test_person_stitching(world: Path) -> None:
    report = validate_identity(world)
    # Stitched Segment touches: T7 right, T8 wrong, T17 right.
    assert report.stitching_precision == Ratio(2, 3)
    # Stitchable: anon2 (identify id1) and anon1 (track with user id): T7, T8, T16, T17.
    # anon3's only identify is dirty and anon4's quarantined: T4, T5 and T6 are not stitchable.
    assert report.stitching_recall == Ratio(2, 4)


@pytest.mark.parametrize("column", ["function", "job_function"])
def test_title_to_function(tmp_path: Path, column: str) -> None:
    report = validate_identity(build_world(tmp_path / "w.duckdb", function_column=column))
    assert report.function_share == Ratio(4, 5)
    assert report.function_agreement == Ratio(2, 4)


def test_passes_names_every_missed_target(world: Path) -> None:
    report = validate_identity(world)
    failed = report.passes()
    assert len(failed) == 4
    for name in (
        "touch->account precision",
        "touch->account recall",
        "person stitching precision",
        "title->function mapping share",
    ):
        assert any(message.startswith(name) for message in failed), name
    assert "0.7000 (7/10)" in failed[0]


def test_passes_with_lower_targets(world: Path) -> None:
    report = validate_identity(world)
    assert report.passes(IdentityTargets(0.7, 0.7, 0.6, 0.8)) == []
    only_stitching = report.passes(IdentityTargets(0.7, 0.7, 0.9, 0.8))
    assert len(only_stitching) == 1
    assert only_stitching[0].startswith("person stitching precision")


def test_empty_figure_fails_its_target(world: Path) -> None:
    con = duckdb.connect(str(world))
    con.execute("delete from marts.dim_people")
    con.close()
    failed = validate_identity(world).passes(IdentityTargets(0.0, 0.0, 0.0, 0.0))
    assert failed == ["title->function mapping share: nothing to measure (0 rows), target >= 0.00"]


def test_duplicated_warehouse_rows_must_all_be_right(world: Path) -> None:
    con = duckdb.connect(str(world))
    # A second row for T1 with the wrong account: T1 no longer counts as recalled.
    con.execute(
        "insert into marts.fct_touches values ('dup', 'marketo', 'activity_open_email', '101', "
        "'SF3', 'crm_contact', null, false, false)"
    )
    con.close()
    report = validate_identity(world)
    assert report.duplicated_warehouse_touches == 1
    assert report.account_precision == Ratio(7, 11)
    assert report.account_recall == Ratio(6, 10)


def test_missing_mart_is_reported(world: Path) -> None:
    con = duckdb.connect(str(world))
    con.execute("drop table marts.dim_people")
    con.close()
    with pytest.raises(ValueError, match="marts.dim_people"):
        validate_identity(world)


def test_ip_to_int() -> None:
    con = duckdb.connect()
    define_macros(con)
    values = ["10.0.0.255", "255.255.255.255", " 1.2.3.4 ", "2001:db8::1", "not an ip", None]
    got = [
        con.execute("select ipv4_to_bigint(v) from (select ?::varchar as v)", [v]).fetchall()[0][0]
        for v in values
    ]
    assert got == [167772415, 4294967295, 16909060, None, None, None]


def test_print_identity_report(world: Path) -> None:
    console = Console(record=True, width=160)
    print_identity_report(validate_identity(world), console)
    text = console.export_text()
    assert "touch->account precision" in text
    assert "70.00%" in text
    assert "FAIL" in text
    assert "segment.identifies" in text
