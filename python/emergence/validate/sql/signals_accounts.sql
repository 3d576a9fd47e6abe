-- Truth accounts with the keys the warehouse should give them (truth_account_key).
create or replace temp table vs_accounts as
select
    cast(truth_account_id as varchar) as truth_account_id,
    any_value(truth_account_key(sfdc_account_id, domain)) as account_key
from synth_truth.accounts
where truth_account_id is not null
group by 1
