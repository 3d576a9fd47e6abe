"""Marketo as Fivetran loads it: leads, programs, smart campaigns, and the activity tables.

Email sends and deliveries are the bulk of the world's rows; they are generated one blast
at a time and written in chunks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import vocab
from ._util import DAY, HOUR, MINUTE, NEVER, arrow_table, child_rng, dict_strings, ts_array
from .config import WorldConfig
from .lifecycle import Campaigns, Records, sync_lag
from .salesforce import campaign_ids
from .truth import TouchBuilder
from .writer import TableWriter

(
    ACT_VISIT,
    ACT_FORM,
    ACT_CLICK_LINK,
    ACT_SEND,
    ACT_DELIVERED,
    ACT_OPEN,
    ACT_CLICK,
    ACT_CHANGE,
    ACT_MERGE,
) = (1, 2, 3, 6, 7, 10, 11, 13, 32)
LEAD_STATUS_FIELD_ID = 46
FORM_IDS = {k: 3001 + i for i, k in enumerate(vocab.FORM_KINDS)}
_CHUNK_ROWS = 1_000_000


class ActivityIds:
    """Marketo activity ids: one increasing sequence shared by every activity table."""

    def __init__(self, start: int = 480_000_000) -> None:
        self.next = start

    def take(self, n: int) -> np.ndarray:
        """The next ``n`` ids."""
        out = np.arange(self.next, self.next + n, dtype=np.int64)
        self.next += n
        return out


def synced(rng: np.random.Generator, at: np.ndarray) -> np.ndarray:
    """_fivetran_synced: minutes to hours after the activity."""
    return at + np.exp(rng.uniform(np.log(5 * MINUTE), np.log(6 * HOUR), len(at))).astype(np.int64)


def activity_ids(ids: np.ndarray) -> pa.Array:
    """Marketo activity ids as the integers Fivetran writes."""
    return pa.array(ids.astype(np.int64))


def row_ids(ids: np.ndarray) -> pa.Array:
    """Activity ids as the text the truth tables and the base models' source_row_id hold."""
    return pc.cast(activity_ids(ids), pa.string())


def blast_links(camps: Campaigns) -> tuple[np.ndarray, np.ndarray]:
    """Per blast: the landing path and the full tracked link of its call to action."""
    b = camps.blasts
    progs = camps.programs["name"].to_numpy()[b["program_idx"].to_numpy()]
    paths = []
    for i, (pname, cidx) in enumerate(zip(progs, b["camp_idx"].to_numpy(), strict=True)):
        if cidx >= 0:
            paths.append(camps.sf["slug"].iat[int(cidx)])
        elif pname.startswith("Newsletter"):
            paths.append(vocab.PAGE_PATHS["blog"][i % len(vocab.PAGE_PATHS["blog"])])
        elif pname.startswith("Nurture"):
            opts = vocab.PAGE_PATHS["case_studies"][1:] + vocab.PAGE_PATHS["resources"][1:]
            paths.append(opts[i % len(opts)])
        else:
            paths.append(vocab.PAGE_PATHS["product"][1 + i % (len(vocab.PAGE_PATHS["product"]) - 1)])
    paths_a = np.array(paths, dtype=object)
    slugs = np.array([n.lower().replace(" ", "-").replace("#", "") for n in b["email_name"]], dtype=object)
    links = np.array(
        [
            f"{vocab.VENDOR_SITE}{p}?utm_source=marketo&utm_medium=email&utm_campaign={s}"
            for p, s in zip(paths_a, slugs, strict=True)
        ],
        dtype=object,
    )
    return paths_a, links


def emit_email(
    cfg: WorldConfig,
    w: TableWriter,
    people: pd.DataFrame,
    rec: Records,
    camps: Campaigns,
    mem_start: np.ndarray,
    mem_end: np.ndarray,
    ch_email: np.ndarray,
    ids: ActivityIds,
    touches: TouchBuilder,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Send every blast to its audience; write sends, deliveries, opens and clicks in chunks.

    Returns (clicks: pid, at, blast_idx) for the click-through web sessions, and the webinar
    invitations (camp_idx, pid, at) that become 'Sent' campaign members.
    """
    t1 = cfg.t1
    b = camps.blasts
    leads = np.flatnonzero(rec.mk_id >= 0)
    l_created = rec.mk_created[leads]
    l_ok = ~rec.unsubscribed[leads]
    l_left = people["left_at"].to_numpy()[leads]
    l_eng = people["engagement"].to_numpy()[leads]
    l_ms, l_me, l_ch = mem_start[leads], mem_end[leads], ch_email[leads]
    email_names = b["email_name"].to_numpy()
    _, links = blast_links(camps)
    rng_sync = child_rng(cfg.seed, "email_sync")
    clicks_out, invites_out = [], []
    buf: dict[str, list] = {k: [] for k in ("send", "deliv", "open", "click")}
    buffered = 0

    def flush() -> None:
        nonlocal buffered
        for key, table, type_id in (
            ("send", "activity_send_email", ACT_SEND),
            ("deliv", "activity_email_delivered", ACT_DELIVERED),
            ("open", "activity_open_email", ACT_OPEN),
            ("click", "activity_click_email", ACT_CLICK),
        ):
            if not buf[key]:
                continue
            lead_i = np.concatenate([x[0] for x in buf[key]])
            at = np.concatenate([x[1] for x in buf[key]])
            bi = np.concatenate([x[2] for x in buf[key]])
            act = ids.take(len(at))
            data = {
                "id": activity_ids(act),
                "lead_id": rec.mk_id[leads[lead_i]],
                "activity_date": ts_array(at),
                "activity_type_id": np.full(len(at), type_id, dtype=np.int64),
                "campaign_id": b["smart_id"].to_numpy()[bi],
                "campaign_run_id": 9000 + bi,
                "choice_number": np.zeros(len(at), dtype=np.int64),
                "email_template_id": b["email_id"].to_numpy()[bi],
                "primary_attribute_value": dict_strings(bi, email_names),
                "primary_attribute_value_id": b["email_id"].to_numpy()[bi],
                "step_id": np.ones(len(at), dtype=np.int64),
                "test_variant": np.zeros(len(at), dtype=np.int64),
                "_fivetran_synced": ts_array(synced(rng_sync, at)),
            }
            if key in ("open", "click"):
                mob = (leads[lead_i] % 3) == 0
                data["device"] = np.where(mob, "Mobile", "Desktop")
                data["is_mobile_device"] = mob
                data["platform"] = np.where(mob, "iOS", "Windows")
                data["user_agent"] = dict_strings((leads[lead_i] % len(vocab.USER_AGENTS)), vocab.USER_AGENTS)
            if key == "click":
                data["link"] = dict_strings(bi, links)
                data["link_id"] = pc.cast(pa.array(b["email_id"].to_numpy()[bi] * 10 + 1), pa.string())
            w.append("marketo", table, pa.table(data))
            if key in ("open", "click"):
                touches.add("marketo", table, row_ids(act), leads[lead_i], at)
            buf[key].clear()
        buffered = 0

    for blast in b.itertuples():
        t = int(blast.at)
        brng = child_rng(cfg.seed, f"blast-{blast.blast_idx}")
        elig = (l_created < t) & l_ok & (l_left + 10 * DAY > t)
        if blast.audience_frac < 1:
            elig &= brng.random(len(leads)) < blast.audience_frac
        r = np.flatnonzero(elig)
        if not len(r):
            continue
        send_at = t + brng.integers(0, 30 * MINUTE, len(r))
        deliv = l_left[r] > send_at
        deliv_at = send_at + brng.integers(5, 10 * MINUTE, len(r))
        in_mkt = (l_ms[r] <= t) & (t <= l_me[r])
        p_open = np.where(in_mkt, np.where(l_ch[r], 0.5, 0.22), np.minimum(0.9, 0.035 * l_eng[r]))
        opened = deliv & (brng.random(len(r)) < p_open)
        open_at = deliv_at + np.minimum(brng.exponential(8 * HOUR, len(r)), 10 * DAY).astype(np.int64)
        p_click = np.where(in_mkt, np.where(l_ch[r], 0.45, 0.25), 0.12)
        clicked = opened & (brng.random(len(r)) < p_click)
        click_at = open_at + brng.integers(5, 10 * MINUTE, len(r))
        gone = (l_left[r] < t1) & (brng.random(len(r)) < 0.5)
        click_at = np.where(
            gone & clicked,
            np.maximum(click_at, l_left[r] + brng.integers(DAY, 20 * DAY, len(r))),
            click_at,
        )
        opened &= open_at < t1
        clicked &= opened & (click_at < t1)
        bi = np.full(len(r), blast.blast_idx, dtype=np.int64)
        buf["send"].append((r, send_at, bi))
        d = deliv & (deliv_at < t1)
        buf["deliv"].append((r[d], deliv_at[d], bi[d]))
        buf["open"].append((r[opened], open_at[opened], bi[opened]))
        buf["click"].append((r[clicked], click_at[clicked], bi[clicked]))
        clicks_out.append(
            pd.DataFrame({"pid": leads[r[clicked]], "at": click_at[clicked], "blast_idx": bi[clicked]})
        )
        if blast.camp_idx >= 0:
            invites_out.append(
                pd.DataFrame({"camp_idx": int(blast.camp_idx), "pid": leads[r], "at": send_at})
            )
        buffered += 2 * len(r)
        if buffered >= _CHUNK_ROWS:
            flush()
    flush()
    clicks = (
        pd.concat(clicks_out, ignore_index=True)
        if clicks_out
        else pd.DataFrame({"pid": [], "at": [], "blast_idx": []}, dtype=np.int64)
    )
    invites = (
        pd.concat(invites_out, ignore_index=True)
        if invites_out
        else pd.DataFrame({"camp_idx": [], "pid": [], "at": []}, dtype=np.int64)
    )
    return clicks, invites


@dataclass(frozen=True)
class _StatusChanges:
    """The lead status changes Marketo sees: synced from the CRM after a lag, inside the period."""

    pid: np.ndarray
    at: np.ndarray
    old: np.ndarray
    new: np.ndarray


def emit_marketo_records(
    cfg: WorldConfig,
    w: TableWriter,
    accounts: pd.DataFrame,
    people: pd.DataFrame,
    rec: Records,
    camps: Campaigns,
    forms: pd.DataFrame,
    form_ip: np.ndarray,
    form_ua: np.ndarray,
    ids: ActivityIds,
    touches: TouchBuilder,
) -> None:
    """Write lead, lead_describe, program, campaign, fill_out_form, change_data_value, merges.

    The emitters share one random stream and one activity-id counter, in this order, so
    the world stays the same.
    """
    rng = child_rng(cfg.seed, "marketo_records")
    lp = np.flatnonzero(rec.mk_id >= 0)
    lp = lp[np.argsort(rec.mk_id[lp], kind="stable")]
    changes = _status_changes(cfg, rng, rec)
    emit_lead(cfg, w, rng, accounts, people, rec, forms, lp, changes)
    emit_lead_describe(cfg, w)
    emit_program(cfg, w, rng, camps)
    emit_campaign(w, rng, camps)
    emit_fill_out_form(w, rng, accounts, people, rec, camps, forms, form_ip, form_ua, ids, touches)
    if len(changes.pid):
        emit_change_data_value(w, rng, rec, changes, ids)
    emit_merge_leads(cfg, w, rng, people, rec, lp, ids)


def _status_changes(cfg: WorldConfig, rng: np.random.Generator, rec: Records) -> _StatusChanges:
    """The CRM's status changes of people with a Marketo lead, as Marketo syncs them."""
    ch = pd.DataFrame(rec.status_changes, columns=["pid", "at", "old", "new"])
    ch = ch[rec.mk_id[ch["pid"].to_numpy().astype(np.int64)] >= 0] if len(ch) else ch
    ch_at = (
        ch["at"].to_numpy().astype(np.int64) + sync_lag(rng, len(ch)) if len(ch) else np.zeros(0, np.int64)
    )
    keep = (
        (ch_at < cfg.t1) & (ch_at > rec.mk_created[ch["pid"].to_numpy().astype(np.int64)])
        if len(ch)
        else np.zeros(0, bool)
    )
    ch = ch[keep]
    return _StatusChanges(
        pid=ch["pid"].to_numpy().astype(np.int64),
        at=ch_at[keep],
        old=ch["old"].to_numpy(),
        new=ch["new"].to_numpy(),
    )


def emit_lead(
    cfg: WorldConfig,
    w: TableWriter,
    rng: np.random.Generator,
    accounts: pd.DataFrame,
    people: pd.DataFrame,
    rec: Records,
    forms: pd.DataFrame,
    lp: np.ndarray,
    changes: _StatusChanges,
) -> None:
    """Every Marketo lead, in id order: the company, the CRM ids it syncs, a lead score."""
    t1 = cfg.t1
    ai = np.maximum(people["account_idx"].to_numpy()[lp], 0)
    has_acc = people["account_idx"].to_numpy()[lp] >= 0
    last_ch = (
        pd.Series(changes.at, index=changes.pid).groupby(level=0).max()
        if len(changes.pid)
        else pd.Series(dtype=np.int64)
    )
    updated = np.maximum(rec.mk_created[lp], last_ch.reindex(lp).fillna(-1).to_numpy().astype(np.int64))
    updated = np.maximum(updated, np.where(rec.conv_at[lp] < t1, rec.conv_at[lp], -1))
    is_contact = rec.ct_created[lp] < t1
    updated = np.maximum(updated, np.where(is_contact, rec.ct_created[lp], -1))
    n_forms = forms.groupby("pid").size().reindex(lp).fillna(0).to_numpy()
    score = np.minimum(
        100,
        (
            n_forms * 15
            + np.where(rec.sfl_status[lp] == "Marketing Qualified", 40, 0)
            + rng.integers(0, 25, len(lp))
        ),
    ).astype(np.int64)

    sf_acc = accounts["sfdc_account_id"].to_numpy()
    w.append(
        "marketo",
        "lead",
        arrow_table(
            {
                "id": rec.mk_id[lp],
                "email": people["email"].to_numpy()[lp],
                "first_name": people["first_name"].to_numpy()[lp],
                "last_name": people["last_name"].to_numpy()[lp],
                "title": people["title"].to_numpy()[lp],
                "company": np.where(has_acc, accounts["name"].to_numpy()[ai], None),
                "website": np.where(has_acc, accounts["domain"].to_numpy()[ai], None),
                "industry": np.where(has_acc, accounts["industry"].to_numpy()[ai], None),
                "number_of_employees": pa.array(accounts["employees"].to_numpy()[ai], mask=~has_acc),
                "annual_revenue": pa.array(
                    accounts["annual_revenue"].to_numpy()[ai].astype(float), mask=~has_acc
                ),
                "country": np.where(has_acc, accounts["country"].to_numpy()[ai], None),
                "lead_source": rec.mk_source[lp],
                "lead_status": rec.sfl_status[lp],
                "lead_score": score,
                "sfdc_lead_id": np.where(rec.sfl_created[lp] < t1, rec.sfl_id[lp], None),
                "sfdc_contact_id": np.where(is_contact, rec.ct_id[lp], None),
                "sfdc_account_id": np.where(is_contact, sf_acc[ai], None),
                "sfdc_type": np.where(
                    is_contact, "Contact", np.where(rec.sfl_created[lp] < t1, "Lead", None)
                ),
                "email_invalid": rec.email_invalid[lp],
                "unsubscribed": rec.unsubscribed[lp],
                "created_at": ts_array(rec.mk_created[lp]),
                "updated_at": ts_array(updated),
                "_fivetran_synced": ts_array(synced(rng, updated)),
            }
        ),
    )


def emit_lead_describe(cfg: WorldConfig, w: TableWriter) -> None:
    """The lead fields Marketo describes, the lead status among them."""
    t0 = cfg.t0
    describe = [
        (1, "id", "Id", "integer", None, True),
        (2, "email", "Email Address", "email", 255, False),
        (3, "firstName", "First Name", "string", 255, False),
        (4, "lastName", "Last Name", "string", 255, False),
        (5, "company", "Company Name", "string", 255, False),
        (6, "title", "Job Title", "string", 255, False),
        (7, "website", "Website", "url", 255, False),
        (8, "industry", "Industry", "string", 255, False),
        (9, "numberOfEmployees", "Num Employees", "integer", None, False),
        (10, "annualRevenue", "Annual Revenue", "currency", None, False),
        (11, "country", "Country", "string", 255, False),
        (12, "leadSource", "Lead Source", "string", 255, False),
        (13, "leadScore", "Lead Score", "integer", None, False),
        (14, "createdAt", "Created At", "datetime", None, True),
        (15, "updatedAt", "Updated At", "datetime", None, True),
        (16, "sfdcLeadId", "SFDC Lead ID", "string", 18, True),
        (17, "sfdcContactId", "SFDC Contact ID", "string", 18, True),
        (18, "sfdcAccountId", "SFDC Account ID", "string", 18, True),
        (19, "sfdcType", "SFDC Type", "string", 255, True),
        (20, "emailInvalid", "Email Invalid", "boolean", None, False),
        (21, "unsubscribed", "Unsubscribed", "boolean", None, False),
        (LEAD_STATUS_FIELD_ID, "leadStatus", "Lead Status", "string", 255, False),
    ]
    d = pd.DataFrame(describe, columns=["id", "restname", "display_name", "data_type", "length", "ro"])
    w.append(
        "marketo",
        "lead_describe",
        arrow_table(
            {
                "id": d["id"].to_numpy(),
                "restname": d["restname"].to_numpy(),
                "soapname": d["restname"].str[:1].str.upper().to_numpy() + d["restname"].str[1:].to_numpy(),
                "display_name": d["display_name"].to_numpy(),
                "data_type": d["data_type"].to_numpy(),
                "length": pa.array([None if pd.isna(x) else int(x) for x in d["length"]], type=pa.int64()),
                "restread_only": d["ro"].to_numpy(),
                "soapread_only": d["ro"].to_numpy(),
                "_fivetran_synced": ts_array(np.full(len(d), t0 - 30 * DAY)),
            }
        ),
    )


def emit_program(cfg: WorldConfig, w: TableWriter, rng: np.random.Generator, camps: Campaigns) -> None:
    """Marketo programs, each synced to its Salesforce campaign when it has one."""
    p = camps.programs
    sf_ids_ = campaign_ids(cfg, camps)
    cidx = p["camp_idx"].to_numpy()
    w.append(
        "marketo",
        "program",
        arrow_table(
            {
                "id": p["id"].to_numpy(),
                "name": p["name"].to_numpy(),
                "type": p["type"].to_numpy(),
                "channel": p["channel"].to_numpy(),
                "status": np.where(cidx >= 0, "completed", "on"),
                "workspace": np.full(len(p), "Default"),
                "url": [f"https://app-ab12.marketo.com/#PG{i}A1" for i in p["id"]],
                "sfdc_id": np.where(cidx >= 0, sf_ids_[np.maximum(cidx, 0)], None),
                "sfdc_name": np.where(cidx >= 0, p["name"].to_numpy(), None),
                "start_date": ts_array(
                    np.where(cidx >= 0, camps.sf["start_at"].to_numpy()[np.maximum(cidx, 0)], 0),
                    mask=cidx < 0,
                ),
                "end_date": ts_array(
                    np.where(cidx >= 0, camps.sf["end_at"].to_numpy()[np.maximum(cidx, 0)], 0),
                    mask=cidx < 0,
                ),
                "created_at": ts_array(p["created_at"].to_numpy()),
                "updated_at": ts_array(p["created_at"].to_numpy() + DAY),
                "_fivetran_synced": ts_array(synced(rng, p["created_at"].to_numpy() + DAY)),
            }
        ),
    )


def emit_campaign(w: TableWriter, rng: np.random.Generator, camps: Campaigns) -> None:
    """Marketo smart campaigns, each in its program."""
    p = camps.programs
    s = camps.smart
    w.append(
        "marketo",
        "campaign",
        arrow_table(
            {
                "id": s["id"].to_numpy(),
                "name": s["name"].to_numpy(),
                "type": s["type"].to_numpy(),
                "program_id": p["id"].to_numpy()[s["program_idx"].to_numpy()],
                "program_name": p["name"].to_numpy()[s["program_idx"].to_numpy()],
                "active": np.ones(len(s), dtype=bool),
                "workspace_name": np.full(len(s), "Default"),
                "created_at": ts_array(s["created_at"].to_numpy()),
                "updated_at": ts_array(s["created_at"].to_numpy()),
                "_fivetran_synced": ts_array(synced(rng, s["created_at"].to_numpy())),
            }
        ),
    )


def emit_fill_out_form(
    w: TableWriter,
    rng: np.random.Generator,
    accounts: pd.DataFrame,
    people: pd.DataFrame,
    rec: Records,
    camps: Campaigns,
    forms: pd.DataFrame,
    form_ip: np.ndarray,
    form_ua: np.ndarray,
    ids: ActivityIds,
    touches: TouchBuilder,
) -> None:
    """Every form fill (the first one creates the lead), in its program's smart campaign."""
    p, s = camps.programs, camps.smart
    acc = people["account_idx"].to_numpy()
    f = forms[rec.mk_id[forms["pid"].to_numpy()] >= 0]
    fi = f.index.to_numpy()
    fk = f["kind"].to_numpy()
    prog_forms = int(p.index[p["name"] == "Website Forms"][0])
    form_smart = s.groupby("program_idx")["id"].max()
    prog_of_camp = np.full(len(camps.sf) + 1, prog_forms, dtype=np.int64)
    has_camp = p["camp_idx"].to_numpy() >= 0
    prog_of_camp[p["camp_idx"].to_numpy()[has_camp]] = p["program_idx"].to_numpy()[has_camp]
    f_prog = prog_of_camp[f["camp_idx"].to_numpy()]  # -1 -> the last slot: Website Forms
    act = ids.take(len(f))
    fpid = f["pid"].to_numpy()
    page = np.array([vocab.FORMS[k][1] for k in fk], dtype=object)
    w.append(
        "marketo",
        "activity_fill_out_form",
        arrow_table(
            {
                "id": activity_ids(act),
                "lead_id": rec.mk_id[fpid],
                "activity_date": ts_array(f["at"].to_numpy()),
                "activity_type_id": np.full(len(f), ACT_FORM, dtype=np.int64),
                "campaign_id": form_smart.reindex(f_prog).to_numpy(),
                "primary_attribute_value": np.array([vocab.FORMS[k][0] for k in fk], dtype=object),
                "primary_attribute_value_id": np.array([FORM_IDS[k] for k in fk], dtype=np.int64),
                "webpage_id": np.array([1 + (hash_path(pth)) for pth in page], dtype=np.int64),
                "client_ip_address": form_ip[fi],
                "user_agent": form_ua[fi],
                "referrer_url": np.array([vocab.VENDOR_SITE + pth for pth in page], dtype=object),
                "query_parameters": np.full(len(f), None, dtype=object),
                "form_fields": [
                    f'{{"Email":"{e}","FirstName":"{a}","LastName":"{b_}","Company":"{c}"}}'
                    for e, a, b_, c in zip(
                        people["email"].to_numpy()[fpid],
                        people["first_name"].to_numpy()[fpid],
                        people["last_name"].to_numpy()[fpid],
                        np.where(
                            acc[fpid] >= 0,
                            accounts["name"].to_numpy()[np.maximum(acc[fpid], 0)],
                            "",
                        ),
                        strict=True,
                    )
                ],
                "_fivetran_synced": ts_array(synced(rng, f["at"].to_numpy())),
            }
        ),
    )
    touches.add("marketo", "activity_fill_out_form", row_ids(act), fpid, f["at"].to_numpy())


def emit_change_data_value(
    w: TableWriter, rng: np.random.Generator, rec: Records, changes: _StatusChanges, ids: ActivityIds
) -> None:
    """Each lead status change: an MQL set by Marketo's lifecycle campaign, the rest synced from sales."""
    n = len(changes.pid)
    act = ids.take(n)
    cp = changes.pid
    by_mkto = changes.new == "Marketing Qualified"
    w.append(
        "marketo",
        "activity_change_data_value",
        arrow_table(
            {
                "id": activity_ids(act),
                "lead_id": rec.mk_id[cp],
                "activity_date": ts_array(changes.at),
                "activity_type_id": np.full(n, ACT_CHANGE, dtype=np.int64),
                "primary_attribute_value": np.full(n, "Lead Status"),
                "primary_attribute_value_id": np.full(n, LEAD_STATUS_FIELD_ID, dtype=np.int64),
                "old_value": changes.old,
                "new_value": changes.new,
                "reason": np.where(
                    by_mkto,
                    "Changed by Smart Campaign Lead Lifecycle.Set MQL",
                    "Sales FDC update",
                ),
                "source": np.where(by_mkto, "Marketo Flow Action", "sfdc"),
                "modifying_user": np.where(by_mkto, None, "integration@northbeam.io.crm"),
                "_fivetran_synced": ts_array(synced(rng, changes.at)),
            }
        ),
    )


def emit_merge_leads(
    cfg: WorldConfig,
    w: TableWriter,
    rng: np.random.Generator,
    people: pd.DataFrame,
    rec: Records,
    lp: np.ndarray,
    ids: ActivityIds,
) -> None:
    """A few merges of duplicate lead records into the surviving lead."""
    t0, t1 = cfg.t0, cfg.t1
    cand = lp[(rec.mk_created[lp] < t1 - 3 * DAY)]
    k = int(min(50, max(2, round(len(lp) * 0.002)))) if len(cand) else 0
    if k:
        win = np.sort(rng.choice(cand, size=min(k, len(cand)), replace=False))
        at = np.maximum(rec.mk_created[win], t0) + (
            rng.random(len(win)) * (t1 - np.maximum(rec.mk_created[win], t0) - DAY)
        ).astype(np.int64)
        losers = int(rec.mk_id.max()) + 1 + np.arange(len(win))
        act = ids.take(len(win))
        w.append(
            "marketo",
            "activity_merge_leads",
            arrow_table(
                {
                    "id": activity_ids(act),
                    "lead_id": rec.mk_id[win],
                    "activity_date": ts_array(at),
                    "activity_type_id": np.full(len(win), ACT_MERGE, dtype=np.int64),
                    "merge_ids": [f"[{x}]" for x in losers.tolist()],
                    "merge_source": np.full(len(win), "Marketo"),
                    "master_updated": np.ones(len(win), dtype=bool),
                    "merged_in_sales": np.zeros(len(win), dtype=bool),
                    "primary_attribute_value": people["email"].to_numpy()[win],
                    "primary_attribute_value_id": losers,
                    "_fivetran_synced": ts_array(synced(rng, at)),
                }
            ),
        )


def hash_path(path: str) -> int:
    """A stable small webpage id for a path (index in the site map)."""
    return PATH_INDEX.get(path.split("?")[0], 0)


ALL_PATHS: list[str] = [p for cat in vocab.PAGE_CATEGORIES for p in vocab.PAGE_PATHS[cat]]
PATH_INDEX: dict[str, int] = {p: i for i, p in enumerate(ALL_PATHS)}
_ = (HOUR, NEVER)
