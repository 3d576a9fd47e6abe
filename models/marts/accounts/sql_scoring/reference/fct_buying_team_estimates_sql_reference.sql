-- The SQL twin of fct_buying_team_estimates, built beside the Python mart where both can
-- run (DuckDB), in the schema scoring_reference that nothing publishes or refs: the test
-- rows_agree holds it to the Python mart on every row, so the SQL that engines without
-- Python models run stays in step with the reference kernel.
{{ emergence.buying_team_estimates_query() }}
