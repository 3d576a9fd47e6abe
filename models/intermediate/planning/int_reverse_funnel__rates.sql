-- One row per rate the reverse funnel needs (docs/planning.md): the value measured on this
-- warehouse's own history, the sample it rests on, a 90% interval, and the default from the
-- reverse_funnel_defaults seed; the measured value is used when its sample reaches the
-- seed's min_sample. Stage rates come from the mature cohorts of the demand waterfall;
-- the deal size from won opportunities; the in-market rate from int_in_market_accounts__followed.
-- data_sufficiency names what the warehouse has none of (docs/planning.md#sufficiency): the
-- rate's cases (no_<cases>), or its successes (no_<successes>: a rate measured at 0).
{%- set z = 1.645 %}
{%- set counted = {
    'deal_size': ['won_deals', none],
    'close_rate': ['opportunities', 'won_deals'],
    'sql_to_opportunity': ['sqls', 'opportunities'],
    'sal_to_sql': ['sals', 'sqls'],
    'mql_to_sal': ['mqls', 'sals'],
    'inquiry_to_mql': ['inquiries', 'mqls'],
    'in_market_to_opportunity': ['in_market_accounts', 'opportunities'],
} %}

with funnel as (
    select * from {{ ref('fct_lead_funnel') }}
),

opportunities as (
    select * from {{ ref('int_opportunities__sourced') }}
),

in_market_accounts as (
    select * from {{ ref('int_in_market_accounts__followed') }}
),

defaults as (
    select * from {{ ref('reverse_funnel_defaults') }}
),

stage_rates as (
    select
        case lead_stage
            when 'inquiry' then 'inquiry_to_mql'
            when 'mql' then 'mql_to_sal'
            when 'sal' then 'sal_to_sql'
            when 'sql' then 'sql_to_opportunity'
            when 'opportunity' then 'close_rate'
        end as rate_name,
        sum(converted_to_next) as successes,
        sum(entered) as sample_size
    from funnel
    where
        is_mature_cohort
        and lead_stage in ('inquiry', 'mql', 'sal', 'sql', 'opportunity')
    group by lead_stage
),

proportions as (
    select
        rate_name,
        successes,
        sample_size
    from stage_rates
    union all
    select
        'in_market_to_opportunity' as rate_name,
        sum(opened_opportunity) as successes,
        count(*) as sample_size
    from in_market_accounts
),

wilson as (
    select
        rate_name,
        sample_size,
        {{ emergence.as_double('successes') }} / sample_size as measured_value,
        {{ emergence.wilson_bound('successes', 'sample_size', z, -1) }} as measured_low,
        {{ emergence.wilson_bound('successes', 'sample_size', z, 1) }} as measured_high
    from proportions
    where sample_size > 0
),

deal_size as (
    -- the mean won amount, with a normal interval for the mean
    select
        'deal_size' as rate_name,
        count(*) as sample_size,
        -- rounded: a parallel sum of doubles can differ in its last bits between two runs
        {{ emergence.round_double('avg(amount)', 6) }} as measured_value,
        {{ emergence.round_double(emergence.normal_mean_bound('amount', z, -1), 6) }} as measured_low,
        {{ emergence.round_double(emergence.normal_mean_bound('amount', z, 1), 6) }} as measured_high
    from opportunities
    where is_won and amount > 0
    having count(*) > 0
),

measured as (
    select * from wilson
    union all
    select * from deal_size
),

judged as (
    select
        defaults.*,
        measured.measured_value,
        measured.measured_low,
        measured.measured_high,
        coalesce(measured.sample_size, 0) as sample_size,
        coalesce(measured.sample_size, 0) >= defaults.min_sample as is_measured
    from defaults
    left join measured
        on defaults.rate_name = measured.rate_name
),

final as (
    select
        -- ids
        rate_name,
        -- strings
        case
            {%- for rate, names in counted.items() %}
            when rate_name = '{{ rate }}' and sample_size = 0 then 'no_{{ names[0] }}'
            {%- if names[1] %}
            when rate_name = '{{ rate }}' and measured_value = 0 then 'no_{{ names[1] }}'
            {%- endif %}
            {%- endfor %}
            else 'ok'
        end as data_sufficiency,
        case when is_measured then 'measured' else 'default' end as rate_source,
        case
            when is_measured then 'measured on this warehouse'
            else
                {{ dbt.concat([
                    "'default: measured on '",
                    dbt.cast('sample_size', dbt.type_string()),
                    "' cases, fewer than '",
                    dbt.cast('min_sample', dbt.type_string()),
                    "'; '",
                    'note',
                ]) }}
        end as rate_note,
        -- numerics
        cast(sample_size as {{ dbt.type_bigint() }}) as sample_size,
        cast(min_sample as {{ dbt.type_bigint() }}) as min_sample,
        cast(measured_value as {{ emergence.type_double() }}) as measured_value,
        cast(default_value as {{ emergence.type_double() }}) as default_value,
        cast(case when is_measured then measured_value else default_value end as {{ emergence.type_double() }})
            as rate_value,
        cast(case when is_measured then measured_low end as {{ emergence.type_double() }}) as rate_low,
        cast(case when is_measured then measured_high end as {{ emergence.type_double() }}) as rate_high
    from judged
)

select * from final
