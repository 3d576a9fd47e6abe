"""Ground truth (schema synth_truth): what really happened, for tests and validation only."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from . import vocab
from ._util import NEVER, arrow_table, date_array, dict_strings, ts_array
from .writer import TableWriter

TRUTH_SCHEMA: dict[str, list[tuple[str, str]]] = {
    "accounts": [
        ("truth_account_id", "VARCHAR"),
        ("domain", "VARCHAR"),
        ("name", "VARCHAR"),
        ("employees", "BIGINT"),
        ("industry", "VARCHAR"),
        ("region", "VARCHAR"),
        ("country", "VARCHAR"),
        ("annual_revenue", "DOUBLE"),
        ("in_crm", "BOOLEAN"),
        ("sfdc_account_id", "VARCHAR"),
        ("crm_via_conversion", "BOOLEAN"),
        ("is_customer", "BOOLEAN"),
        ("is_competitor", "BOOLEAN"),
        ("expected_team_size", "DOUBLE"),
    ],
    "episodes": [
        ("episode_id", "VARCHAR"),
        ("truth_account_id", "VARCHAR"),
        ("start_date", "DATE"),
        ("end_date", "DATE"),
        ("start_at", "TIMESTAMP"),
        ("end_at", "TIMESTAMP"),
        ("team_size", "BIGINT"),
        ("opened_opportunity", "BOOLEAN"),
        ("opportunity_id", "VARCHAR"),
        ("opportunity_created_date", "TIMESTAMP"),
        ("is_won", "BOOLEAN"),
        ("amount", "DOUBLE"),
        ("opportunity_lead_source", "VARCHAR"),
    ],
    "people": [
        ("truth_person_id", "VARCHAR"),
        ("truth_account_id", "VARCHAR"),
        ("email", "VARCHAR"),
        ("first_name", "VARCHAR"),
        ("last_name", "VARCHAR"),
        ("title", "VARCHAR"),
        ("function", "VARCHAR"),
        ("seniority", "VARCHAR"),
        ("buying_role", "VARCHAR"),
        ("episode_id", "VARCHAR"),
        ("noise_kind", "VARCHAR"),
        ("left_company_at", "TIMESTAMP"),
        ("marketo_lead_id", "BIGINT"),
        ("sfdc_lead_id", "VARCHAR"),
        ("sfdc_contact_id", "VARCHAR"),
        ("anonymous_ids", "VARCHAR"),
        ("segment_user_id", "VARCHAR"),
    ],
    "team_members": [
        ("episode_id", "VARCHAR"),
        ("truth_person_id", "VARCHAR"),
        ("buying_role", "VARCHAR"),
        ("member_start_at", "TIMESTAMP"),
        ("member_end_at", "TIMESTAMP"),
    ],
    "touches": [
        ("source_system", "VARCHAR"),
        ("source_table", "VARCHAR"),
        ("source_row_id", "VARCHAR"),
        ("truth_account_id", "VARCHAR"),
        ("truth_person_id", "VARCHAR"),
        ("occurred_at", "TIMESTAMP"),
        ("is_in_market", "BOOLEAN"),
        ("social_network", "VARCHAR"),
    ],
    "funnel_rates": [
        ("cohort_month", "DATE"),
        ("from_stage", "VARCHAR"),
        ("to_stage", "VARCHAR"),
        ("entered", "BIGINT"),
        ("converted", "BIGINT"),
        ("intended_rate", "DOUBLE"),
        ("low", "DOUBLE"),
        ("high", "DOUBLE"),
    ],
    "dirty_rows": [
        ("source_system", "VARCHAR"),
        ("source_table", "VARCHAR"),
        ("row_id", "VARCHAR"),
        ("dirty_kind", "VARCHAR"),
        ("detail", "VARCHAR"),
    ],
}


class TouchBuilder:
    """Writes synth_truth.touches rows as raw interaction rows are generated."""

    def __init__(
        self,
        w: TableWriter,
        people: pd.DataFrame,
        accounts: pd.DataFrame,
        mem_start: np.ndarray,
        mem_end: np.ndarray,
    ) -> None:
        self.w = w
        self.person_ids = people["truth_person_id"].to_numpy()
        self.acc = people["account_idx"].to_numpy()
        self.account_ids = accounts["truth_account_id"].to_numpy()
        self.mem_start = mem_start
        self.mem_end = mem_end

    def add(
        self,
        system: str,
        table: str,
        row_ids: pa.Array | np.ndarray,
        pid: np.ndarray,
        at: np.ndarray,
        at_is_us: bool = False,
        social_network: pa.Array | None = None,
    ) -> None:
        """Record one touch per raw row (``at`` in seconds, or microseconds when ``at_is_us``);
        ``social_network`` names the network a social touch came from (null otherwise)."""
        n = len(pid)
        if n == 0:
            return
        sec = at // 1_000_000 if at_is_us else at
        acc = self.acc[pid]
        self.w.append(
            "truth",
            "touches",
            arrow_table(
                {
                    "source_system": np.full(n, system),
                    "source_table": np.full(n, table),
                    "source_row_id": row_ids,
                    "truth_account_id": dict_strings(np.maximum(acc, 0), self.account_ids, mask=acc < 0),
                    "truth_person_id": dict_strings(pid, self.person_ids),
                    "occurred_at": pa.array(at.astype(np.int64), type=pa.timestamp("us"))
                    if at_is_us
                    else ts_array(at),
                    "is_in_market": (self.mem_start[pid] <= sec) & (sec <= self.mem_end[pid]),
                    "social_network": pa.nulls(n, pa.string()) if social_network is None else social_network,
                }
            ),
        )


def emit_truth(
    w: TableWriter,
    accounts: pd.DataFrame,
    people: pd.DataFrame,
    episodes: pd.DataFrame,
    members: pd.DataFrame,
    opps: pd.DataFrame,
    mk_id: np.ndarray,
    sfl_id: np.ndarray,
    ct_id: np.ndarray,
    t1: int,
) -> None:
    """Write truth accounts, episodes, people and team members."""
    w.append(
        "truth",
        "accounts",
        arrow_table(
            {
                "truth_account_id": accounts["truth_account_id"].to_numpy(),
                "domain": accounts["domain"].to_numpy(),
                "name": accounts["name"].to_numpy(),
                "employees": accounts["employees"].to_numpy(),
                "industry": accounts["industry"].to_numpy(),
                "region": accounts["region"].to_numpy(),
                "country": accounts["country"].to_numpy(),
                "annual_revenue": accounts["annual_revenue"].to_numpy(),
                "in_crm": accounts["in_crm"].to_numpy(dtype=bool),
                "sfdc_account_id": accounts["sfdc_account_id"].to_numpy(),
                "crm_via_conversion": accounts["crm_via_conversion"].to_numpy(dtype=bool),
                "is_customer": accounts["is_customer"].to_numpy(),
                "is_competitor": accounts["is_competitor"].to_numpy(),
                "expected_team_size": accounts["expected_team_size"].to_numpy(),
            }
        ),
    )
    acc_ids = accounts["truth_account_id"].to_numpy()
    o = (
        opps.set_index("episode_idx")
        if len(opps)
        else pd.DataFrame(columns=["id", "created_at", "is_won", "is_closed", "amount", "lead_source"])
    )
    e = episodes
    has = e["episode_idx"].isin(o.index).to_numpy()
    oo = o.reindex(e["episode_idx"].to_numpy())
    closed = oo["is_closed"].eq(True).to_numpy(dtype=bool)
    w.append(
        "truth",
        "episodes",
        arrow_table(
            {
                "episode_id": e["episode_id"].to_numpy(),
                "truth_account_id": acc_ids[e["account_idx"].to_numpy()],
                "start_date": date_array(e["start_at"].to_numpy()),
                "end_date": date_array(e["end_at"].to_numpy()),
                "start_at": ts_array(e["start_at"].to_numpy()),
                "end_at": ts_array(e["end_at"].to_numpy()),
                "team_size": e["team_size"].to_numpy(),
                "opened_opportunity": has,
                "opportunity_id": oo["id"].to_numpy(dtype=object),
                "opportunity_created_date": ts_array(
                    oo["created_at"].fillna(0).to_numpy().astype(np.int64), mask=~has
                ),
                "is_won": pa.array(oo["is_won"].eq(True).to_numpy(dtype=bool), mask=~(has & closed)),
                "amount": pa.array(oo["amount"].fillna(0).to_numpy(dtype=float), mask=~has),
                # the first touch the generator gave the opportunity: the converted lead's source, or Outbound
                "opportunity_lead_source": oo["lead_source"].to_numpy(dtype=object),
            }
        ),
    )
    n = len(people)
    ep_of = np.full(n, None, dtype=object)
    role_of = np.full(n, None, dtype=object)
    pid = members["pid"].to_numpy()
    ep_of[pid] = e["episode_id"].to_numpy()[members["episode_idx"].to_numpy()]
    role_of[pid] = members["buying_role"].to_numpy()
    acc = people["account_idx"].to_numpy()
    anon = people["anon_id_1"].to_numpy().astype(object)
    two = people["anon_id_2"].notna().to_numpy()
    anon = np.where(two, anon + "," + people["anon_id_2"].fillna("").to_numpy().astype(object), anon)
    left = people["left_at"].to_numpy()
    w.append(
        "truth",
        "people",
        arrow_table(
            {
                "truth_person_id": people["truth_person_id"].to_numpy(),
                "truth_account_id": np.where(acc >= 0, acc_ids[np.maximum(acc, 0)], None),
                "email": people["email"].to_numpy(),
                "first_name": people["first_name"].to_numpy(),
                "last_name": people["last_name"].to_numpy(),
                "title": people["title"].to_numpy(),
                "function": people["function"].to_numpy(),
                "seniority": people["seniority"].to_numpy(),
                "buying_role": role_of,
                "episode_id": ep_of,
                "noise_kind": people["noise_kind"].to_numpy(),
                "left_company_at": ts_array(np.where(left < NEVER, left, 0), mask=left >= NEVER),
                "marketo_lead_id": pa.array(mk_id, mask=mk_id < 0),
                "sfdc_lead_id": sfl_id,
                "sfdc_contact_id": ct_id,
                "anonymous_ids": anon,
                "segment_user_id": people["identified_user_id"].to_numpy(),
            }
        ),
    )
    w.append(
        "truth",
        "team_members",
        arrow_table(
            {
                "episode_id": e["episode_id"].to_numpy()[members["episode_idx"].to_numpy()],
                "truth_person_id": people["truth_person_id"].to_numpy()[pid],
                "buying_role": members["buying_role"].to_numpy(),
                "member_start_at": ts_array(members["member_start"].to_numpy()),
                "member_end_at": ts_array(members["member_end"].to_numpy()),
            }
        ),
    )
    _ = t1


def wilson_interval(converted: int, entered: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval of a rate ``converted / entered`` (0, 1 when nothing entered)."""
    if entered <= 0:
        return 0.0, 1.0
    p = converted / entered
    denom = 1 + z * z / entered
    centre = (p + z * z / (2 * entered)) / denom
    half = z * np.sqrt(p * (1 - p) / entered + z * z / (4 * entered * entered)) / denom
    return float(max(0.0, centre - half)), float(min(1.0, centre + half))


def funnel_truth(
    sfl_created: np.ndarray,
    final_status: np.ndarray,
    planned_paths: list[tuple[int, tuple[str, ...]]],
) -> pd.DataFrame:
    """The conversion the generator intended, per lead cohort month and funnel step.

    A lead reached every stage of its final status and of the path the generator planned
    for it (before the cut at the end of the period). ``from_stage -> to_stage`` counts the
    leads that reached ``from_stage`` and any later funnel stage, as fct_lead_funnel does.
    """
    order = {stage: k for k, stage in enumerate(vocab.FUNNEL_STAGES)}
    meaning = vocab.lead_status_stages()
    leads = np.flatnonzero(sfl_created < NEVER)
    reached: dict[int, set[int]] = {int(pid): {0} for pid in leads}
    for pid in leads:
        stage = meaning.get(final_status[pid])
        if stage in order:
            reached[int(pid)].add(order[stage])
    for pid, path in planned_paths:
        if pid in reached:
            reached[pid].update(order[s] for s in (meaning[x] for x in path) if s in order)
    months = pd.to_datetime(sfl_created[leads], unit="s").to_period("M").to_timestamp()
    rows = []
    frame = pd.DataFrame({"pid": leads, "cohort_month": months})
    for month, group in frame.groupby("cohort_month", sort=True):
        sets = [reached[int(pid)] for pid in group["pid"]]
        for k in range(len(vocab.FUNNEL_STAGES) - 1):
            entered = sum(1 for r in sets if k in r)
            converted = sum(1 for r in sets if k in r and max(r) > k)
            if entered == 0:
                continue
            low, high = wilson_interval(converted, entered)
            rows.append(
                (
                    month.date(),
                    vocab.FUNNEL_STAGES[k],
                    vocab.FUNNEL_STAGES[k + 1],
                    entered,
                    converted,
                    converted / entered,
                    low,
                    high,
                )
            )
    return pd.DataFrame(
        rows,
        columns=[
            "cohort_month",
            "from_stage",
            "to_stage",
            "entered",
            "converted",
            "intended_rate",
            "low",
            "high",
        ],
    )


def emit_funnel_truth(
    w: TableWriter,
    sfl_created: np.ndarray,
    final_status: np.ndarray,
    planned_paths: list[tuple[int, tuple[str, ...]]],
) -> None:
    """Write synth_truth.funnel_rates (see ``funnel_truth``)."""
    w.append("truth", "funnel_rates", funnel_truth(sfl_created, final_status, planned_paths))
