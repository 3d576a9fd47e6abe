"""Dirty data, injected into the written raw tables after the clean world exists.

Every dirty row is recorded in synth_truth.dirty_rows (source_system, source_table, row_id,
dirty_kind, detail). In-place edits keep the row's id (so truth touches still point at it);
resync duplicates, deleted ghost records and null-id rows are added rows.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from . import vocab
from ._util import child_rng
from .writer import TableWriter, q

KINDS = (
    "resync_duplicate",
    "resync_storm",
    "deleted",
    "email_case_whitespace",
    "malformed_email",
    "null_id",
    "future_timestamp",
    "unknown_picklist",
)

# (source, table): kinds that make sense there
PLAN: dict[tuple[str, str], tuple[str, ...]] = {
    ("salesforce", "account"): ("resync_duplicate", "deleted"),
    ("salesforce", "contact"): (
        "resync_duplicate",
        "deleted",
        "email_case_whitespace",
        "malformed_email",
    ),
    ("salesforce", "lead"): (
        "resync_duplicate",
        "deleted",
        "email_case_whitespace",
        "malformed_email",
        "unknown_picklist",
    ),
    ("salesforce", "opportunity"): (
        "resync_duplicate",
        "deleted",
        "unknown_picklist",
        "future_timestamp",
    ),
    ("salesforce", "opportunity_history"): ("resync_duplicate", "unknown_picklist"),
    ("salesforce", "opportunity_contact_role"): ("resync_duplicate", "deleted"),
    ("salesforce", "lead_history"): ("resync_duplicate", "null_id", "future_timestamp"),
    ("salesforce", "campaign_member"): ("resync_duplicate", "deleted", "null_id"),
    ("salesforce", "user"): ("deleted",),
    ("marketo", "lead"): ("resync_duplicate", "email_case_whitespace", "malformed_email"),
    ("marketo", "activity_send_email"): ("resync_duplicate", "null_id"),
    ("marketo", "activity_email_delivered"): ("resync_duplicate",),
    ("marketo", "activity_open_email"): ("resync_duplicate", "null_id", "future_timestamp"),
    ("marketo", "activity_click_email"): ("resync_duplicate", "future_timestamp"),
    ("marketo", "activity_visit_webpage"): ("resync_duplicate", "null_id", "future_timestamp"),
    ("marketo", "activity_fill_out_form"): ("resync_duplicate", "future_timestamp"),
    ("marketo", "activity_change_data_value"): ("resync_duplicate",),
    ("segment", "pages"): ("resync_duplicate", "null_id", "future_timestamp"),
    ("segment", "tracks"): ("resync_duplicate", "null_id", "future_timestamp"),
    ("segment", "identifies"): ("resync_duplicate", "email_case_whitespace", "malformed_email"),
    ("reverse_ip", "ip_company_ranges"): ("resync_duplicate",),
}
STORM_TABLES = (("salesforce", "contact"), ("segment", "pages"), ("marketo", "lead"))

_LOADED = {
    "salesforce": "_fivetran_synced",
    "marketo": "_fivetran_synced",
    "segment": "received_at",
    "reverse_ip": "_loaded_at",
}
_EVENT = {"segment": "timestamp", "marketo": "activity_date", "salesforce": "created_date"}
_ID = {("reverse_ip", "ip_company_ranges"): "range_id"}


def _id_col(src: str, table: str) -> str:
    return _ID.get((src, table), "id")


class DirtyInjector:
    """Applies the plan to the tables of one world, at ``rate`` (0 disables everything)."""

    def __init__(self, w: TableWriter, seed: int, rate: float) -> None:
        self.w = w
        self.con = w.con
        self.rng = child_rng(seed, "dirty")
        self.rate = rate
        self._n = 0

    def _x(self, sql: str) -> None:
        """Run a statement to completion."""
        self.con.execute(sql).fetchall()

    def _sel(self, rows: np.ndarray, extra: dict[str, np.ndarray] | None = None) -> str:
        self._n += 1
        name = f"_dirty_sel_{self._n}"
        data = {"r": rows.astype(np.int64), "ord": np.arange(len(rows), dtype=np.int64)}
        data.update(extra or {})
        self.con.register(name, pa.table(data))
        return name

    def _record(self, src: str, table: str, sel: str, kind: str, id_expr: str, detail_expr: str) -> None:
        t = self.w.fqn(src, table)
        self._x(
            f"INSERT INTO {self.w.fqn('truth', 'dirty_rows')} "
            f"SELECT '{src}', '{table}', CAST({id_expr} AS VARCHAR), "
            f"'{kind}', CAST({detail_expr} AS VARCHAR) "
            f"FROM {t} AS t JOIN {sel} AS s ON t.rowid = s.r ORDER BY s.ord"
        )

    def run(self) -> int:
        """Inject everything; returns the number of dirty rows recorded."""
        if self.rate <= 0:
            return 0
        counts = {}
        for src, table in PLAN:
            counts[(src, table)] = self.con.execute(
                f"SELECT count(*) FROM {self.w.fqn(src, table)}"
            ).fetchall()[0][0]
        # how many rows of each kind per table
        alloc: dict[tuple[str, str], dict[str, int]] = {}
        for key, kinds in PLAN.items():
            n = counts[key]
            total = int(self.rng.binomial(n, self.rate)) if n else 0
            split = (
                self.rng.multinomial(total, [1 / len(kinds)] * len(kinds))
                if total
                else np.zeros(len(kinds), int)
            )
            alloc[key] = dict(zip(kinds, split.tolist(), strict=True))
        for kind in KINDS:
            if kind == "resync_storm":
                continue
            if sum(a.get(kind, 0) for a in alloc.values()) == 0:
                for key, kinds in PLAN.items():
                    if kind in kinds and counts[key] > 0:
                        alloc[key][kind] = 1
                        break
        for key in PLAN:
            self._table(key[0], key[1], counts[key], alloc[key])
        for src, table in STORM_TABLES:
            n = self.con.execute(f"SELECT count(*) FROM {self.w.fqn(src, table)}").fetchall()[0][0]
            if n:
                self._storm(src, table, int(self.rng.integers(0, n)))
                break
        return self.con.execute(f"SELECT count(*) FROM {self.w.fqn('truth', 'dirty_rows')}").fetchall()[0][0]

    def _table(self, src: str, table: str, n: int, alloc: dict[str, int]) -> None:
        total = sum(alloc.values())
        if not total or not n:
            return
        t = self.w.fqn(src, table)
        idc = q(_id_col(src, table))
        loaded = q(_LOADED[src])
        emails = [k for k in ("email_case_whitespace", "malformed_email") if alloc.get(k)]
        # rows with an email for the email kinds, any rows for the rest; disjoint picks
        picked: dict[str, np.ndarray] = {}
        used = np.zeros(0, dtype=np.int64)
        if emails:
            cand = self.con.execute(
                f"SELECT rowid FROM {t} WHERE email IS NOT NULL ORDER BY rowid"
            ).fetchnumpy()["rowid"]
            need = sum(alloc[k] for k in emails)
            pick = (
                self.rng.choice(cand, size=min(need, len(cand)), replace=False)
                if len(cand)
                else np.zeros(0, np.int64)
            )
            pos = 0
            for k in emails:
                picked[k] = np.sort(pick[pos : pos + alloc[k]])
                pos += alloc[k]
            used = pick
        rest = [k for k in alloc if k not in emails and alloc[k]]
        need = sum(alloc[k] for k in rest)
        if need:
            pool = min(n, need + len(used))
            pick = self.rng.choice(n, size=pool, replace=False)
            pick = pick[~np.isin(pick, used)][:need]
            pos = 0
            for k in rest:
                picked[k] = np.sort(pick[pos : pos + alloc[k]])
                pos += alloc[k]

        # in-place edits first
        if len(picked.get("email_case_whitespace", [])):
            r = picked["email_case_whitespace"]
            sel = self._sel(r, {"v": (r % 3).astype(np.int64)})
            mixed = (
                "upper(left(t.email, 1)) || substr(t.email, 2, strpos(t.email, '@') - 1) || "
                "upper(substr(t.email, strpos(t.email, '@') + 1, 1)) || "
                "substr(t.email, strpos(t.email, '@') + 2)"
            )
            self._x(
                f"UPDATE {t} AS t SET email = CASE s.v WHEN 0 THEN '  ' || {mixed} || ' ' "
                "WHEN 1 THEN upper(t.email) "
                f"ELSE {mixed} || '  ' END FROM {sel} AS s WHERE t.rowid = s.r"
            )
            self._record(src, table, sel, "email_case_whitespace", f"t.{idc}", "'email=' || t.email")
        if len(picked.get("malformed_email", [])):
            r = picked["malformed_email"]
            sel = self._sel(r, {"v": (r % 3).astype(np.int64)})
            self._x(
                f"UPDATE {t} AS t SET email = CASE s.v "
                "WHEN 0 THEN regexp_replace(replace(t.email, '@', '@@'), '\\.[a-z.]+$', '') "
                "WHEN 1 THEN replace(t.email, '@', ' ') "
                "ELSE split_part(t.email, '.', 1) || '@' END "
                f"FROM {sel} AS s WHERE t.rowid = s.r"
            )
            self._record(src, table, sel, "malformed_email", f"t.{idc}", "'email=' || t.email")
        if len(picked.get("unknown_picklist", [])):
            r = picked["unknown_picklist"]
            col = "status" if table == "lead" else "stage_name"
            opts = vocab.UNKNOWN_LEAD_STATUSES if table == "lead" else vocab.UNKNOWN_STAGES
            sel = self._sel(r, {"v": np.array([opts[i % len(opts)] for i in range(len(r))], dtype=object)})
            self._x(f"UPDATE {t} AS t SET {q(col)} = s.v FROM {sel} AS s WHERE t.rowid = s.r")
            self._record(src, table, sel, "unknown_picklist", f"t.{idc}", f"'{col}=' || t.{q(col)}")
        if len(picked.get("future_timestamp", [])):
            r = picked["future_timestamp"]
            ev = q(_EVENT[src])
            days = self.rng.integers(2, 40, len(r))
            sel = self._sel(r, {"d": days.astype(np.int64)})
            self._x(
                f"UPDATE {t} AS t SET {ev} = t.{loaded} + to_days(CAST(s.d AS INTEGER)) "
                f"+ to_seconds(CAST(s.r % 86400 AS BIGINT)) FROM {sel} AS s WHERE t.rowid = s.r"
            )
            self._record(
                src,
                table,
                sel,
                "future_timestamp",
                f"t.{idc}",
                f"'{_EVENT[src]} +' || s.d || ' days after load'",
            )

        # then added rows: copies of original rows
        if len(picked.get("resync_duplicate", [])):
            r = picked["resync_duplicate"]
            mins = self.rng.integers(30, 7 * 24 * 60, len(r))
            sel = self._sel(r, {"m": mins.astype(np.int64)})
            self._record(src, table, sel, "resync_duplicate", f"t.{idc}", "'resynced +' || s.m || ' min'")
            self._copy(src, table, sel, self._bump(src, "s.m"))
        if len(picked.get("deleted", [])):
            r = picked["deleted"]
            sel = self._sel(r)
            flag = "_fivetran_deleted" if table == "user" else "is_deleted"
            new_id = f"left(t.{idc}, 3) || 'Zz' || substr(t.{idc}, 6)"
            repl = [
                f"{new_id} AS {idc}",
                f"true AS {q(flag)}",
                f"t.{loaded} + INTERVAL 2 HOUR AS {loaded}",
            ]
            self._record(src, table, sel, "deleted", new_id, "'ghost copy of ' || t." + idc)
            self._copy(src, table, sel, repl)
        if len(picked.get("null_id", [])):
            r = picked["null_id"]
            sel = self._sel(r)
            self._record(src, table, sel, "null_id", "NULL", "'null-id copy of ' || t." + idc)
            self._copy(src, table, sel, [f"NULL AS {idc}"] + self._bump(src, "5"))

    def _bump(self, src: str, minutes: str) -> list[str]:
        """REPLACE clauses making a later load of the same row."""
        if src == "segment":
            return [
                f"t.received_at + to_minutes(CAST({minutes} AS BIGINT)) AS received_at",
                f"t.uuid_ts + to_minutes(CAST({minutes} AS BIGINT)) AS uuid_ts",
            ]
        col = q(_LOADED[src])
        return [f"t.{col} + to_minutes(CAST({minutes} AS BIGINT)) AS {col}"]

    def _copy(self, src: str, table: str, sel: str, replace: list[str]) -> None:
        t = self.w.fqn(src, table)
        self._x(
            f"INSERT INTO {t} SELECT t.* REPLACE ({', '.join(replace)}) FROM {t} AS t "
            f"JOIN {sel} AS s ON t.rowid = s.r ORDER BY s.ord"
        )

    def _storm(self, src: str, table: str, row: int) -> None:
        """One row loaded 50 times in all (49 extra copies, each a little later)."""
        k = 49
        sel = self._sel(np.full(k, row, dtype=np.int64), {"m": (np.arange(1, k + 1) * 7).astype(np.int64)})
        idc = q(_id_col(src, table))
        self._record(src, table, sel, "resync_storm", f"t.{idc}", "'storm copy +' || s.m || ' min'")
        self._copy(src, table, sel, self._bump(src, "s.m"))
