-- What the warehouse did at each step of the reverse funnel in its latest complete quarter
-- (docs/planning.md#latest-quarter), to set beside what the plan needs: the last quarter that
-- ended on or before the as-of date. One row per step: revenue and deals won (by close
-- date), opportunities created, entries into the inquiry, MQL, SAL and SQL stages (each
-- journey once per stage), and accounts that first reached the in-market tier
-- (var reverse_funnel_in_market_tier). No row when
-- the warehouse has no as-of date (nothing loaded).

with as_of as (
    select * from {{ ref('int_as_of_dates__resolved') }}
),

history as (
    select * from {{ ref('fct_lead_stage_history') }}
),

opportunities as (
    select * from {{ ref('int_opportunities__sourced') }}
),

tier_changes as (
    select * from {{ ref('fct_account_tier_changes') }}
),

quarter_end as (
    -- the first day of the quarter after the latest complete one
    select cast({{ dbt.date_trunc('quarter', dbt.dateadd('day', 1, 'as_of_date')) }} as date) as quarter_end
    from as_of
),

quarter as (
    select
        cast({{ dbt.dateadd('month', -3, 'quarter_end') }} as date) as quarter_start,
        quarter_end
    from quarter_end
),

won as (
    select
        quarter.quarter_start,
        count(opportunities.opportunity_id) as deals,
        coalesce(sum(opportunities.amount), 0) as revenue
    from quarter
    left join opportunities
        on
            opportunities.is_won
            and quarter.quarter_start <= opportunities.close_date
            and quarter.quarter_end > opportunities.close_date
    group by quarter.quarter_start
),

created as (
    select
        quarter.quarter_start,
        count(opportunities.opportunity_id) as opportunities
    from quarter
    left join opportunities
        on
            quarter.quarter_start <= opportunities.created_on
            and quarter.quarter_end > opportunities.created_on
    group by quarter.quarter_start
),

entries as (
    select
        quarter.quarter_start,
        count(distinct case when history.to_stage = 'inquiry' then history.funnel_key end) as inquiries,
        count(distinct case when history.to_stage = 'mql' then history.funnel_key end) as mqls,
        count(distinct case when history.to_stage = 'sal' then history.funnel_key end) as sals,
        count(distinct case when history.to_stage = 'sql' then history.funnel_key end) as sqls
    from quarter
    left join history
        on
            quarter.quarter_start <= cast(history.transitioned_at as date)
            and quarter.quarter_end > cast(history.transitioned_at as date)
    group by quarter.quarter_start
),

arrivals as (
    select
        quarter.quarter_start,
        count(distinct tier_changes.account_key) as in_market_accounts
    from quarter
    left join tier_changes
        on
            tier_changes.tier = '{{ var("reverse_funnel_in_market_tier") }}'
            and quarter.quarter_start <= tier_changes.first_week_at_tier
            and quarter.quarter_end > tier_changes.first_week_at_tier
    group by quarter.quarter_start
),

steps as (
    select
        quarter_start,
        'revenue_target' as step_name,
        revenue as actual
    from won
    union all
    select
        quarter_start,
        'deals' as step_name,
        deals as actual
    from won
    union all
    select
        quarter_start,
        'opportunities' as step_name,
        opportunities as actual
    from created
    {%- for step in ['inquiries', 'mqls', 'sals', 'sqls'] %}
    union all
    select
        quarter_start,
        '{{ step }}' as step_name,
        {{ step }} as actual
    from entries
    {%- endfor %}
    union all
    select
        quarter_start,
        'in_market_accounts' as step_name,
        in_market_accounts as actual
    from arrivals
),

final as (
    select
        -- ids
        cast(step_name as {{ dbt.type_string() }}) as step_name,
        -- numerics
        cast(actual as {{ emergence.type_double() }}) as latest_quarter_actual,
        -- timestamps
        quarter_start as latest_quarter_start
    from steps
)

select * from final
