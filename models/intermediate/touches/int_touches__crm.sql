-- One row per CRM interaction that is a touch: a campaign member who responded to or
-- attended a campaign (webinar, event; a social touch when the campaign's type is social,
-- seed social_campaign_types), and a contact named on a deal (sales activity). A contact
-- role carries its deal's account, which wins over every other method.
with campaign_members as (
    select * from {{ ref('stg_salesforce__campaign_members') }}
),

campaigns as (
    select * from {{ ref('stg_salesforce__campaigns') }}
),

social_campaign_types as (
    select * from {{ ref('social_campaign_types') }}
),

contact_roles as (
    select * from {{ ref('stg_salesforce__opportunity_contact_roles') }}
),

opportunities as (
    select * from {{ ref('stg_salesforce__opportunities') }}
),

accounts_merged as (
    select * from {{ ref('int_accounts__merged') }}
),

contacts_merged as (
    select * from {{ ref('int_contacts__merged') }}
),

person_records as (
    select * from {{ ref('int_people__source_records') }}
),

contact_people as (
    select
        contacts_merged.contact_id,
        person_records.person_key
    from contacts_merged
    inner join person_records
        on
            contacts_merged.surviving_contact_id = person_records.record_id
            and person_records.record_type = 'sfdc_contact'
),

lead_people as (
    select
        record_id as lead_id,
        person_key
    from person_records
    where record_type = 'sfdc_lead'
),

campaign_touches as (
    select
        'campaign_member' as source_table,
        campaign_members.campaign_member_id as source_row_id,
        coalesce(contact_people.person_key, lead_people.person_key) as person_key,
        cast(null as {{ dbt.type_string() }}) as deal_account_key,
        case when social_campaign_types.campaign_type is not null then 'social' else 'event' end as channel,
        case
            when social_campaign_types.campaign_type is not null then 'social_campaign_responded'
            when lower(campaign_members.member_status) = 'attended' then 'campaign_attended'
            else 'campaign_responded'
        end as touch_type,
        coalesce(
            cast(campaign_members.first_responded_on as {{ dbt.type_timestamp() }}),
            campaign_members.created_at
        ) as occurred_at,
        campaign_members.loaded_at
    from campaign_members
    left join contact_people
        on campaign_members.contact_id = contact_people.contact_id
    left join lead_people
        on campaign_members.lead_id = lead_people.lead_id
    left join campaigns
        on campaign_members.campaign_id = campaigns.campaign_id
    left join social_campaign_types
        on lower(trim(campaigns.campaign_type)) = social_campaign_types.campaign_type
    -- "Sent" is an invitation, not an interaction
    where
        campaign_members.has_responded
        or lower(campaign_members.member_status) in ('attended', 'responded')
),

sales_touches as (
    select
        'opportunity_contact_role' as source_table,
        contact_roles.opportunity_contact_role_id as source_row_id,
        contact_people.person_key,
        coalesce(accounts_merged.surviving_account_id, opportunities.account_id) as deal_account_key,
        'sales' as channel,
        'opportunity_contact_role' as touch_type,
        contact_roles.created_at as occurred_at,
        contact_roles.loaded_at
    from contact_roles
    left join contact_people
        on contact_roles.contact_id = contact_people.contact_id
    left join opportunities
        on contact_roles.opportunity_id = opportunities.opportunity_id
    left join accounts_merged
        on opportunities.account_id = accounts_merged.account_id
),

unioned as (
    select * from campaign_touches
    union all
    select * from sales_touches
),

final as (
    select
        -- ids
        'salesforce' as source_system,
        source_table,
        source_row_id,
        coalesce(person_key, {{ dbt.hash(dbt.concat(["'salesforce:'", 'source_row_id'])) }}) as person_key,
        cast(null as {{ dbt.type_string() }}) as anonymous_id,
        deal_account_key,
        cast(null as {{ dbt.type_string() }}) as event_ip_account_key,
        cast(null as {{ dbt.type_string() }}) as visitor_ip_account_key,
        -- strings
        channel,
        touch_type,
        -- booleans
        false as is_anonymous_person,
        false as is_bot,
        -- timestamps
        occurred_at,
        loaded_at
    from unioned
)

select * from final
