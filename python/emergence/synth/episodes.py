"""In-market episodes: when an account buys, who is on its team, how each member shows up."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._util import DAY, child_rng
from .config import WorldConfig

WEEK = 7 * DAY
_SENIORITY_W = {
    "c-level": 3.0,
    "vp": 3.0,
    "director": 2.5,
    "manager": 2.0,
    "individual contributor": 1.0,
}
_FUNCTION_W = {
    "marketing": 2.2,
    "sales": 2.0,
    "it": 1.6,
    "engineering": 1.2,
    "finance": 1.4,
    "executive": 1.5,
    "operations": 1.0,
    "product": 1.0,
    "hr": 0.4,
    "legal": 0.4,
}


@dataclass
class Episodes:
    """Episodes (one row each), members (one row per person on a team), lone researchers."""

    episodes: pd.DataFrame
    members: pd.DataFrame
    researchers: pd.DataFrame


def _pick_team(
    rng: np.random.Generator,
    cand: np.ndarray,
    function: np.ndarray,
    seniority: np.ndarray,
    size: int,
) -> tuple[list[int], list[str]]:
    """Choose ``size`` people among ``cand`` and give each a buying role."""
    chosen: list[int] = []
    roles: list[str] = []
    avail = np.ones(len(cand), dtype=bool)

    def take(mask: np.ndarray, role: str) -> None:
        m = mask & avail
        if not m.any():
            return
        w = np.array(
            [_SENIORITY_W[s] * _FUNCTION_W[f] for s, f in zip(seniority[m], function[m], strict=True)]
        )
        i = np.flatnonzero(m)[rng.choice(int(m.sum()), p=w / w.sum())]
        avail[i] = False
        chosen.append(int(i))
        roles.append(role)

    senior = np.isin(seniority, ["c-level", "vp"])
    take(senior if senior.any() else np.isin(seniority, ["director"]), "decision_maker")
    take(
        np.isin(seniority, ["director", "manager"]) & ~np.isin(function, ["finance", "legal", "hr"]),
        "champion",
    )
    if size >= 5:
        take(function == "finance", "finance")
    if size >= 4:
        take(np.isin(function, ["it", "engineering"]), "technical_evaluator")
    while len(chosen) < size and avail.any():
        before = len(chosen)
        take(np.ones(len(cand), dtype=bool), "_")
        if len(chosen) == before:
            break
        i = chosen[-1]
        if function[i] == "finance" and "finance" not in roles:
            roles[-1] = "finance"
        elif function[i] in ("it", "engineering") and rng.random() < 0.5:
            roles[-1] = "technical_evaluator"
        elif seniority[i] == "individual contributor":
            roles[-1] = "user" if rng.random() < 0.75 else "influencer"
        else:
            roles[-1] = "influencer"
    return [int(cand[i]) for i in chosen[:size]], roles[:size]


def make_episodes(cfg: WorldConfig, accounts: pd.DataFrame, people: pd.DataFrame) -> Episodes:
    """Episodes for ~25% of accounts (some twice): teams, ramps, channels; plus researchers."""
    rng = child_rng(cfg.seed, "episodes")
    n_acc = len(accounts)
    emp = accounts["employees"].to_numpy()
    eligible_person = (people["account_idx"].to_numpy() >= 0) & people["noise_kind"].isna().to_numpy()
    acc_of = people["account_idx"].to_numpy()
    cand_count = np.bincount(acc_of[eligible_person], minlength=n_acc)
    ok = (~accounts["is_competitor"].to_numpy()) & (cand_count >= 3)

    has_ep = ok & (rng.random(n_acc) < 0.25)
    two = has_ep & (rng.random(n_acc) < 0.2) & (cfg.days >= 120)

    # candidates of each account, person ids sorted by account
    order = np.flatnonzero(eligible_person)
    first = np.searchsorted(acc_of[order], np.arange(n_acc), side="left")
    last = np.searchsorted(acc_of[order], np.arange(n_acc), side="right")
    function = people["function"].to_numpy()
    seniority = people["seniority"].to_numpy()

    law_rng = child_rng(cfg.seed, "variant-team-size")
    ep_rows: list[dict] = []
    mem_rows: list[dict] = []
    used = np.zeros(len(people), dtype=bool)
    span = cfg.days * DAY
    for a in np.flatnonzero(has_ep).tolist():
        n_eps = 2 if two[a] else 1
        starts: list[int] = []
        if n_eps == 1:
            starts.append(cfg.t0 - 14 * DAY + int(rng.random() * max(span - 7 * DAY, DAY)))
        else:
            half = span // 2
            starts.append(cfg.t0 - 14 * DAY + int(rng.random() * max(half - 60 * DAY, DAY)))
            starts.append(cfg.t0 + half + int(rng.random() * max(half - 21 * DAY, DAY)))
        for start in starts:
            cand = order[first[a] : last[a]]
            cand = cand[~used[cand]]
            if len(cand) < 3:
                continue
            exp_size = float(accounts["expected_team_size"].iat[a])
            jitter = rng.uniform(0.8, 1.2)
            if cfg.team_size_law != "demo":
                exp_size, jitter = _team_size_variant(cfg, law_rng, int(emp[a]), jitter)
            size = int(np.clip(round(exp_size * jitter), 3, len(cand)))
            pids, roles = _pick_team(rng, cand, function[cand], seniority[cand], size)
            pids_arr = np.array(pids)
            used[pids_arr] = True
            ramp_weeks = int(rng.integers(3, 11))
            sustain_weeks = int(rng.integers(2, 7))
            e = len(ep_rows)
            opens = rng.random() < 0.4
            lag_days = int(rng.integers(14, 57))
            lag = lag_days * DAY + int(rng.integers(0, DAY))
            ramp_weeks, lag = _arrival_variant(cfg.team_arrival, ramp_weeks, lag_days, lag)
            end = start + (ramp_weeks + sustain_weeks) * WEEK
            outcome = rng.choice(["won", "lost", "open"], p=[0.3, 0.45, 0.25])
            ep_rows.append(
                {
                    "episode_idx": e,
                    "episode_id": f"E{e + 1:05d}",
                    "account_idx": a,
                    "start_at": start,
                    "end_at": end,
                    "ramp_weeks": ramp_weeks,
                    "team_size": len(pids),
                    "plans_opportunity": bool(opens),
                    "opp_created_at": start + lag,
                    "planned_outcome": str(outcome),
                }
            )
            offsets = np.sort(rng.random(len(pids)) ** 1.3) * ramp_weeks * WEEK
            roles_arr = np.array(roles, dtype=object)
            # the champion is usually first in, the decision maker usually late
            ch = np.flatnonzero(roles_arr == "champion")
            if len(ch):
                offsets[ch] = rng.random(len(ch)) * 5 * DAY
            dm = np.flatnonzero(roles_arr == "decision_maker")
            if len(dm):
                offsets[dm] = np.maximum(
                    offsets[dm],
                    0.6 * ramp_weeks * WEEK * rng.random(len(dm)) + 0.3 * ramp_weeks * WEEK,
                )
            for k, (p, r) in enumerate(zip(pids, roles, strict=True)):
                mem_rows.append(
                    {
                        "episode_idx": e,
                        "pid": p,
                        "buying_role": r,
                        "member_start": int(start + offsets[k]),
                        "member_end": end,
                    }
                )

    episodes = pd.DataFrame(
        ep_rows,
        columns=[
            "episode_idx",
            "episode_id",
            "account_idx",
            "start_at",
            "end_at",
            "ramp_weeks",
            "team_size",
            "plans_opportunity",
            "opp_created_at",
            "planned_outcome",
        ],
    )
    episodes = episodes.astype(
        {
            "episode_idx": np.int64,
            "account_idx": np.int64,
            "start_at": np.int64,
            "end_at": np.int64,
            "ramp_weeks": np.int64,
            "team_size": np.int64,
            "plans_opportunity": bool,
            "opp_created_at": np.int64,
        }
    )
    members = pd.DataFrame(
        mem_rows, columns=["episode_idx", "pid", "buying_role", "member_start", "member_end"]
    ).astype({"episode_idx": np.int64, "pid": np.int64, "member_start": np.int64, "member_end": np.int64})
    m = len(members)
    role = members["buying_role"].to_numpy()
    members["intensity"] = rng.lognormal(0.0, 0.5, m) * np.where(
        np.isin(role, ["champion", "technical_evaluator"]), 1.6, 1.0
    )
    members["ch_web"] = rng.random(m) < 0.85
    members["ch_email"] = rng.random(m) < 0.5
    members["ch_form"] = rng.random(m) < np.where(role == "champion", 0.6, 0.15)
    members["ch_webinar"] = rng.random(m) < 0.2
    members["ch_event"] = rng.random(m) < 0.08
    # an opportunity at an account outside the CRM needs a lead to convert: a form fill
    if m:
        in_crm = accounts["in_crm"].to_numpy()[episodes["account_idx"].to_numpy()]
        needs_form = (~in_crm & episodes["plans_opportunity"].to_numpy())[members["episode_idx"].to_numpy()]
        ep_first = members.groupby("episode_idx").cumcount().to_numpy() == 0
        is_ch = role == "champion"
        has_ch = (
            members.groupby("episode_idx")["buying_role"]
            .transform(lambda s: (s == "champion").any())
            .to_numpy()
        )
        members["ch_form"] = members["ch_form"].to_numpy() | (needs_form & (is_ch | (~has_ch & ep_first)))
        members["ch_web"] = members["ch_web"].to_numpy() | members["ch_form"].to_numpy()
    if cfg.never_identify_share is not None and m:
        _never_identify(cfg, members, needs_form & (is_ch | (~has_ch & ep_first)))
    members["ocr_only"] = ~(members[["ch_web", "ch_email", "ch_form", "ch_webinar", "ch_event"]].any(axis=1))

    # lone researchers at accounts without an episode
    no_ep = ok & ~has_ep
    res_acc = np.flatnonzero(no_ep & (rng.random(n_acc) < cfg.active_individual_share))
    res_rows = []
    for a in res_acc.tolist():
        cand = order[first[a] : last[a]]
        p = int(cand[rng.integers(0, len(cand))])
        s = cfg.t0 + int(rng.random() * max(cfg.days - 14, 1) * DAY)
        res_rows.append({"pid": p, "start_at": s, "end_at": s + int(rng.integers(10, 30)) * DAY})
    researchers = pd.DataFrame(res_rows, columns=["pid", "start_at", "end_at"]).astype(np.int64)
    return Episodes(episodes=episodes, members=members, researchers=researchers)


# Size bands of the ``bands`` team-size law: (employees below, team size).
_SIZE_BANDS = ((200, 5.0), (1_000, 9.0), (5_000, 14.0))
_LARGEST_BAND_TEAM = 20.0


def _team_size_variant(
    cfg: WorldConfig, rng: np.random.Generator, employees: int, jitter: float
) -> tuple[float, float]:
    """The (base size, multiplier) of a team under a variant team-size law (WorldConfig)."""
    if cfg.team_size_law == "log_noisy":
        return 1.2 + 1.3 * float(np.log(max(employees, 1))), float(rng.lognormal(0.0, 0.35))
    for below, size in _SIZE_BANDS:
        if employees < below:
            return size, jitter
    return _LARGEST_BAND_TEAM, jitter


def _arrival_variant(arrival: str, ramp_weeks: int, lag_days: int, lag: int) -> tuple[int, int]:
    """The ramp (weeks) and opportunity lag (seconds) under a team-arrival variant.

    The demo's draws are kept and mapped, so no extra random numbers are needed: ``slow``
    maps the lag's 14..56 days onto 35..49 (the opportunity about six weeks in); ``fast``
    makes every member show up within two weeks.
    """
    if arrival == "slow":
        return ramp_weeks, (35 + round((lag_days - 14) / 3)) * DAY + lag % DAY
    if arrival == "fast":
        return 2, lag
    return ramp_weeks, lag


def _never_identify(cfg: WorldConfig, members: pd.DataFrame, must_fill_form: np.ndarray) -> None:
    """Make ``never_identify_share`` of the team web-only visitors who never identify.

    Members who must fill a form (the account is outside the CRM and the opportunity needs a
    converted lead) are spared. The world also never stitches their devices (world.py).
    """
    rng = child_rng(cfg.seed, "variant-never-identify")
    hidden = (rng.random(len(members)) < float(cfg.never_identify_share)) & ~must_fill_form
    members["never_identifies"] = hidden
    for channel in ("ch_email", "ch_form", "ch_webinar", "ch_event"):
        members[channel] = members[channel].to_numpy() & ~hidden
    members["ch_web"] = members["ch_web"].to_numpy() | hidden
