{{ config(materialized='table') }}
-- A table, not a view: fct_account_engagement_daily reads it twice (to compare, and in its
-- post-hook to find vanished days), and its tests read it too (DECISIONLOG.md, "Build speed").
-- One row per account and day with any touch: touches and weighted engagement by channel
-- from fct_touches, and distinct engaged people, functions and seniority levels from the
-- person-day rows. fct_account_engagement_daily stores it incrementally.
{%- set channels = emergence.touch_channels() %}

with touches as (
    select * from {{ ref('fct_touches') }}
),

person_days as (
    select * from {{ ref('int_engagement__person_channel_days') }}
),

touch_days as (
    select
        account_key,
        cast(occurred_at as date) as activity_date,
        {%- for channel in channels %}
        sum(case when channel = '{{ channel }}' and weight > 0 then 1 else 0 end) as {{ channel }}_touches,
        sum(case when channel = '{{ channel }}' then weight else 0 end) as {{ channel }}_weighted_engagement,
        {%- endfor %}
        sum(case when weight > 0 then 1 else 0 end) as touches,
        sum(weight) as weighted_engagement,
        min(occurred_at) as first_touch_at,
        max(occurred_at) as last_touch_at
    from touches
    where
        account_key is not null
        and not is_bot
    group by account_key, cast(occurred_at as date)
),

people_days as (
    select
        account_key,
        activity_date,
        count(distinct person_key) as engaged_people,
        count(distinct case when not is_anonymous_person then person_key end) as known_engaged_people,
        count(distinct case when is_anonymous_person then person_key end) as anonymous_engaged_people,
        count(distinct job_function) as engaged_functions,
        count(distinct seniority) as engaged_seniority_levels
    from person_days
    group by account_key, activity_date
),

final as (
    select
        -- ids
        {{ dbt.concat(['touch_days.account_key', "':'", dbt.cast('touch_days.activity_date', dbt.type_string())]) }}
            as account_day_key,
        touch_days.account_key,
        -- numerics
        touch_days.touches,
        {%- for channel in channels %}
        touch_days.{{ channel }}_touches,
        {%- endfor %}
        touch_days.weighted_engagement,
        {%- for channel in channels %}
        touch_days.{{ channel }}_weighted_engagement,
        {%- endfor %}
        coalesce(people_days.engaged_people, 0) as engaged_people,
        coalesce(people_days.known_engaged_people, 0) as known_engaged_people,
        coalesce(people_days.anonymous_engaged_people, 0) as anonymous_engaged_people,
        coalesce(people_days.engaged_functions, 0) as engaged_functions,
        coalesce(people_days.engaged_seniority_levels, 0) as engaged_seniority_levels,
        -- dates and timestamps
        touch_days.activity_date,
        touch_days.first_touch_at,
        touch_days.last_touch_at
    from touch_days
    left join people_days
        on
            touch_days.account_key = people_days.account_key
            and touch_days.activity_date = people_days.activity_date
)

select * from final
