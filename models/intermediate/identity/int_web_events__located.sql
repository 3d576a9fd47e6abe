{{ config(materialized='table') }}
-- One row per Segment page view or track event, with the reverse-IP range its address
-- falls in and that range's account. The interval join runs once here (a table), since
-- both anonymous-visitor resolution and the web touches need it
-- (docs/identity.md#reverse-ip). Page views keep their referrer and utm_source, which
-- tell a visit from a social network (docs/engagement.md#social).
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

located_events as (
    {{ emergence.ip_range_lookup(
        'web_events', ['source_table', 'event_id'], 'ip_integer', 'ip_segments',
        ['range_id', 'account_key', 'ip_type']
    ) }}
),

final as (
    select
        -- ids
        web_events.event_id,
        web_events.anonymous_id,
        web_events.user_id,
        located_events.range_id,
        located_events.account_key as ip_account_key,
        -- strings
        web_events.source_table,
        web_events.event_name,
        web_events.page_path,
        web_events.referrer,
        web_events.utm_source,
        web_events.user_agent,
        located_events.ip_type,
        -- numerics
        web_events.ip_integer,
        -- timestamps
        web_events.occurred_at,
        web_events.loaded_at
    from web_events
    left join located_events
        on
            web_events.source_table = located_events.source_table
            and web_events.event_id = located_events.event_id
)

select * from final
