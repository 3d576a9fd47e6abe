{{ config(**emergence.base_model_config('salesforce', 'campaign')) }}
-- Incremental, like every base model: a run re-reads only the keys loaded since the last
-- (macros base_model_config, newest_versions; DECISIONLOG.md, "Build speed").
-- Salesforce campaigns (webinars, events, trade shows, email programs): the newest
-- loaded version of each row, typed, with the reason a row is rejected
-- (docs/data_quality.md).
with source as (
    {{ emergence.select_source('salesforce', 'campaign', [
        'id', '_fivetran_synced',
    ], optional=[
        'parent_id', 'name', 'type', 'status', 'budgeted_cost', 'actual_cost',
        'is_active', 'start_date', 'end_date', 'created_date', 'is_deleted',
        '_fivetran_deleted',
    ]) }}
),

newest as (
    {{ emergence.newest_versions('source', 'id', '_fivetran_synced', is_incremental()) }}
),

renamed as (
    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as campaign_id,
        {{ emergence.salesforce_id_18('parent_id') }} as parent_campaign_id,
        -- strings
        cast(name as {{ dbt.type_string() }}) as campaign_name,
        cast(type as {{ dbt.type_string() }}) as campaign_type,
        cast(status as {{ dbt.type_string() }}) as campaign_status,
        -- numerics
        cast(budgeted_cost as {{ emergence.type_double() }}) as budgeted_cost,
        cast(actual_cost as {{ emergence.type_double() }}) as actual_cost,
        -- booleans
        cast(is_active as {{ dbt.type_boolean() }}) as is_active,
        -- timestamps
        cast(start_date as date) as start_date,
        cast(end_date as date) as end_date,
        cast(created_date as {{ dbt.type_timestamp() }}) as created_at,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as loaded_at,
        -- bookkeeping
        cast(id as {{ dbt.type_string() }}) as source_row_id,
        row_key,
        raw_versions,
        raw_loaded_at,
        {{ emergence.is_source_deleted(['is_deleted', '_fivetran_deleted']) }} as is_source_deleted
    from newest
),

final as (
    select
        *,
        {{ emergence.dq_reason([
            ['campaign_id is null', 'missing_id'],
            [emergence.is_future_timestamp('created_at', 'loaded_at'), 'future_timestamp'],
        ]) }} as dq_reason
    from renamed
)

select * from final
