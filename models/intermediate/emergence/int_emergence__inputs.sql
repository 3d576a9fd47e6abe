{{ config(
    materialized=emergence.incremental_materialization(),
    unique_key=['account_key', 'week_start'],
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook=[
        "{{ emergence.delete_vanished_rows(['account_key', 'week_start'], ref('int_account_weeks__spine')) }}",
        "{{ emergence.clear_pending_changes(ref('int_engagement__changes')) }}",
    ]
) }}
-- depends_on: {{ ref('int_engagement__changes') }}
-- depends_on: {{ ref('fct_account_map_scores') }}
-- One row per account and week: what the emergence score reads (docs/emergence_score.md).
-- Breadth counts the people whose weighted engagement in the recent window (var
-- emergence_window_days) reaches emergence_min_person_engagement, their functions, how
-- many of them were active within concurrency_window_days of the week's end, how many
-- reach emergence_deep_person_engagement (depth), and how many reach the threshold within
-- the short window emergence_recent_window_days alone (recency);
-- momentum and persistence come from the weekly engagement fact, the expected team size
-- and role coverage from the buying-team estimates.
--
-- Incremental: a run recomputes the account-weeks that the inputs changed since the last
-- run reach (int_engagement__changes, macro affected_account_weeks), reading the weekly
-- fact from persistence's look-back before the first of them. It runs after every model
-- that reads the changes (fct_account_map_scores through depends_on), so its post-hook
-- clears their pending marks; the other removes weeks that left the spine. An
-- incremental run equals a full refresh.
with spine as (
    select * from {{ ref('int_account_weeks__spine') }}
),

person_days as (
    select * from {{ ref('int_engagement__person_channel_days') }}
),

weekly as (
    select * from {{ ref('fct_account_engagement_weekly') }}
),

teams as (
    select * from {{ ref('fct_buying_team_estimates') }}
),

weeks as (
    select
        account_key,
        week_start,
        cast({{ dbt.dateadd('day', 6, 'week_start') }} as date) as week_end
    from ({{ emergence.account_weeks_to_build('spine') }}) as to_build
),

-- the weekly rows persistence counts: from its look-back before each account's first week
first_weeks as (
    select
        account_key,
        min(week_start) as first_week
    from weeks
    group by account_key
),

context_weekly as (
    select weekly.*
    from weekly
    inner join first_weeks
        on weekly.account_key = first_weeks.account_key
    where
        weekly.week_start
        >= {{ dbt.dateadd('day', -7 * (var('emergence_persistence_weeks') - 1), 'first_weeks.first_week') }}
),

people_in_window as (
    select
        weeks.account_key,
        weeks.week_start,
        weeks.week_end,
        person_days.person_key,
        max(person_days.job_function) as job_function,
        max(person_days.activity_date) as last_active_on,
        sum(person_days.weighted_engagement) as engagement,
        sum(case
            when {{ dbt.dateadd('day', -1 * var('emergence_recent_window_days'), 'weeks.week_end') }}
                < person_days.activity_date
                then person_days.weighted_engagement
            else 0
        end) as recent_engagement
    from weeks
    inner join person_days
        on
            weeks.account_key = person_days.account_key
            and weeks.week_end >= person_days.activity_date
            and {{ dbt.dateadd('day', -1 * var('emergence_window_days'), 'weeks.week_end') }}
            < person_days.activity_date
    group by weeks.account_key, weeks.week_start, weeks.week_end, person_days.person_key
    having sum(person_days.weighted_engagement) >= {{ var('emergence_min_person_engagement') }}
),

breadth as (
    select
        account_key,
        week_start,
        count(*) as engaged_people,
        count(distinct job_function) as engaged_functions,
        sum(case
            when last_active_on > {{ dbt.dateadd('day', -1 * var('concurrency_window_days'), 'week_end') }}
                then 1
            else 0
        end) as concurrent_people,
        sum(case
            when engagement >= {{ var('emergence_deep_person_engagement') }} then 1 else 0
        end) as deep_people,
        sum(case
            when recent_engagement >= {{ var('emergence_min_person_engagement') }} then 1 else 0
        end) as recent_people
    from people_in_window
    group by account_key, week_start
),

persistence as (
    select
        account_key,
        week_start,
        total_momentum,
        sum(case when total_weighted_this_week > 0 then 1 else 0 end) over (
            partition by account_key
            order by week_start
            rows between {{ var('emergence_persistence_weeks') - 1 }} preceding and current row
        ) as active_weeks
    from context_weekly
),

final as (
    select
        -- ids
        weeks.account_key,
        -- numerics
        cast(coalesce(breadth.engaged_people, 0) as {{ dbt.type_bigint() }}) as engaged_people,
        cast(coalesce(breadth.engaged_functions, 0) as {{ dbt.type_bigint() }}) as engaged_functions,
        cast(coalesce(breadth.concurrent_people, 0) as {{ dbt.type_bigint() }}) as concurrent_people,
        cast(coalesce(breadth.deep_people, 0) as {{ dbt.type_bigint() }}) as deep_people,
        cast(coalesce(breadth.recent_people, 0) as {{ dbt.type_bigint() }}) as recent_people,
        cast(persistence.total_momentum as {{ emergence.type_double() }}) as momentum,
        cast(coalesce(persistence.active_weeks, 0) as {{ dbt.type_bigint() }}) as active_weeks,
        cast(coalesce(teams.role_coverage, 0) as {{ emergence.type_double() }}) as role_coverage,
        cast(teams.expected_team_size as {{ emergence.type_double() }}) as expected_team_size,
        -- dates
        weeks.week_start
    from weeks
    left join breadth
        on
            weeks.account_key = breadth.account_key
            and weeks.week_start = breadth.week_start
    left join persistence
        on
            weeks.account_key = persistence.account_key
            and weeks.week_start = persistence.week_start
    left join teams
        on
            weeks.account_key = teams.account_key
            and weeks.week_start = teams.week_start
)

select * from final
