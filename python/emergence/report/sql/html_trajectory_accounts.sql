-- The accounts the trajectory chart shows: the $with_opportunity whose score peaked highest
-- in the $lead_up_days before their first opportunity (preferring opportunities opened after
-- that much history, so the climb is visible), then the $without_opportunity highest peaks
-- among accounts without one.
with scores as (
    select
        account_key,
        emergence_score,
        cast(week_start as date) as week_start
    from marts.fct_account_emergence
),

first_opportunities as (
    select
        account_key,
        cast(min(created_on) as date) as opened_on,
        cast(min(created_on) as date) - $lead_up_days as lead_up_from
    from marts.fct_marketing_contribution
    group by account_key
),

history_start as (
    select min(week_start) as first_week from scores
),

peaks as (
    select
        scores.account_key,
        first_opportunities.account_key is not null as has_opportunity,
        max(scores.emergence_score) filter (
            where first_opportunities.opened_on is null
            or scores.week_start between first_opportunities.lead_up_from and first_opportunities.opened_on
        ) as peak,
        bool_or(first_opportunities.opened_on >= history_start.first_week + $lead_up_days) as has_history
    from scores
    cross join history_start
    left join first_opportunities
        on scores.account_key = first_opportunities.account_key
    group by scores.account_key, has_opportunity
),

ranked as (
    select
        account_key,
        has_opportunity,
        row_number() over (
            partition by has_opportunity
            order by has_history desc, peak desc nulls last, account_key asc
        ) as peak_rank
    from peaks
)

select
    account_key,
    has_opportunity
from ranked
where
    (has_opportunity and peak_rank <= $with_opportunity)
    or (not has_opportunity and peak_rank <= $without_opportunity)
order by has_opportunity desc, peak_rank asc
