{{ config(materialized='table') }}
-- A table, not a view: fct_touches reads it twice, to find what changed and to resolve.
-- One row per identity a touch is resolved with, keyed by identity_key: a web visitor (its
-- anonymous id, stitched to a person or an anonymous person of its own; the account its
-- visits come from; whether it behaves like a crawler), a Marketo lead id (followed through
-- merges to its survivor and named by email, docs/identity.md#merges), a HubSpot contact or
-- email recipient (named by email, docs/identity.md#hubspot), or a CRM touch (its
-- contact or lead, and its deal's account). Each carries its person's account, and
-- identity_hash, a hash of it all: fct_touches stores the hash with each touch and
-- re-resolves the touches whose identity's hash changed (DECISIONLOG.md, "Touches resolved
-- once").
with visitors as (
    select * from {{ ref('int_anonymous_ids__resolved') }}
),

marketo_leads as (
    select * from {{ ref('stg_marketo__leads') }}
),

merged_leads as (
    select * from {{ ref('int_marketo_leads__merged') }}
),

person_records as (
    select * from {{ ref('int_people__source_records') }}
),

crm_touches as (
    select * from {{ ref('int_touches__crm') }}
),

hubspot_contacts as (
    select * from {{ ref('stg_hubspot__contacts') }}
),

hubspot_touches as (
    select * from {{ ref('int_touches__hubspot') }}
),

people as (
    select * from {{ ref('int_people__resolved') }}
),

visitor_identities as (
    select
        {{ dbt.concat(["'anonymous_id:'", 'anonymous_id']) }} as identity_key,
        person_key,
        cast(null as {{ dbt.type_string() }}) as deal_account_key,
        ip_account_key as visitor_ip_account_key,
        not is_stitched as is_anonymous_person,
        is_bot
    from visitors
),

-- every lead id an activity can name: the leads, and the ids merged away
marketo_lead_ids as (
    select marketo_lead_id from marketo_leads
    union
    select merged_lead_id as marketo_lead_id from merged_leads
),

-- a merged lead hands its history to its survivor
lead_survivors as (
    select
        marketo_lead_ids.marketo_lead_id,
        coalesce(merged_leads.surviving_lead_id, marketo_lead_ids.marketo_lead_id) as surviving_lead_id
    from marketo_lead_ids
    left join merged_leads
        on marketo_lead_ids.marketo_lead_id = merged_leads.merged_lead_id
),

lead_identities as (
    select
        {{ dbt.concat(["'marketo_lead:'", dbt.cast('lead_survivors.marketo_lead_id', dbt.type_string())]) }}
            as identity_key,
        coalesce(
            person_records.person_key,
            {{ emergence.marketo_lead_person_key('lead_survivors.surviving_lead_id') }}
        ) as person_key,
        cast(null as {{ dbt.type_string() }}) as deal_account_key,
        cast(null as {{ dbt.type_string() }}) as visitor_ip_account_key,
        false as is_anonymous_person,
        false as is_bot
    from lead_survivors
    left join person_records
        on
            {{ dbt.cast('lead_survivors.surviving_lead_id', dbt.type_string()) }} = person_records.record_id
            and person_records.record_type = 'marketo_lead'
),

-- a contact is its email's person; an email event's recipient is its address's person
hubspot_identities as (
    select
        identity_key,
        person_key,
        cast(null as {{ dbt.type_string() }}) as deal_account_key,
        cast(null as {{ dbt.type_string() }}) as visitor_ip_account_key,
        false as is_anonymous_person,
        false as is_bot
    from (
        select
            {{ dbt.concat(["'hubspot_contact:'", dbt.cast('hubspot_contact_id', dbt.type_string())]) }}
                as identity_key,
            coalesce(
                {{ emergence.email_person_key('email') }},
                {{ emergence.hubspot_contact_person_key('hubspot_contact_id') }}
            ) as person_key
        from hubspot_contacts
        union
        select
            identity_key,
            unresolved_person_key as person_key
        from hubspot_touches
        where source_table = 'email_event'
    ) as hubspot_people
),

crm_identities as (
    select
        {{ dbt.concat(["'crm:'", "source_table", "':'", 'source_row_id']) }} as identity_key,
        person_key,
        deal_account_key,
        cast(null as {{ dbt.type_string() }}) as visitor_ip_account_key,
        false as is_anonymous_person,
        false as is_bot
    from crm_touches
),

identities as (
    select * from visitor_identities
    union all
    select * from lead_identities
    union all
    select * from hubspot_identities
    union all
    select * from crm_identities
),

final as (
    select
        -- ids
        identities.identity_key,
        identities.person_key,
        identities.deal_account_key,
        identities.visitor_ip_account_key,
        people.account_key as person_account_key,
        -- strings
        people.account_method as person_account_method,
        {{ emergence.row_hash([
            'identities.person_key', 'identities.deal_account_key', 'identities.visitor_ip_account_key',
            'identities.is_anonymous_person', 'identities.is_bot', 'people.account_key',
            'people.account_method', 'people.has_account_conflict',
        ]) }} as identity_hash,
        -- booleans
        identities.is_anonymous_person,
        identities.is_bot,
        people.has_account_conflict as person_has_account_conflict
    from identities
    left join people
        on identities.person_key = people.person_key
)

select * from final
