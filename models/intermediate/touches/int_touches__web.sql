-- One row per Segment page view or track event, in the touch shape: who (the visitor,
-- stitched to a person when possible), where from (the account of the event's own IP,
-- and of the visitor's usual IP), and what kind of touch it is. Account precedence is
-- applied in int_touches__resolved.
with web_events as (
    select * from {{ ref('int_web_events__located') }}
),

visitors as (
    select * from {{ ref('int_anonymous_ids__resolved') }}
),

final as (
    select
        -- ids
        'segment' as source_system,
        web_events.source_table,
        web_events.event_id as source_row_id,
        coalesce(
            visitors.person_key,
            {{ emergence.anonymous_person_key("coalesce(web_events.anonymous_id, web_events.event_id)") }}
        ) as person_key,
        web_events.anonymous_id,
        cast(null as {{ dbt.type_string() }}) as deal_account_key,
        web_events.ip_account_key as event_ip_account_key,
        visitors.ip_account_key as visitor_ip_account_key,
        -- strings
        'web' as channel,
        case
            when web_events.source_table = 'pages' then 'page_view'
            when lower(web_events.event_name) like '%pricing%' then 'pricing_viewed'
            when lower(web_events.event_name) like '%demo%' then 'demo_requested'
            when lower(web_events.event_name) like '%whitepaper%' then 'whitepaper_downloaded'
            when lower(web_events.event_name) like '%webinar%' then 'webinar_registered'
            when lower(web_events.event_name) like '%newsletter%' then 'newsletter_subscribed'
            when lower(web_events.event_name) like '%contact%' then 'contact_requested'
            when lower(web_events.event_name) like '%form%' then 'form_submitted'
            else 'web_event'
        end as touch_type,
        -- booleans
        not coalesce(visitors.is_stitched, false) as is_anonymous_person,
        coalesce(visitors.is_bot, false) as is_bot,
        -- timestamps
        web_events.occurred_at,
        web_events.loaded_at
    from web_events
    left join visitors
        on web_events.anonymous_id = visitors.anonymous_id
)

select * from final
