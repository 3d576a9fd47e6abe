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

page_touch_types as (
    select * from {{ ref('page_touch_types') }}
),

-- Pages that are not buying interest (documentation, job listings) take their own touch
-- type from the page_touch_types seed.
page_types as (
    select
        web_events.event_id,
        page_touch_types.touch_type,
        row_number() over (
            partition by web_events.event_id
            order by page_touch_types.priority desc, page_touch_types.rule_id asc
        ) as match_rank
    from web_events
    inner join page_touch_types
        on lower(web_events.page_path) like page_touch_types.url_pattern
    where web_events.source_table = 'pages'
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
            when web_events.source_table = 'pages' then coalesce(page_types.touch_type, 'page_view')
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
    left join page_types
        on
            web_events.event_id = page_types.event_id
            and page_types.match_rank = 1
)

select * from final
