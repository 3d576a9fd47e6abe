"""Social breadcrumbs that are not web visits: LinkedIn lead gen form fills, as Marketo's
LinkedIn LaunchPoint service records them (Fill Out LinkedIn Lead Gen Form activities).

Social visits are drawn with the other visits (``web.WebEmitter``). Every draw here comes
from a stream of its own, so the rest of the world is as it would be without them.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from . import vocab
from ._util import NEVER, arrow_table, child_rng, ts_array
from .config import WorldConfig
from .lifecycle import Records
from .marketo import ActivityIds, activity_ids, row_ids, synced
from .truth import TouchBuilder
from .writer import TableWriter

LINKEDIN_FORM_ID = 4001  # the lead gen form's id in Marketo (the primary attribute value id)


def linkedin_form_fillers(
    cfg: WorldConfig, rec: Records, mem_start: np.ndarray, mem_end: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The buying-team members known to Marketo who submit a LinkedIn lead gen form while
    in market (``vocab.LINKEDIN_FORM_SHARE`` of them), and when: (person indices, seconds)."""
    rng = child_rng(cfg.seed, "linkedin_forms")
    lo = np.maximum(mem_start, rec.mk_created)
    hi = np.minimum(mem_end, cfg.t1 - 1)
    known = (rec.mk_id >= 0) & (mem_start < NEVER) & (rec.mk_created < NEVER) & (lo < hi)
    picked = known & (rng.random(len(known)) < vocab.LINKEDIN_FORM_SHARE)
    pid = np.flatnonzero(picked)
    at = lo[pid] + (rng.random(len(pid)) * (hi[pid] - lo[pid])).astype(np.int64)
    return pid, at


def emit_linkedin_form_fills(
    cfg: WorldConfig,
    w: TableWriter,
    rec: Records,
    mem_start: np.ndarray,
    mem_end: np.ndarray,
    ids: ActivityIds,
    touches: TouchBuilder,
) -> None:
    """marketo.activity_fill_out_linkedin_lead_gen_form, and each fill as a social touch."""
    pid, at = linkedin_form_fillers(cfg, rec, mem_start, mem_end)
    if not len(pid):
        return
    n = len(pid)
    rng = child_rng(cfg.seed, "linkedin_forms_sync")
    act = ids.take(n)
    campaign = rng.integers(0, len(vocab.LINKEDIN_LEAD_GEN_CAMPAIGNS), n)
    w.append(
        "marketo",
        "activity_fill_out_linkedin_lead_gen_form",
        arrow_table(
            {
                "id": activity_ids(act),
                "lead_id": rec.mk_id[pid],
                "activity_date": ts_array(at),
                "primary_attribute_value": np.full(n, vocab.LINKEDIN_LEAD_GEN_FORM, dtype=object),
                "primary_attribute_value_id": np.full(n, LINKEDIN_FORM_ID, dtype=np.int64),
                "lead_gen_campaign_name": np.array(vocab.LINKEDIN_LEAD_GEN_CAMPAIGNS, dtype=object)[campaign],
                "lead_gen_creative_id": np.array([f"{9_100_000 + c}" for c in campaign], dtype=object),
                "lead_gen_account_name": np.full(n, vocab.VENDOR_NAME, dtype=object),
                "_fivetran_synced": ts_array(synced(rng, at)),
            }
        ),
    )
    network = pa.array(["linkedin"] * n, type=pa.string())
    touches.add(
        "marketo",
        "activity_fill_out_linkedin_lead_gen_form",
        row_ids(act),
        pid,
        at,
        social_network=network,
    )
