{{ config(
    materialized='incremental',
    unique_key='touch_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    meta={'daily_rows': {'column': 'loaded_at', 'datepart': 'hour', 'lookback_var': 'touches_lookback_hours'}},
    post_hook=["{{ emergence.delete_vanished_rows('touch_id', '(' ~ emergence.touch_source_keys() ~ ')') }}"]
) }}
{%- for source in emergence.touch_sources() %}
-- depends_on: {{ ref(source[2]) }}
{%- endfor %}
-- One row per interaction between a person and the company, from every channel, with its
-- account, person, channel, type and weight (docs/identity.md). Every later fact is built
-- from it.
--
-- Incremental: a run rewrites the touches loaded within touches_lookback_hours of the
-- newest stored touch (late rows), and every stored touch whose resolution changed since
-- (an anonymous visitor stitched later, an account that entered the CRM, a merge), found
-- by comparing resolution_hash. The post-hook removes touches whose source row was
-- deleted or quarantined since; it reads the staging keys (macro touch_source_keys), so a
-- run resolves the touches once. An incremental run therefore equals a full refresh.
with resolved_touches as (
    select * from {{ ref('int_touches__resolved') }}
),

hashed as (
    select
        *,
        {{ emergence.row_hash([
            'account_key', 'person_key', 'account_method', 'weight', 'is_bot',
            'is_anonymous_person', 'has_account_conflict', 'occurred_at',
        ]) }} as resolution_hash
    from resolved_touches
),

to_write as (
    {{ emergence.changed_rows(
        'hashed', 'touch_id', 'resolution_hash',
        "hashed.loaded_at >= (select "
        ~ dbt.dateadd('hour', -1 * var('touches_lookback_hours'), 'max(loaded_at)')
        ~ " from " ~ this ~ ")"
    ) }}
),

final as (
    select
        -- ids
        touch_id,
        account_key,
        person_key,
        anonymous_id,
        source_row_id,
        -- strings
        source_system,
        source_table,
        channel,
        touch_type,
        account_method,
        resolution_hash,
        -- numerics
        account_confidence,
        base_weight,
        weight,
        -- booleans
        is_anonymous_person,
        is_bot,
        has_account_conflict,
        is_engagement,
        -- timestamps
        occurred_at,
        loaded_at
    from to_write
)

select * from final
