{{ config(materialized='table') }}
-- A table, not a view: several models and tests read it, and a view would be computed
-- again for each of them (DECISIONLOG.md, "Build speed").
-- One row per account and week, from the week of the account's first engaged person to
-- the week of as_of_date, so quiet weeks exist too (momentum falls in them). Weeks start
-- on Monday (dbt.date_trunc('week')). Touches before dq_min_event_date are quarantined in
-- staging, so a spine starts at a plausible touch. A spine longer than
-- engagement_spine_max_weeks stops the build, naming the account and its first week:
-- cutting it would drop the account's newest weeks (docs/data_quality.md#reasons).
with person_days as (
    select * from {{ ref('int_engagement__person_channel_days') }}
),

digits as (
    {%- for digit in range(10) %}
    select {{ digit }} as digit
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

week_offsets as (
    select thousands.digit * 1000 + hundreds.digit * 100 + tens.digit * 10 + ones.digit as week_offset
    from digits as thousands
    cross join digits as hundreds
    cross join digits as tens
    cross join digits as ones
    where thousands.digit * 1000 + hundreds.digit * 100 + tens.digit * 10 + ones.digit
        < {{ var('engagement_spine_max_weeks') }}
),

first_weeks as (
    select
        account_key,
        min({{ dbt.date_trunc('week', 'activity_date') }}) as first_engaged_week
    from person_days
    group by account_key
),

as_of as (
    select cast({{ dbt.date_trunc('week', emergence.as_of_date()) }} as date) as as_of_week
),

checked_first_weeks as (
    select first_weeks.*
    from first_weeks
    cross join as_of
    where {{ emergence.fail_when(
        dbt.datediff('first_weeks.first_engaged_week', 'as_of.as_of_week', 'week')
            ~ ' >= ' ~ var('engagement_spine_max_weeks'),
        dbt.concat([
            "'week spine of account '", 'first_weeks.account_key', "' starts on '",
            'cast(cast(first_weeks.first_engaged_week as date) as ' ~ dbt.type_string() ~ ')',
            "', more than engagement_spine_max_weeks (" ~ var('engagement_spine_max_weeks')
                ~ ") before as_of_date: check its first touches, or raise the var'",
        ]),
    ) }}
),

final as (
    select
        -- ids
        first_weeks.account_key,
        -- dates
        cast({{ dbt.dateadd('week', 'week_offsets.week_offset', 'first_weeks.first_engaged_week') }} as date)
            as week_start,
        cast(first_weeks.first_engaged_week as date) as first_engaged_week,
        -- numerics
        week_offsets.week_offset as weeks_since_first_engaged
    from checked_first_weeks as first_weeks
    cross join week_offsets
    cross join as_of
    where {{ dbt.dateadd('week', 'week_offsets.week_offset', 'first_weeks.first_engaged_week') }} <= as_of.as_of_week
)

select * from final
