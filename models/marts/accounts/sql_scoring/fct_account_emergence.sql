-- fct_account_emergence on an engine that runs no dbt Python models (its target type is
-- not in the var emergence_python_adapters): the emergence score in SQL, under the mart's
-- own name, so every model and reader that refs it works unchanged. The Python model
-- (../fct_account_emergence.py, emergence.scoring.score_emergence) is the reference; on
-- DuckDB this query runs as reference/fct_account_emergence_sql_reference and a test
-- holds it to the Python mart on every row (DECISIONLOG.md, "Scoring in SQL").
{{ emergence.account_emergence_query() }}
