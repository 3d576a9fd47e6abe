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
-- stored one. Each row stores the hash of the segments' bounds it was located with
-- (ip_segments_hash): when the bounds differ from the stored ones (a new reverse-IP
-- export), every event is located again, since any may now fall in another range. When
-- only a range's account changed (an account entering the CRM, or merging), the run
-- re-reads the stored events of that range alone. The post-hook removes events deleted or
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

-- the bounds decide which range holds an address; an account change moves no bound
{%- set segment_bounds = ['range_id', 'ip_type', 'start_ip_integer', 'end_ip_integer'] %}
segments_hash as (
    {{ emergence.relation_hash('ip_segments', segment_bounds) }}
),

{% if is_incremental() and not emergence.stored_hash_changed(
    'ip_segments_hash', emergence.relation_hash(ref('int_ip_ranges__segmented'), segment_bounds)
) %}
new_events as (
    select * from web_events
    {{ emergence.loaded_since('loaded_at', 'touches_lookback_hours') }}
),

-- ranges whose account is no longer the one their stored events carry
moved_ranges as (
    select stored_ranges.range_id
    from (
        select distinct
            range_id,
            ip_account_key
        from {{ this }}
        where range_id is not null
    ) as stored_ranges
    inner join (
        select distinct
            range_id,
            account_key
        from ip_segments
    ) as current_ranges
        on stored_ranges.range_id = current_ranges.range_id
    where coalesce(stored_ranges.ip_account_key, '') != coalesce(current_ranges.account_key, '')
),

-- the day's events, and the stored events of a moved range that the day did not load again
to_locate as (
    select * from new_events

    union all

    select
        stored_events.source_table,
        stored_events.event_id,
        stored_events.anonymous_id,
        stored_events.user_id,
        stored_events.event_name,
        stored_events.page_path,
        stored_events.referrer,
        stored_events.utm_source,
        stored_events.user_agent,
        stored_events.ip_integer,
        stored_events.occurred_at,
        stored_events.loaded_at
    from {{ this }} as stored_events
    inner join moved_ranges
        on stored_events.range_id = moved_ranges.range_id
    where not exists (
        select 1
        from new_events
        where
            new_events.source_table = stored_events.source_table
            and new_events.event_id = stored_events.event_id
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
