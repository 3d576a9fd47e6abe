{{ config(**emergence.base_model_config('salesforce', 'lead_history')) }}
-- Incremental, like every base model: a run re-reads only the keys loaded since the last
-- (macros base_model_config, newest_versions; DECISIONLOG.md, "Build speed").
-- Salesforce LeadHistory rows (field history: one per change of a tracked lead field,
-- such as Status): the newest loaded version of each row, typed, with the reason a row
-- is rejected (docs/data_quality.md).
with source as (
    {{ emergence.select_source('salesforce', 'lead_history', [
        'id', 'lead_id', 'field', 'new_value', 'created_date',
        '_fivetran_synced',
    ], optional=[
        'old_value', 'data_type', 'is_deleted', '_fivetran_deleted',
    ]) }}
),

newest as (
    {{ emergence.newest_versions('source', 'id', '_fivetran_synced', is_incremental()) }}
),

renamed as (
    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as lead_history_id,
        {{ emergence.salesforce_id_18('lead_id') }} as lead_id,
        -- strings
        cast(field as {{ dbt.type_string() }}) as field_name,
        cast(old_value as {{ dbt.type_string() }}) as old_value,
        cast(new_value as {{ dbt.type_string() }}) as new_value,
        cast(data_type as {{ dbt.type_string() }}) as field_data_type,
        -- timestamps
        cast(created_date as {{ dbt.type_timestamp() }}) as changed_at,
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
            ['lead_history_id is null', 'missing_id'],
            ['lead_id is null', 'missing_parent_id'],
            ['changed_at is null', 'missing_timestamp'],
            [emergence.is_future_timestamp('changed_at', 'loaded_at'), 'future_timestamp'],
            [emergence.is_implausible_timestamp('changed_at'), 'implausible_timestamp'],
        ]) }} as dq_reason
    from renamed
)

select * from final
