{{ config(
    materialized=emergence.incremental_materialization(),
    unique_key=['source_table', 'event_id'],
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    meta={'daily_rows': {'column': 'loaded_at', 'datepart': 'hour', 'lookback_var': 'touches_lookback_hours'}},
    post_hook=["{{ emergence.delete_vanished_rows(['source_table', 'event_id'], '(' ~ emergence.segment_event_keys() ~ ')') }}"]
) }}
-- One row per Segment page view or track event, with the reverse-IP range its address
-- falls in and that range's account. The interval join runs once here (a table), since
-- both anonymous-visitor resolution and the web touches need it
-- (docs/identity.md#reverse-ip). Page views keep their referrer and utm_source, which
-- tell a visit from a social network (docs/engagement.md#social).
--
-- Incremental: a run locates the events loaded within touches_lookback_hours of the newest
-- stored one. Each row stores the hash of the segments it was located with
-- (ip_segments_hash): when the segments differ from the stored ones (a new reverse-IP
-- export, an account whose domain a range names), every event is located again, since any
-- may now fall in another range or account. The post-hook removes events deleted or
-- quarantined since (DECISIONLOG.md, "Located events and classified titles incremental").
with page_views as (
    select * from {{ ref('stg_segment__page_views') }}
),

track_events as (
    select * from {{ ref('stg_segment__track_events') }}
),

ip_segments as (
    select * from {{ ref('int_ip_ranges__segmented') }}
),

web_events as (
    select
        'pages' as source_table,
        event_id,
        anonymous_id,
        user_id,
        cast(null as {{ dbt.type_string() }}) as event_name,
        page_path,
        referrer,
        utm_source,
        user_agent,
        ip_integer,
        occurred_at,
        loaded_at
    from page_views
    union all
    select
        'tracks' as source_table,
        event_id,
        anonymous_id,
        user_id,
        event_name,
        page_path,
        cast(null as {{ dbt.type_string() }}) as referrer,
        cast(null as {{ dbt.type_string() }}) as utm_source,
        user_agent,
        ip_integer,
        occurred_at,
        loaded_at
    from track_events
),

segments_hash as (
    {{ emergence.relation_hash('ip_segments', [
        'range_id', 'account_key', 'ip_type', 'start_ip_integer', 'end_ip_integer',
    ]) }}
),

{% if is_incremental() %}
to_locate as (
    select *
    from web_events
    where
        loaded_at >= (
            select {{ dbt.dateadd('hour', -1 * var('touches_lookback_hours'), 'max(loaded_at)') }}
            from {{ this }}
        )
        or exists (
            select 1
            from {{ this }} as stored_events
            where stored_events.ip_segments_hash != (select segments_hash.relation_hash from segments_hash)
        )
),
{% else %}
to_locate as (
    select * from web_events
),
{% endif %}

located_events as (
    {{ emergence.ip_range_lookup(
        'to_locate', ['source_table', 'event_id'], 'ip_integer', 'ip_segments',
        ['range_id', 'account_key', 'ip_type']
    ) }}
),

final as (
    select
        -- ids
        to_locate.event_id,
        to_locate.anonymous_id,
        to_locate.user_id,
        located_events.range_id,
        located_events.account_key as ip_account_key,
        -- strings
        to_locate.source_table,
        to_locate.event_name,
        to_locate.page_path,
        to_locate.referrer,
        to_locate.utm_source,
        to_locate.user_agent,
        located_events.ip_type,
        segments_hash.relation_hash as ip_segments_hash,
        -- numerics
        to_locate.ip_integer,
        -- timestamps
        to_locate.occurred_at,
        to_locate.loaded_at
    from to_locate
    cross join segments_hash
    left join located_events
        on
            to_locate.source_table = located_events.source_table
            and to_locate.event_id = located_events.event_id
)

select * from final
