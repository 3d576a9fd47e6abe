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
``sfdc_account_id`` when not blank, else its domain's key (``truth_account_key``, the SQL of
the dbt macro ``domain_account_key``); a touch with
no truth account has no expected key, so resolving it to any account is an error. A truth
person's expected ``person_key`` is the keyed hash of ``lower(trim(email))``, the compiled SQL
of the dbt macro ``email_person_key`` with the build's key (``validate/sql/truth_person_key.sql``).

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

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from rich.console import Console
from rich.table import Table

from emergence.sqlfiles import load_sql
from emergence.validate.common import (
    Ratio,
    define_macros,
    existing_columns,
    existing_tables,
    open_checked,
)

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

# Web events whose IP can reveal the company: (system, table, IP column, the query reading it).
WEB_EVENT_TABLES = (
    ("segment", "pages", "context_ip", "identity_web_events_segment"),
    ("segment", "tracks", "context_ip", "identity_web_events_segment"),
    ("marketo", "activity_visit_webpage", "client_ip_address", "identity_web_events_marketo"),
    ("marketo", "activity_click_link", "client_ip_address", "identity_web_events_marketo"),
    ("marketo", "activity_fill_out_form", "client_ip_address", "identity_web_events_marketo"),
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
# SQL: temporary tables, each a step of the comparison (validate/sql/identity_*.sql).


def _sql(name: str) -> str:
    return load_sql(__file__, name)


def _prepare(con: duckdb.DuckDBPyConnection, tables: set[str]) -> None:
    """Build the temporary tables the figures are read from, in order."""
    define_macros(con)
    con.execute(_sql("identity_dirty_rows"))
    con.execute(_sql("identity_source_tables"))
    _fill_source_tables(con, tables)
    for name in (
        "identity_sightings",
        "identity_stitchable",
        "identity_people",
        "identity_truth_touches",
        "identity_warehouse_touches",
        "identity_warehouse_tables",
    ):
        con.execute(_sql(name))
    con.execute(_sql("identity_scored_touches"), {"crm_linked_tables": list(CRM_LINKED_TABLES)})


def _fill_source_tables(con: duckdb.DuckDBPyConnection, tables: set[str]) -> None:
    """Fill the tables of ``identity_source_tables`` from the optional sources present."""
    if "quality.fct_quarantined_rows" in tables:
        con.execute(_sql("identity_quarantined_rows"))
    for system, table, ip_column, query in WEB_EVENT_TABLES:
        relation = f"{system}.{table}"
        if relation in tables and ip_column in existing_columns(con, relation):
            con.execute(_sql(query), {"relation": relation, "event_system": system, "event_table": table})
    for table in SEGMENT_SIGHTING_TABLES:
        if f"segment.{table}" in tables:
            con.execute(_sql("identity_sighting_rows"), {"relation": f"segment.{table}"})
    if "reverse_ip.ip_company_ranges" in tables:
        con.execute(_sql("identity_reverse_ip_ranges"), {"revealing_ip_types": list(REVEALING_IP_TYPES)})
    if "segment.identifies" in tables:
        con.execute(_sql("identity_stitchable_identifies"))
        con.execute(_sql("identity_identified_people"))
    if "segment.tracks" in tables and "user_id" in existing_columns(con, "segment.tracks"):
        con.execute(_sql("identity_stitchable_tracks"))


def _ratio(row: tuple) -> Ratio:
    numerator, denominator = row
    return Ratio(int(numerator or 0), int(denominator or 0))


def _measure(con: duckdb.DuckDBPyConnection) -> IdentityReport:
    """Read the figures off the temporary tables built by :func:`_prepare`."""
    precision, by_method, by_source = _precision(con)
    recall, coverage, recall_by_source, recall_by_means = _recall(con)
    function_share, function_agreement = _function_figures(con)
    return IdentityReport(
        account_precision=precision,
        account_recall=recall,
        account_coverage=coverage,
        stitching_precision=_ratio(con.execute(_sql("identity_stitching_precision")).fetchone()),
        stitching_recall=_ratio(con.execute(_sql("identity_stitching_recall")).fetchone()),
        function_share=function_share,
        function_agreement=function_agreement,
        precision_by_method=by_method,
        precision_by_source=by_source,
        recall_by_source=recall_by_source,
        recall_by_means=recall_by_means,
        **_bookkeeping(con),
    )


def _precision(con: duckdb.DuckDBPyConnection) -> tuple[Ratio, dict[str, Ratio], dict[str, Ratio]]:
    """Touch->account precision overall, by method and by source table."""
    by_method: dict[str, list[int]] = {}
    by_source: dict[str, list[int]] = {}
    for method, source, correct, resolved in con.execute(_sql("identity_precision_counts")).fetchall():
        for bucket, key in ((by_method, method), (by_source, source)):
            counts = bucket.setdefault(key, [0, 0])
            counts[0] += correct
            counts[1] += resolved
    precision = Ratio(sum(c for c, _ in by_method.values()), sum(n for _, n in by_method.values()))
    return (
        precision,
        {k: Ratio(*v) for k, v in sorted(by_method.items())},
        {k: Ratio(*v) for k, v in sorted(by_source.items())},
    )


def _recall(
    con: duckdb.DuckDBPyConnection,
) -> tuple[Ratio, Ratio, dict[str, Ratio], dict[str, Ratio]]:
    """Recall of revealable touches and coverage of every touch, with recall by source and means."""
    by_source: dict[str, list[int]] = {}
    by_means: dict[str, list[int]] = {key: [0, 0] for key in MEANS_LABELS}
    recall = [0, 0]
    coverage = [0, 0]
    for source, email, ip, anon, crm, correct, touches in con.execute(
        _sql("identity_recall_counts")
    ).fetchall():
        coverage[0] += correct
        coverage[1] += touches
        flags = dict(zip(MEANS_LABELS, (email, ip, anon, crm), strict=True))
        if not any(flags.values()):
            continue
        recall[0] += correct
        recall[1] += touches
        counts = by_source.setdefault(source, [0, 0])
        counts[0] += correct
        counts[1] += touches
        for key, flag in flags.items():
            if flag:
                by_means[key][0] += correct
                by_means[key][1] += touches
    return (
        Ratio(*recall),
        Ratio(*coverage),
        {k: Ratio(*v) for k, v in sorted(by_source.items())},
        {k: Ratio(*v) for k, v in by_means.items()},
    )


def _bookkeeping(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """What was left out or unmatched, as the report's bookkeeping fields."""
    excluded_dirty, excluded_quarantined = con.execute(_sql("identity_exclusion_counts")).fetchone()
    missing, duplicated = con.execute(_sql("identity_unmatched_counts")).fetchone()
    untracked = con.execute(_sql("identity_untracked_tables")).fetchall()
    without_truth = con.execute(_sql("identity_touches_without_truth")).fetchone()[0]
    return {
        "excluded_dirty": int(excluded_dirty or 0),
        "excluded_quarantined": int(excluded_quarantined or 0),
        "missing_from_warehouse": int(missing or 0),
        "untracked_source_tables": tuple(name for (name,) in untracked),
        "warehouse_touches_without_truth": int(without_truth or 0),
        "duplicated_warehouse_touches": int(duplicated or 0),
    }


def _function_figures(con: duckdb.DuckDBPyConnection) -> tuple[Ratio, Ratio]:
    """Title->function mapping share, and agreement with the truth function."""
    columns = existing_columns(con, "marts.dim_people")
    # The contract names the column ``function``; the mart may call it ``job_function``.
    function_column = next((c for c in FUNCTION_COLUMNS if c in columns), None)
    if function_column is None:
        raise ValueError(f"marts.dim_people has none of the columns {', '.join(FUNCTION_COLUMNS)}")
    mapped, titled, agreed, compared = con.execute(
        _sql("identity_function_figures"), {"function_column": function_column}
    ).fetchone()
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
