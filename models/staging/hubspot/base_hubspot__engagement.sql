{{ config(**emergence.base_model_config('hubspot', 'engagement')) }}
-- Incremental, like every base model: a run re-reads only the keys loaded since the last
-- (macros base_model_config, newest_versions; DECISIONLOG.md, "Build speed").
-- HubSpot engagements (meetings, calls, emails, notes, tasks): the newest loaded version
-- of each, typed, with the reason a row is rejected (docs/data_quality.md). Only
-- meetings and calls become touches (int_touches__hubspot).
with source as (
    {{ emergence.select_source('hubspot', 'engagement', [
        'id', 'type', 'timestamp', '_fivetran_synced',
    ], optional=[
        'active', 'owner_id', 'created_at',
    ]) }}
),

newest as (
    {{ emergence.newest_versions('source', 'id', '_fivetran_synced', is_incremental()) }}
),

renamed as (
    select
        -- ids
        cast(id as {{ dbt.type_bigint() }}) as engagement_id,
        cast(owner_id as {{ dbt.type_bigint() }}) as owner_id,
        -- strings
        upper(cast(type as {{ dbt.type_string() }})) as engagement_type,
        -- booleans
        coalesce(cast(active as {{ dbt.type_boolean() }}), true) as is_active,
        -- timestamps
        cast({{ adapter.quote('timestamp') }} as {{ dbt.type_timestamp() }}) as occurred_at,
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as loaded_at,
        -- bookkeeping
        cast(id as {{ dbt.type_string() }}) as source_row_id,
        row_key,
        raw_versions,
        raw_loaded_at,
        {{ emergence.is_source_deleted() }} as is_source_deleted
    from newest
),

final as (
    select
        *,
        {{ emergence.dq_reason([
            ['engagement_id is null', 'missing_id'],
            ['occurred_at is null', 'missing_timestamp'],
            [emergence.is_future_timestamp('occurred_at', 'loaded_at'), 'future_timestamp'],
            [emergence.is_implausible_timestamp('occurred_at'), 'implausible_timestamp'],
        ]) }} as dq_reason
    from renamed
)

select * from final
