-- The MAP-style baseline mart, one row per account-week: several rows for one account and
-- week are averaged (and counted).
create or replace temp table vs_map as
select
    cast(account_key as varchar) as account_key,
    cast(week_start as date) as week_start,
    count(*) as mart_rows,
    coalesce(avg(cast(map_score as double)), 0) as map_score
from marts.fct_account_map_scores
where account_key is not null and week_start is not null
group by 1, 2
