"""One row per account and week: the buying team seen, the team probably engaged but not
seen yet, the team an account of its kind usually has, and the estimate that combines
them (docs/team_size.md). A thin adapter: it loads its ref, reads its parameters from the
model config (set from vars in the YAML), and calls the pure kernel
emergence.scoring.estimate_team_size."""

from emergence.scoring import estimate_team_size

OUTPUT_COLUMNS = [
    "account_week_key",
    "account_key",
    "week_start",
    "size_band",
    "industry",
    "known_seen",
    "anonymous_seen",
    "q1",
    "q2",
    "seen",
    "unseen",
    "unseen_low",
    "unseen_high",
    "expected_team_size",
    "estimated_team_size",
    "estimated_low",
    "estimated_high",
    "estimate_method",
    "roles_seen",
    "required_roles",
    "role_coverage",
    "roles_seen_list",
]


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
    return estimates[OUTPUT_COLUMNS]
