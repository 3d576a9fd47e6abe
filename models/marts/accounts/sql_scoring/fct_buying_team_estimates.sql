-- fct_buying_team_estimates on an engine that runs no dbt Python models (its target type
-- is not in the var emergence_python_adapters): the team-size estimate in SQL, under the
-- mart's own name, so every model and reader that refs it works unchanged. The Python
-- model (../fct_buying_team_estimates.py, emergence.scoring.estimate_team_size) is the
-- reference; on DuckDB this query runs as reference/fct_buying_team_estimates_sql_reference
-- and a test holds it to the Python mart on every row (DECISIONLOG.md, "Scoring in SQL").
{{ emergence.buying_team_estimates_query() }}
