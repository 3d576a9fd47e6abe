"""Accounts (firmographics, domains, CRM membership) and the reverse-IP ranges of the world."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import vocab
from ._util import DAY, child_rng, sf_ids
from .config import WorldConfig

IP_BASE = 0x18000000  # 24.0.0.0: a public block, far from the private ranges


def expected_team_size(employees: np.ndarray) -> np.ndarray:
    """Expected buying-team size: about 4 below 50 staff, 11 at 1,000, 17 at 10,000."""
    lg = np.log10(np.maximum(employees, 1))
    return np.clip(4.0 + 5.5 * (lg - 1.7), 3.0, 22.0)


def _company_names(n: int, rng: np.random.Generator) -> tuple[list[str], list[str]]:
    """Unique (name, domain stem) pairs such as ('Acme Robotics', 'acme-robotics')."""
    stems = list(dict.fromkeys(h + t for h in vocab.NAME_HEADS for t in vocab.NAME_TAILS))
    combos = len(stems) * len(vocab.NAME_SUFFIXES)
    pick = rng.permutation(combos)[: min(n, combos)]
    names, slugs = [], []
    for c in pick.tolist():
        stem, suf = (
            stems[c // len(vocab.NAME_SUFFIXES)],
            vocab.NAME_SUFFIXES[c % len(vocab.NAME_SUFFIXES)],
        )
        names.append(f"{stem.capitalize()} {suf}")
        slugs.append(f"{stem}-{suf.lower()}")
    k = 2
    while len(names) < n:  # very large worlds: reuse combinations with a number
        for c in rng.permutation(combos)[: n - len(names)].tolist():
            stem, suf = (
                stems[c // len(vocab.NAME_SUFFIXES)],
                vocab.NAME_SUFFIXES[c % len(vocab.NAME_SUFFIXES)],
            )
            names.append(f"{stem.capitalize()} {suf} {k}")
            slugs.append(f"{stem}-{suf.lower()}{k}")
        k += 1
    return names, slugs


def make_accounts(cfg: WorldConfig) -> pd.DataFrame:
    """One row per true account: firmographics, domain, CRM membership and expected team size."""
    rng = child_rng(cfg.seed, "accounts")
    n = cfg.accounts
    employees = np.clip(np.round(rng.lognormal(np.log(250), 1.5, n)), 10, 100_000).astype(np.int64)
    industry_idx = rng.choice(len(vocab.INDUSTRIES), n, p=vocab.INDUSTRY_P)
    region_idx = rng.choice(len(vocab.REGIONS), n, p=vocab.REGION_P)
    rpe = np.array(vocab.INDUSTRY_RPE)[industry_idx] * rng.lognormal(0.0, 0.35, n)
    revenue = np.round(employees * rpe, -3)
    names, slugs = _company_names(n, rng)
    regions = np.array(vocab.REGIONS)[region_idx]
    tlds = np.empty(n, dtype=object)
    countries = np.empty(n, dtype=object)
    for r in vocab.REGIONS:
        m = regions == r
        opts, p = vocab.REGION_TLDS[r]
        tlds[m] = np.array(opts, dtype=object)[rng.choice(len(opts), m.sum(), p=p)]
        copts, cp = vocab.REGION_COUNTRIES[r]
        countries[m] = np.array(copts, dtype=object)[rng.choice(len(copts), m.sum(), p=cp)]
    domains = [f"{s}.{t}" for s, t in zip(slugs, tlds, strict=True)]

    n_crm = int(round(cfg.crm_share * n))
    in_crm = np.zeros(n, dtype=bool)
    in_crm[rng.permutation(n)[:n_crm]] = True
    crm_idx = np.flatnonzero(in_crm)
    customer = np.zeros(n, dtype=bool)
    customer[crm_idx[rng.random(len(crm_idx)) < 0.15]] = True
    competitor = np.zeros(n, dtype=bool)
    non_crm = np.flatnonzero(~in_crm)
    if len(non_crm):
        k = max(1, int(round(0.015 * n)))
        competitor[rng.permutation(non_crm)[:k]] = True
    sfdc = np.full(n, None, dtype=object)
    sfdc[crm_idx] = sf_ids(np.arange(len(crm_idx)), "001", cfg.seed * 7 + 1)
    crm_created = np.where(in_crm, cfg.t0 - rng.integers(30, 1500, n) * DAY - rng.integers(0, DAY, n), -1)

    return pd.DataFrame(
        {
            "account_idx": np.arange(n),
            "truth_account_id": [f"A{i + 1:06d}" for i in range(n)],
            "name": names,
            "domain": domains,
            "employees": employees,
            "industry": np.array(vocab.INDUSTRIES)[industry_idx],
            "region": regions,
            "country": countries,
            "annual_revenue": revenue,
            "in_crm": in_crm,
            "is_customer": customer,
            "is_competitor": competitor,
            "sfdc_account_id": sfdc,
            "crm_created_at": crm_created.astype(np.int64),
            "expected_team_size": np.round(expected_team_size(employees), 1),
        }
    )


def make_ip_ranges(cfg: WorldConfig, accounts: pd.DataFrame) -> pd.DataFrame:
    """Non-overlapping IPv4 ranges: 1-3 per account (business or education), plus ISP,
    hosting and VPN blocks.

    Columns: start_int, end_int (inclusive), owner_kind (account/isp/hosting/vpn), account_idx
    (-1 when no account), company_name, company_domain, ip_type.
    """
    rng = child_rng(cfg.seed, "ip_ranges")
    emp = accounts["employees"].to_numpy()
    n = len(emp)
    n_ranges = 1 + (rng.random(n) < np.clip(0.1 + 0.08 * np.log10(emp), 0, 0.6)).astype(int)
    n_ranges += (n_ranges == 2) & (rng.random(n) < 0.35)
    acc_of = np.repeat(np.arange(n), n_ranges)
    base_bits = np.clip(np.round(np.log2(emp[acc_of]) * 0.55 + 1.0), 3, 10).astype(int)
    bits = np.clip(base_bits + rng.integers(-1, 2, len(acc_of)), 3, 10)
    is_edu = accounts["industry"].to_numpy()[acc_of] == "Education"

    rows_kind = ["account"] * len(acc_of)
    rows_acc = acc_of.tolist()
    rows_bits = bits.tolist()
    rows_name = accounts["name"].to_numpy()[acc_of].tolist()
    rows_domain = accounts["domain"].to_numpy()[acc_of].tolist()
    rows_type = np.where(is_edu, "education", "business").tolist()
    scale = max(1, int(np.ceil(n / 1500)))
    for kind, names, per, size_bits, ip_type, tld in (
        ("isp", vocab.ISP_NAMES, 2 * scale, 16, "isp", "net"),
        ("hosting", vocab.HOSTING_NAMES, 2 + scale // 2, 14, "hosting", "com"),
        ("vpn", vocab.VPN_NAMES, 1 + scale // 3, 12, "hosting", "com"),
    ):
        for nm in names:
            for _ in range(per):
                rows_kind.append(kind)
                rows_acc.append(-1)
                rows_bits.append(size_bits)
                rows_name.append(nm)
                rows_domain.append(nm.lower().replace(" ", "") + "." + tld)
                rows_type.append(ip_type)

    order = rng.permutation(len(rows_kind))
    gaps = rng.integers(1, 64, len(order)) * 256
    starts = np.empty(len(order), dtype=np.int64)
    cursor = IP_BASE
    for pos, i in enumerate(order.tolist()):
        size = 1 << rows_bits[i]
        cursor = ((cursor + int(gaps[pos]) + size - 1) // size) * size
        starts[i] = cursor
        cursor += size
    if cursor >= 0x7F000000:
        raise ValueError("world too large for the synthetic IP space")
    sizes = np.left_shift(1, np.array(rows_bits, dtype=np.int64))
    df = pd.DataFrame(
        {
            "start_int": starts,
            "end_int": starts + sizes - 1,
            "owner_kind": rows_kind,
            "account_idx": np.array(rows_acc, dtype=np.int64),
            "company_name": rows_name,
            "company_domain": rows_domain,
            "ip_type": rows_type,
        }
    )
    return df.sort_values("start_int", kind="stable").reset_index(drop=True)


class IpPicker:
    """Draws addresses inside an account's ranges, or inside ISP / hosting / VPN ranges."""

    def __init__(self, ranges: pd.DataFrame, n_accounts: int) -> None:
        acc = ranges[ranges["owner_kind"] == "account"].sort_values(
            ["account_idx", "start_int"], kind="stable"
        )
        self._acc_start = acc["start_int"].to_numpy()
        self._acc_size = (acc["end_int"] - acc["start_int"] + 1).to_numpy()
        counts = np.bincount(acc["account_idx"].to_numpy(), minlength=n_accounts)
        self._acc_first = np.cumsum(counts) - counts
        self._acc_count = counts
        self._pools = {}
        for kind in ("isp", "hosting", "vpn"):
            k = ranges[ranges["owner_kind"] == kind]
            self._pools[kind] = (
                k["start_int"].to_numpy(),
                (k["end_int"] - k["start_int"] + 1).to_numpy(),
            )

    def office(self, rng: np.random.Generator, account_idx: np.ndarray) -> np.ndarray:
        """A few NAT egress addresses per range: offices share addresses, as real ones do."""
        r = self._acc_first[account_idx] + (
            rng.random(len(account_idx)) * self._acc_count[account_idx]
        ).astype(np.int64)
        size = self._acc_size[r]
        off = np.minimum(rng.integers(1, 9, len(r)), size - 2)
        return self._acc_start[r] + off

    def pool(self, rng: np.random.Generator, kind: str, n: int) -> np.ndarray:
        """Random addresses in the ISP, hosting or VPN ranges."""
        start, size = self._pools[kind]
        r = rng.integers(0, len(start), n)
        return start[r] + 1 + (rng.random(n) * (size[r] - 2)).astype(np.int64)
