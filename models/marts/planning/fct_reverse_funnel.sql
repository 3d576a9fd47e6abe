-- One row per step of the reverse funnel (docs/domain.md section 5; docs/planning.md): from
-- the revenue target (var reverse_funnel_revenue_target, over reverse_funnel_period_months)
-- down to the deals, opportunities, SQLs, SALs, MQLs and inquiries it takes, and one level
-- up: the in-market accounts (emerged buying teams) it takes to open those opportunities.
-- Each step divides the step below it by one rate (int_reverse_funnel__rates), and shows
-- that rate, where it came from, its sample and the range of the step from its interval.
-- A rate measured at 0 leaves the step and those above it without a need (null, never
-- infinite); data_sufficiency names what its own rate lacks, else what the step it divides
-- lacks (docs/planning.md#sufficiency). Beside each need, what the warehouse did at that step
-- in its latest complete quarter (int_reverse_funnel__latest_quarter).
{%- set steps = [
    {'name': 'deals', 'from': 'revenue_target', 'rate': 'deal_size'},
    {'name': 'opportunities', 'from': 'deals', 'rate': 'close_rate'},
    {'name': 'sqls', 'from': 'opportunities', 'rate': 'sql_to_opportunity'},
    {'name': 'sals', 'from': 'sqls', 'rate': 'sal_to_sql'},
    {'name': 'mqls', 'from': 'sals', 'rate': 'mql_to_sal'},
    {'name': 'inquiries', 'from': 'mqls', 'rate': 'inquiry_to_mql'},
    {'name': 'in_market_accounts', 'from': 'opportunities', 'rate': 'in_market_to_opportunity'},
] %}
{%- set target = 'cast(' ~ var('reverse_funnel_revenue_target') ~ ' as ' ~ emergence.type_double() ~ ')' %}
{%- set needed = {'revenue_target': target} %}
{%- set sufficiency = {'revenue_target': "'ok'"} %}
{%- for step in steps %}
{%- do needed.update({step.name: '(' ~ needed[step['from']] ~ ' / nullif(rates.' ~ step.rate ~ ', 0))'}) %}
{%- do sufficiency.update({step.name: 'coalesce(nullif(rates.' ~ step.rate ~ "_sufficiency, 'ok'), "
    ~ sufficiency[step['from']] ~ ')'}) %}
{%- endfor %}

with rates as (
    select * from {{ ref('int_reverse_funnel__rates') }}
),

latest_quarter as (
    select * from {{ ref('int_reverse_funnel__latest_quarter') }}
),

pivoted as (
    select
        {%- for step in steps %}
        max(case when rate_name = '{{ step.rate }}' then rate_value end) as {{ step.rate }},
        max(case when rate_name = '{{ step.rate }}' then rate_low end) as {{ step.rate }}_low,
        max(case when rate_name = '{{ step.rate }}' then rate_high end) as {{ step.rate }}_high,
        max(case when rate_name = '{{ step.rate }}' then data_sufficiency end) as {{ step.rate }}_sufficiency,
        {%- endfor %}
        count(*) as rate_rows
    from rates
),

steps as (
    select
        0 as step_order,
        'revenue_target' as step_name,
        cast(null as {{ dbt.type_string() }}) as rate_name,
        {{ sufficiency['revenue_target'] }} as data_sufficiency,
        {{ needed['revenue_target'] }} as needed_exact,
        {{ needed['revenue_target'] }} as needed_low,
        {{ needed['revenue_target'] }} as needed_high
    from pivoted
    {%- for step in steps %}
    union all
    select
        {{ loop.index }} as step_order,
        '{{ step.name }}' as step_name,
        '{{ step.rate }}' as rate_name,
        {{ sufficiency[step.name] }} as data_sufficiency,
        {{ needed[step.name] }} as needed_exact,
        -- the range from this step's rate interval alone (the step below at its point value)
        case when rates.{{ step.rate }}_high > 0 then {{ needed[step['from']] }} / rates.{{ step.rate }}_high end
            as needed_low,
        case when rates.{{ step.rate }}_low > 0 then {{ needed[step['from']] }} / rates.{{ step.rate }}_low end
            as needed_high
    from pivoted as rates
    {%- endfor %}
),

final as (
    select
        -- ids
        steps.step_name,
        -- strings
        steps.rate_name,
        cast(steps.data_sufficiency as {{ dbt.type_string() }}) as data_sufficiency,
        rates.rate_source,
        rates.rate_note,
        -- numerics
        cast(steps.step_order as {{ dbt.type_bigint() }}) as step_order,
        cast(ceil(steps.needed_exact) as {{ dbt.type_bigint() }}) as needed,
        cast(steps.needed_exact as {{ emergence.type_double() }}) as needed_exact,
        cast(ceil(steps.needed_low) as {{ dbt.type_bigint() }}) as needed_low,
        cast(ceil(steps.needed_high) as {{ dbt.type_bigint() }}) as needed_high,
        cast(steps.needed_exact / {{ var('reverse_funnel_period_months') }} as {{ emergence.type_double() }})
            as needed_per_month,
        cast(rates.rate_value as {{ emergence.type_double() }}) as rate_value,
        cast(rates.rate_low as {{ emergence.type_double() }}) as rate_low,
        cast(rates.rate_high as {{ emergence.type_double() }}) as rate_high,
        cast(rates.sample_size as {{ dbt.type_bigint() }}) as rate_sample_size,
        cast({{ var('reverse_funnel_revenue_target') }} as {{ emergence.type_double() }}) as revenue_target,
        cast({{ var('reverse_funnel_period_months') }} as {{ dbt.type_bigint() }}) as period_months,
        latest_quarter.latest_quarter_actual,
        -- timestamps
        latest_quarter.latest_quarter_start
    from steps
    left join rates
        on steps.rate_name = rates.rate_name
    left join latest_quarter
        on steps.step_name = latest_quarter.step_name
)

select * from final
