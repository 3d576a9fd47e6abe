{{ config(**emergence.base_model_config('hubspot', 'email_event_open')) }}
-- Incremental, like every base model: a run re-reads only the keys loaded since the last
-- (macros base_model_config, newest_versions; DECISIONLOG.md, "Build speed").
-- Details of HubSpot's OPEN email events (the reader's user agent and address):
-- the newest loaded version of each, typed, with the reason a row is rejected
-- (docs/data_quality.md). It shares its id with its row in email_event.
with source as (
    {{ emergence.select_source('hubspot', 'email_event_open', [
        'id', '_fivetran_synced',
    ], optional=[
        'user_agent', 'browser', 'ip_address',
    ]) }}
),

newest as (
    {{ emergence.newest_versions('source', 'id', '_fivetran_synced', is_incremental()) }}
),

renamed as (
    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as email_event_id,
        -- strings
        cast(user_agent as {{ dbt.type_string() }}) as user_agent,
        cast(browser as {{ dbt.type_string() }}) as browser,
        cast(ip_address as {{ dbt.type_string() }}) as ip_address,
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
            ['email_event_id is null', 'missing_id'],
        ]) }} as dq_reason
    from renamed
)

select * from final
