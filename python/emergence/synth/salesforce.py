"""Salesforce: users, opportunities from episodes (lead conversion), contacts, campaign members.

``plan_opportunities`` decides the CRM side of each episode; ``emit_salesforce`` writes every
Salesforce table as Fivetran loads it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from . import vocab
from ._util import DAY, HOUR, MINUTE, NEVER, arrow_table, child_rng, date_array, sf_ids, ts_array
from .config import WorldConfig
from .episodes import Episodes
from .lifecycle import Campaigns, Records, sync_lag
from .writer import TableWriter


@dataclass
class Opportunities:
    """Opportunities, stage history, contact roles; ``converters``: pid -> conversion time."""

    opps: pd.DataFrame
    history: pd.DataFrame
    roles: pd.DataFrame
    converters: dict[int, int]


def make_users(cfg: WorldConfig) -> pd.DataFrame:
    """A small sales and marketing team plus the integration user."""
    rng = child_rng(cfg.seed, "users")
    n_ae = max(3, cfg.accounts // 60)
    n_sdr = max(2, cfg.accounts // 120)
    rows = [
        ("Marketo Integration", "Integration", "marketing"),
        ("Sales Admin", "System Administrator", "admin"),
    ]
    rows += [("Marketing Ops", "Marketing Operations Manager", "marketing")]
    rows += [(None, "Account Executive", "ae")] * n_ae + [
        (None, "Sales Development Representative", "sdr")
    ] * n_sdr
    first = rng.choice(vocab.FIRST_NAMES, len(rows))
    last = rng.choice(vocab.LAST_NAMES, len(rows))
    df = pd.DataFrame(rows, columns=["fixed_name", "title", "kind"])
    df["first_name"] = np.where(df["fixed_name"].isna(), first, df["fixed_name"].str.split(" ").str[0])
    df["last_name"] = np.where(df["fixed_name"].isna(), last, df["fixed_name"].str.split(" ").str[1])
    df["id"] = sf_ids(np.arange(len(df)), "005", cfg.seed * 13 + 3)
    df["created_at"] = cfg.t0 - rng.integers(60, 1200, len(df)) * DAY
    df["region"] = [vocab.REGIONS[i % 4] for i in range(len(df))]
    return df


def plan_opportunities(
    cfg: WorldConfig,
    accounts: pd.DataFrame,
    people: pd.DataFrame,
    eps: Episodes,
    forms: pd.DataFrame,
    rec: Records,
) -> Opportunities:
    """Open an opportunity for episodes that reach one in the period, converting a lead if any.

    Accounts outside the CRM enter it through the conversion (``accounts`` is updated in place:
    in_crm, sfdc_account_id, crm_created_at, crm_via_conversion).
    """
    rng = child_rng(cfg.seed, "opportunities")
    t0, t1 = cfg.t0, cfg.t1
    ep = eps.episodes
    mem = eps.members
    first_form = forms.groupby("pid")["at"].min()
    n_crm0 = int(accounts["in_crm"].sum())
    accounts["crm_via_conversion"] = False
    opp_rows, hist_rows, role_rows = [], [], []
    converters: dict[int, int] = {}
    new_acc = 0
    by_ep = {k: g for k, g in mem.groupby("episode_idx", sort=True)}
    for e in ep.itertuples():
        at = int(e.opp_created_at)
        if not e.plans_opportunity or at >= t1 or at < t0:
            continue
        g = by_ep[e.episode_idx]
        pids = g["pid"].to_numpy()
        roles = g["buying_role"].to_numpy()
        ff = first_form.reindex(pids).to_numpy()
        cand = (rec.sfl_created[pids] < at - DAY) & (rec.ct_created[pids] == NEVER) & (ff < at - DAY)
        conv = -1
        if cand.any():
            order = np.lexsort((ff, roles != "champion"))
            conv = int(pids[[i for i in order if cand[i]][0]])
        a = int(e.account_idx)
        if not accounts.at[a, "in_crm"]:
            if conv < 0:
                continue
            accounts.at[a, "in_crm"] = True
            accounts.at[a, "crm_via_conversion"] = True
            accounts.at[a, "sfdc_account_id"] = sf_ids(np.array([n_crm0 + new_acc]), "001", cfg.seed * 7 + 1)[
                0
            ]
            accounts.at[a, "crm_created_at"] = at
            new_acc += 1
        o = len(opp_rows)
        if conv >= 0:
            converters[conv] = at
            rec.conv_at[conv] = at
            rec.conv_opp[conv] = o
            rec.ct_created[conv] = at
            rec.ct_source[conv] = rec.mk_source[conv] or "Web"
        emp = float(accounts.at[a, "employees"])
        amount = float(np.round(12_000 * (emp / 100) ** 0.45 * rng.lognormal(0, 0.3), -2))
        outcome = e.planned_outcome
        k_stages = 5 if outcome == "won" else int(rng.integers(1, 6))
        stages = vocab.OPP_STAGES[:k_stages] + (
            ["Closed Won"] if outcome == "won" else ["Closed Lost"] if outcome == "lost" else []
        )
        times = [at]
        for _ in stages[1:]:
            times.append(times[-1] + int(rng.integers(5, 26)) * DAY + int(rng.integers(0, DAY)))
        keep = [i for i, tm in enumerate(times) if tm < t1]
        stages = [stages[i] for i in keep]
        times = [times[i] for i in keep]
        final = stages[-1]
        closed = final.startswith("Closed")
        close_at = times[-1] if closed else at + int(rng.integers(60, 120)) * DAY
        amt = amount
        for s, tm in zip(stages, times, strict=True):
            if s == "Proposal":
                amt = float(np.round(amount * rng.uniform(0.85, 1.15), -2))
            hist_rows.append((o, s, tm, amt, close_at))
        opp_rows.append(
            {
                "opp_idx": o,
                "episode_idx": int(e.episode_idx),
                "account_idx": a,
                "created_at": at,
                "stage_name": final,
                "amount": amt,
                "close_at": close_at,
                "is_closed": closed,
                "is_won": final == "Closed Won",
                "last_change_at": times[-1],
                "converter_pid": conv,
                "lead_source": (rec.mk_source[conv] if conv >= 0 else "Outbound") or "Web",
            }
        )
        # contact roles
        p_role = np.where(
            np.isin(roles, ["decision_maker", "champion", "finance", "technical_evaluator"]),
            0.8,
            0.35,
        )
        on = (rng.random(len(pids)) < p_role) | g["ocr_only"].to_numpy() | (pids == conv)
        for pid, role, sel in zip(pids.tolist(), roles.tolist(), on.tolist(), strict=True):
            if not sel:
                continue
            if rec.ct_created[pid] == NEVER:
                ct = at + int(rng.integers(HOUR, 14 * DAY))
                if ct >= t1:
                    continue
                rec.ct_created[pid] = ct
                rec.ct_source[pid] = "Sales"
            if rec.ct_created[pid] > at + 14 * DAY and pid != conv:
                continue
            if rec.mk_created[pid] == NEVER:
                rec.mk_created[pid] = rec.ct_created[pid] + int(sync_lag(rng, 1)[0])
                rec.mk_source[pid] = "Sales"
            created = max(at, int(rec.ct_created[pid])) + int(rng.integers(MINUTE, 3 * DAY))
            if created >= t1:
                continue
            role_rows.append((o, pid, vocab.OCR_ROLE[role], role == "champion", created))
    opps = pd.DataFrame(
        opp_rows,
        columns=[
            "opp_idx",
            "episode_idx",
            "account_idx",
            "created_at",
            "stage_name",
            "amount",
            "close_at",
            "is_closed",
            "is_won",
            "last_change_at",
            "converter_pid",
            "lead_source",
        ],
    )
    opps["id"] = (
        sf_ids(opps["opp_idx"].to_numpy(), "006", cfg.seed * 17 + 5) if len(opps) else pd.Series(dtype=object)
    )
    history = pd.DataFrame(hist_rows, columns=["opp_idx", "stage_name", "at", "amount", "close_at"])
    history["id"] = (
        sf_ids(np.arange(len(history)), "008", cfg.seed * 19 + 7) if len(history) else pd.Series(dtype=object)
    )
    roles_df = pd.DataFrame(role_rows, columns=["opp_idx", "pid", "role", "is_primary", "at"])
    roles_df = roles_df.drop_duplicates(["opp_idx", "pid"]).reset_index(drop=True)
    roles_df["id"] = (
        sf_ids(np.arange(len(roles_df)), "00K", cfg.seed * 23 + 9)
        if len(roles_df)
        else pd.Series(dtype=object)
    )
    return Opportunities(opps=opps, history=history, roles=roles_df, converters=converters)


def assign_ids(cfg: WorldConfig, rec: Records) -> None:
    """Give Marketo leads, Salesforce leads and contacts ids in creation order."""
    rng = child_rng(cfg.seed, "record_ids")
    n = len(rec.mk_created)
    for attr, created, prefix, salt in (
        ("sfl_id", rec.sfl_created, "00Q", 29),
        ("ct_id", rec.ct_created, "003", 31),
    ):
        ids = np.full(n, None, dtype=object)
        has = np.flatnonzero(created < NEVER)
        order = has[np.lexsort((has, created[has]))]
        ids[order] = sf_ids(np.arange(len(order)), prefix, cfg.seed * salt + 11)
        setattr(rec, attr, ids)
    mk = np.full(n, -1, dtype=np.int64)
    has = np.flatnonzero(rec.mk_created < NEVER)
    order = has[np.lexsort((has, rec.mk_created[has]))]
    mk[order] = 100_000 + np.cumsum(rng.integers(1, 4, len(order)))
    rec.mk_id = mk


def _synced(rng: np.random.Generator, at: np.ndarray) -> np.ndarray:
    """Fivetran's _fivetran_synced: some minutes to hours after the last change."""
    return at + np.exp(rng.uniform(np.log(5 * MINUTE), np.log(6 * HOUR), len(at))).astype(np.int64)


def _website(rng: np.random.Generator, domains: np.ndarray) -> np.ndarray:
    """Websites as people type them into a CRM: 'https://www.x.com', 'x.com' or 'http://x.com/'."""
    k = rng.choice(3, len(domains), p=[0.5, 0.3, 0.2])
    return np.where(
        k == 0,
        "https://www." + domains.astype(str),
        np.where(k == 1, domains.astype(str), "http://" + domains.astype(str) + "/"),
    )


def plan_campaign_members(
    cfg: WorldConfig,
    people: pd.DataFrame,
    eps: Episodes,
    rec: Records,
    camps: Campaigns,
    forms: pd.DataFrame,
    scans: pd.DataFrame,
    invites: pd.DataFrame,
) -> pd.DataFrame:
    """One row per (campaign, person): Sent (invited), Responded (registered) or Attended."""
    rng = child_rng(cfg.seed, "campaign_members")
    parts = []
    if len(invites):
        parts.append(
            pd.DataFrame(
                {
                    "camp_idx": invites["camp_idx"],
                    "pid": invites["pid"],
                    "status": "Sent",
                    "at": invites["at"],
                    "responded_at": NEVER,
                }
            )
        )
    reg = forms[forms["camp_idx"] >= 0]
    if len(reg):
        on_team = np.zeros(len(people), dtype=bool)
        on_team[eps.members["pid"].to_numpy()] = True
        attend = rng.random(len(reg)) < np.where(on_team[reg["pid"].to_numpy()], 0.6, 0.4)
        w_end = camps.sf["end_at"].to_numpy()[reg["camp_idx"].to_numpy()]
        attend &= w_end < cfg.t1
        parts.append(
            pd.DataFrame(
                {
                    "camp_idx": reg["camp_idx"].to_numpy(),
                    "pid": reg["pid"].to_numpy(),
                    "status": np.where(attend, "Attended", "Responded"),
                    "at": reg["at"].to_numpy() + 45 * MINUTE,
                    "responded_at": reg["at"].to_numpy(),
                }
            )
        )
    if len(scans):
        parts.append(
            pd.DataFrame(
                {
                    "camp_idx": scans["camp_idx"],
                    "pid": scans["pid"],
                    "status": "Attended",
                    "at": scans["at"].to_numpy() + rng.integers(DAY, 4 * DAY, len(scans)),
                    "responded_at": scans["at"].to_numpy(),
                }
            )
        )
    if not parts:
        return pd.DataFrame(columns=["camp_idx", "pid", "status", "at", "responded_at", "has_responded"])
    cm = pd.concat(parts, ignore_index=True)
    rank = cm["status"].map({"Sent": 0, "Responded": 1, "Attended": 2})
    cm["rank"] = rank
    first_at = cm.groupby(["camp_idx", "pid"])["at"].transform("min")
    first_resp = cm.groupby(["camp_idx", "pid"])["responded_at"].transform("min")
    cm = cm.sort_values(["camp_idx", "pid", "rank"], kind="stable").drop_duplicates(
        ["camp_idx", "pid"], keep="last"
    )
    cm["created_at"] = first_at.loc[cm.index]
    cm["responded_at"] = first_resp.loc[cm.index]
    cm["modified_at"] = np.maximum(cm["at"].to_numpy(), cm["created_at"].to_numpy())
    pid = cm["pid"].to_numpy()
    rec_at = np.minimum(rec.sfl_created[pid], rec.ct_created[pid])
    cm["created_at"] = np.maximum(cm["created_at"].to_numpy(), rec_at + MINUTE)
    cm["modified_at"] = np.maximum(cm["modified_at"].to_numpy(), cm["created_at"].to_numpy())
    cm = cm[(rec_at < NEVER) & (cm["created_at"].to_numpy() < cfg.t1)]
    cm["has_responded"] = cm["status"] != "Sent"
    cm = cm.sort_values(["created_at", "camp_idx", "pid"], kind="stable").reset_index(drop=True)
    cm["id"] = sf_ids(np.arange(len(cm)), "00v", cfg.seed * 37 + 13)
    return cm.drop(columns=["rank"])


@dataclass(frozen=True)
class CrmIds:
    """The ids that Salesforce rows point at, computed once from the world and read by every emitter."""

    integration_user: str
    marketing_user: str
    sdr_ids: np.ndarray
    account_ids: np.ndarray  # by account_idx; None outside the CRM
    account_owners: np.ndarray  # the owning AE by account_idx; None outside the CRM
    campaign_ids: np.ndarray  # by camp_idx


def campaign_ids(cfg: WorldConfig, camps: Campaigns) -> np.ndarray:
    """Salesforce campaign ids by camp_idx; the Marketo programs synced to a campaign carry them too."""
    return sf_ids(camps.sf["camp_idx"].to_numpy(), "701", cfg.seed * 43 + 19)


def _owners(account_idx: np.ndarray, users: pd.DataFrame) -> np.ndarray:
    """The AE who owns each account: a fixed spread of accounts over the AEs."""
    ae_ids = users.loc[users["kind"] == "ae", "id"].to_numpy()
    return ae_ids[(account_idx * 7) % len(ae_ids)]


def crm_ids(cfg: WorldConfig, accounts: pd.DataFrame, users: pd.DataFrame, camps: Campaigns) -> CrmIds:
    """Who created and owns what: the integration and marketing users, SDRs, account owners."""
    in_crm = accounts["in_crm"].to_numpy(dtype=bool)
    return CrmIds(
        integration_user=users["id"].iat[0],
        marketing_user=users["id"].iat[2],
        sdr_ids=users.loc[users["kind"] == "sdr", "id"].to_numpy(),
        account_ids=accounts["sfdc_account_id"].to_numpy(),
        account_owners=np.where(in_crm, _owners(accounts["account_idx"].to_numpy(), users), None),
        campaign_ids=campaign_ids(cfg, camps),
    )


def emit_salesforce(
    cfg: WorldConfig,
    w: TableWriter,
    accounts: pd.DataFrame,
    people: pd.DataFrame,
    rec: Records,
    opp: Opportunities,
    users: pd.DataFrame,
    camps: Campaigns,
    cm: pd.DataFrame,
) -> list[pd.DataFrame]:
    """Write every Salesforce table; return touch frames (contact roles, responded members).

    The emitters share one random stream, in this order, so the world stays the same.
    None of them changes its inputs.
    """
    rng = child_rng(cfg.seed, "sf_emit")
    ids = crm_ids(cfg, accounts, users, camps)
    emit_user(w, rng, users)
    emit_account(w, rng, accounts, users)
    emit_contact(w, rng, accounts, people, rec, ids)
    emit_lead(w, rng, accounts, people, rec, opp, ids)
    emit_lead_history(cfg, w, rng, rec, ids)
    touches = []
    if len(opp.opps):
        emit_opportunity(w, rng, accounts, opp.opps, ids)
        emit_opportunity_history(w, rng, opp, ids)
        if len(opp.roles):
            touches.append(emit_opportunity_contact_role(w, rng, rec, opp, ids))
    emit_campaign(cfg, w, rng, camps, cm, ids)
    if len(cm):
        touches.append(emit_campaign_member(w, rng, rec, camps, cm, ids))
    return touches


def _user_handle(users: pd.DataFrame) -> pd.Series:
    return users["first_name"].str.lower() + "." + users["last_name"].str.lower() + "@" + vocab.VENDOR_DOMAIN


def emit_user(w: TableWriter, rng: np.random.Generator, users: pd.DataFrame) -> None:
    """The sales and marketing team and the integration user."""
    uc = users["created_at"].to_numpy()
    w.append(
        "salesforce",
        "user",
        arrow_table(
            {
                "_fivetran_deleted": np.zeros(len(users), dtype=bool),
                "_fivetran_synced": ts_array(_synced(rng, uc)),
                "id": users["id"].to_numpy(),
                "first_name": users["first_name"].to_numpy(),
                "last_name": users["last_name"].to_numpy(),
                "name": (users["first_name"] + " " + users["last_name"]).to_numpy(),
                "email": _user_handle(users).to_numpy(),
                "username": (_user_handle(users) + ".crm").to_numpy(),
                "alias": (users["first_name"].str[:1] + users["last_name"].str[:4]).str.lower().to_numpy(),
                "title": users["title"].to_numpy(),
                "is_active": np.ones(len(users), dtype=bool),
                "company_name": np.full(len(users), "Northbeam"),
                "user_type": np.full(len(users), "Standard"),
                "department": users["kind"]
                .map({"ae": "Sales", "sdr": "Sales", "marketing": "Marketing", "admin": "IT"})
                .to_numpy(),
                "created_date": ts_array(uc),
            }
        ),
    )


def emit_account(
    w: TableWriter, rng: np.random.Generator, accounts: pd.DataFrame, users: pd.DataFrame
) -> None:
    """The accounts in the CRM, in id order, each owned by an AE."""
    a = accounts[accounts["in_crm"]].sort_values("sfdc_account_id", kind="stable")
    acc_created = a["crm_created_at"].to_numpy()
    w.append(
        "salesforce",
        "account",
        arrow_table(
            {
                "_fivetran_synced": ts_array(_synced(rng, acc_created)),
                "id": a["sfdc_account_id"].to_numpy(),
                "name": a["name"].to_numpy(),
                "website": _website(rng, a["domain"].to_numpy()),
                "industry": a["industry"].to_numpy(),
                "number_of_employees": a["employees"].to_numpy(),
                "annual_revenue": a["annual_revenue"].to_numpy().astype(float),
                "billing_country": a["country"].to_numpy(),
                "shipping_country": a["country"].to_numpy(),
                "type": np.where(a["is_customer"], "Customer", "Prospect"),
                "owner_id": _owners(a["account_idx"].to_numpy(), users),
                "created_date": ts_array(acc_created),
                "account_source": np.where(
                    a["crm_via_conversion"],
                    "Lead Conversion",
                    rng.choice(["Outbound", "Web", "Partner Referral", "Trade Show"], len(a)),
                ),
                "is_deleted": np.zeros(len(a), dtype=bool),
                "rating": rng.choice(["Hot", "Warm", "Cold"], len(a), p=[0.1, 0.3, 0.6]),
            }
        ),
    )


def emit_contact(
    w: TableWriter,
    rng: np.random.Generator,
    accounts: pd.DataFrame,
    people: pd.DataFrame,
    rec: Records,
    ids: CrmIds,
) -> None:
    """Every person with a contact record, in id order, on their account and its owner."""
    cp = np.flatnonzero(rec.ct_created < NEVER)
    cp = cp[np.argsort(rec.ct_id[cp].astype(str), kind="stable")]
    cc = rec.ct_created[cp]
    acc = people["account_idx"].to_numpy()[cp]
    w.append(
        "salesforce",
        "contact",
        arrow_table(
            {
                "_fivetran_synced": ts_array(_synced(rng, cc)),
                "id": rec.ct_id[cp],
                "account_id": ids.account_ids[acc],
                "first_name": people["first_name"].to_numpy()[cp],
                "last_name": people["last_name"].to_numpy()[cp],
                "name": (people["first_name"].to_numpy()[cp] + " " + people["last_name"].to_numpy()[cp]),
                "email": people["email"].to_numpy()[cp],
                "title": people["title"].to_numpy()[cp],
                "department": people["function"].str.title().to_numpy()[cp],
                "lead_source": rec.ct_source[cp],
                "owner_id": ids.account_owners[acc],
                "mailing_country": accounts["country"].to_numpy()[acc],
                "created_date": ts_array(cc),
                "last_modified_date": ts_array(cc),
                "last_modified_by_id": np.full(len(cp), ids.integration_user),
                "is_deleted": np.zeros(len(cp), dtype=bool),
            }
        ),
    )


def _status_changes(rec: Records) -> pd.DataFrame:
    return pd.DataFrame(rec.status_changes, columns=["pid", "at", "old", "new"])


def emit_lead(
    w: TableWriter,
    rng: np.random.Generator,
    accounts: pd.DataFrame,
    people: pd.DataFrame,
    rec: Records,
    opp: Opportunities,
    ids: CrmIds,
) -> None:
    """Every person with a lead record, in id order: the company as typed, status, conversion."""
    lp = np.flatnonzero(rec.sfl_created < NEVER)
    lp = lp[np.argsort(rec.sfl_id[lp].astype(str), kind="stable")]
    ch = _status_changes(rec)
    last_change = ch.groupby("pid")["at"].max() if len(ch) else pd.Series(dtype=np.int64)
    lc = last_change.reindex(lp).fillna(-1).to_numpy().astype(np.int64)
    lcreated = rec.sfl_created[lp]
    lmod = np.maximum(lcreated, lc)
    conv = rec.conv_at[lp] < NEVER
    lacc = people["account_idx"].to_numpy()[lp]
    has_acc = lacc >= 0
    ai = np.maximum(lacc, 0)
    opp_id_of = opp.opps["id"].to_numpy() if len(opp.opps) else np.array([], dtype=object)
    conv_opp = rec.conv_opp[lp]
    w.append(
        "salesforce",
        "lead",
        arrow_table(
            {
                "_fivetran_synced": ts_array(_synced(rng, lmod)),
                "id": rec.sfl_id[lp],
                "first_name": people["first_name"].to_numpy()[lp],
                "last_name": people["last_name"].to_numpy()[lp],
                "name": people["first_name"].to_numpy()[lp] + " " + people["last_name"].to_numpy()[lp],
                "email": people["email"].to_numpy()[lp],
                "title": people["title"].to_numpy()[lp],
                "company": np.where(has_acc, accounts["name"].to_numpy()[ai], "[not provided]"),
                "website": np.where(has_acc, accounts["domain"].to_numpy()[ai], None),
                "industry": np.where(has_acc, accounts["industry"].to_numpy()[ai], None),
                "number_of_employees": pa.array(
                    np.where(has_acc, accounts["employees"].to_numpy()[ai], 0), mask=~has_acc
                ),
                "country": np.where(has_acc, accounts["country"].to_numpy()[ai], None),
                "status": rec.sfl_status[lp],
                "lead_source": np.where(pd.isna(rec.mk_source[lp]), "Web", rec.mk_source[lp]),
                "owner_id": ids.sdr_ids[lp % len(ids.sdr_ids)],
                "created_by_id": np.full(len(lp), ids.integration_user),
                "created_date": ts_array(lcreated),
                "last_modified_date": ts_array(lmod),
                "last_modified_by_id": np.full(len(lp), ids.integration_user),
                "is_converted": conv,
                "converted_date": date_array(np.where(conv, rec.conv_at[lp], 0), mask=~conv),
                "converted_account_id": np.where(conv, ids.account_ids[ai], None),
                "converted_contact_id": np.where(conv, rec.ct_id[lp], None),
                "converted_opportunity_id": np.where(
                    conv, opp_id_of[np.maximum(conv_opp, 0)] if len(opp_id_of) else None, None
                ),
                "has_opted_out_of_email": rec.unsubscribed[lp],
                "is_unread_by_owner": rec.sfl_status[lp] == "Open - Not Contacted",
                "is_deleted": np.zeros(len(lp), dtype=bool),
                "email_bounced_date": ts_array(
                    people["left_at"].to_numpy()[lp] + 10 * DAY, mask=~rec.email_invalid[lp]
                ),
                "email_bounced_reason": np.where(
                    rec.email_invalid[lp], "550 5.1.1 mailbox does not exist", None
                ),
            }
        ),
    )


def emit_lead_history(
    cfg: WorldConfig, w: TableWriter, rng: np.random.Generator, rec: Records, ids: CrmIds
) -> None:
    """Each change of a lead's Status field, by the integration user (MQL) or the lead's SDR."""
    ch = _status_changes(rec)
    if not len(ch):
        return
    ch = ch[rec.sfl_created[ch["pid"].to_numpy()] < NEVER].copy()
    ch = ch.sort_values(["at", "pid"], kind="stable").reset_index(drop=True)
    ch_ids = sf_ids(np.arange(len(ch)), "017", cfg.seed * 41 + 17)
    sdr = ids.sdr_ids[ch["pid"].to_numpy() % len(ids.sdr_ids)]
    w.append(
        "salesforce",
        "lead_history",
        arrow_table(
            {
                "_fivetran_synced": ts_array(_synced(rng, ch["at"].to_numpy())),
                "id": ch_ids,
                "lead_id": rec.sfl_id[ch["pid"].to_numpy()],
                "field": np.full(len(ch), "Status"),
                "data_type": np.full(len(ch), "Picklist"),
                "old_value": ch["old"].to_numpy(),
                "new_value": ch["new"].to_numpy(),
                "created_date": ts_array(ch["at"].to_numpy()),
                "created_by_id": np.where(ch["new"] == "Marketing Qualified", ids.integration_user, sdr),
                "is_deleted": np.zeros(len(ch), dtype=bool),
            }
        ),
    )


def emit_opportunity(
    w: TableWriter, rng: np.random.Generator, accounts: pd.DataFrame, o: pd.DataFrame, ids: CrmIds
) -> None:
    """Each opportunity at its latest stage, owned by its account's AE."""
    prob = o["stage_name"].map(vocab.OPP_STAGE_PROB).to_numpy().astype(float)
    acc = o["account_idx"].to_numpy()
    close = pd.to_datetime(o["close_at"], unit="s").dt
    w.append(
        "salesforce",
        "opportunity",
        arrow_table(
            {
                "_fivetran_synced": ts_array(_synced(rng, o["last_change_at"].to_numpy())),
                "id": o["id"].to_numpy(),
                "account_id": ids.account_ids[acc],
                "name": accounts["name"].to_numpy()[acc] + " - New Business",
                "stage_name": o["stage_name"].to_numpy(),
                "amount": o["amount"].to_numpy().astype(float),
                "probability": prob,
                "expected_revenue": o["amount"].to_numpy() * prob / 100.0,
                "close_date": date_array(o["close_at"].to_numpy()),
                "created_date": ts_array(o["created_at"].to_numpy()),
                "is_closed": o["is_closed"].to_numpy(),
                "is_won": o["is_won"].to_numpy(),
                "type": np.full(len(o), "New Business"),
                "lead_source": o["lead_source"].to_numpy(),
                "owner_id": ids.account_owners[acc],
                "forecast_category": o["stage_name"].map(vocab.OPP_STAGE_FORECAST).to_numpy(),
                "forecast_category_name": o["stage_name"].map(vocab.OPP_STAGE_FORECAST).to_numpy(),
                "is_deleted": np.zeros(len(o), dtype=bool),
                "fiscal_year": close.year.to_numpy(),
                "fiscal_quarter": close.quarter.to_numpy(),
            }
        ),
    )


def emit_opportunity_history(
    w: TableWriter, rng: np.random.Generator, opp: Opportunities, ids: CrmIds
) -> None:
    """Each stage an opportunity passed through, recorded by its account's AE."""
    h = opp.history
    hp = h["stage_name"].map(vocab.OPP_STAGE_PROB).to_numpy().astype(float)
    o_idx = h["opp_idx"].to_numpy()
    w.append(
        "salesforce",
        "opportunity_history",
        arrow_table(
            {
                "_fivetran_synced": ts_array(_synced(rng, h["at"].to_numpy())),
                "id": h["id"].to_numpy(),
                "opportunity_id": opp.opps["id"].to_numpy()[o_idx],
                "stage_name": h["stage_name"].to_numpy(),
                "amount": h["amount"].to_numpy().astype(float),
                "probability": hp,
                "expected_revenue": h["amount"].to_numpy() * hp / 100,
                "close_date": date_array(h["close_at"].to_numpy()),
                "created_date": ts_array(h["at"].to_numpy()),
                "system_modstamp": ts_array(h["at"].to_numpy()),
                "forecast_category": h["stage_name"].map(vocab.OPP_STAGE_FORECAST).to_numpy(),
                "created_by_id": ids.account_owners[opp.opps["account_idx"].to_numpy()[o_idx]],
                "is_deleted": np.zeros(len(h), dtype=bool),
            }
        ),
    )


def emit_opportunity_contact_role(
    w: TableWriter, rng: np.random.Generator, rec: Records, opp: Opportunities, ids: CrmIds
) -> pd.DataFrame:
    """Each contact's role on an opportunity; returns them as touches."""
    r = opp.roles
    o_idx = r["opp_idx"].to_numpy()
    owner = ids.account_owners[opp.opps["account_idx"].to_numpy()[o_idx]]
    w.append(
        "salesforce",
        "opportunity_contact_role",
        arrow_table(
            {
                "_fivetran_synced": ts_array(_synced(rng, r["at"].to_numpy())),
                "id": r["id"].to_numpy(),
                "opportunity_id": opp.opps["id"].to_numpy()[o_idx],
                "contact_id": rec.ct_id[r["pid"].to_numpy()],
                "role": r["role"].to_numpy(),
                "is_primary": r["is_primary"].to_numpy(),
                "created_date": ts_array(r["at"].to_numpy()),
                "last_modified_date": ts_array(r["at"].to_numpy()),
                "system_modstamp": ts_array(r["at"].to_numpy()),
                "created_by_id": owner,
                "last_modified_by_id": owner,
                "is_deleted": np.zeros(len(r), dtype=bool),
            }
        ),
    )
    return _touches("opportunity_contact_role", r["id"].to_numpy(), r["pid"].to_numpy(), r["at"].to_numpy())


def _touches(table: str, row_ids: np.ndarray, pids: np.ndarray, at: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source_system": "salesforce",
            "source_table": table,
            "source_row_id": row_ids,
            "pid": pids,
            "at": at,
        }
    )


def emit_campaign(
    cfg: WorldConfig,
    w: TableWriter,
    rng: np.random.Generator,
    camps: Campaigns,
    cm: pd.DataFrame,
    ids: CrmIds,
) -> None:
    """Each campaign, its status at the end of the period, and how many members it reached."""
    sfc = camps.sf
    n_members = (
        cm.groupby("camp_idx").size().reindex(sfc["camp_idx"]).fillna(0).to_numpy()
        if len(cm)
        else np.zeros(len(sfc))
    )
    created = sfc["start_at"].to_numpy() - 30 * DAY
    status = np.where(
        sfc["end_at"].to_numpy() < cfg.t1,
        "Completed",
        np.where(sfc["start_at"].to_numpy() < cfg.t1, "In Progress", "Planned"),
    )
    last_change = np.minimum(np.maximum(created, sfc["end_at"].to_numpy()), cfg.t1 - HOUR)
    w.append(
        "salesforce",
        "campaign",
        arrow_table(
            {
                "_fivetran_synced": ts_array(_synced(rng, last_change)),
                "id": ids.campaign_ids,
                "name": sfc["name"].to_numpy(),
                "type": sfc["type"].to_numpy(),
                "status": status,
                "start_date": date_array(sfc["start_at"].to_numpy()),
                "end_date": date_array(sfc["end_at"].to_numpy()),
                "is_active": status != "Completed",
                "created_date": ts_array(created),
                "created_by_id": np.full(len(sfc), ids.marketing_user),
                "last_modified_date": ts_array(created),
                "last_modified_by_id": np.full(len(sfc), ids.marketing_user),
                "system_modstamp": ts_array(created),
                "owner_id": np.full(len(sfc), ids.marketing_user),
                "number_sent": n_members.astype(float),
                "is_deleted": np.zeros(len(sfc), dtype=bool),
                "budgeted_cost": np.where(
                    sfc["type"] == "Trade Show",
                    40000.0,
                    np.where(sfc["type"] == "Event", 12000.0, 1500.0),
                ),
            }
        ),
    )


def emit_campaign_member(
    w: TableWriter, rng: np.random.Generator, rec: Records, camps: Campaigns, cm: pd.DataFrame, ids: CrmIds
) -> pd.DataFrame:
    """Each campaign member, as a lead or (once they have one) a contact; returns responses as touches."""
    pid = cm["pid"].to_numpy()
    use_contact = rec.ct_created[pid] <= cm["created_at"].to_numpy()
    lead_id = np.where(use_contact, None, rec.sfl_id[pid])
    contact_id = np.where(use_contact, rec.ct_id[pid], None)
    resp = cm["has_responded"].to_numpy()
    w.append(
        "salesforce",
        "campaign_member",
        arrow_table(
            {
                "_fivetran_synced": ts_array(_synced(rng, cm["modified_at"].to_numpy())),
                "id": cm["id"].to_numpy(),
                "campaign_id": ids.campaign_ids[cm["camp_idx"].to_numpy()],
                "lead_id": lead_id,
                "contact_id": contact_id,
                "lead_or_contact_id": np.where(use_contact, contact_id, lead_id),
                "status": cm["status"].to_numpy(),
                "has_responded": resp,
                "first_responded_date": date_array(
                    np.where(resp, cm["responded_at"].to_numpy(), 0), mask=~resp
                ),
                "created_date": ts_array(cm["created_at"].to_numpy()),
                "created_by_id": np.full(len(cm), ids.integration_user),
                "last_modified_date": ts_array(cm["modified_at"].to_numpy()),
                "last_modified_by_id": np.full(len(cm), ids.integration_user),
                "system_modstamp": ts_array(cm["modified_at"].to_numpy()),
                "is_deleted": np.zeros(len(cm), dtype=bool),
            }
        ),
    )
    rr = cm[resp]
    # an attendee's touch is the event's start, or the registration when that came later
    start = camps.sf["start_at"].to_numpy()[rr["camp_idx"].to_numpy()]
    at = np.where(
        rr["status"] == "Attended",
        np.maximum(start, rr["responded_at"].to_numpy()),
        rr["responded_at"].to_numpy(),
    )
    return _touches("campaign_member", rr["id"].to_numpy(), rr["pid"].to_numpy(), at)
