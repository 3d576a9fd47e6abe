-- One row per account and tier it ever reached (docs/domain.md#tiers): the first week at
-- that tier, and the days since the account first reached the tier below it, so the
-- speed of emergence (a drop becoming a river) can be measured and compared with when
-- opportunities open.
with emergence as (
    select * from {{ ref('fct_account_emergence') }}
),

tier_order as (
    select
        tier,
        tier_rank
    from {{ ref('emergence_tiers') }}
),

-- Reaching a tier counts as reaching every tier below it too: a molecule that becomes a
-- river in one week passed through drop and stream that week.
reached as (
    select
        emergence.account_key,
        tier_order.tier,
        tier_order.tier_rank,
        min(emergence.week_start) as first_week_at_tier
    from emergence
    inner join tier_order as reached_tier
        on emergence.tier = reached_tier.tier
    inner join tier_order
        on reached_tier.tier_rank >= tier_order.tier_rank
    group by emergence.account_key, tier_order.tier, tier_order.tier_rank
),

final as (
    select
        -- ids
        {{ dbt.concat(['current_tier.account_key', "':'", 'current_tier.tier']) }} as account_tier_key,
        current_tier.account_key,
        -- strings
        current_tier.tier,
        previous_tier.tier as previous_tier,
        -- numerics
        cast(current_tier.tier_rank as {{ dbt.type_bigint() }}) as tier_rank,
        cast(
            {{ dbt.datediff('previous_tier.first_week_at_tier', 'current_tier.first_week_at_tier', 'day') }}
            as {{ dbt.type_bigint() }}
        ) as days_since_previous_tier,
        -- dates
        cast(current_tier.first_week_at_tier as date) as first_week_at_tier,
        cast(previous_tier.first_week_at_tier as date) as previous_tier_first_week
    from reached as current_tier
    left join reached as previous_tier
        on
            current_tier.account_key = previous_tier.account_key
            and current_tier.tier_rank - 1 = previous_tier.tier_rank
)

select * from final
