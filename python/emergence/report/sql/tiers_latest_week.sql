-- Accounts at each tier in the newest week of the emergence mart, the highest tier first
-- (ranks from the emergence_tiers seed).
with emergence as (
    select * from marts.fct_account_emergence
),

tiers as (
    select * from reference.emergence_tiers
),

newest as (
    select max(week_start) as week_start from emergence
)

select
    emergence.tier,
    count(*) as account_count,
    max(emergence.week_start) as week_start
from emergence
inner join newest
    on emergence.week_start = newest.week_start
left join tiers
    on emergence.tier = tiers.tier
group by emergence.tier, tiers.tier_rank
order by tiers.tier_rank desc
