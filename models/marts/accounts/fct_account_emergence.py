"""One row per account and week: the emergence score (0-100), the tier (molecule, drop,
stream, river) and the two or three factors that moved the score most, in words a
marketer reads (docs/emergence_score.md). A thin adapter: it loads its refs, reads the
score's parameters from the scoring_parameters seed (the set named by the var
emergence_parameter_set) and the input windows from the model config (set from vars in
the YAML; Python models cannot call var()), and calls emergence.scoring.score_emergence."""

from emergence.scoring import score_emergence
from emergence.scoring.parameters import params_from_table

OUTPUT_COLUMNS = [
    "account_week_key",
    "account_key",
    "week_start",
    "engaged_people",
    "engaged_functions",
    "concurrent_people",
    "deep_people",
    "recent_people",
    "momentum",
    "active_weeks",
    "role_coverage",
    "expected_team_size",
    "breadth",
    "diversity",
    "concurrency",
    "momentum_factor",
    "persistence",
    "depth",
    "recency",
    "emergence_score",
    "tier",
    "explanation",
    "parameter_set",
]


def model(dbt, session):
    dbt.config(materialized="table")
    inputs = dbt.ref("int_emergence__inputs").df()
    parameters = dbt.ref("scoring_parameters").df()
    # dbt reads config keys statically, so each setting is named here once.
    parameter_set = str(dbt.config.get("emergence_parameter_set"))
    windows = {
        "persistence_weeks": int(float(dbt.config.get("emergence_persistence_weeks"))),
        "concurrency_window_days": int(float(dbt.config.get("emergence_concurrency_window_days"))),
        "recent_window_days": int(float(dbt.config.get("emergence_recent_window_days"))),
    }
    params = params_from_table(parameters, parameter_set, windows)
    scored = score_emergence(inputs, params)
    scored["account_week_key"] = scored["account_key"] + ":" + scored["week_start"].astype(str)
    scored["parameter_set"] = parameter_set
    return scored[OUTPUT_COLUMNS]
