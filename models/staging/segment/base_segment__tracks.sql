{{ config(**emergence.base_model_config('segment', 'tracks')) }}
-- Incremental, like every base model: a run re-reads only the keys loaded since the last
-- (macros base_model_config, newest_versions; DECISIONLOG.md, "Build speed").
-- Segment track events: one row per message id. Segment delivers at least once, so the
-- same message can be loaded twice; the copy the warehouse loader inserted last is kept.
with source as (
    {{ emergence.select_source('segment', 'tracks', [
        'id', 'anonymous_id', 'event', 'timestamp', 'received_at', 'uuid_ts',
    ], optional=[
        'event_text', 'context_ip', 'context_page_url', 'context_page_path',
        'context_user_agent', 'sent_at', 'user_id',
    ]) }}
),

newest as (
    {{ emergence.newest_versions('source', 'id', 'uuid_ts', is_incremental()) }}
),

renamed as (
    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as event_id,
        cast(anonymous_id as {{ dbt.type_string() }}) as anonymous_id,
        cast(user_id as {{ dbt.type_string() }}) as user_id,
        -- strings
        cast(event as {{ dbt.type_string() }}) as event_name,
        cast(event_text as {{ dbt.type_string() }}) as event_text,
        trim(cast(context_ip as {{ dbt.type_string() }})) as ip,
        cast(context_page_url as {{ dbt.type_string() }}) as page_url,
        cast(context_page_path as {{ dbt.type_string() }}) as page_path,
        cast(context_user_agent as {{ dbt.type_string() }}) as user_agent,
        -- numerics
        {{ emergence.ipv4_to_integer('trim(cast(context_ip as ' ~ dbt.type_string() ~ '))') }} as ip_integer,
        -- timestamps
        {{ emergence.event_time_utc('timestamp') }} as occurred_at,
        cast(sent_at as {{ dbt.type_timestamp() }}) as sent_at,
        cast(received_at as {{ dbt.type_timestamp() }}) as received_at,
        cast(received_at as {{ dbt.type_timestamp() }}) as loaded_at,
        -- bookkeeping
        cast(id as {{ dbt.type_string() }}) as source_row_id,
        cast(timestamp as {{ dbt.type_string() }}) as raw_occurred_at,
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
            ['event_id is null', 'missing_id'],
            ['raw_occurred_at is not null and occurred_at is null', 'unparseable_timestamp'],
            ['occurred_at is null', 'missing_timestamp'],
            [emergence.is_future_timestamp('occurred_at', 'loaded_at'), 'future_timestamp'],
            [emergence.is_implausible_timestamp('occurred_at'), 'implausible_timestamp'],
            [emergence.is_malformed_ip('ip'), 'malformed_ip'],
        ]) }} as dq_reason
    from renamed
)

select * from final
