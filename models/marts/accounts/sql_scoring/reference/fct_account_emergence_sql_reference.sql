-- The SQL twin of fct_account_emergence, built beside the Python mart where both can run
-- (DuckDB), in the schema scoring_reference that nothing publishes or refs: the test
-- rows_agree holds it to the Python mart on every row, so the SQL that engines without
-- Python models run stays in step with the reference kernel.
{{ emergence.account_emergence_query() }}
