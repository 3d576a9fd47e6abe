{{ config(
    materialized=emergence.incremental_materialization(),
    unique_key='touch_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook=["{{ emergence.delete_vanished_rows('touch_id', '(' ~ emergence.touch_source_keys(['segment']) ~ ')') }}"]
) }}
-- depends_on: {{ ref('stg_segment__page_views') }}
-- depends_on: {{ ref('stg_segment__track_events') }}
-- One row per Segment page view or track event, in the touch shape: the facts that do not
-- change once the event is loaded (what kind of touch, when, which visitor, the account of
-- the event's own IP). Who the visitor is, and so the person and account, is resolved in
-- fct_touches from int_touch_identities__resolved (DECISIONLOG.md, "Touches resolved once").
--
-- Incremental: a run reads the events loaded within touches_lookback_hours of the newest
-- stored one; the post-hook removes events deleted or quarantined since.
with web_events as (
    select * from {{ ref('int_web_events__located') }}
    {{ emergence.loaded_since('loaded_at', 'touches_lookback_hours') }}
),

page_touch_types as (
    select * from {{ ref('page_touch_types') }}
),

social_networks as (
    select * from {{ ref('social_networks') }}
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

-- Page views whose referrer or utm_source is a social network (social_networks seed) are
-- social touches, unless their page is one of those above: a job seeker from LinkedIn is
-- no breadcrumb.
social_visits as (
    {{ emergence.social_network_matches(
        'web_events', ['source_table', 'event_id'], 'web_events.referrer', 'web_events.utm_source', 'social_networks'
    ) }}
),

final as (
    select
        -- ids
        {{ dbt.concat(["'segment:'", 'web_events.source_table', "':'", 'web_events.event_id']) }} as touch_id,
        'segment' as source_system,
        web_events.source_table,
        web_events.event_id as source_row_id,
        web_events.anonymous_id,
        -- a visitor is resolved by its anonymous id; an event without one is a person of its own
        {{ dbt.concat(["'anonymous_id:'", 'web_events.anonymous_id']) }} as identity_key,
        {{ emergence.anonymous_person_key("coalesce(web_events.anonymous_id, web_events.event_id)") }}
            as unresolved_person_key,
        web_events.ip_account_key as event_ip_account_key,
        -- strings
        case
            when page_types.touch_type is null and social_visits.event_id is not null then 'social'
            else 'web'
        end as channel,
        case
            when web_events.source_table = 'pages' and page_types.touch_type is not null then page_types.touch_type
            when web_events.source_table = 'pages' and social_visits.event_id is not null then 'social_visit'
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
        false as is_bot_agent,
        -- timestamps
        web_events.occurred_at,
        web_events.loaded_at
    from web_events
    left join page_types
        on
            web_events.event_id = page_types.event_id
            and page_types.match_rank = 1
    left join social_visits
        on
            web_events.source_table = social_visits.source_table
            and web_events.event_id = social_visits.event_id
)

select * from final
