-- This week's rising accounts: the newest week's accounts whose emergence score rose over
-- the last four weeks, with the score's explanation (the rise is that of the run summary,
-- report/sql/summary_rising_accounts.sql).
with emergence as (
    select * from marts.fct_account_emergence
),

accounts as (
    select * from marts.dim_accounts
),

newest as (
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
),

final as (
    select
        scores.account_key,
        coalesce(accounts.account_name, scores.account_key) as account_label,
        scores.tier,
        round(scores.emergence_score, 2) as score,
        round(scores.rise, 2) as rise,
        scores.explanation,
        row_number() over (
            order by scores.rise desc, scores.emergence_score desc, scores.account_key asc
        ) as rising_rank
    from scores
    inner join newest
        on scores.week_start = newest.week_start
    left join accounts
        on scores.account_key = accounts.account_key
    where scores.rise > 0
)

select * from final
