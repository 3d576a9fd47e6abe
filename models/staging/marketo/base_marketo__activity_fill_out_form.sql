{{ config(**emergence.base_model_config('marketo', 'activity_fill_out_form')) }}
-- Incremental, like every base model: a run re-reads only the keys loaded since the last
-- (macros base_model_config, newest_versions; DECISIONLOG.md, "Build speed").
-- Marketo form fills (Fill Out Form activities): the newest loaded version of each
-- activity, typed, with the client IP as an integer for reverse-IP ranges and the reason a
-- row is rejected (docs/data_quality.md).
with source as (
    {{ emergence.select_source('marketo', 'activity_fill_out_form', [
        'id', 'lead_id', 'activity_date', '_fivetran_synced',
    ], optional=[
        'campaign_id', 'activity_type_id', 'primary_attribute_value_id',
        'primary_attribute_value', 'webpage_id', 'form_fields', 'referrer_url',
        'query_parameters', 'client_ip_address',
    ]) }}
),

newest as (
    {{ emergence.newest_versions('source', 'id', '_fivetran_synced', is_incremental()) }}
),

renamed as (
    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as activity_id,
        cast(lead_id as {{ dbt.type_bigint() }}) as marketo_lead_id,
        cast(campaign_id as {{ dbt.type_bigint() }}) as marketo_campaign_id,
        cast(activity_type_id as {{ dbt.type_bigint() }}) as activity_type_id,
        cast(primary_attribute_value_id as {{ dbt.type_bigint() }}) as form_id,
        cast(webpage_id as {{ dbt.type_bigint() }}) as webpage_id,
        -- strings
        cast(primary_attribute_value as {{ dbt.type_string() }}) as form_name,
        cast(form_fields as {{ dbt.type_string() }}) as form_fields,
        cast(referrer_url as {{ dbt.type_string() }}) as referrer_url,
        cast(query_parameters as {{ dbt.type_string() }}) as query_parameters,
        nullif(trim(cast(client_ip_address as {{ dbt.type_string() }})), '') as client_ip,
        -- numerics
        {{ emergence.ipv4_to_integer('trim(client_ip_address)') }} as client_ip_integer,
        -- timestamps
        cast(activity_date as {{ dbt.type_timestamp() }}) as activity_at,
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
        {{ emergence.dq_reason(emergence.marketo_activity_checks()) }} as dq_reason
    from renamed
)

select * from final
