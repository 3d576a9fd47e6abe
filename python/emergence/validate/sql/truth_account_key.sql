-- The account_key the warehouse should give a truth account: its CRM id when it has one,
-- else the key of its domain: the compiled SQL of the dbt macro domain_account_key
-- (macros/identity/domain_account_key.sql) on DuckDB; test_validate_keys.py checks the two
-- agree.
create or replace temp macro truth_account_key(sfdc_account_id, account_domain) as
coalesce(nullif(trim(sfdc_account_id), ''), 'dom_' || md5(cast(lower(trim(account_domain)) as text)))
