{{ config(**emergence.base_model_config('marketo', 'activity_click_link')) }}
-- Incremental, like every base model: a run re-reads only the keys loaded since the last
-- (macros base_model_config, newest_versions; DECISIONLOG.md, "Build speed").
-- Marketo link clicks (Click Link activities on Marketo landing pages): the newest loaded
-- version of each activity, typed, with the client IP as an integer for reverse-IP ranges
-- and the reason a row is rejected (docs/data_quality.md).
with source as (
    {{ emergence.select_source('marketo', 'activity_click_link', [
        'id', 'lead_id', 'activity_date', '_fivetran_synced',
    ], optional=[
        'campaign_id', 'activity_type_id', 'webpage_id', 'link', 'referrer_url',
        'query_parameters', 'user_agent', 'client_ip_address',
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
        cast(webpage_id as {{ dbt.type_bigint() }}) as webpage_id,
        -- strings
        cast(link as {{ dbt.type_string() }}) as link,
        cast(referrer_url as {{ dbt.type_string() }}) as referrer_url,
        cast(query_parameters as {{ dbt.type_string() }}) as query_parameters,
        cast(user_agent as {{ dbt.type_string() }}) as user_agent,
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
