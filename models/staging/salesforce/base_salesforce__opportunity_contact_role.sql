{{ config(**emergence.base_model_config('salesforce', 'opportunity_contact_role')) }}
-- Incremental, like every base model: a run re-reads only the keys loaded since the last
-- (macros base_model_config, newest_versions; DECISIONLOG.md, "Build speed").
-- Salesforce opportunity contact roles (the people on a deal and their role): the newest
-- loaded version of each row, typed, with the reason a row is rejected
-- (docs/data_quality.md).
with source as (
    {{ emergence.select_source('salesforce', 'opportunity_contact_role', [
        'id', 'opportunity_id', 'contact_id', 'created_date',
        '_fivetran_synced',
    ], optional=[
        'role', 'is_primary', 'is_deleted', '_fivetran_deleted',
    ]) }}
),

newest as (
    {{ emergence.newest_versions('source', 'id', '_fivetran_synced', is_incremental()) }}
),

renamed as (
    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as opportunity_contact_role_id,
        {{ emergence.salesforce_id_18('opportunity_id') }} as opportunity_id,
        {{ emergence.salesforce_id_18('contact_id') }} as contact_id,
        -- strings
        cast(role as {{ dbt.type_string() }}) as contact_role,
        -- booleans
        cast(is_primary as {{ dbt.type_boolean() }}) as is_primary,
        -- timestamps
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
            ['opportunity_contact_role_id is null', 'missing_id'],
            ['opportunity_id is null or contact_id is null', 'missing_parent_id'],
            [emergence.is_future_timestamp('created_at', 'loaded_at'), 'future_timestamp'],
            [emergence.is_implausible_timestamp('created_at'), 'implausible_timestamp'],
        ]) }} as dq_reason
    from renamed
)

select * from final
