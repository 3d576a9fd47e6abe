"""One row per account and week: the emergence score (0-100), the tier (molecule, drop,
stream, river) and the two or three factors that moved the score most, in words a
marketer reads (docs/emergence_score.md). A thin adapter: it loads its refs, reads the
score's parameters from the scoring_parameters seed (the set named by the var
emergence_parameter_set) and the input windows from the model config (set from vars in
the YAML; Python models cannot call var()), and calls emergence.scoring.score_emergence."""

from emergence.scoring import score_emergence, typed_frame
from emergence.scoring.emergence import OUTPUT_DTYPES as SCORE_DTYPES
from emergence.scoring.parameters import params_from_table

# Typed, so that an empty table keeps its column types (the YAML's data_type).
OUTPUT_DTYPES = {
    "account_week_key": "string",
    "account_key": "string",
    "week_start": "datetime64[us]",
    "engaged_people": "Int64",
    "engaged_functions": "Int64",
    "concurrent_people": "Int64",
    "deep_people": "Int64",
    "recent_people": "Int64",
    "momentum": "float64",
    "active_weeks": "Int64",
    "role_coverage": "float64",
    "expected_team_size": "float64",
    **SCORE_DTYPES,
    "parameter_set": "string",
}


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
    return typed_frame(scored, OUTPUT_DTYPES)
