{{ config(
    materialized=emergence.incremental_materialization(),
    unique_key='account_day_key',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    meta={'daily_rows': {'column': 'activity_date', 'datepart': 'day', 'lookback_var': 'engagement_lookback_days'}},
    post_hook=["{{ emergence.delete_vanished_rows('account_day_key', ref('int_account_days__aggregated')) }}"]
) }}
-- One row per account and day on which anyone from the account touched the company:
-- touches and weighted engagement by channel, distinct engaged people (known and
-- anonymous), functions and seniority levels, and the first and last touch
-- (docs/engagement.md). Bots are left out.
--
-- Incremental like fct_touches: days within engagement_lookback_days of the newest
-- stored day are rewritten, and so is every stored day whose figures changed (touches
-- that arrived late or changed account upstream), found by comparing day_hash; days that
-- no longer have touches are deleted. An incremental run equals a full refresh.
{%- set channels = emergence.touch_channels() %}
{%- set channel_columns = [] %}
{%- for channel in channels %}
{%- do channel_columns.extend([channel ~ '_touches', channel ~ '_weighted_engagement']) %}
{%- endfor %}

with account_days as (
    select * from {{ ref('int_account_days__aggregated') }}
),

hashed as (
    select
        *,
        {{ emergence.row_hash([
            'touches', 'weighted_engagement', 'engaged_people', 'known_engaged_people',
            'anonymous_engaged_people', 'engaged_functions', 'engaged_seniority_levels',
            'first_touch_at', 'last_touch_at',
        ] + channel_columns) }} as day_hash
    from account_days
),

to_write as (
    {{ emergence.changed_rows(
        'hashed', 'account_day_key', 'day_hash',
        "hashed.activity_date >= (select "
        ~ dbt.dateadd('day', -1 * var('engagement_lookback_days'), 'max(activity_date)')
        ~ " from " ~ this ~ ")"
    ) }}
),

final as (
    select
        -- ids
        account_day_key,
        account_key,
        day_hash,
        -- numerics
        cast(touches as {{ dbt.type_bigint() }}) as touches,
        {%- for channel in channels %}
        cast({{ channel }}_touches as {{ dbt.type_bigint() }}) as {{ channel }}_touches,
        {%- endfor %}
        cast(weighted_engagement as {{ emergence.type_double() }}) as weighted_engagement,
        {%- for channel in channels %}
        cast({{ channel }}_weighted_engagement as {{ emergence.type_double() }}) as {{ channel }}_weighted_engagement,
        {%- endfor %}
        cast(engaged_people as {{ dbt.type_bigint() }}) as engaged_people,
        cast(known_engaged_people as {{ dbt.type_bigint() }}) as known_engaged_people,
        cast(anonymous_engaged_people as {{ dbt.type_bigint() }}) as anonymous_engaged_people,
        cast(engaged_functions as {{ dbt.type_bigint() }}) as engaged_functions,
        cast(engaged_seniority_levels as {{ dbt.type_bigint() }}) as engaged_seniority_levels,
        -- dates and timestamps
        cast(activity_date as date) as activity_date,
        first_touch_at,
        last_touch_at
    from to_write
)

select * from final
