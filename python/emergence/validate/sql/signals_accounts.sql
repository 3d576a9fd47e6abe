-- Truth accounts with their keys: the Salesforce id when not blank, else the hashed domain.
create or replace temp table vs_accounts as
select
    cast(truth_account_id as varchar) as truth_account_id,
    any_value(coalesce(
        nullif(trim(sfdc_account_id), ''), 'dom_' || md5(lower(trim(domain)))
    )) as account_key
from synth_truth.accounts
where truth_account_id is not null
group by 1
