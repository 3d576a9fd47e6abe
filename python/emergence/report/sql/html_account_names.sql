-- The display name of each account of $account_keys (its key when it has no name).
select
    account_key,
    coalesce(account_name, account_key) as account_name
from marts.dim_accounts
where account_key in (select unnest($account_keys))
