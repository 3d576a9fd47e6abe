-- The team-size mart, one row per account-week: where it has several rows for one
-- account and week, their figures are averaged (and counted).
create or replace temp table vt_mart as
select
    cast(account_key as varchar) as account_key,
    cast(week_start as date) as week_start,
    count(*) as mart_rows,
    avg(cast(seen as double)) as seen,
    avg(cast(estimated_team_size as double)) as estimated_team_size,
    avg(cast(estimated_low as double)) as estimated_low,
    avg(cast(estimated_high as double)) as estimated_high,
    min(cast(estimate_method as varchar)) as estimate_method
from marts.fct_buying_team_estimates
where account_key is not null and week_start is not null
group by 1, 2
