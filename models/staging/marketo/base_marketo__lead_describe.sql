{{ config(**emergence.base_model_config('marketo', 'lead_describe')) }}
-- Incremental, like every base model: a run re-reads only the keys loaded since the last
-- (macros base_model_config, newest_versions; DECISIONLOG.md, "Build speed").
-- Marketo lead fields (the lead_describe metadata): the newest loaded version of each field,
-- typed, with the reason a row is rejected (docs/data_quality.md). It names the fields that
-- change-data-value activities refer to by id, such as the lead status.
with source as (
    {{ emergence.select_source('marketo', 'lead_describe', [
        'id', '_fivetran_synced',
    ], optional=[
        'display_name', 'restname', 'soapname', 'data_type', 'length',
    ]) }}
),

newest as (
    {{ emergence.newest_versions('source', 'id', '_fivetran_synced', is_incremental()) }}
),

renamed as (
    select
        -- ids
        cast(id as {{ dbt.type_bigint() }}) as field_id,
        -- strings
        cast(display_name as {{ dbt.type_string() }}) as display_name,
        cast(restname as {{ dbt.type_string() }}) as rest_name,
        cast(soapname as {{ dbt.type_string() }}) as soap_name,
        cast(data_type as {{ dbt.type_string() }}) as field_data_type,
        -- numerics
        cast(length as {{ dbt.type_bigint() }}) as field_length,
        -- timestamps
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
            ['field_id is null', 'missing_id'],
        ]) }} as dq_reason
    from renamed
)

select * from final
