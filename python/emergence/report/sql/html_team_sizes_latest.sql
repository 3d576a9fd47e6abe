-- Seen, estimated (with its interval) and expected team size at the newest week, for at
-- most $row_limit accounts with someone seen: a fixed sample, by a hash of the key.
with estimates as (
    select * from marts.fct_buying_team_estimates
),

newest as (
    select max(week_start) as week_start from estimates
)

select
    estimates.account_key as account_label,
    estimates.seen,
    estimates.estimated_team_size,
    estimates.estimated_low,
    estimates.estimated_high,
    estimates.expected_team_size
from estimates
inner join newest
    on estimates.week_start = newest.week_start
where estimates.seen > 0
order by hash(estimates.account_key)
limit $row_limit
