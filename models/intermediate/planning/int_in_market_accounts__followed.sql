-- One row per account whose buying team first reached the in-market tier (var
-- reverse_funnel_in_market_tier) at least a full horizon (evaluation_horizon_weeks) before
-- as_of_date, and whether it opened an opportunity within that horizon: the cases of the
-- reverse funnel's in-market rate (docs/planning.md#steps).
with tier_changes as (
    select * from {{ ref('fct_account_tier_changes') }}
),

opportunities as (
    select * from {{ ref('int_opportunities__sourced') }}
),

as_of as (
    select * from {{ ref('int_as_of_dates__resolved') }}
),

followed as (
    select
        tier_changes.account_key,
        tier_changes.first_week_at_tier,
        max(case
            when opportunities.created_on >= tier_changes.first_week_at_tier
                and opportunities.created_on
                <= {{ dbt.dateadd('day', 7 * var('evaluation_horizon_weeks'), 'tier_changes.first_week_at_tier') }}
                then 1
            else 0
        end) as opened_opportunity
    from tier_changes
    cross join as_of
    left join opportunities
        on tier_changes.account_key = opportunities.account_key
    where
        tier_changes.tier = '{{ var("reverse_funnel_in_market_tier") }}'
        and {{ dbt.dateadd('day', 7 * var('evaluation_horizon_weeks'), 'tier_changes.first_week_at_tier') }}
        <= as_of.as_of_date
    group by tier_changes.account_key, tier_changes.first_week_at_tier
),

final as (
    select
        -- ids
        account_key,
        -- numerics
        cast(opened_opportunity as {{ dbt.type_bigint() }}) as opened_opportunity,
        -- timestamps
        first_week_at_tier
    from followed
)

select * from final
