-- Accounts at each tier in the newest week of the emergence mart, the highest tier first.
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
order by case emergence.tier when 'river' then 1 when 'stream' then 2 when 'drop' then 3 else 4 end
