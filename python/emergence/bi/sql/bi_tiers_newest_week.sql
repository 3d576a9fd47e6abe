-- Accounts at each tier in the newest week of the emergence mart: the dashboard's
-- "this week" table.
with emergence as (
    select * from marts.fct_account_emergence
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
group by emergence.tier
