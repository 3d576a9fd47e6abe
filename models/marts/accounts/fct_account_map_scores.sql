{{ config(
    materialized=emergence.incremental_materialization(),
    unique_key='account_week_key',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook=["{{ emergence.delete_vanished_rows(['account_key', 'week_start'], ref('int_account_weeks__spine')) }}"]
) }}
-- depends_on: {{ ref('int_engagement__changes') }}
-- One row per account and week: the account score a marketing automation platform would
-- show, the baseline the emergence score must beat (docs/domain.md#evaluation). Each
-- person's activity score is the sum of their touches' weights over map_score_window_days
-- (the same touches and weights as emergence), and the account score is the sum over its
-- people: no breadth, no concurrency, so one very active person can carry an account.
--
-- Incremental: a run recomputes the account-weeks that the inputs changed since the last
-- run reach (int_engagement__changes, macro affected_account_weeks); the post-hook removes
-- weeks that left the spine. An incremental run equals a full refresh.
with spine as (
    select * from {{ ref('int_account_weeks__spine') }}
),

person_days as (
    select * from {{ ref('int_engagement__person_channel_days') }}
),

weeks as (
    select
        account_key,
        week_start,
        cast({{ dbt.dateadd('day', 6, 'week_start') }} as date) as week_end
    from ({{ emergence.account_weeks_to_build('spine') }}) as to_build
),

person_scores as (
    select
        weeks.account_key,
        weeks.week_start,
        person_days.person_key,
        sum(person_days.weighted_engagement) as person_score
    from weeks
    inner join person_days
        on
            weeks.account_key = person_days.account_key
            and weeks.week_end >= person_days.activity_date
            and {{ dbt.dateadd('day', -1 * var('map_score_window_days'), 'weeks.week_end') }}
            < person_days.activity_date
    group by weeks.account_key, weeks.week_start, person_days.person_key
),

account_scores as (
    select
        account_key,
        week_start,
        sum(person_score) as map_score,
        max(person_score) as top_person_score,
        count(*) as people_scored
    from person_scores
    group by account_key, week_start
),

final as (
    select
        -- ids
        {{ dbt.concat(['weeks.account_key', "':'", dbt.cast('weeks.week_start', dbt.type_string())]) }}
            as account_week_key,
        weeks.account_key,
        -- numerics
        cast(coalesce(account_scores.map_score, 0) as {{ emergence.type_double() }}) as map_score,
        cast(coalesce(account_scores.top_person_score, 0) as {{ emergence.type_double() }}) as top_person_score,
        cast(coalesce(account_scores.people_scored, 0) as {{ dbt.type_bigint() }}) as people_scored,
        -- dates
        weeks.week_start
    from weeks
    left join account_scores
        on
            weeks.account_key = account_scores.account_key
            and weeks.week_start = account_scores.week_start
)

select * from final
