-- The accounts whose emergence score rose most over the last four weeks ($row_limit of them).
with emergence as (
    select * from marts.fct_account_emergence
),

accounts as (
    select * from marts.dim_accounts
),

latest as (
    select max(week_start) as week_start from emergence
),

scores as (
    select
        account_key,
        week_start,
        emergence_score,
        tier,
        explanation,
        emergence_score - coalesce(
            lag(emergence_score, 4) over (partition by account_key order by week_start), 0
        ) as rise
    from emergence
)

select
    coalesce(accounts.account_name, scores.account_key) as account_label,
    scores.tier,
    scores.emergence_score,
    scores.rise,
    scores.explanation
from scores
inner join latest
    on scores.week_start = latest.week_start
left join accounts
    on scores.account_key = accounts.account_key
where scores.rise > 0
order by scores.rise desc, scores.emergence_score desc, scores.account_key asc
limit $row_limit
