-- The emergence mart, one row per account-week: several rows for one account and week are
-- averaged, and the highest tier counts ($tiers lists them lowest first; an unknown tier
-- ranks 0, below them all).
create or replace temp table vs_emergence as
select
    cast(account_key as varchar) as account_key,
    cast(week_start as date) as week_start,
    count(*) as mart_rows,
    coalesce(avg(cast(emergence_score as double)), 0) as emergence_score,
    arg_max(
        coalesce(cast(tier as varchar), $no_tier),
        coalesce(list_position($tiers, cast(tier as varchar)), 0)
    ) as tier
from marts.fct_account_emergence
where account_key is not null and week_start is not null
group by 1, 2
