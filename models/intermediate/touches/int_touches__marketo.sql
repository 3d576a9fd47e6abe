{{ config(
    materialized=emergence.incremental_materialization(),
    unique_key='touch_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook=["{{ emergence.delete_vanished_rows('touch_id', '(' ~ emergence.touch_source_keys(['marketo']) ~ ')') }}"]
) }}
-- One row per Marketo activity that is a touch: web visits and link clicks of known leads,
-- form fills (on the website, and LinkedIn lead gen forms), and email deliveries, opens and
-- clicks, with the facts that do not change once the activity is loaded: what kind of
-- touch, when, which lead, the account of the client IP (visits, clicks and forms) and
-- whether the user agent is a crawler's. The lead is
-- followed through merges to its person in fct_touches, from int_touch_identities__resolved
-- (DECISIONLOG.md, "Touches resolved once").
--
-- Incremental: a run reads the activities loaded within touches_lookback_hours of the
-- newest stored one; the post-hook removes activities deleted or quarantined since.
with web_visits as (
    select * from {{ ref('stg_marketo__web_visits') }}
    {{ emergence.loaded_since('loaded_at', 'touches_lookback_hours') }}
),

link_clicks as (
    select * from {{ ref('stg_marketo__link_clicks') }}
    {{ emergence.loaded_since('loaded_at', 'touches_lookback_hours') }}
),

form_fills as (
    select * from {{ ref('stg_marketo__form_fills') }}
    {{ emergence.loaded_since('loaded_at', 'touches_lookback_hours') }}
),

linkedin_form_fills as (
    select * from {{ ref('stg_marketo__linkedin_form_fills') }}
    {{ emergence.loaded_since('loaded_at', 'touches_lookback_hours') }}
),

email_deliveries as (
    select * from {{ ref('stg_marketo__email_deliveries') }}
    {{ emergence.loaded_since('loaded_at', 'touches_lookback_hours') }}
),

email_opens as (
    select * from {{ ref('stg_marketo__email_opens') }}
    {{ emergence.loaded_since('loaded_at', 'touches_lookback_hours') }}
),

email_clicks as (
    select * from {{ ref('stg_marketo__email_clicks') }}
    {{ emergence.loaded_since('loaded_at', 'touches_lookback_hours') }}
),

ip_segments as (
    select * from {{ ref('int_ip_ranges__segmented') }}
),

bot_patterns as (
    select * from {{ ref('bot_user_agent_patterns') }}
),

page_touch_types as (
    select * from {{ ref('page_touch_types') }}
),

social_networks as (
    select * from {{ ref('social_networks') }}
),

-- Visits to pages that are not buying interest (documentation, job listings) take their
-- own touch type from the page_touch_types seed.
visit_types as (
    select
        web_visits.activity_id,
        page_touch_types.touch_type,
        row_number() over (
            partition by web_visits.activity_id
            order by page_touch_types.priority desc, page_touch_types.rule_id asc
        ) as match_rank
    from web_visits
    inner join page_touch_types
        on lower(web_visits.webpage_url) like page_touch_types.url_pattern
),

-- Visits referred by a social network (social_networks seed) are social touches, unless
-- their page is one of those above, as for the Segment page view of the same visit
-- (int_touches__web). Munchkin records no utm_source of its own.
social_visits as (
    {{ emergence.social_network_matches(
        'web_visits', ['activity_id'], 'web_visits.referrer_url',
        'cast(null as ' ~ dbt.type_string() ~ ')', 'social_networks'
    ) }}
),

activities as (
    select
        'activity_visit_webpage' as source_table,
        web_visits.activity_id,
        web_visits.marketo_lead_id,
        case
            when visit_types.touch_type is null and social_visits.activity_id is not null then 'social'
            else 'web'
        end as channel,
        coalesce(
            visit_types.touch_type,
            case when social_visits.activity_id is not null then 'social_visit' end,
            'page_view'
        ) as touch_type,
        web_visits.client_ip_integer,
        web_visits.user_agent,
        web_visits.activity_at,
        web_visits.loaded_at
    from web_visits
    left join visit_types
        on
            web_visits.activity_id = visit_types.activity_id
            and visit_types.match_rank = 1
    left join social_visits
        on web_visits.activity_id = social_visits.activity_id
    union all
    select
        'activity_click_link' as source_table,
        activity_id,
        marketo_lead_id,
        'web' as channel,
        'link_click' as touch_type,
        client_ip_integer,
        user_agent,
        activity_at,
        loaded_at
    from link_clicks
    union all
    select
        'activity_fill_out_form' as source_table,
        activity_id,
        marketo_lead_id,
        'form' as channel,
        'form_fill' as touch_type,
        client_ip_integer,
        cast(null as {{ dbt.type_string() }}) as user_agent,
        activity_at,
        loaded_at
    from form_fills
    union all
    -- a lead gen form submitted in a LinkedIn sponsored post: a social touch
    select
        'activity_fill_out_linkedin_lead_gen_form' as source_table,
        activity_id,
        marketo_lead_id,
        'social' as channel,
        'social_form_fill' as touch_type,
        cast(null as {{ dbt.type_bigint() }}) as client_ip_integer,
        cast(null as {{ dbt.type_string() }}) as user_agent,
        activity_at,
        loaded_at
    from linkedin_form_fills
    union all
    select
        'activity_email_delivered' as source_table,
        activity_id,
        marketo_lead_id,
        'email' as channel,
        'email_delivery' as touch_type,
        cast(null as {{ dbt.type_bigint() }}) as client_ip_integer,
        cast(null as {{ dbt.type_string() }}) as user_agent,
        activity_at,
        loaded_at
    from email_deliveries
    union all
    select
        'activity_open_email' as source_table,
        activity_id,
        marketo_lead_id,
        'email' as channel,
        'email_open' as touch_type,
        cast(null as {{ dbt.type_bigint() }}) as client_ip_integer,
        user_agent,
        activity_at,
        loaded_at
    from email_opens
    union all
    select
        'activity_click_email' as source_table,
        activity_id,
        marketo_lead_id,
        'email' as channel,
        'email_click' as touch_type,
        cast(null as {{ dbt.type_bigint() }}) as client_ip_integer,
        user_agent,
        activity_at,
        loaded_at
    from email_clicks
),

-- Only the activities that carry a user agent are matched against the bot patterns, and
-- only those with a client IP against the ranges: email deliveries, most of the rows,
-- carry neither, and a pattern or interval join over them costs more than the rest of the
-- model.
crawler_agents as (
    {{ emergence.crawler_agents('activities', 'bot_patterns') }}
),

bot_activities as (
    select distinct
        activities.source_table,
        activities.activity_id
    from activities
    inner join crawler_agents
        on activities.user_agent = crawler_agents.user_agent
),

located_activities as (
    {{ emergence.ip_range_lookup(
        'activities', ['source_table', 'activity_id'], 'client_ip_integer', 'ip_segments', ['account_key']
    ) }}
),

final as (
    select
        -- ids
        {{ dbt.concat([
            "'marketo:'", 'activities.source_table', "':'", dbt.cast('activities.activity_id', dbt.type_string()),
        ]) }} as touch_id,
        'marketo' as source_system,
        activities.source_table,
        {{ dbt.cast("activities.activity_id", dbt.type_string()) }} as source_row_id,
        cast(null as {{ dbt.type_string() }}) as anonymous_id,
        -- the lead is resolved by its id; one with no record is a person of its own, named
        -- by its Marketo id
        {{ dbt.concat(["'marketo_lead:'", dbt.cast('activities.marketo_lead_id', dbt.type_string())]) }}
            as identity_key,
        {{ emergence.marketo_lead_person_key('activities.marketo_lead_id') }} as unresolved_person_key,
        located_activities.account_key as event_ip_account_key,
        -- strings
        activities.channel,
        activities.touch_type,
        -- booleans
        bot_activities.activity_id is not null as is_bot_agent,
        -- timestamps
        activities.activity_at as occurred_at,
        activities.loaded_at
    from activities
    left join located_activities
        on
            activities.source_table = located_activities.source_table
            and activities.activity_id = located_activities.activity_id
    left join bot_activities
        on
            activities.source_table = bot_activities.source_table
            and activities.activity_id = bot_activities.activity_id
)

select * from final
