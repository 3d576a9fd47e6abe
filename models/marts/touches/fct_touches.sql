{{ config(
    materialized='incremental',
    unique_key='touch_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook=[
        "{% if is_incremental() %}delete from {{ this }} where touch_id not in (select touch_id from {{ ref('int_touches__resolved') }}){% endif %}"
    ]
) }}
-- One row per interaction between a person and the company, from every channel, with its
-- account, person, channel, type and weight (docs/identity.md). Every later fact is built
-- from it.
--
-- Incremental: a run rewrites the touches loaded within touches_lookback_hours of the
-- newest stored touch (late rows), and every stored touch whose resolution changed since
-- (an anonymous visitor stitched later, an account that entered the CRM, a merge), found
-- by comparing resolution_hash. The post-hook removes touches whose source row was
-- deleted or quarantined since. An incremental run therefore equals a full refresh.
with resolved_touches as (
    select * from {{ ref('int_touches__resolved') }}
),

hashed as (
    select
        *,
        {{ dbt.hash(dbt.concat([
            "coalesce(account_key, '')", "'|'",
            "coalesce(person_key, '')", "'|'",
            "coalesce(account_method, '')", "'|'",
            dbt.cast("coalesce(weight, -1)", dbt.type_string()), "'|'",
            dbt.cast("is_bot", dbt.type_string()), "'|'",
            dbt.cast("is_anonymous_person", dbt.type_string()), "'|'",
            dbt.cast("has_account_conflict", dbt.type_string()), "'|'",
            dbt.cast("occurred_at", dbt.type_string()),
        ])) }} as resolution_hash
    from resolved_touches
),

{% if is_incremental() %}
stored as (
    select
        touch_id,
        resolution_hash
    from {{ this }}
),

watermark as (
    select {{ dbt.dateadd('hour', -1 * var('touches_lookback_hours'), 'max(loaded_at)') }} as reprocess_from
    from {{ this }}
),

to_write as (
    select hashed.*
    from hashed
    left join stored
        on hashed.touch_id = stored.touch_id
    where
        hashed.loaded_at >= (select reprocess_from from watermark)
        or stored.touch_id is null
        or stored.resolution_hash != hashed.resolution_hash
),
{% else %}
to_write as (
    select * from hashed
),
{% endif %}

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
