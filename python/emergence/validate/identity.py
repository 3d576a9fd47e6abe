"""Identity validation: how well the warehouse resolved touches to accounts and people.

Compares ``marts.fct_touches``, ``marts.dim_people`` with the synthetic world's ground truth
(schema ``synth_truth``) in the same DuckDB file. The file is opened read-only; the work runs
in DuckDB SQL on temporary tables, so it scales to worlds with millions of touches.

Definitions (what the figures mean; the closing note quotes them)
-----------------------------------------------------------------
Matching. A warehouse touch matches a truth touch on (source_system, source_table,
source_row_id). Keys are compared as text.

Exclusions, from every figure:

- touches whose raw row is listed in ``synth_truth.dirty_rows`` (same system, table and row
  id): their truth may be deliberately inconsistent (resync duplicates, future timestamps...);
- touches that staging quarantined (``quality.fct_quarantined_rows``, when the table exists),
  and so are absent from ``fct_touches`` by design;
- truth touches of a source table that ``fct_touches`` does not carry at all (Segment
  ``identifies``, for instance, is an identity event, not a touch). They are listed in the
  report as untracked tables.

The truth touches left are the "kept" ones. Kept truth touches still missing from
``fct_touches`` stay in the recall and coverage denominators (they count as not resolved)
and are counted as "missing".

Expected keys. A truth touch's expected ``account_key`` is its truth account's
``sfdc_account_id`` when not null, else ``'dom_' || md5(lower(trim(domain)))``; a touch with
no truth account has no expected key, so resolving it to any account is an error. A truth
person's expected ``person_key`` is ``md5(lower(trim(email)))``.

Touch->account precision. Among warehouse touches that match a (kept) truth touch and have a
non-null ``account_key``: the share whose ``account_key`` equals the expected key. Also given
by ``account_method`` and by source table.

Revealable touches. Truth touches with a truth account and at least one observable means:

- (a) email: the touch's truth person has an email whose domain equals the truth account's
  domain, and the person is known to a system (a Marketo lead id, a Salesforce lead or
  contact id, or a Segment ``identifies`` row with the person's email or user id);
- (b) reverse IP: the touch is a web event (Segment pages/tracks; Marketo
  activity_visit_webpage, activity_click_link, activity_fill_out_form) whose IP (Segment
  ``context_ip``, Marketo ``client_ip_address``) falls in a reverse-IP range of type business
  or education whose ``company_domain`` is the truth account's domain;
- (c) anonymous id: the touch is a Segment event whose ``anonymous_id`` was seen at least
  once (in pages, tracks or identifies) from such a range of the truth account's domain;
- (d) CRM link: a Salesforce campaign_member or opportunity_contact_role row.

IPs are dotted IPv4, compared as integers; anything else never falls in a range.

Touch->account recall. Revealable touches whose warehouse ``account_key`` equals the
expected key / revealable touches. Given by source table and by means (a touch revealable by
several means counts under each). Coverage, for context: the same share over every kept
truth touch with a truth account, revealable or not.

Person stitching precision. Among Segment pages/tracks touches in ``fct_touches`` with
``is_anonymous_person = false``: the share whose ``person_key`` equals the expected person
key (a truth person without an email makes the stitch wrong).

Person stitching recall. Among kept Segment pages/tracks truth touches whose truth person has
an email and whose ``anonymous_id`` appears in a kept ``identifies`` row or in a kept track
with a ``user_id``: the share that the warehouse stitched (``is_anonymous_person = false``)
to the expected person key.

Title->function mapping share. Among ``dim_people`` rows that are not anonymous and have a
non-empty ``job_title``: the share with a non-empty ``function`` (read from ``job_function``
when the mart names the column so). Agreement (no target): among
those rows whose ``person_key`` is a truth person's expected key and whose truth function is
not null, the share whose function equals the truth function (trimmed, case-insensitive).

Where a warehouse row id appears more than once in ``fct_touches``, precision counts every
row and recall counts the truth touch as resolved only if every row has the expected key.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from rich.console import Console
from rich.table import Table

from emergence.validate.common import Ratio, existing_columns, existing_tables, open_checked

__all__ = [
    "IdentityReport",
    "IdentityTargets",
    "Ratio",
    "print_identity_report",
    "validate_identity",
]

# Tables the validation cannot do without.
REQUIRED_TABLES = (
    "marts.fct_touches",
    "marts.dim_people",
    "synth_truth.touches",
    "synth_truth.accounts",
    "synth_truth.people",
    "synth_truth.dirty_rows",
)

# Web events whose IP can reveal the company: (system, table, anonymous id column, IP column).
WEB_EVENT_TABLES = (
    ("segment", "pages", "anonymous_id", "context_ip"),
    ("segment", "tracks", "anonymous_id", "context_ip"),
    ("marketo", "activity_visit_webpage", None, "client_ip_address"),
    ("marketo", "activity_click_link", None, "client_ip_address"),
    ("marketo", "activity_fill_out_form", None, "client_ip_address"),
)
# Segment tables where an anonymous id can be seen from an IP.
SEGMENT_SIGHTING_TABLES = ("pages", "tracks", "identifies")
CRM_LINKED_TABLES = ("campaign_member", "opportunity_contact_role")
REVEALING_IP_TYPES = ("business", "education")
# dim_people's function column: the contract's name first, then the mart's.
FUNCTION_COLUMNS = ("function", "job_function")

MEANS_LABELS = {
    "email_domain": "(a) email on the account's domain",
    "reverse_ip": "(b) IP in the account's reverse-IP range",
    "anonymous_id_ip": "(c) anonymous id seen from that range",
    "crm_link": "(d) CRM-linked Salesforce row",
}


@dataclass(frozen=True)
class IdentityTargets:
    """The bars the identity figures must clear."""

    account_precision: float = 0.99
    account_recall: float = 0.90
    stitching_precision: float = 0.99
    function_share: float = 0.95


@dataclass(frozen=True)
class IdentityReport:
    """The identity figures, each a :class:`Ratio` (numerator, denominator, value)."""

    account_precision: Ratio
    account_recall: Ratio
    account_coverage: Ratio
    stitching_precision: Ratio
    stitching_recall: Ratio
    function_share: Ratio
    function_agreement: Ratio
    precision_by_method: dict[str, Ratio] = field(default_factory=dict)
    precision_by_source: dict[str, Ratio] = field(default_factory=dict)
    recall_by_source: dict[str, Ratio] = field(default_factory=dict)
    recall_by_means: dict[str, Ratio] = field(default_factory=dict)
    # Bookkeeping: what was left out, and why.
    excluded_dirty: int = 0
    excluded_quarantined: int = 0
    missing_from_warehouse: int = 0
    untracked_source_tables: tuple[str, ...] = ()
    warehouse_touches_without_truth: int = 0
    duplicated_warehouse_touches: int = 0

    def passes(self, targets: IdentityTargets | None = None) -> list[str]:
        """The targets this report misses, in words; an empty list means every target is met."""
        targets = targets or IdentityTargets()
        checks = [
            ("touch->account precision", self.account_precision, targets.account_precision),
            ("touch->account recall of revealable touches", self.account_recall, targets.account_recall),
            ("person stitching precision", self.stitching_precision, targets.stitching_precision),
            ("title->function mapping share", self.function_share, targets.function_share),
        ]
        failed = []
        for name, ratio, target in checks:
            if ratio.value is None:
                failed.append(f"{name}: nothing to measure (0 rows), target >= {target:.2f}")
            elif not ratio.meets(target):
                failed.append(f"{name} is {ratio}, below the target of {target:.2f}")
        return failed


def validate_identity(database: Path) -> IdentityReport:
    """Compare the warehouse's identity resolution in ``database`` with its ground truth."""
    with open_checked(database, "identity", {table: () for table in REQUIRED_TABLES}) as con:
        _prepare(con, existing_tables(con))
        return _measure(con)


# --------------------------------------------------------------------------------------------
# SQL: temporary tables, each a step of the comparison.


def _ip_to_int(expr: str) -> str:
    """SQL turning a dotted IPv4 text into a bigint; null for anything else."""
    ip = f"trim({expr})"
    octets = " + ".join(f"cast(split_part({ip}, '.', {i}) as bigint) * {256 ** (4 - i)}" for i in range(1, 5))
    dotted = r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}"
    return f"case when regexp_full_match({ip}, '{dotted}') then {octets} end"


def _union(selects: Iterable[str], empty: str) -> str:
    """``union all`` of the selects, or the ``empty`` select when there are none."""
    parts = list(selects)
    return "\nunion all\n".join(parts) if parts else empty


def _prepare(con: duckdb.DuckDBPyConnection, tables: set[str]) -> None:
    """Build the temporary tables the figures are read from."""
    run = con.execute

    # Rows left out: dirty in truth, quarantined by staging.
    run(
        """
        create or replace temp table vi_dirty as
        select distinct source_system, source_table, cast(row_id as varchar) as source_row_id
        from synth_truth.dirty_rows
        where row_id is not null
        """
    )
    if "quality.fct_quarantined_rows" in tables:
        quarantined = """
            select distinct source_system, source_table, cast(source_row_id as varchar) as source_row_id
            from quality.fct_quarantined_rows
            where source_row_id is not null
        """
    else:
        quarantined = (
            "select null::varchar as source_system, null::varchar as source_table, "
            "null::varchar as source_row_id where false"
        )
    run(f"create or replace temp table vi_quarantined as {quarantined}")

    # Raw web events with their IP as an integer, and where Segment anonymous ids were seen.
    web = []
    for system, table, anon_col, ip_col in WEB_EVENT_TABLES:
        name = f"{system}.{table}"
        if name not in tables or ip_col not in existing_columns(con, name):
            continue
        anon = f"any_value({anon_col})" if anon_col else "null::varchar"
        # Resync duplicates share an id: one row per id.
        web.append(
            f"""
            select '{system}' as source_system, '{table}' as source_table, source_row_id, anonymous_id,
                   {_ip_to_int("ip")} as ip_int
            from (
                select cast(id as varchar) as source_row_id, {anon} as anonymous_id, any_value({ip_col}) as ip
                from {name}
                where id is not null
                group by 1
            )
            """
        )
    empty_web = (
        "select null::varchar as source_system, null::varchar as source_table, "
        "null::varchar as source_row_id, null::varchar as anonymous_id, null::bigint as ip_int where false"
    )
    run(f"create or replace temp table vi_web as {_union(web, empty_web)}")

    sightings = [
        f"""
        select distinct anonymous_id, {_ip_to_int("context_ip")} as ip_int
        from segment.{table}
        where anonymous_id is not null
        """
        for table in SEGMENT_SIGHTING_TABLES
        if f"segment.{table}" in tables
    ]
    empty_sightings = "select null::varchar as anonymous_id, null::bigint as ip_int where false"
    run(
        f"""
        create or replace temp table vi_sightings as
        select distinct anonymous_id, ip_int
        from ({_union(sightings, empty_sightings)})
        where ip_int is not null
        """
    )

    ip_types = ", ".join(f"'{t}'" for t in REVEALING_IP_TYPES)
    if "reverse_ip.ip_company_ranges" in tables:
        ranges = f"""
            select distinct
                {_ip_to_int("start_ip")} as start_int,
                {_ip_to_int("end_ip")} as end_int,
                lower(trim(company_domain)) as domain
            from reverse_ip.ip_company_ranges
            where lower(trim(ip_type)) in ({ip_types})
                and nullif(trim(company_domain), '') is not null
        """
    else:
        ranges = (
            "select null::bigint as start_int, null::bigint as end_int, null::varchar as domain where false"
        )
    run(f"create or replace temp table vi_ranges as {ranges}")

    # Anonymous ids that Segment tied to a user: an identify, or a track carrying a user id.
    stitchable = []
    if "segment.identifies" in tables:
        stitchable.append(
            """
            select distinct i.anonymous_id
            from segment.identifies as i
            where i.anonymous_id is not null
                and not exists (
                    select 1 from vi_dirty as d
                    where d.source_system = 'segment' and d.source_table = 'identifies'
                        and d.source_row_id = cast(i.id as varchar))
                and not exists (
                    select 1 from vi_quarantined as q
                    where q.source_system = 'segment' and q.source_table = 'identifies'
                        and q.source_row_id = cast(i.id as varchar))
            """
        )
    if "segment.tracks" in tables and "user_id" in existing_columns(con, "segment.tracks"):
        stitchable.append(
            """
            select distinct t.anonymous_id
            from segment.tracks as t
            where t.anonymous_id is not null
                and nullif(trim(t.user_id), '') is not null
                and not exists (
                    select 1 from vi_dirty as d
                    where d.source_system = 'segment' and d.source_table = 'tracks'
                        and d.source_row_id = cast(t.id as varchar))
                and not exists (
                    select 1 from vi_quarantined as q
                    where q.source_system = 'segment' and q.source_table = 'tracks'
                        and q.source_row_id = cast(t.id as varchar))
            """
        )
    run(
        "create or replace temp table vi_stitchable as select distinct anonymous_id from ("
        + _union(stitchable, "select null::varchar as anonymous_id where false")
        + ")"
    )

    # Truth people known to some system; "known through Segment" means an identify with their
    # email or their user id (two equi-joins rather than an OR, so DuckDB hashes, not loops).
    identified = "select null::varchar as truth_person_id where false"
    if "segment.identifies" in tables:
        identified = """
            select p.truth_person_id
            from synth_truth.people as p
            inner join segment.identifies as i
                on lower(trim(i.email)) = lower(trim(p.email))
            union
            select p.truth_person_id
            from synth_truth.people as p
            inner join segment.identifies as i
                on i.user_id = p.segment_user_id
        """
    run(
        f"""
        create or replace temp table vi_people as
        with identified as (
            select distinct truth_person_id from ({identified})
        )

        select
            p.truth_person_id,
            lower(trim(p.email)) as email,
            case when nullif(trim(p.email), '') is not null then md5(lower(trim(p.email))) end
                as expected_person_key,
            (
                p.marketo_lead_id is not null
                or nullif(trim(cast(p.sfdc_lead_id as varchar)), '') is not null
                or nullif(trim(cast(p.sfdc_contact_id as varchar)), '') is not null
                or identified.truth_person_id is not null
            ) as is_known
        from synth_truth.people as p
        left join identified
            on p.truth_person_id = identified.truth_person_id
        """
    )

    # Truth touches with expected keys and exclusion flags.
    run(
        """
        create or replace temp table vi_truth as
        select
            t.source_system,
            t.source_table,
            cast(t.source_row_id as varchar) as source_row_id,
            t.truth_account_id,
            lower(trim(a.domain)) as account_domain,
            case
                when t.truth_account_id is not null and a.truth_account_id is not null
                    then coalesce(
                        nullif(trim(a.sfdc_account_id), ''), 'dom_' || md5(lower(trim(a.domain)))
                    )
            end as expected_account_key,
            p.email as person_email,
            p.expected_person_key,
            coalesce(p.is_known, false) as person_is_known,
            d.source_row_id is not null as is_dirty,
            q.source_row_id is not null as is_quarantined
        from synth_truth.touches as t
        left join synth_truth.accounts as a
            on t.truth_account_id = a.truth_account_id
        left join vi_people as p
            on t.truth_person_id = p.truth_person_id
        left join vi_dirty as d
            on t.source_system = d.source_system
            and t.source_table = d.source_table
            and cast(t.source_row_id as varchar) = d.source_row_id
        left join vi_quarantined as q
            on t.source_system = q.source_system
            and t.source_table = q.source_table
            and cast(t.source_row_id as varchar) = q.source_row_id
        """
    )

    run(
        """
        create or replace temp table vi_fct as
        select
            source_system,
            source_table,
            cast(source_row_id as varchar) as source_row_id,
            account_key,
            account_method,
            person_key,
            is_anonymous_person
        from marts.fct_touches
        """
    )
    run(
        "create or replace temp table vi_fct_tables as "
        "select distinct source_system, source_table from vi_fct"
    )

    # Kept truth touches of tracked tables, scored against the warehouse, with their means.
    run(
        f"""
        create or replace temp table vi_scored as
        with kept as (
            select t.*
            from vi_truth as t
            inner join vi_fct_tables as ft
                on t.source_system = ft.source_system and t.source_table = ft.source_table
            where not t.is_dirty and not t.is_quarantined
        ),

        resolved as (
            select
                k.source_system,
                k.source_table,
                k.source_row_id,
                count(f.source_row_id) as warehouse_rows,
                bool_and(coalesce(f.account_key = k.expected_account_key, false)) as account_correct,
                bool_and(
                    coalesce(f.is_anonymous_person = false and f.person_key = k.expected_person_key, false)
                ) as person_correct
            from kept as k
            left join vi_fct as f
                on k.source_system = f.source_system
                and k.source_table = f.source_table
                and k.source_row_id = f.source_row_id
            group by all
        ),

        ip_revealed as (
            select distinct k.source_system, k.source_table, k.source_row_id
            from kept as k
            inner join vi_web as w
                on k.source_system = w.source_system
                and k.source_table = w.source_table
                and k.source_row_id = w.source_row_id
            inner join vi_ranges as r
                on k.account_domain = r.domain
                and w.ip_int between r.start_int and r.end_int
        ),

        anon_pairs as (
            select distinct w.anonymous_id, k.account_domain
            from kept as k
            inner join vi_web as w
                on k.source_system = w.source_system
                and k.source_table = w.source_table
                and k.source_row_id = w.source_row_id
            where k.source_system = 'segment' and w.anonymous_id is not null and k.account_domain is not null
        ),

        anon_revealed as (
            select distinct p.anonymous_id, p.account_domain
            from anon_pairs as p
            inner join vi_ranges as r
                on p.account_domain = r.domain
            inner join vi_sightings as s
                on p.anonymous_id = s.anonymous_id
                and s.ip_int between r.start_int and r.end_int
        ),

        final as (
            select
                k.source_system,
                k.source_table,
                k.source_row_id,
                k.truth_account_id is not null as has_account,
                r.warehouse_rows,
                r.account_correct,
                r.person_correct,
                w.anonymous_id,
                k.person_email is not null as person_has_email,
                coalesce(
                    k.person_is_known
                    and k.account_domain is not null
                    and split_part(k.person_email, '@', 2) = k.account_domain,
                    false
                ) as by_email_domain,
                ir.source_row_id is not null as by_reverse_ip,
                ar.anonymous_id is not null as by_anonymous_id_ip,
                k.source_system = 'salesforce'
                    and k.source_table in ({", ".join(f"'{t}'" for t in CRM_LINKED_TABLES)}) as by_crm_link,
                st.anonymous_id is not null as is_stitchable
            from kept as k
            inner join resolved as r
                on k.source_system = r.source_system
                and k.source_table = r.source_table
                and k.source_row_id = r.source_row_id
            left join vi_web as w
                on k.source_system = w.source_system
                and k.source_table = w.source_table
                and k.source_row_id = w.source_row_id
            left join ip_revealed as ir
                on k.source_system = ir.source_system
                and k.source_table = ir.source_table
                and k.source_row_id = ir.source_row_id
            left join anon_revealed as ar
                on k.source_system = 'segment'
                and w.anonymous_id = ar.anonymous_id
                and k.account_domain = ar.account_domain
            left join vi_stitchable as st
                on k.source_system = 'segment'
                and w.anonymous_id = st.anonymous_id
        )

        select * from final
        """
    )


def _ratio(row: tuple) -> Ratio:
    numerator, denominator = row
    return Ratio(int(numerator or 0), int(denominator or 0))


def _measure(con: duckdb.DuckDBPyConnection) -> IdentityReport:
    """Read the figures off the temporary tables built by :func:`_prepare`."""
    run = con.execute

    # Precision: warehouse rows against kept truth rows.
    precision_rows = run(
        """
        select
            coalesce(f.account_method, '(none)') as account_method,
            f.source_system || '.' || f.source_table as source,
            count(*) filter (where f.account_key = t.expected_account_key) as correct,
            count(*) as resolved
        from vi_fct as f
        inner join vi_truth as t
            on f.source_system = t.source_system
            and f.source_table = t.source_table
            and f.source_row_id = t.source_row_id
        where not t.is_dirty and not t.is_quarantined and f.account_key is not null
        group by all
        """
    ).fetchall()
    by_method: dict[str, list[int]] = {}
    by_source: dict[str, list[int]] = {}
    for method, source, correct, resolved in precision_rows:
        for bucket, key in ((by_method, method), (by_source, source)):
            counts = bucket.setdefault(key, [0, 0])
            counts[0] += correct
            counts[1] += resolved
    precision = Ratio(
        sum(c for c, _ in by_method.values()),
        sum(n for _, n in by_method.values()),
    )

    # Recall and coverage: kept truth touches against the warehouse.
    recall_rows = run(
        """
        select
            source_system || '.' || source_table as source,
            by_email_domain, by_reverse_ip, by_anonymous_id_ip, by_crm_link,
            count(*) filter (where account_correct) as correct,
            count(*) as touches
        from vi_scored
        where has_account
        group by all
        """
    ).fetchall()
    recall_by_source: dict[str, list[int]] = {}
    recall_by_means: dict[str, list[int]] = {key: [0, 0] for key in MEANS_LABELS}
    recall = [0, 0]
    coverage = [0, 0]
    for source, email, ip, anon, crm, correct, touches in recall_rows:
        coverage[0] += correct
        coverage[1] += touches
        flags = dict(zip(MEANS_LABELS, (email, ip, anon, crm), strict=True))
        if not any(flags.values()):
            continue
        recall[0] += correct
        recall[1] += touches
        counts = recall_by_source.setdefault(source, [0, 0])
        counts[0] += correct
        counts[1] += touches
        for key, flag in flags.items():
            if flag:
                recall_by_means[key][0] += correct
                recall_by_means[key][1] += touches

    stitching_precision = _ratio(
        run(
            """
            select
                count(*) filter (where f.person_key = t.expected_person_key),
                count(*)
            from vi_fct as f
            inner join vi_truth as t
                on f.source_system = t.source_system
                and f.source_table = t.source_table
                and f.source_row_id = t.source_row_id
            where not t.is_dirty and not t.is_quarantined
                and f.source_system = 'segment' and f.source_table in ('pages', 'tracks')
                and f.is_anonymous_person = false
            """
        ).fetchall()[0]
    )
    stitching_recall = _ratio(
        run(
            """
            select count(*) filter (where person_correct), count(*)
            from vi_scored
            where source_system = 'segment' and source_table in ('pages', 'tracks')
                and person_has_email and is_stitchable
            """
        ).fetchall()[0]
    )

    function_share, function_agreement = _function_figures(con)

    excluded_dirty, excluded_quarantined = run(
        """
        select count(*) filter (where is_dirty), count(*) filter (where is_quarantined and not is_dirty)
        from vi_truth
        """
    ).fetchall()[0]
    missing, duplicated = run(
        "select count(*) filter (where warehouse_rows = 0), count(*) filter (where warehouse_rows > 1) "
        "from vi_scored"
    ).fetchall()[0]
    untracked = run(
        """
        select distinct t.source_system || '.' || t.source_table
        from vi_truth as t
        anti join vi_fct_tables as ft
            on t.source_system = ft.source_system and t.source_table = ft.source_table
        order by 1
        """
    ).fetchall()
    without_truth = run(
        """
        select count(*)
        from vi_fct as f
        anti join vi_truth as t
            on f.source_system = t.source_system
            and f.source_table = t.source_table
            and f.source_row_id = t.source_row_id
        """
    ).fetchall()[0][0]

    return IdentityReport(
        account_precision=precision,
        account_recall=Ratio(*recall),
        account_coverage=Ratio(*coverage),
        stitching_precision=stitching_precision,
        stitching_recall=stitching_recall,
        function_share=function_share,
        function_agreement=function_agreement,
        precision_by_method={k: Ratio(*v) for k, v in sorted(by_method.items())},
        precision_by_source={k: Ratio(*v) for k, v in sorted(by_source.items())},
        recall_by_source={k: Ratio(*v) for k, v in sorted(recall_by_source.items())},
        recall_by_means={k: Ratio(*v) for k, v in recall_by_means.items()},
        excluded_dirty=int(excluded_dirty or 0),
        excluded_quarantined=int(excluded_quarantined or 0),
        missing_from_warehouse=int(missing or 0),
        untracked_source_tables=tuple(name for (name,) in untracked),
        warehouse_touches_without_truth=int(without_truth or 0),
        duplicated_warehouse_touches=int(duplicated or 0),
    )


def _function_figures(con: duckdb.DuckDBPyConnection) -> tuple[Ratio, Ratio]:
    """Title->function mapping share, and agreement with the truth function."""
    columns = existing_columns(con, "marts.dim_people")
    # The contract names the column ``function``; the mart may call it ``job_function``.
    function_column = next((c for c in FUNCTION_COLUMNS if c in columns), None)
    if function_column is None:
        raise ValueError(f"marts.dim_people has none of the columns {', '.join(FUNCTION_COLUMNS)}")
    mapped, titled, agreed, compared = con.execute(
        f"""
        with truth as (
            select md5(lower(trim(email))) as person_key, any_value(function) as function
            from synth_truth.people
            where nullif(trim(email), '') is not null
            group by 1
        ),

        titled as (
            select d.person_key, nullif(lower(trim(d.{function_column})), '') as function
            from marts.dim_people as d
            where coalesce(d.is_anonymous, false) = false
                and nullif(trim(d.job_title), '') is not null
        )

        select
            count(*) filter (where t.function is not null) as mapped,
            count(*) as titled,
            count(*) filter (
                where tr.function is not null and t.function = lower(trim(tr.function))
            ) as agreed,
            count(*) filter (where tr.function is not null) as compared
        from titled as t
        left join truth as tr
            on t.person_key = tr.person_key
        """
    ).fetchall()[0]
    return Ratio(int(mapped or 0), int(titled or 0)), Ratio(int(agreed or 0), int(compared or 0))


# --------------------------------------------------------------------------------------------
# Printing.


def _status(ratio: Ratio, target: float | None) -> str:
    if target is None:
        return ""
    return "[green]pass[/green]" if ratio.meets(target) else "[red]FAIL[/red]"


def _share(ratio: Ratio) -> str:
    value = ratio.value
    return "n/a" if value is None else f"{value:.2%}"


def _breakdown(title: str, label: str, ratios: dict[str, Ratio]) -> Table:
    table = Table(title=title)
    table.add_column(label)
    table.add_column("share", justify="right")
    table.add_column("right", justify="right")
    table.add_column("of", justify="right")
    for key, ratio in ratios.items():
        table.add_row(key, _share(ratio), f"{ratio.numerator:,}", f"{ratio.denominator:,}")
    return table


def print_identity_report(
    report: IdentityReport, console: Console, targets: IdentityTargets | None = None
) -> None:
    """Print the identity figures as rich tables: headline figures, then the breakdowns."""
    targets = targets or IdentityTargets()
    headline = Table(title="Identity resolution against ground truth (synth_truth)")
    for name, justify in [
        ("figure", "left"),
        ("share", "right"),
        ("right", "right"),
        ("of", "right"),
        ("target", "right"),
        ("status", "center"),
    ]:
        headline.add_column(name, justify=justify)
    rows: list[tuple[str, Ratio, float | None]] = [
        ("touch->account precision", report.account_precision, targets.account_precision),
        ("touch->account recall (revealable touches)", report.account_recall, targets.account_recall),
        ("touch->account coverage (all touches of a truth account)", report.account_coverage, None),
        ("person stitching precision (Segment)", report.stitching_precision, targets.stitching_precision),
        ("person stitching recall (Segment, stitchable)", report.stitching_recall, None),
        ("title->function mapping share", report.function_share, targets.function_share),
        ("title->function agreement with truth", report.function_agreement, None),
    ]
    for name, ratio, target in rows:
        headline.add_row(
            name,
            _share(ratio),
            f"{ratio.numerator:,}",
            f"{ratio.denominator:,}",
            "" if target is None else f">= {target:.0%}",
            _status(ratio, target),
        )
    console.print(headline)

    console.print(
        _breakdown("Touch->account precision by method", "account_method", report.precision_by_method)
    )
    console.print(
        _breakdown("Touch->account precision by source table", "source", report.precision_by_source)
    )
    console.print(
        _breakdown("Recall of revealable touches by source table", "source", report.recall_by_source)
    )
    console.print(
        _breakdown(
            "Recall of revealable touches by means (overlapping)",
            "means",
            {MEANS_LABELS[key]: ratio for key, ratio in report.recall_by_means.items()},
        )
    )

    left_out = Table(title="Left out or unmatched")
    left_out.add_column("what")
    left_out.add_column("touches", justify="right")
    left_out.add_row("truth touches on dirty raw rows (excluded)", f"{report.excluded_dirty:,}")
    left_out.add_row("truth touches quarantined by staging (excluded)", f"{report.excluded_quarantined:,}")
    left_out.add_row(
        "kept truth touches missing from fct_touches (count as unresolved)",
        f"{report.missing_from_warehouse:,}",
    )
    left_out.add_row("truth touches in several fct_touches rows", f"{report.duplicated_warehouse_touches:,}")
    left_out.add_row("fct_touches rows with no truth touch", f"{report.warehouse_touches_without_truth:,}")
    left_out.add_row(
        "truth tables not in fct_touches (excluded)", ", ".join(report.untracked_source_tables) or "none"
    )
    console.print(left_out)
