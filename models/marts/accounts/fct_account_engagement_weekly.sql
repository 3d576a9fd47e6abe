{{ config(
    materialized=emergence.incremental_materialization(),
    unique_key='account_week_key',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook=["{{ emergence.delete_vanished_rows(['account_key', 'week_start'], ref('int_account_weeks__spine')) }}"]
) }}
-- depends_on: {{ ref('int_engagement__changes') }}
-- One row per account and week, from the account's first engaged week to the as-of week:
-- how many people, functions and how much weighted engagement in rolling short, medium
-- and long windows (vars engagement_window_*_days: 7, 28, 90), how many people were
-- engaged at the same time (within concurrency_window_days), and momentum: this week's
-- weighted engagement against the mean of the prior momentum_prior_weeks weeks, per
-- channel and in total, as intent vendors report it (docs/engagement.md). Distinct counts
-- come from person-day rows for each window, never from summed daily counts.
--
-- Incremental: a run recomputes the account-weeks that the inputs changed since the last
-- run reach (int_engagement__changes, macro affected_account_weeks), and reads the weeks
-- before them that momentum looks back over; the post-hook removes weeks that left the
-- spine. An incremental run equals a full refresh.
{%- set channels = emergence.touch_channels() %}
{%- set windows = {
    'short': var('engagement_window_short_days'),
    'medium': var('engagement_window_medium_days'),
    'long': var('engagement_window_long_days'),
} %}
{%- set longest = [windows.short, windows.medium, windows.long, var('concurrency_window_days')] | max %}
{%- set prior_weeks = var('momentum_prior_weeks') %}

with spine as (
    select * from {{ ref('int_account_weeks__spine') }}
),

person_days as (
    select * from {{ ref('int_engagement__person_channel_days') }}
),

to_build as (
    {{ emergence.account_weeks_to_build('spine') }}
),

-- each account's first week to build; momentum reads prior_weeks weeks before it, and the
-- windows the person-days up to the longest window before it
first_weeks as (
    select
        account_key,
        min(week_start) as first_week
    from to_build
    group by account_key
),

context_weeks as (
    select spine.*
    from spine
    inner join first_weeks
        on spine.account_key = first_weeks.account_key
    where spine.week_start >= {{ dbt.dateadd('day', -7 * prior_weeks, 'first_weeks.first_week') }}
),

context_days as (
    select person_days.*
    from person_days
    inner join first_weeks
        on person_days.account_key = first_weeks.account_key
    where person_days.activity_date > {{ dbt.dateadd('day', -1 * longest, 'first_weeks.first_week') }}
),

weeks as (
    select
        context_weeks.account_key,
        context_weeks.week_start,
        context_weeks.weeks_since_first_engaged,
        cast({{ dbt.dateadd('day', 6, 'context_weeks.week_start') }} as date) as week_end
    from context_weeks
    inner join to_build
        on
            context_weeks.account_key = to_build.account_key
            and context_weeks.week_start = to_build.week_start
),


windowed as (
    select
        weeks.account_key,
        weeks.week_start,
        {%- for name, days in windows.items() %}
        count(distinct case
            when person_days.activity_date > {{ dbt.dateadd('day', -1 * days, 'weeks.week_end') }}
                then person_days.person_key
        end) as engaged_people_{{ name }},
        count(distinct case
            when person_days.activity_date > {{ dbt.dateadd('day', -1 * days, 'weeks.week_end') }}
                then person_days.job_function
        end) as engaged_functions_{{ name }},
        sum(case
            when person_days.activity_date > {{ dbt.dateadd('day', -1 * days, 'weeks.week_end') }}
                then person_days.weighted_engagement
            else 0
        end) as weighted_engagement_{{ name }},
        {%- endfor %}
        {%- set concurrency_start = dbt.dateadd('day', -1 * var('concurrency_window_days'), 'weeks.week_end') %}
        count(distinct case
            when person_days.activity_date > {{ concurrency_start }}
                then person_days.person_key
        end) as concurrent_people
    from weeks
    left join context_days as person_days
        on
            weeks.account_key = person_days.account_key
            and weeks.week_end >= person_days.activity_date
            and {{ dbt.dateadd('day', -1 * longest, 'weeks.week_end') }} < person_days.activity_date
    group by weeks.account_key, weeks.week_start
),

weekly_channels as (
    select
        account_key,
        cast({{ dbt.date_trunc('week', 'activity_date') }} as date) as week_start,
        {%- for channel in channels %}
        sum(case when channel = '{{ channel }}' then weighted_engagement else 0 end) as {{ channel }}_week,
        {%- endfor %}
        sum(weighted_engagement) as total_week
    from context_days
    group by account_key, cast({{ dbt.date_trunc('week', 'activity_date') }} as date)
),

with_prior as (
    select
        weeks.account_key,
        weeks.week_start,
        -- weeks before the account's first engaged week count as zero
        {%- for channel in channels + ['total'] %}
        coalesce(weekly_channels.{{ channel }}_week, 0) as {{ channel }}_week,
        coalesce(
            sum(coalesce(weekly_channels.{{ channel }}_week, 0)) over (
                partition by weeks.account_key
                order by weeks.week_start
                rows between {{ prior_weeks }} preceding and 1 preceding
            ),
            0
        ) / {{ prior_weeks }} as {{ channel }}_prior_mean,
        {%- endfor %}
        weeks.weeks_since_first_engaged
    from context_weeks as weeks
    left join weekly_channels
        on
            weeks.account_key = weekly_channels.account_key
            and weeks.week_start = weekly_channels.week_start
),

final as (
    select
        -- ids
        {{ dbt.concat(['weeks.account_key', "':'", dbt.cast('weeks.week_start', dbt.type_string())]) }}
            as account_week_key,
        weeks.account_key,
        -- numerics
        {%- for name in windows %}
        cast(windowed.engaged_people_{{ name }} as {{ dbt.type_bigint() }}) as engaged_people_{{ name }},
        cast(windowed.engaged_functions_{{ name }} as {{ dbt.type_bigint() }}) as engaged_functions_{{ name }},
        cast(windowed.weighted_engagement_{{ name }} as {{ emergence.type_double() }})
            as weighted_engagement_{{ name }},
        {%- endfor %}
        cast(windowed.concurrent_people as {{ dbt.type_bigint() }}) as concurrent_people,
        {%- for channel in channels + ['total'] %}
        cast(with_prior.{{ channel }}_week as {{ emergence.type_double() }}) as {{ channel }}_weighted_this_week,
        cast(with_prior.{{ channel }}_prior_mean as {{ emergence.type_double() }}) as {{ channel }}_weighted_prior_mean,
        cast(case
            when with_prior.{{ channel }}_prior_mean > 0
                then with_prior.{{ channel }}_week / with_prior.{{ channel }}_prior_mean
        end as {{ emergence.type_double() }}) as {{ channel }}_momentum,
        {%- endfor %}
        cast(weeks.weeks_since_first_engaged as {{ dbt.type_bigint() }}) as weeks_since_first_engaged,
        -- dates
        weeks.week_start,
        weeks.week_end
    from weeks
    inner join windowed
        on
            weeks.account_key = windowed.account_key
            and weeks.week_start = windowed.week_start
    inner join with_prior
        on
            weeks.account_key = with_prior.account_key
            and weeks.week_start = with_prior.week_start
)

select * from final
