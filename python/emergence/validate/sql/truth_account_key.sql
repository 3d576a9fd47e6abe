-- The account_key the warehouse should give a truth account: its CRM id when it has one,
-- else the key of its domain. The domain part restates the dbt macro domain_account_key
-- (macros/identity/domain_account_key.sql: 'dom_' and an md5 of the normalised domain); this
-- is its one home in the validation until the validation runs the macro's compiled SQL.
create or replace temp macro truth_account_key(sfdc_account_id, account_domain) as
coalesce(nullif(trim(sfdc_account_id), ''), 'dom_' || md5(lower(trim(account_domain))))
