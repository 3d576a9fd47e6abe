"""One row per account and week: the buying team seen, the team probably engaged but not
seen yet, the team an account of its kind usually has, and the estimate that combines
them (docs/team_size.md). A thin adapter: it loads its ref, reads its parameters from the
model config (set from vars in the YAML), and calls the pure kernel
emergence.scoring.estimate_team_size."""

from emergence.scoring import estimate_team_size, typed_frame
from emergence.scoring.team_size import OUTPUT_DTYPES as ESTIMATE_DTYPES

# Typed, so that an empty table keeps its column types (the YAML's data_type).
OUTPUT_DTYPES = {
    "account_week_key": "string",
    "account_key": "string",
    "week_start": "datetime64[us]",
    "size_band": "string",
    "industry": "string",
    "known_seen": "Int64",
    "anonymous_seen": "Int64",
    "q1": "Int64",
    "q2": "Int64",
    "seen": "float64",
    "unseen": "float64",
    "unseen_low": "float64",
    "unseen_high": "float64",
    "expected_team_size": "float64",
    **ESTIMATE_DTYPES,
    "roles_seen": "Int64",
    "required_roles": "Int64",
    "role_coverage": "float64",
    "roles_seen_list": "string",
}


def model(dbt, session):
    dbt.config(materialized="table")
    counts = dbt.ref("int_buying_team__window_counts").df()
    for column in ["known_seen", "anonymous_seen", "q1", "q2"]:
        counts[column] = counts[column].fillna(0).astype("int64")
    estimates = estimate_team_size(
        counts,
        occasions=int(dbt.config.get("team_capture_occasions")),
        prior_strength=float(dbt.config.get("team_prior_strength")),
        min_known_people=int(dbt.config.get("team_min_known_people")),
        confidence=float(dbt.config.get("team_interval_confidence")),
    )
    return typed_frame(estimates, OUTPUT_DTYPES)
