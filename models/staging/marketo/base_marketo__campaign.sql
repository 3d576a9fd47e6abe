{{ config(**emergence.base_model_config('marketo', 'campaign')) }}
-- Incremental, like every base model: a run re-reads only the keys loaded since the last
-- (macros base_model_config, newest_versions; DECISIONLOG.md, "Build speed").
-- Marketo smart campaigns (batch or trigger): the newest loaded version of each campaign,
-- typed, with the reason a row is rejected (docs/data_quality.md).
with source as (
    {{ emergence.select_source('marketo', 'campaign', [
        'id', '_fivetran_synced',
    ], optional=[
        'program_id', 'name', 'program_name', 'type', 'active', 'created_at',
        'updated_at',
    ]) }}
),

newest as (
    {{ emergence.newest_versions('source', 'id', '_fivetran_synced', is_incremental()) }}
),

renamed as (
    select
        -- ids
        cast(id as {{ dbt.type_bigint() }}) as marketo_campaign_id,
        cast(program_id as {{ dbt.type_bigint() }}) as marketo_program_id,
        -- strings
        cast(name as {{ dbt.type_string() }}) as campaign_name,
        cast(program_name as {{ dbt.type_string() }}) as program_name,
        cast(type as {{ dbt.type_string() }}) as campaign_type,
        -- booleans
        cast(active as {{ dbt.type_boolean() }}) as is_active,
        -- timestamps
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at,
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
            ['marketo_campaign_id is null', 'missing_id'],
            [emergence.is_future_timestamp('created_at', 'loaded_at'), 'future_timestamp'],
        ]) }} as dq_reason
    from renamed
)

select * from final
