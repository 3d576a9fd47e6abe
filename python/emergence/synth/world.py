"""``generate_world``: build the whole synthetic world and write it into DuckDB."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import numpy as np

from . import dirty as dirty_mod
from ._util import NEVER, arrow_table, child_rng, ts_array
from .accounts import IpPicker, make_accounts, make_ip_ranges
from .config import WorldConfig
from .episodes import make_episodes
from .hubspot import migration_at, rewrite_as_hubspot
from .lifecycle import plan_campaigns, plan_event_scans, plan_forms, plan_records, status_paths
from .marketo import PATH_INDEX, ActivityIds, blast_links, emit_email, emit_marketo_records
from .people import make_people
from .raw_schema import RAW_SCHEMA
from .salesforce import (
    assign_ids,
    emit_salesforce,
    make_users,
    plan_campaign_members,
    plan_opportunities,
)
from .social import emit_linkedin_form_fills
from .truth import TRUTH_SCHEMA, TouchBuilder, emit_funnel_truth, emit_truth
from .web import WebEmitter, device_times, plan_sessions
from .writer import TableWriter


@dataclass
class WorldStats:
    """What a generation wrote: rows per ``source.table`` (logical names) and time taken."""

    rows: dict[str, int] = field(default_factory=dict)
    elapsed_seconds: float = 0.0
    dirty_rows: int = 0
    config: WorldConfig | None = None

    @property
    def total_rows(self) -> int:
        """Rows in all raw tables (truth excluded)."""
        return sum(v for k, v in self.rows.items() if not k.startswith("truth."))


def generate_world(
    database: str | Path | duckdb.DuckDBPyConnection,
    *,
    seed: int = 42,
    accounts: int = 300,
    days: int = 180,
    start_date: date = date(2026, 1, 5),
    dirty_rate: float = 0.02,
    crm_share: float = 0.7,
    salesforce_schema: str = "salesforce",
    marketo_schema: str = "marketo",
    segment_schema: str = "segment",
    reverse_ip_schema: str = "reverse_ip",
    hubspot_schema: str = "hubspot",
    truth_schema: str = "synth_truth",
    knobs: Mapping[str, object] | None = None,
    mapping: str = "marketo",
) -> WorldStats:
    """Generate a deterministic synthetic world and (re)write its raw and truth schemas.

    ``database`` is a DuckDB file path or an open connection. ``knobs`` sets the variant
    knobs of :class:`WorldConfig` (``emergence.synth.variants``); without them the world is
    the demo's. ``mapping`` names the marketing-automation platform that records the world:
    ``marketo`` (the demo), ``hubspot`` or ``both`` (``emergence.synth.hubspot``); the
    schemas of both are always created, and the one not in use is empty. The same arguments
    always produce the same table contents.
    """
    t_start = time.perf_counter()
    cfg = WorldConfig(
        seed=seed,
        accounts=accounts,
        days=days,
        start_date=start_date,
        dirty_rate=dirty_rate,
        crm_share=crm_share,
        **dict(knobs or {}),
    )
    own = not isinstance(database, duckdb.DuckDBPyConnection)
    if own:
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(database)) if own else database
    try:
        w = TableWriter(con)
        names = {
            "salesforce": salesforce_schema,
            "marketo": marketo_schema,
            "segment": segment_schema,
            "reverse_ip": reverse_ip_schema,
            "hubspot": hubspot_schema,
        }
        for src, tables in RAW_SCHEMA.items():
            w.create_schema(src, names[src], tables)
        w.create_schema("truth", truth_schema, TRUTH_SCHEMA)
        migration_at(cfg, mapping)
        n_dirty = _build(cfg, w)
        rewrite_as_hubspot(cfg, w, mapping)
        con.execute("CHECKPOINT").fetchall()
        stats = WorldStats(config=cfg, dirty_rows=n_dirty)
        for src, tables in list(RAW_SCHEMA.items()) + [("truth", TRUTH_SCHEMA)]:
            for table in tables:
                stats.rows[f"{src}.{table}"] = con.execute(
                    f"SELECT count(*) FROM {w.fqn(src, table)}"
                ).fetchall()[0][0]
        if w.undeclared:
            raise RuntimeError(f"generator produced undeclared columns: {dict(w.undeclared)}")
    finally:
        if own:
            con.close()
    stats.elapsed_seconds = time.perf_counter() - t_start
    return stats


def _build(cfg: WorldConfig, w: TableWriter) -> int:
    """Simulate, then emit every table; returns the number of dirty rows injected."""
    accounts = make_accounts(cfg)
    ranges = make_ip_ranges(cfg, accounts)
    ips = IpPicker(ranges, len(accounts))
    people = make_people(cfg, accounts, ips)
    eps = make_episodes(cfg, accounts, people)
    if len(eps.researchers):
        people.loc[eps.researchers["pid"].to_numpy(), "noise_kind"] = "researcher"
    n = len(people)
    mem = eps.members
    mem_start = np.full(n, NEVER, dtype=np.int64)
    mem_end = np.full(n, -1, dtype=np.int64)
    ch_email = np.zeros(n, dtype=bool)
    mem_start[mem["pid"].to_numpy()] = mem["member_start"].to_numpy()
    mem_end[mem["pid"].to_numpy()] = mem["member_end"].to_numpy()
    ch_email[mem["pid"].to_numpy()] = mem["ch_email"].to_numpy()

    camps = plan_campaigns(cfg)
    forms = plan_forms(cfg, people, eps, camps)
    scans = plan_event_scans(cfg, people, eps, camps)
    rec = plan_records(cfg, accounts, people, eps, forms, scans)
    opp = plan_opportunities(cfg, accounts, people, eps, forms, rec)
    status_paths(cfg, people, eps, forms, rec, opp.converters)
    for arr in (rec.mk_created, rec.sfl_created, rec.ct_created):
        arr[arr >= cfg.t1] = NEVER
    assign_ids(cfg, rec)

    touches = TouchBuilder(w, people, accounts, mem_start, mem_end)
    ids = ActivityIds()
    clicks, invites = emit_email(cfg, w, people, rec, camps, mem_start, mem_end, ch_email, ids, touches)
    users = make_users(cfg)
    cm = plan_campaign_members(cfg, people, eps, rec, camps, forms, scans, invites)
    sf_touches = emit_salesforce(cfg, w, accounts, people, rec, opp, users, camps, cm)
    for t in sf_touches:
        touches.add(
            t["source_system"].iat[0],
            t["source_table"].iat[0],
            t["source_row_id"].to_numpy(),
            t["pid"].to_numpy(),
            t["at"].to_numpy(),
        )

    sessions, form_session = plan_sessions(cfg, people, eps, forms, clicks, accounts["employees"].to_numpy())
    identified, known = device_times(n, forms, clicks)
    if "never_identifies" in mem.columns:
        # variant knob: these team members' devices are never stitched to a person
        hidden = mem.loc[mem["never_identifies"].to_numpy(), "pid"].to_numpy()
        for device in (0, 1):
            identified[hidden * 2 + device] = NEVER
            known[hidden * 2 + device] = NEVER
    people["identified_user_id"] = np.where(
        identified.reshape(-1, 2).min(axis=1) < NEVER, people["user_id"], None
    )
    _, links = blast_links(camps)
    web = WebEmitter(
        cfg,
        w,
        people,
        rec.mk_id,
        rec.mk_created,
        known,
        identified,
        links,
        camps.blasts["email_name"].to_numpy(),
        ids,
        touches,
    )
    slug_idx = {int(r.camp_idx): PATH_INDEX[r.slug] for r in camps.sf.itertuples() if r.type == "Webinar"}
    webinar_paths = {
        int(f): slug_idx[int(c)] for f, c in zip(forms["form_idx"], forms["camp_idx"], strict=True) if c >= 0
    }
    web.emit(sessions, webinar_paths)
    form_ip, form_ua = web.emit_form_events(sessions, forms, form_session, accounts)
    emit_marketo_records(cfg, w, accounts, people, rec, camps, forms, form_ip, form_ua, ids, touches)
    emit_linkedin_form_fills(cfg, w, rec, mem_start, mem_end, ids, touches)
    _emit_reverse_ip(cfg, w, ranges)
    emit_truth(
        w,
        accounts,
        people,
        eps.episodes,
        eps.members,
        opp.opps,
        rec.mk_id,
        rec.sfl_id,
        rec.ct_id,
        cfg.t1,
    )
    emit_funnel_truth(w, rec.sfl_created, rec.sfl_status, rec.planned_paths)
    return dirty_mod.DirtyInjector(w, cfg.seed, cfg.dirty_rate).run()


def _emit_reverse_ip(cfg: WorldConfig, w: TableWriter, ranges) -> None:
    """The vendor's IP-to-company export."""
    from ._util import ip_strings

    rng = child_rng(cfg.seed, "reverse_ip")
    n = len(ranges)
    w.append(
        "reverse_ip",
        "ip_company_ranges",
        arrow_table(
            {
                "range_id": [f"r{i:07d}" for i in range(1, n + 1)],
                "start_ip": ip_strings(ranges["start_int"].to_numpy()),
                "end_ip": ip_strings(ranges["end_int"].to_numpy()),
                "company_name": ranges["company_name"].to_numpy(),
                "company_domain": ranges["company_domain"].to_numpy(),
                "ip_type": np.where(
                    ranges["owner_kind"].to_numpy() == "vpn", "vpn", ranges["ip_type"].to_numpy()
                ),
                "_loaded_at": ts_array(cfg.t0 - 3 * 86_400 + rng.integers(0, 3600, n)),
            }
        ),
    )
