"""The funnel truth: what the generator planned, counted the way fct_lead_funnel counts."""

from __future__ import annotations

import numpy as np
import pytest

from emergence.synth._util import NEVER
from emergence.synth.truth import funnel_truth, wilson_interval

JAN = 1_767_225_600  # 2026-01-01 00:00 UTC
FEB = 1_769_904_000  # 2026-02-01 00:00 UTC


def test_funnel_truth_counts_every_stage_a_lead_reached() -> None:
    created = np.array([JAN, JAN + 3600, JAN + 7200, FEB, NEVER])
    final = np.array(
        ["Recycled/Nurture", "Open - Not Contacted", "Working - Contacted", "Closed - Converted", None],
        dtype=object,
    )
    planned = [
        (0, ("Marketing Qualified", "Working - Contacted", "Closed - Not Converted", "Recycled/Nurture")),
        (3, ("Marketing Qualified", "Sales Accepted", "Sales Qualified", "Closed - Converted")),
        (4, ("Marketing Qualified",)),  # never became a Salesforce lead: not counted
    ]
    rows = funnel_truth(created, final, planned)
    got = {
        (str(r.cohort_month), r.from_stage, r.to_stage): (r.entered, r.converted) for r in rows.itertuples()
    }
    assert got == {
        # January: three leads; 0 planned an MQL, 2 sits in "Working - Contacted" (an MQL)
        ("2026-01-01", "inquiry", "mql"): (3, 2),
        ("2026-01-01", "mql", "sal"): (2, 0),
        # February: one lead planned all the way to conversion
        ("2026-02-01", "inquiry", "mql"): (1, 1),
        ("2026-02-01", "mql", "sal"): (1, 1),
        ("2026-02-01", "sal", "sql"): (1, 1),
        ("2026-02-01", "sql", "opportunity"): (1, 1),
    }
    assert (rows["low"] <= rows["intended_rate"]).all() and (rows["intended_rate"] <= rows["high"]).all()


def test_wilson_interval_narrows_with_more_leads() -> None:
    small = wilson_interval(5, 10)
    large = wilson_interval(500, 1000)
    assert small[0] < large[0] < 0.5 < large[1] < small[1]
    assert wilson_interval(0, 0) == (0.0, 1.0)
    low, high = wilson_interval(10, 10)
    assert high == pytest.approx(1.0) and low > 0.6
