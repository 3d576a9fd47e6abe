-- One row per HubSpot record that is a touch: email deliveries, opens and clicks (events
-- HubSpot did not filter out as a scanner's), form submissions (social ones, such as a
-- LinkedIn lead gen form, in channel social), and meetings and calls
-- with each contact they involve, with the facts that do not change once loaded
-- (docs/identity.md#hubspot). An email event names its recipient by address, so its
-- identity is the address's person; a form or an engagement names the contact, followed
-- to its person in int_touch_identities__resolved. Small next to the web's tables, so it
-- is a view read whole, not an incremental table.
with email_events as (
    select * from {{ ref('stg_hubspot__email_events') }}
),

email_opens as (
    select * from {{ ref('stg_hubspot__email_opens') }}
),

email_clicks as (
    select * from {{ ref('stg_hubspot__email_clicks') }}
),

form_submissions as (
    select * from {{ ref('stg_hubspot__form_submissions') }}
),

engagements as (
    select * from {{ ref('stg_hubspot__engagements') }}
),

engagement_contacts as (
    select * from {{ ref('stg_hubspot__engagement_contacts') }}
),

bot_patterns as (
    select * from {{ ref('bot_user_agent_patterns') }}
),

social_networks as (
    select * from {{ ref('social_networks') }}
),

-- A submission whose source is social is a social form fill, like Marketo's LinkedIn lead
-- gen form (docs/engagement.md#social). The connector loads no source per submission, only
-- its page: a lead gen form submitted on the network's own site has the network's host, a
-- form reached from a social ad carries the network's utm_source; the social_networks seed
-- names both, as for a visit's referrer.
social_submissions as (
    {{ emergence.social_network_matches(
        'form_submissions', ['conversion_id'], 'form_submissions.page_url',
        'form_submissions.page_utm_source', 'social_networks'
    ) }}
),

event_agents as (
    select
        email_event_id,
        user_agent
    from email_opens
    union all
    select
        email_event_id,
        user_agent
    from email_clicks
),

email_touches as (
    select
        'email_event' as source_table,
        email_events.email_event_id as source_row_id,
        {{ dbt.concat(["'hubspot_email:'", emergence.email_person_key('email_events.email')]) }} as identity_key,
        {{ emergence.email_person_key('email_events.email') }} as unresolved_person_key,
        'email' as channel,
        case email_events.event_type
            when 'DELIVERED' then 'email_delivery'
            when 'OPEN' then 'email_open'
            else 'email_click'
        end as touch_type,
        max(event_agents.user_agent) as user_agent,
        email_events.occurred_at,
        email_events.loaded_at
    from email_events
    left join event_agents
        on email_events.email_event_id = event_agents.email_event_id
    where
        email_events.event_type in ('DELIVERED', 'OPEN', 'CLICK')
        and not email_events.is_filtered
    group by
        email_events.email_event_id,
        email_events.email,
        email_events.event_type,
        email_events.occurred_at,
        email_events.loaded_at
),

contact_touches as (
    select
        'contact_form_submission' as source_table,
        form_submissions.conversion_id as source_row_id,
        form_submissions.hubspot_contact_id,
        case when social_submissions.conversion_id is null then 'form' else 'social' end as channel,
        case when social_submissions.conversion_id is null then 'form_fill' else 'social_form_fill' end as touch_type,
        form_submissions.occurred_at,
        form_submissions.loaded_at
    from form_submissions
    left join social_submissions
        on form_submissions.conversion_id = social_submissions.conversion_id
    union all
    -- a meeting or a call is a sales touch with each contact it involves
    select
        'engagement_contact' as source_table,
        engagement_contacts.engagement_contact_id as source_row_id,
        engagement_contacts.hubspot_contact_id,
        'sales' as channel,
        {{ dbt.concat(["'sales_'", 'lower(engagements.engagement_type)']) }} as touch_type,
        engagements.occurred_at,
        case
            when engagement_contacts.loaded_at > engagements.loaded_at then engagement_contacts.loaded_at
            else engagements.loaded_at
        end as loaded_at
    from engagement_contacts
    inner join engagements
        on engagement_contacts.engagement_id = engagements.engagement_id
    where engagements.engagement_type in ('MEETING', 'CALL')
),

touches as (
    select
        source_table,
        source_row_id,
        identity_key,
        unresolved_person_key,
        channel,
        touch_type,
        user_agent,
        occurred_at,
        loaded_at
    from email_touches
    union all
    select
        source_table,
        source_row_id,
        {{ dbt.concat(["'hubspot_contact:'", dbt.cast('hubspot_contact_id', dbt.type_string())]) }} as identity_key,
        {{ emergence.hubspot_contact_person_key('hubspot_contact_id') }} as unresolved_person_key,
        channel,
        touch_type,
        cast(null as {{ dbt.type_string() }}) as user_agent,
        occurred_at,
        loaded_at
    from contact_touches
),

crawler_agents as (
    {{ emergence.crawler_agents('touches', 'bot_patterns') }}
),

bot_touches as (
    select distinct
        touches.source_table,
        touches.source_row_id
    from touches
    inner join crawler_agents
        on touches.user_agent = crawler_agents.user_agent
),

final as (
    select
        -- ids
        {{ dbt.concat(["'hubspot:'", 'touches.source_table', "':'", 'touches.source_row_id']) }} as touch_id,
        'hubspot' as source_system,
        touches.source_table,
        touches.source_row_id,
        cast(null as {{ dbt.type_string() }}) as anonymous_id,
        touches.identity_key,
        touches.unresolved_person_key,
        cast(null as {{ dbt.type_string() }}) as event_ip_account_key,
        -- strings
        touches.channel,
        touches.touch_type,
        -- booleans
        bot_touches.source_row_id is not null as is_bot_agent,
        -- timestamps
        touches.occurred_at,
        touches.loaded_at
    from touches
    left join bot_touches
        on
            touches.source_table = bot_touches.source_table
            and touches.source_row_id = bot_touches.source_row_id
)

select * from final
