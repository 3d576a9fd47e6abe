"""People of the world: employees of accounts, plus free-mail, ISP and crawler noise people."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import vocab
from ._util import DAY, NEVER, child_rng, hex_strings, scramble64
from .accounts import IpPicker
from .config import WorldConfig

# The demo's mean share of an employee's visits from home or a VPN: beta(3, 7) has mean 0.3,
# and one person in twenty sends half their visits through a VPN.
DEMO_HOME_VISIT_SHARE = 0.3 + 0.05 * 0.5


def people_per_account(employees: np.ndarray) -> np.ndarray:
    """How many of an account's employees exist in the world (bounded for big worlds)."""
    return np.minimum(np.minimum(employees, np.round(50 + 0.02 * employees)), 300).astype(np.int64)


def _titles(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Draw function, seniority and a title that implies both."""
    f = rng.choice(len(vocab.FUNCTIONS), n, p=vocab.FUNCTION_P)
    s = rng.choice(len(vocab.SENIORITIES), n, p=vocab.SENIORITY_P)
    # executives are mostly senior
    is_exec = f == vocab.FUNCTIONS.index("executive")
    s = np.where(is_exec & (rng.random(n) < 0.6), rng.integers(0, 2, n), s)
    cells = [(fn, sn) for fn in vocab.FUNCTIONS for sn in vocab.SENIORITIES]
    flat = [t for c in cells for t in vocab.TITLES[c]]
    cell_len = np.array([len(vocab.TITLES[c]) for c in cells])
    cell_first = np.cumsum(cell_len) - cell_len
    cell = f * len(vocab.SENIORITIES) + s
    t = cell_first[cell] + (rng.random(n) * cell_len[cell]).astype(np.int64)
    return (
        np.array(vocab.FUNCTIONS, dtype=object)[f],
        np.array(vocab.SENIORITIES, dtype=object)[s],
        np.array(flat, dtype=object)[t],
    )


def _dedupe_locals(local: pd.Series, domain: pd.Series) -> pd.Series:
    """first.last, then first.last2, first.last3 ... within one email domain."""
    key = local + "@" + domain
    rank = key.groupby(key, sort=False).cumcount()
    return local.where(rank == 0, local + (rank + 1).astype(str))


def make_people(cfg: WorldConfig, accounts: pd.DataFrame, ips: IpPicker) -> pd.DataFrame:
    """Every person of the world, one row each, with identity, devices and network habits.

    Account employees come first, sorted by account; noise people without an account
    (students, job seekers, ISP visitors, crawlers) follow.
    """
    rng = child_rng(cfg.seed, "people")
    n_acc = len(accounts)
    per = people_per_account(accounts["employees"].to_numpy())
    acc_idx = np.repeat(np.arange(n_acc), per)
    n_emp = len(acc_idx)

    n_student = max(2, int(round(0.12 * n_acc)))
    n_job = max(2, int(round(0.08 * n_acc)))
    n_isp = max(3, int(round(0.40 * n_acc)))
    n_crawl = max(2, int(round(n_acc / 100)))
    noise_kinds = (
        ["student"] * n_student + ["job_seeker"] * n_job + ["isp_visitor"] * n_isp + ["crawler"] * n_crawl
    )
    n_noise = len(noise_kinds)
    n = n_emp + n_noise

    first = np.array(vocab.FIRST_NAMES, dtype=object)[rng.integers(0, len(vocab.FIRST_NAMES), n)]
    last = np.array(vocab.LAST_NAMES, dtype=object)[rng.integers(0, len(vocab.LAST_NAMES), n)]
    function, seniority, title = _titles(rng, n)

    account_idx = np.concatenate([acc_idx, np.full(n_noise, -1)])
    noise = np.array([None] * n_emp + noise_kinds, dtype=object)
    anon_only = np.isin(noise, ["isp_visitor", "crawler"])
    for kind in ("student", "job_seeker", "isp_visitor", "crawler"):
        m = noise == kind
        opts = vocab.NOISE_TITLES[kind]
        title[m] = np.array(opts, dtype=object)[rng.integers(0, len(opts), m.sum())]
        function[m] = None
        seniority[m] = None
    title[anon_only] = None
    first[anon_only] = None
    last[anon_only] = None

    domain = np.empty(n, dtype=object)
    domain[:n_emp] = accounts["domain"].to_numpy()[acc_idx]
    domain[n_emp:] = np.array(vocab.FREE_MAIL, dtype=object)[
        rng.choice(len(vocab.FREE_MAIL), n_noise, p=vocab.FREE_MAIL_P)
    ]
    local = pd.Series(first).fillna("x").str.lower() + "." + pd.Series(last).fillna("x").str.lower()
    fm = np.arange(n) >= n_emp
    digits = pd.Series(rng.integers(1, 99, n).astype(str))
    local = local.where(~fm, local + digits)
    local = _dedupe_locals(local, pd.Series(domain))
    email = (local + "@" + pd.Series(domain)).to_numpy(dtype=object)
    email[anon_only] = None
    domain[anon_only] = None

    # noise kinds among real employees
    is_comp_acc = accounts["is_competitor"].to_numpy()[np.maximum(account_idx, 0)] & (account_idx >= 0)
    is_cust_acc = accounts["is_customer"].to_numpy()[np.maximum(account_idx, 0)] & (account_idx >= 0)
    rank_in_acc = np.zeros(n, dtype=np.int64)
    rank_in_acc[:n_emp] = np.arange(n_emp) - np.repeat(np.cumsum(per) - per, per)
    comp = is_comp_acc & (rank_in_acc < rng.integers(3, 7, n))
    noise[comp] = "competitor"
    cust_docs = is_cust_acc & (noise == None) & (rng.random(n) < 0.2)  # noqa: E711
    noise[cust_docs] = "customer_docs"
    left = (account_idx >= 0) & (noise == None) & (rng.random(n) < 0.04)  # noqa: E711
    noise[left] = "left_company"
    left_at = np.where(
        left, cfg.t0 - 60 * DAY + (rng.random(n) * (cfg.days + 60) * DAY).astype(np.int64), NEVER
    )

    # devices, network habits, email appetite
    pid = np.arange(n)
    n_devices = 1 + ((rng.random(n) < 0.25) & (noise != "crawler")).astype(np.int64)
    anon1 = hex_strings(scramble64(pid * 2, cfg.seed * 1_000_003 + 11), 15, "a").to_numpy(
        zero_copy_only=False
    )
    anon2 = hex_strings(scramble64(pid * 2 + 1, cfg.seed * 1_000_003 + 11), 15, "a").to_numpy(
        zero_copy_only=False
    )
    anon2 = np.where(n_devices > 1, anon2, None)
    user_id = hex_strings(scramble64(pid, cfg.seed * 7_919 + 5), 12, "usr_").to_numpy(zero_copy_only=False)
    office_ip = np.zeros(n, dtype=np.int64)
    emp_mask = account_idx >= 0
    office_ip[emp_mask] = ips.office(rng, account_idx[emp_mask])
    home_ip = ips.pool(rng, "isp", n)
    vpn_ip = ips.pool(rng, "vpn", n)
    crawl = noise == "crawler"
    home_ip[crawl] = ips.pool(rng, "hosting", int(crawl.sum()))
    wfh_share = np.where(emp_mask, rng.beta(3, 7, n), 1.0)
    vpn_share = np.where(rng.random(n) < 0.05, 0.5, 0.0)
    if cfg.home_visit_share is not None:
        # scale the demo's habits to the variant's mean share of home and VPN visits
        factor = float(cfg.home_visit_share) / DEMO_HOME_VISIT_SHARE
        wfh_share = np.where(emp_mask, np.clip(wfh_share * factor, 0.0, 1.0), wfh_share)
        vpn_share = np.clip(vpn_share * factor, 0.0, 1.0)
    engagement = rng.lognormal(-0.5, 1.0, n)
    engagement = np.minimum(engagement / np.mean(engagement), 8.0)

    return pd.DataFrame(
        {
            "pid": pid,
            "truth_person_id": [f"P{i + 1:07d}" for i in range(n)],
            "account_idx": account_idx,
            "first_name": first,
            "last_name": last,
            "email": email,
            "email_domain": domain,
            "title": title,
            "function": function,
            "seniority": seniority,
            "noise_kind": noise,
            "left_at": left_at.astype(np.int64),
            "n_devices": n_devices,
            "anon_id_1": anon1,
            "anon_id_2": anon2,
            "user_id": user_id,
            "office_ip": office_ip,
            "home_ip": home_ip,
            "vpn_ip": vpn_ip,
            "wfh_share": wfh_share,
            "vpn_share": vpn_share,
            "engagement": engagement,
        }
    )
