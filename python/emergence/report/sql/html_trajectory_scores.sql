-- The weekly scores and tiers of the accounts of $account_keys.
select
    account_key,
    week_start,
    emergence_score,
    tier
from marts.fct_account_emergence
where account_key in (select unnest($account_keys))
order by account_key, week_start
