"""One row per account and week: the emergence score (0-100), the tier (molecule, drop,
stream, river) and the two or three factors that moved the score most, in words a
marketer reads (docs/emergence_score.md). A thin adapter: it loads its ref, builds the
kernel's parameters from the model config (set from vars in the YAML; Python models
cannot call var()), and calls emergence.scoring.score_emergence."""

from emergence.scoring import EmergenceParams, score_emergence, typed_frame
from emergence.scoring.emergence import OUTPUT_DTYPES as SCORE_DTYPES

# Typed, so that an empty table keeps its column types (the YAML's data_type).
OUTPUT_DTYPES = {
    "account_week_key": "string",
    "account_key": "string",
    "week_start": "datetime64[us]",
    "engaged_people": "Int64",
    "engaged_functions": "Int64",
    "concurrent_people": "Int64",
    "momentum": "float64",
    "active_weeks": "Int64",
    "role_coverage": "float64",
    "expected_team_size": "float64",
    **SCORE_DTYPES,
}


def model(dbt, session):
    dbt.config(materialized="table")
    inputs = dbt.ref("int_emergence__inputs").df()
    # dbt reads config keys statically, so each parameter is named here once.
    params = EmergenceParams(
        default_team_size=float(dbt.config.get("emergence_default_team_size")),
        full_diversity_functions=int(float(dbt.config.get("emergence_full_diversity_functions"))),
        diversity_role_weight=float(dbt.config.get("emergence_diversity_role_weight")),
        momentum_slope=float(dbt.config.get("emergence_momentum_slope")),
        persistence_weeks=int(float(dbt.config.get("emergence_persistence_weeks"))),
        concurrency_window_days=int(float(dbt.config.get("emergence_concurrency_window_days"))),
        weight_breadth=float(dbt.config.get("emergence_weight_breadth")),
        weight_diversity=float(dbt.config.get("emergence_weight_diversity")),
        weight_concurrency=float(dbt.config.get("emergence_weight_concurrency")),
        weight_momentum=float(dbt.config.get("emergence_weight_momentum")),
        weight_persistence=float(dbt.config.get("emergence_weight_persistence")),
        min_people_for_full_score=int(float(dbt.config.get("emergence_min_people_for_full_score"))),
        molecule_max_score=float(dbt.config.get("emergence_molecule_max_score")),
        stream_share=float(dbt.config.get("emergence_stream_share")),
        river_share=float(dbt.config.get("emergence_river_share")),
        river_min_functions=int(float(dbt.config.get("emergence_river_min_functions"))),
        river_min_score=float(dbt.config.get("emergence_river_min_score")),
    )
    scored = score_emergence(inputs, params)
    scored["account_week_key"] = scored["account_key"] + ":" + scored["week_start"].astype(str)
    return typed_frame(scored, OUTPUT_DTYPES)
