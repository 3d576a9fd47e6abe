-- The opportunities of the accounts of $account_keys, by the day they were created.
select
    account_key,
    created_on
from marts.fct_marketing_contribution
where account_key in (select unnest($account_keys))
