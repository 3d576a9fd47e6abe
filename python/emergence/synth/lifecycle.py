"""The plan the MAP and the CRM share: campaigns, form fills, event scans, leads and statuses.

Nothing here is written to a table; ``marketo.py``, ``salesforce.py`` and ``web.py`` emit
rows from this plan, so that the three systems tell one consistent story.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import vocab
from ._util import DAY, HOUR, MINUTE, NEVER, child_rng
from .config import WorldConfig
from .episodes import Episodes

_CITIES = ["London", "New York", "Chicago", "Berlin", "Sydney", "Toronto"]


@dataclass
class Campaigns:
    """Salesforce campaigns, Marketo programs and smart campaigns, and the email blasts."""

    sf: pd.DataFrame
    programs: pd.DataFrame
    smart: pd.DataFrame
    blasts: pd.DataFrame


@dataclass
class Records:
    """Per-person CRM and MAP state (arrays aligned with ``people``) plus status changes."""

    mk_created: np.ndarray
    mk_source: np.ndarray
    sfl_created: np.ndarray
    sfl_status: np.ndarray
    ct_created: np.ndarray
    ct_source: np.ndarray
    conv_at: np.ndarray
    conv_opp: np.ndarray
    email_invalid: np.ndarray
    unsubscribed: np.ndarray
    status_changes: list[tuple[int, int, str | None, str]] = field(default_factory=list)
    planned_paths: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)
    mk_id: np.ndarray | None = None
    sfl_id: np.ndarray | None = None
    ct_id: np.ndarray | None = None


def sync_lag(rng: np.random.Generator, n: int, lo: float = 2 * MINUTE, hi: float = 40 * MINUTE) -> np.ndarray:
    """Delay for an integration (MAP <-> CRM sync): log-uniform between lo and hi seconds."""
    return np.exp(rng.uniform(np.log(lo), np.log(hi), n)).astype(np.int64)


def plan_campaigns(cfg: WorldConfig) -> Campaigns:
    """Webinars, events, trade shows (SF campaigns mirrored by Marketo programs), email blasts."""
    rng = child_rng(cfg.seed, "campaigns")
    rows = []
    webinar_titles = [p for p in vocab.PAGE_PATHS["webinars"][1:]]
    t = cfg.t0 + 9 * DAY + 16 * HOUR
    k = 0
    while t < cfg.t1 + 21 * DAY:
        slug = webinar_titles[k % len(webinar_titles)]
        rows.append(
            (
                "Webinar",
                f"Webinar {pd.Timestamp(t, unit='s'):%Y-%m-%d} - "
                f"{slug.split('/')[-1].replace('-', ' ').title()}",
                t,
                t + HOUR,
                slug,
            )
        )
        t += 14 * DAY
        k += 1
    t = cfg.t0 + 20 * DAY + 9 * HOUR
    while t < cfg.t1:
        rows.append(
            (
                "Event",
                f"Roadshow {pd.Timestamp(t, unit='s'):%Y-%m} - {_CITIES[len(rows) % len(_CITIES)]}",
                t,
                t + 8 * HOUR,
                None,
            )
        )
        t += 35 * DAY
    t = cfg.t0 + 45 * DAY + 8 * HOUR
    while t < cfg.t1:
        rows.append(
            (
                "Trade Show",
                f"Trade Show {pd.Timestamp(t, unit='s'):%Y-%m} - RevOps Summit",
                t,
                t + 2 * DAY,
                None,
            )
        )
        t += 91 * DAY
    sf = pd.DataFrame(rows, columns=["type", "name", "start_at", "end_at", "slug"])
    sf = sf.sort_values(["start_at", "name"], kind="stable").reset_index(drop=True)
    sf["camp_idx"] = np.arange(len(sf))

    prog_rows = []
    for i, r in sf.iterrows():
        prog_rows.append(
            (
                r["name"],
                r["type"],
                "Webinar" if r["type"] == "Webinar" else "Event",
                int(r["start_at"]) - 30 * DAY,
                int(i),
            )
        )
    for name, typ, chan in (
        ("Newsletter", "Email", "Email Blast"),
        ("Nurture - Early Stage", "Engagement", "Nurture"),
        ("Product Updates", "Email", "Email Blast"),
        ("Content Syndication", "Default", "Content"),
        ("Website Forms", "Default", "Web Content"),
    ):
        prog_rows.append((name, typ, chan, cfg.t0 - int(rng.integers(200, 900)) * DAY, -1))
    programs = pd.DataFrame(prog_rows, columns=["name", "type", "channel", "created_at", "camp_idx"])
    programs["id"] = 1001 + np.arange(len(programs)) * 3 + rng.integers(0, 3, len(programs))
    programs["program_idx"] = np.arange(len(programs))

    smart_rows = []
    for p in programs.itertuples():
        names = (
            ["Send Invitation", "Process Registration"]
            if p.channel in ("Webinar", "Event")
            else ["Send Email", "Form Fill Processing"]
        )
        for j, nm in enumerate(names):
            smart_rows.append(
                (
                    p.program_idx,
                    f"{p.name} - {nm}",
                    "batch" if j == 0 else "trigger",
                    p.created_at + DAY,
                )
            )
    smart = pd.DataFrame(smart_rows, columns=["program_idx", "name", "type", "created_at"])
    smart["id"] = 5001 + np.arange(len(smart)) * 2
    smart["smart_idx"] = np.arange(len(smart))

    # email blasts: newsletter every 14 days, nurture weekly to a sample, product update monthly,
    # webinar invitations ten days before each webinar
    def prog(name: str) -> int:
        return int(programs.index[programs["name"] == name][0])

    blasts = []
    for name, every, start, frac in (
        ("Newsletter", 14, 3, 1.0),
        ("Nurture - Early Stage", 7, 1, 0.2),
        ("Product Updates", 30, 12, 1.0),
    ):
        t = cfg.t0 + start * DAY + 14 * HOUR
        n = 1
        while t < cfg.t1:
            blasts.append((t, prog(name), f"{name} #{n}", frac, -1))
            t += every * DAY
            n += 1
    for r in sf.itertuples():
        if r.type == "Webinar" and cfg.t0 <= r.start_at - 10 * DAY < cfg.t1:
            pidx = int(programs.index[programs["camp_idx"] == r.camp_idx][0])
            blasts.append((r.start_at - 10 * DAY - 2 * HOUR, pidx, f"{r.name} - Invitation", 0.1, r.camp_idx))
    b = pd.DataFrame(blasts, columns=["at", "program_idx", "email_name", "audience_frac", "camp_idx"])
    b = b.sort_values(["at", "email_name"], kind="stable").reset_index(drop=True)
    b["email_id"] = 20001 + np.arange(len(b))
    first_smart = smart.groupby("program_idx")["id"].min()
    b["smart_id"] = first_smart.reindex(b["program_idx"]).to_numpy()
    b["blast_idx"] = np.arange(len(b))
    return Campaigns(sf=sf, programs=programs, smart=smart, blasts=b)


def plan_forms(cfg: WorldConfig, people: pd.DataFrame, eps: Episodes, camps: Campaigns) -> pd.DataFrame:
    """Every form fill: pid, at, kind, device, camp_idx (webinar registrations), form_idx."""
    rng = child_rng(cfg.seed, "forms")
    t0, t1 = cfg.t0, cfg.t1
    rows_pid, rows_at, rows_kind = [], [], []
    mem = eps.members
    ep = eps.episodes

    def add(pid: np.ndarray, at: np.ndarray, kind: np.ndarray) -> None:
        rows_pid.append(pid.astype(np.int64))
        rows_at.append(at.astype(np.int64))
        rows_kind.append(np.asarray(kind, dtype=object))

    if len(mem):
        lo = np.maximum(mem["member_start"].to_numpy(), t0)
        hi = np.minimum(mem["member_end"].to_numpy(), t1 - HOUR)
        ok = hi > lo
        role = mem["buying_role"].to_numpy()
        # forced first fill (the lead that will be converted) lands before the opportunity
        opp_at = ep["opp_created_at"].to_numpy()[mem["episode_idx"].to_numpy()]
        f = mem["ch_form"].to_numpy() & ok
        n_fills = 1 + (rng.random(len(mem)) < 0.35) + (rng.random(len(mem)) < 0.1)
        senior = np.isin(role, ["champion", "decision_maker"])
        first_kind = np.where(
            senior,
            rng.choice(["demo", "whitepaper", "contact"], len(mem), p=[0.5, 0.3, 0.2]),
            rng.choice(["whitepaper", "demo", "contact", "newsletter"], len(mem), p=[0.6, 0.15, 0.1, 0.15]),
        )
        first_hi = np.where(opp_at - 2 * DAY > lo, np.minimum(hi, opp_at - 2 * DAY), hi)
        first_at = lo + (rng.random(len(mem)) ** 0.8 * (first_hi - lo)).astype(np.int64)
        add(mem["pid"].to_numpy()[f], first_at[f], first_kind[f])
        for k in (2, 3):
            g = f & (n_fills >= k)
            at = lo + (rng.random(len(mem)) ** 0.6 * (hi - lo)).astype(np.int64)
            add(
                mem["pid"].to_numpy()[g],
                at[g],
                rng.choice(["whitepaper", "demo", "contact"], int(g.sum()), p=[0.6, 0.25, 0.15]),
            )
        w = mem["ch_webinar"].to_numpy() & ok
        at = lo + (rng.random(len(mem)) * (hi - lo)).astype(np.int64)
        add(mem["pid"].to_numpy()[w], at[w], np.full(int(w.sum()), "webinar", dtype=object))

    noise = people["noise_kind"].to_numpy()
    n = len(people)
    span = np.full(n, (t1 - t0 - HOUR), dtype=np.int64)
    base_at = t0 + (rng.random(n) * span).astype(np.int64)
    for kind, p, form in (
        ("student", 0.4, "whitepaper"),
        ("job_seeker", 0.1, "newsletter"),
        ("competitor", 0.4, "whitepaper"),
    ):
        m = (noise == kind) & (rng.random(n) < p)
        add(np.flatnonzero(m), base_at[m], np.full(int(m.sum()), form, dtype=object))
    if len(eps.researchers):
        r = eps.researchers
        m = rng.random(len(r)) < 0.35
        lo = np.maximum(r["start_at"].to_numpy(), t0)
        hi = np.minimum(r["end_at"].to_numpy(), t1 - HOUR)
        at = lo + (rng.random(len(r)) * np.maximum(hi - lo, 1)).astype(np.int64)
        m &= hi > lo
        add(r["pid"].to_numpy()[m], at[m], np.full(int(m.sum()), "whitepaper", dtype=object))
    on_team = np.zeros(n, dtype=bool)
    on_team[mem["pid"].to_numpy()] = True
    base = (people["account_idx"].to_numpy() >= 0) & pd.isna(noise) & ~on_team
    m = base & (rng.random(n) < 0.004 * cfg.days / 180)
    add(
        np.flatnonzero(m),
        base_at[m],
        rng.choice(["newsletter", "whitepaper", "webinar"], int(m.sum()), p=[0.4, 0.35, 0.25]),
    )

    forms = pd.DataFrame(
        {
            "pid": np.concatenate(rows_pid) if rows_pid else np.zeros(0, np.int64),
            "at": np.concatenate(rows_at) if rows_at else np.zeros(0, np.int64),
            "kind": np.concatenate(rows_kind) if rows_kind else np.zeros(0, object),
        }
    )
    forms["at"] = forms["at"] + rng.integers(0, 600, len(forms))
    # webinar registrations attach to the next webinar 1-21 days ahead, else become downloads
    web = camps.sf[camps.sf["type"] == "Webinar"]
    ws = web["start_at"].to_numpy()
    j = np.searchsorted(ws, forms["at"].to_numpy() + DAY)
    has = (j < len(ws)) & (forms["kind"].to_numpy() == "webinar")
    has &= ws[np.minimum(j, max(len(ws) - 1, 0))] <= forms["at"].to_numpy() + 21 * DAY if len(ws) else False
    forms["camp_idx"] = np.where(
        has, web["camp_idx"].to_numpy()[np.minimum(j, max(len(ws) - 1, 0))] if len(ws) else -1, -1
    )
    forms.loc[(forms["kind"] == "webinar") & (forms["camp_idx"] < 0), "kind"] = "whitepaper"
    nd = people["n_devices"].to_numpy()[forms["pid"].to_numpy()]
    forms["device"] = ((nd > 1) & (rng.random(len(forms)) < 0.3)).astype(np.int64)
    forms = forms[(forms["at"] >= t0) & (forms["at"] < t1)]
    forms = forms.sort_values(["at", "pid"], kind="stable").reset_index(drop=True)
    forms["form_idx"] = np.arange(len(forms))
    return forms


def plan_event_scans(cfg: WorldConfig, people: pd.DataFrame, eps: Episodes, camps: Campaigns) -> pd.DataFrame:
    """Badge scans at events and trade shows: team members with the event channel, others."""
    rng = child_rng(cfg.seed, "event_scans")
    ev = camps.sf[camps.sf["type"].isin(["Event", "Trade Show"]) & (camps.sf["end_at"] < cfg.t1)]
    out_pid, out_camp = [], []
    mem = eps.members
    ch = mem[mem["ch_event"]]
    for e in ev.itertuples():
        inside = (ch["member_start"].to_numpy() <= e.start_at) & (ch["member_end"].to_numpy() >= e.start_at)
        out_pid.append(ch["pid"].to_numpy()[inside & (rng.random(len(ch)) < 0.6)])
        pool = np.flatnonzero((people["account_idx"].to_numpy() >= 0) & people["email"].notna().to_numpy())
        k = max(3, int(len(pool) * (0.004 if e.type == "Event" else 0.01)))
        out_pid.append(rng.choice(pool, size=min(k, len(pool)), replace=False))
        out_camp.append(np.full(len(out_pid[-2]) + len(out_pid[-1]), e.camp_idx))
    if not out_pid:
        return pd.DataFrame(
            {
                "pid": np.zeros(0, np.int64),
                "camp_idx": np.zeros(0, np.int64),
                "at": np.zeros(0, np.int64),
            }
        )
    scans = pd.DataFrame({"pid": np.concatenate(out_pid), "camp_idx": np.concatenate(out_camp)})
    scans = scans.drop_duplicates(["pid", "camp_idx"]).reset_index(drop=True)
    scans["at"] = camps.sf["start_at"].to_numpy()[scans["camp_idx"].to_numpy()] + rng.integers(
        0, 8 * HOUR, len(scans)
    )
    left = people["left_at"].to_numpy()[scans["pid"].to_numpy()]
    scans = scans[left > scans["at"].to_numpy()]
    return scans.sort_values(["at", "pid"], kind="stable").reset_index(drop=True)


_STATUS_P = (
    [
        "Open - Not Contacted",
        "Recycled/Nurture",
        "Closed - Not Converted",
        "Working - Contacted",
        "Marketing Qualified",
    ],
    [0.45, 0.3, 0.15, 0.05, 0.05],
)


def plan_records(
    cfg: WorldConfig,
    accounts: pd.DataFrame,
    people: pd.DataFrame,
    eps: Episodes,
    forms: pd.DataFrame,
    scans: pd.DataFrame,
) -> Records:
    """Who is a Marketo lead, a Salesforce lead or a contact, and since when."""
    rng = child_rng(cfg.seed, "records")
    t0, t1 = cfg.t0, cfg.t1
    n = len(people)
    acc = people["account_idx"].to_numpy()
    emp = acc >= 0
    has_email = people["email"].notna().to_numpy()
    noise = people["noise_kind"].to_numpy()
    in_crm = np.where(emp, accounts["in_crm"].to_numpy()[np.maximum(acc, 0)], False)
    cust = np.where(emp, accounts["is_customer"].to_numpy()[np.maximum(acc, 0)], False)
    crm_created = np.where(emp, accounts["crm_created_at"].to_numpy()[np.maximum(acc, 0)], t0)

    is_contact0 = in_crm & has_email & (rng.random(n) < np.where(cust, 0.5, 0.22))
    p_lead = np.where(
        emp,
        np.where(in_crm, 0.22, 0.13),
        np.where(noise == "student", 0.08, np.where(noise == "job_seeker", 0.05, 0.0)),
    )
    is_lead0 = has_email & ~is_contact0 & (rng.random(n) < p_lead) & (noise != "competitor")

    ct_created = np.full(n, NEVER, dtype=np.int64)
    ct_created[is_contact0] = (
        crm_created[is_contact0] + rng.random(int(is_contact0.sum())) * (t0 - crm_created[is_contact0])
    ).astype(np.int64)
    ct_source = np.full(n, None, dtype=object)
    ct_source[is_contact0] = rng.choice(vocab.LEAD_SOURCES, int(is_contact0.sum()))
    mk_created = np.full(n, NEVER, dtype=np.int64)
    mk_created[is_contact0] = ct_created[is_contact0] + sync_lag(rng, int(is_contact0.sum()))
    sfl_created = np.full(n, NEVER, dtype=np.int64)
    lead_at = t0 - (rng.random(n) * 3 * 365 * DAY).astype(np.int64) - HOUR
    mk_created[is_lead0] = lead_at[is_lead0]
    sfl_created[is_lead0] = lead_at[is_lead0] + sync_lag(rng, int(is_lead0.sum()))
    mk_source = np.full(n, None, dtype=object)
    mk_source[is_lead0] = rng.choice(vocab.LEAD_SOURCES, int(is_lead0.sum()))
    mk_source[is_contact0] = ct_source[is_contact0]
    sfl_status = np.full(n, None, dtype=object)
    sfl_status[is_lead0] = rng.choice(_STATUS_P[0], int(is_lead0.sum()), p=_STATUS_P[1])

    # new leads from forms and badge scans
    src_of_form = {
        "demo": "Web",
        "whitepaper": "Content Download",
        "webinar": "Webinar",
        "contact": "Web",
        "newsletter": "Web",
    }
    first = forms.groupby("pid", sort=True).agg(at=("at", "min"), kind=("kind", "first"))
    fp = first.index.to_numpy()
    new = mk_created[fp] == NEVER
    mk_created[fp[new]] = first["at"].to_numpy()[new]
    mk_source[fp[new]] = [src_of_form[k] for k in first["kind"].to_numpy()[new]]
    needs_sfl = (sfl_created[fp] == NEVER) & (ct_created[fp] == NEVER)
    sfl_created[fp[needs_sfl]] = first["at"].to_numpy()[needs_sfl] + sync_lag(rng, int(needs_sfl.sum()))
    fresh = needs_sfl
    sfl_status[fp[fresh]] = "Open - Not Contacted"
    if len(scans):
        sp = scans.groupby("pid", sort=True)["at"].min()
        spp = sp.index.to_numpy()
        unknown = (mk_created[spp] == NEVER) & (ct_created[spp] == NEVER) & (sfl_created[spp] == NEVER)
        at = sp.to_numpy() + rng.integers(DAY, 3 * DAY, len(spp))
        sel = spp[unknown]
        sfl_created[sel] = at[unknown]
        sfl_status[sel] = "Open - Not Contacted"
        mk_created[sel] = at[unknown] + sync_lag(rng, int(unknown.sum()))
        mk_source[sel] = "Trade Show"

    rec = Records(
        mk_created=mk_created,
        mk_source=mk_source,
        sfl_created=sfl_created,
        sfl_status=sfl_status,
        ct_created=ct_created,
        ct_source=ct_source,
        conv_at=np.full(n, NEVER, dtype=np.int64),
        conv_opp=np.full(n, -1, dtype=np.int64),
        email_invalid=(people["left_at"].to_numpy() < t1 - 14 * DAY) & (mk_created < NEVER),
        unsubscribed=(rng.random(n) < 0.03) & (mk_created < t0),
    )
    return rec


def status_paths(
    cfg: WorldConfig,
    people: pd.DataFrame,
    eps: Episodes,
    forms: pd.DataFrame,
    rec: Records,
    converters: dict[int, int],
) -> None:
    """Walk every Salesforce lead that acted in the period through the status taxonomy.

    ``converters`` maps pid -> conversion time for leads converted into an opportunity.
    Appends (pid, at, old, new) to ``rec.status_changes`` and updates ``rec.sfl_status``.
    """
    rng = child_rng(cfg.seed, "status_paths")
    t1 = cfg.t1
    on_team = np.zeros(len(people), dtype=bool)
    on_team[eps.members["pid"].to_numpy()] = True
    first = forms.groupby("pid", sort=True).agg(at=("at", "min"))
    demo = set(forms.loc[forms["kind"].isin(["demo", "contact"]), "pid"].tolist())
    for pid, at in zip(first.index.tolist(), first["at"].tolist(), strict=True):
        if rec.sfl_created[pid] == NEVER or (rec.ct_created[pid] < at):
            continue
        start = max(at, int(rec.sfl_created[pid])) + int(rng.integers(HOUR, 6 * HOUR))
        path: list[str]
        if pid in converters:
            conv = converters[pid]
            path = [
                "Marketing Qualified",
                "Working - Contacted",
                "Sales Accepted",
                "Sales Qualified",
            ]
            gaps = np.sort(rng.random(len(path)))
            times = [int(start + g * max(conv - start - HOUR, len(path))) for g in gaps]
            path.append("Closed - Converted")
            times.append(conv)
        else:
            if on_team[pid]:
                mql = pid in demo or rng.random() < 0.75
                path = ["Marketing Qualified", "Working - Contacted"] if mql else []
                if mql and rng.random() < 0.5:
                    path.append("Sales Accepted")
                if path and rng.random() < 0.4:
                    path += ["Closed - Not Converted", "Recycled/Nurture"][: 1 + int(rng.random() < 0.5)]
            else:
                mql = pid in demo or rng.random() < 0.25
                path = ["Marketing Qualified", "Working - Contacted"] if mql else []
                if path and rng.random() < 0.7:
                    path.append("Closed - Not Converted")
                    if rng.random() < 0.6:
                        path.append("Recycled/Nurture")
            times = []
            t = start
            for k in range(len(path)):
                times.append(t)
                t += int(rng.integers(DAY, 21 * DAY)) if k else int(rng.integers(DAY, 4 * DAY))
        rec.planned_paths.append((pid, tuple(path)))  # the intended path, before the cut at t1
        old = rec.sfl_status[pid]
        for when, new in zip(times, path, strict=True):
            if when >= t1:
                break
            if new == old:
                continue
            rec.status_changes.append((pid, int(when), old, new))
            old = new
        rec.sfl_status[pid] = old
