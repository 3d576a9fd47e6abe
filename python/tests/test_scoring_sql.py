"""The SQL twins of the scoring kernels against the kernels themselves, row by row.

Engines that run no dbt Python models score with the macros emergence_score and
team_size_estimates (DECISIONLOG.md, "Scoring in SQL"). The Python kernels stay the
reference: here thousands of random rows, drawn to hit the edges (nobody engaged, one
person, ties between factors, tier and ceiling boundaries, unknown, zero and infinite
momentum, ratios whose one decimal is a near tie, missing and fractional team sizes,
capture-recapture too thin or without anyone seen twice), under random parameter sets,
are scored by the kernel and by the macro compiled by dbt and run in DuckDB. Floats agree
within 1e-9 (relative above 1), tiers, methods and explanations exactly.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
import yaml
from dbt_world import BuiltWarehouse, build, generate, world_path

from emergence.paths import project_dir
from emergence.scoring import EmergenceParams, estimate_team_size, score_emergence
from emergence.scoring.emergence import FACTOR_COLUMNS, INPUT_COLUMNS, TIERS, WEIGHT_NAMES
from emergence.scoring.parameters import params_from_table, table_from_params
from emergence.scoring.team_size import INPUT_COLUMNS as TEAM_INPUT_COLUMNS
from emergence.scoring.team_size import OUTPUT_COLUMNS as TEAM_OUTPUT_COLUMNS

pytestmark = pytest.mark.own_world

TOLERANCE = 1e-9
ROWS_PER_SET = 2000
# The compiled queries read these relations, which each case registers in DuckDB.
EMERGENCE_SQL = """
with inputs as (select * from scoring_inputs),
parameters as (
    {{ emergence.emergence_parameters('scoring_parameter_rows', var('emergence_parameter_set')) }}
)
select * from ({{ emergence.emergence_score('inputs', 'parameters', carry=['row_id']) }}) as scored
"""
TEAM_SQL = "{{ emergence.team_size_estimates('team_inputs', 'team_parameters', carry=['row_id']) }}"
# Ratios whose one-decimal form is a tie or a near tie (1.05 is stored above 1.05, 0.15
# below 0.15): a rounding of the product x * 10 would write them differently from Python.
NEAR_TIES = [1.05, 0.15, 0.95, 0.25, 0.45, 2.675, 0.05, 1.0, 1.04, 0.96, 9.95, 1.25]


def project_vars() -> dict:
    return yaml.safe_load((Path(project_dir()) / "dbt_project.yml").read_text())["vars"]


def windows() -> dict[str, int]:
    """The windows the compiled SQL reads from the vars, as the Python model passes them."""
    found = project_vars()
    return {
        "persistence_weeks": int(found["emergence_persistence_weeks"]),
        "concurrency_window_days": int(found["concurrency_window_days"]),
        "recent_window_days": int(found["emergence_recent_window_days"]),
    }


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Each macro compiled by dbt on the project's own vars, as SQL DuckDB runs."""
    work = tmp_path_factory.mktemp("scoring_sql")
    database = world_path(work, "compile")
    return {
        name: build(database, work, args=["compile", "--quiet", "--inline", sql]).result.stdout
        for name, sql in {"emergence": EMERGENCE_SQL, "team": TEAM_SQL}.items()
    }


def run_sql(sql: str, relations: dict[str, pd.DataFrame]) -> pd.DataFrame:
    with duckdb.connect() as con:
        for name, frame in relations.items():
            con.register(name, frame)
        return con.execute(sql).df()


def as_sql_nulls(frame: pd.DataFrame) -> pd.DataFrame:
    """NaN as SQL null, as the warehouse holds a missing value (the kernels read NaN)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == np.float64:
            out[column] = out[column].astype("Float64")
    return out


def assert_rows_agree(
    expected: pd.DataFrame, actual: pd.DataFrame, floats: list[str], exact: list[str]
) -> None:
    """Same row ids; floats within the tolerance (NaN only with NaN); the rest identical."""
    assert sorted(actual["row_id"]) == sorted(expected["row_id"])
    merged = expected.merge(actual, on="row_id", suffixes=("", "_sql"))
    problems = []
    for column in floats:
        want = merged[column].to_numpy(dtype=np.float64)
        got = pd.to_numeric(merged[f"{column}_sql"]).to_numpy(dtype=np.float64, na_value=np.nan)
        both_nan = np.isnan(want) & np.isnan(got)
        with np.errstate(invalid="ignore"):
            close = np.abs(want - got) <= TOLERANCE * np.maximum(1.0, np.abs(want))
        bad = ~(both_nan | close | (want == got))
        problems += [
            f"{column} row {r}: {w!r} vs {g!r}"
            for r, w, g in zip(merged["row_id"][bad], want[bad], got[bad], strict=True)
        ]
    for column in exact:
        bad = merged[column].astype(str) != merged[f"{column}_sql"].astype(str)
        problems += [
            f"{column} row {r}: {w!r} vs {g!r}"
            for r, w, g in merged.loc[bad, ["row_id", column, f"{column}_sql"]].itertuples(index=False)
        ]
    assert not problems, f"{len(problems)} disagreements, first: " + "\n".join(problems[:10])


# --- the emergence score ---------------------------------------------------------------------


def random_params(rng: np.random.Generator) -> EmergenceParams:
    """A valid parameter set; weights from a short list, so that factors tie on points."""
    weights = rng.choice([0.0, 0.1, 0.25, 0.25, rng.uniform(0, 1)], size=7)
    weights[rng.integers(0, 7)] += 0.1  # never all zero
    return EmergenceParams(
        default_team_size=float(rng.choice([8.0, 3.5, 12.25, 1.0])),
        full_diversity_functions=int(rng.integers(1, 6)),
        diversity_role_weight=float(rng.choice([0.0, 0.5, 1.0, rng.uniform(0, 1)])),
        momentum_slope=float(rng.choice([1.5, 0.5, 3.0, rng.uniform(0.1, 4)])),
        min_people_for_full_score=int(rng.integers(2, 7)),
        molecule_max_score=float(rng.choice([0.0, 15.0, 37.5, 100.0, rng.uniform(0, 100)])),
        stream_share=float(rng.choice([0.25, 0.5, 1.0, rng.uniform(0.01, 1)])),
        river_share=float(rng.choice([0.5, 0.25, 1.0, rng.uniform(0.01, 1)])),
        # 15 and 57.5 are ceilings the default gate gives one and two people: scores on the line.
        river_min_score=float(rng.choice([0.0, 15.0, 20.0, 57.5, 100.0])),
        **{f"weight_{name}": float(w) for name, w in zip(WEIGHT_NAMES, weights, strict=True)},
        **windows(),
    )


def random_momentum(rng: np.random.Generator, n: int) -> np.ndarray:
    kinds = rng.choice(6, size=n, p=[0.15, 0.05, 0.03, 0.2, 0.27, 0.3])
    ratios = rng.integers(0, 41, size=n) / rng.integers(1, 21, size=n)
    return np.select(
        [kinds == 0, kinds == 1, kinds == 2, kinds == 3, kinds == 4],
        [np.nan, 0.0, np.inf, rng.choice(NEAR_TIES, size=n), ratios],
        rng.lognormal(0, 1.5, size=n),
    )


def random_team_sizes(rng: np.random.Generator, n: int) -> np.ndarray:
    kinds = rng.choice(5, size=n, p=[0.15, 0.05, 0.45, 0.2, 0.15])
    return np.select(
        [kinds == 0, kinds == 1, kinds == 2, kinds == 3],
        [
            np.nan,
            rng.choice([0.0, 0.5], size=n),
            rng.integers(1, 31, size=n),
            rng.integers(4, 120, size=n) / 4,
        ],
        np.exp(rng.uniform(0, np.log(99999), size=n)) * rng.choice([1.0, 1 / 3], size=n),
    )


def random_inputs(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """Input rows: few people most of the time (the ceiling, molecules, drops), some crowds."""
    people = np.where(rng.random(n) < 0.6, rng.integers(0, 5, size=n), rng.integers(0, 61, size=n))
    subset = {
        c: rng.integers(0, people + 1) for c in ["engaged_functions", "concurrent_people", "deep_people"]
    }
    # Equal counts make equal factors: ties that the explanation breaks by factor order.
    recent = np.where(rng.random(n) < 0.3, subset["deep_people"], rng.integers(0, people + 1))
    roles = np.select(
        [rng.random(n) < 0.1, rng.random(n) < 0.5],
        [np.nan, rng.integers(0, 7, size=n) / 6],
        rng.uniform(0, 1, size=n),
    )
    frame = pd.DataFrame(
        {
            **_row_keys(n),
            "engaged_people": people,
            **subset,
            "recent_people": recent,
            "momentum": random_momentum(rng, n),
            "active_weeks": rng.integers(0, 7, size=n),
            "role_coverage": roles,
            "expected_team_size": random_team_sizes(rng, n),
        }
    )
    return frame[["row_id", *INPUT_COLUMNS]]


def score_both(
    compiled: dict[str, str], inputs: pd.DataFrame, table: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    set_name = str(project_vars()["emergence_parameter_set"])
    table = table.assign(parameter_set=set_name)
    python = score_emergence(inputs, params_from_table(table, set_name, windows()))
    sql = run_sql(
        compiled["emergence"], {"scoring_inputs": as_sql_nulls(inputs), "scoring_parameter_rows": table}
    )
    return python, sql


def test_emergence_sql_agrees_with_the_kernel_on_random_rows(compiled: dict[str, str]) -> None:
    rng = np.random.default_rng(19)
    seen = {"tiers": set(), "gated": 0, "ungated": 0, "default_team": 0, "river_on_the_line": 0}
    words = ("flat", "rising ", "falling", "from nothing", "no earlier", "no engaged people")
    for _ in range(6):
        params = random_params(rng)
        python, sql = score_both(
            compiled, random_inputs(rng, ROWS_PER_SET), table_from_params(params, "x", {})
        )
        assert_rows_agree(
            python,
            sql,
            floats=[*FACTOR_COLUMNS, "emergence_score"],
            exact=["tier", "explanation", "account_key"],
        )
        seen["tiers"] |= set(python["tier"])
        held = python["explanation"].str.contains("score held down")
        seen["gated"] += int(held.sum())
        seen["ungated"] += int((~held & (python["engaged_people"] > 0)).sum())
        seen["default_team"] += int(python["explanation"].str.contains(r"\(default\)").sum())
        on_line = (python["emergence_score"] == params.river_min_score) & (python["tier"] == "river")
        seen["river_on_the_line"] += int(on_line.sum())
        seen |= {w: seen.get(w, 0) + int(python["explanation"].str.contains(w).sum()) for w in words}
    # The draws reach every edge they are meant to: otherwise the agreement proves less.
    assert seen.pop("tiers") == set(TIERS)
    assert all(count > 0 for count in seen.values()), seen


def test_emergence_sql_agrees_on_the_seed_set(compiled: dict[str, str]) -> None:
    seed = pd.read_csv(Path(project_dir()) / "seeds" / "scoring" / "scoring_parameters.csv")
    set_name = str(project_vars()["emergence_parameter_set"])
    rows = seed[seed["parameter_set"] == set_name].drop(columns="parameter_set")
    python, sql = score_both(compiled, random_inputs(np.random.default_rng(7), ROWS_PER_SET), rows)
    assert_rows_agree(python, sql, floats=[*FACTOR_COLUMNS, "emergence_score"], exact=["tier", "explanation"])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t[t["parameter"] != "momentum_slope"], "must hold each of"),
        (lambda t: pd.concat([t, t.head(1)]), "must hold each of"),
        (lambda t: pd.concat([t, t.head(1).assign(parameter="weight_unknown")]), "must hold each of"),
        (
            lambda t: t.assign(value=np.where(t["parameter"] == "river_share", 1.5, t["value"])),
            "out of its range",
        ),
        (
            lambda t: t.assign(value=np.where(t["parameter"].str.startswith("weight_"), 0.0, t["value"])),
            "out of its range",
        ),
    ],
)
def test_emergence_sql_refuses_a_broken_parameter_set(compiled: dict[str, str], change, message: str) -> None:
    params = random_params(np.random.default_rng(3))
    table = change(table_from_params(params, str(project_vars()["emergence_parameter_set"]), {}))
    with pytest.raises(duckdb.Error, match=message):
        run_sql(
            compiled["emergence"],
            {"scoring_inputs": random_inputs(np.random.default_rng(1), 5), "scoring_parameter_rows": table},
        )


# --- the team size ---------------------------------------------------------------------------


def _row_keys(n: int) -> dict:
    """The key columns both kernels' random inputs share: one account per row, one week."""
    return {
        "row_id": np.arange(n),
        "account_key": [f"acc{i}" for i in range(n)],
        "week_start": pd.Timestamp("2026-01-05").date(),
    }


def random_team_inputs(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """Counts with q1 + q2 <= known: nobody, too few known people, nobody seen twice, crowds."""
    known = np.where(rng.random(n) < 0.5, rng.integers(0, 6, size=n), rng.integers(0, 80, size=n))
    q1 = rng.integers(0, known + 1)
    q2 = np.where(rng.random(n) < 0.3, 0, rng.integers(0, known - q1 + 1))
    anonymous = np.where(rng.random(n) < 0.4, 0, rng.integers(0, 40, size=n))
    frame = pd.DataFrame(
        {
            **_row_keys(n),
            "known_seen": known,
            "anonymous_seen": anonymous,
            "q1": q1,
            "q2": q2,
            "expected_team_size": random_team_sizes(rng, n),
        }
    )
    return frame[["row_id", *TEAM_INPUT_COLUMNS]]


@pytest.mark.parametrize(
    ("occasions", "prior_strength", "min_known_people", "confidence"),
    [(5, 4.0, 2, 0.9), (2, 0.0, 0, 0.5), (8, 0.5, 5, 0.99), (3, 10.0, 1, 0.999999), (5, 4.0, 2, 0.2)],
)
def test_team_size_sql_agrees_with_the_kernel_on_random_rows(
    compiled: dict[str, str], occasions: int, prior_strength: float, min_known_people: int, confidence: float
) -> None:
    inputs = random_team_inputs(np.random.default_rng(occasions * 100 + min_known_people), ROWS_PER_SET)
    python = estimate_team_size(
        inputs,
        occasions=occasions,
        prior_strength=prior_strength,
        min_known_people=min_known_people,
        confidence=confidence,
    )
    parameters = pd.DataFrame(
        [
            {
                "occasions": occasions,
                "prior_strength": prior_strength,
                "min_known_people": min_known_people,
                "confidence": confidence,
            }
        ],
        dtype="float64",
    )
    sql = run_sql(compiled["team"], {"team_inputs": as_sql_nulls(inputs), "team_parameters": parameters})
    assert_rows_agree(python, sql, floats=list(TEAM_OUTPUT_COLUMNS[:-1]), exact=["estimate_method"])
    assert set(python["estimate_method"]) == {"chao2", "chao2_bias_corrected", "prior_only"}


# --- the SQL path end to end -----------------------------------------------------------------


@pytest.fixture(scope="module")
def sql_scored(tmp_path_factory: pytest.TempPathFactory) -> BuiltWarehouse:
    """The small world built as an engine without Python models builds it: DuckDB taken
    out of emergence_python_adapters, so the SQL twins take the marts' names."""
    work = tmp_path_factory.mktemp("sql_scored")
    database = generate(world_path(work, "sql_scored"))
    return build(database, work / "sql_scored", dbt_vars={"emergence_python_adapters": []})


def test_without_python_models_the_sql_twins_are_the_marts(sql_scored: BuiltWarehouse) -> None:
    manifest = json.loads((sql_scored.target / "manifest.json").read_text())
    paths = {
        node["name"]: node["original_file_path"]
        for node in manifest["nodes"].values()
        if node["name"] in {"fct_account_emergence", "fct_buying_team_estimates"}
    }
    assert set(paths) == {"fct_account_emergence", "fct_buying_team_estimates"}
    assert all("/sql_scoring/" in path and path.endswith(".sql") for path in paths.values()), paths
    schemas = {
        schema
        for (schema,) in sql_scored.query("select distinct table_schema from information_schema.tables")
    }
    assert "scoring_reference" not in schemas
    # The models that ref the marts built on them.
    (tier_changes,) = sql_scored.query("select count(*) from marts.fct_account_tier_changes")[0]
    assert tier_changes > 0


def test_without_python_models_the_marts_equal_the_kernels(sql_scored: BuiltWarehouse) -> None:
    with duckdb.connect(str(sql_scored.database), read_only=True) as con:
        counts = con.execute("select * from intermediate.int_buying_team__window_counts").df()
        inputs = con.execute("select * from intermediate.int_emergence__inputs").df()
        table = con.execute("select * from reference.scoring_parameters").df()
        teams = con.execute("select * from marts.fct_buying_team_estimates").df()
        scored = con.execute("select * from marts.fct_account_emergence").df()
    found = project_vars()
    python_teams = estimate_team_size(
        counts,
        occasions=int(found["team_capture_occasions"]),
        prior_strength=float(found["team_prior_strength"]),
        min_known_people=int(found["team_min_known_people"]),
        confidence=float(found["team_interval_confidence"]),
    )
    keyed = {"row_id": lambda frame: frame["account_week_key"]}
    assert_rows_agree(
        python_teams.assign(**keyed),
        teams.assign(**keyed),
        floats=list(TEAM_OUTPUT_COLUMNS[:-1]),
        exact=["estimate_method"],
    )
    python_scores = score_emergence(
        inputs, params_from_table(table, str(found["emergence_parameter_set"]), windows())
    )
    python_scores["row_id"] = (
        python_scores["account_key"] + ":" + python_scores["week_start"].astype(str).str[:10]
    )
    assert_rows_agree(
        python_scores,
        scored.assign(row_id=scored["account_week_key"]),
        floats=[*FACTOR_COLUMNS, "emergence_score"],
        exact=["tier", "explanation"],
    )
    assert len(scored) > 100 and set(scored["tier"]) >= {"molecule", "drop"}
