-- One row per source record that names a person by email: Salesforce contacts and leads,
-- Marketo leads, HubSpot contacts and Segment user ids (from identify calls). person_key is a hash of the
-- normalised email, so the same person in four systems is one person
-- (docs/identity.md#people). Records without a usable email are left out: they are
-- people the warehouse cannot name.
with contacts as (
    select * from {{ ref('stg_salesforce__contacts') }}
),

accounts_merged as (
    select * from {{ ref('int_accounts__merged') }}
),

sfdc_leads as (
    select * from {{ ref('stg_salesforce__leads') }}
),

marketo_leads as (
    select * from {{ ref('stg_marketo__leads') }}
),

hubspot_contacts as (
    select * from {{ ref('stg_hubspot__contacts') }}
),

hubspot_associations as (
    select * from {{ ref('int_hubspot_contacts__associated') }}
    where is_primary
),

identifies as (
    select * from {{ ref('stg_segment__identifies') }}
),

contact_records as (
    select
        'salesforce' as source_system,
        'sfdc_contact' as record_type,
        contacts.contact_id as record_id,
        contacts.email,
        contacts.email_domain,
        contacts.first_name,
        contacts.last_name,
        contacts.job_title,
        cast(null as {{ dbt.type_string() }}) as company_name,
        coalesce(accounts_merged.surviving_account_id, contacts.account_id) as crm_account_id,
        cast(null as {{ dbt.type_string() }}) as converted_account_id,
        cast(null as {{ dbt.type_string() }}) as linked_contact_id,
        cast(null as {{ dbt.type_bigint() }}) as number_of_employees,
        cast(null as {{ dbt.type_string() }}) as industry,
        contacts.created_at as first_seen_at,
        contacts.loaded_at
    from contacts
    left join accounts_merged
        on contacts.account_id = accounts_merged.account_id
    where contacts.email is not null
),

sfdc_lead_records as (
    select
        'salesforce' as source_system,
        'sfdc_lead' as record_type,
        sfdc_leads.lead_id as record_id,
        sfdc_leads.email,
        sfdc_leads.email_domain,
        sfdc_leads.first_name,
        sfdc_leads.last_name,
        sfdc_leads.job_title,
        sfdc_leads.company_name,
        cast(null as {{ dbt.type_string() }}) as crm_account_id,
        coalesce(accounts_merged.surviving_account_id, sfdc_leads.converted_account_id) as converted_account_id,
        sfdc_leads.converted_contact_id as linked_contact_id,
        sfdc_leads.number_of_employees,
        sfdc_leads.industry,
        sfdc_leads.created_at as first_seen_at,
        sfdc_leads.loaded_at
    from sfdc_leads
    left join accounts_merged
        on sfdc_leads.converted_account_id = accounts_merged.account_id
    where sfdc_leads.email is not null
),

marketo_records as (
    select
        'marketo' as source_system,
        'marketo_lead' as record_type,
        cast(marketo_leads.marketo_lead_id as {{ dbt.type_string() }}) as record_id,
        marketo_leads.email,
        marketo_leads.email_domain,
        marketo_leads.first_name,
        marketo_leads.last_name,
        marketo_leads.job_title,
        marketo_leads.company_name,
        coalesce(accounts_merged.surviving_account_id, marketo_leads.sfdc_account_id) as crm_account_id,
        cast(null as {{ dbt.type_string() }}) as converted_account_id,
        marketo_leads.sfdc_contact_id as linked_contact_id,
        marketo_leads.number_of_employees,
        marketo_leads.industry,
        marketo_leads.created_at as first_seen_at,
        marketo_leads.loaded_at
    from marketo_leads
    left join accounts_merged
        on marketo_leads.sfdc_account_id = accounts_merged.account_id
    where marketo_leads.email is not null
),

-- HubSpot's Salesforce sync writes the CRM ids on the contact, as Marketo's does on the
-- lead; the size and industry of a contact's company are on its primary company
hubspot_records as (
    select
        'hubspot' as source_system,
        'hubspot_contact' as record_type,
        cast(hubspot_contacts.hubspot_contact_id as {{ dbt.type_string() }}) as record_id,
        hubspot_contacts.email,
        hubspot_contacts.email_domain,
        hubspot_contacts.first_name,
        hubspot_contacts.last_name,
        hubspot_contacts.job_title,
        hubspot_contacts.company_name,
        coalesce(accounts_merged.surviving_account_id, hubspot_contacts.sfdc_account_id) as crm_account_id,
        cast(null as {{ dbt.type_string() }}) as converted_account_id,
        hubspot_contacts.sfdc_contact_id as linked_contact_id,
        hubspot_associations.number_of_employees,
        coalesce(hubspot_contacts.industry, hubspot_associations.industry) as industry,
        hubspot_contacts.created_at as first_seen_at,
        hubspot_contacts.loaded_at
    from hubspot_contacts
    left join accounts_merged
        on hubspot_contacts.sfdc_account_id = accounts_merged.account_id
    left join hubspot_associations
        on hubspot_contacts.hubspot_contact_id = hubspot_associations.hubspot_contact_id
    where hubspot_contacts.email is not null
),

identified_users as (
    select
        coalesce(user_id, {{ dbt.concat(["'anonymous:'", 'anonymous_id']) }}) as segment_user,
        email,
        email_domain,
        first_name,
        last_name,
        job_title,
        company_name,
        occurred_at,
        loaded_at
    from identifies
    where email is not null
),

segment_records as (
    select
        'segment' as source_system,
        'segment_user' as record_type,
        segment_user as record_id,
        email,
        email_domain,
        max(first_name) as first_name,
        max(last_name) as last_name,
        max(job_title) as job_title,
        max(company_name) as company_name,
        cast(null as {{ dbt.type_string() }}) as crm_account_id,
        cast(null as {{ dbt.type_string() }}) as converted_account_id,
        cast(null as {{ dbt.type_string() }}) as linked_contact_id,
        cast(null as {{ dbt.type_bigint() }}) as number_of_employees,
        cast(null as {{ dbt.type_string() }}) as industry,
        min(occurred_at) as first_seen_at,
        max(loaded_at) as loaded_at
    from identified_users
    group by segment_user, email, email_domain
),

unioned as (
    select * from contact_records
    union all
    select * from sfdc_lead_records
    union all
    select * from marketo_records
    union all
    select * from hubspot_records
    union all
    select * from segment_records
),

final as (
    select
        -- ids
        {{ emergence.email_person_key('email') }} as person_key,
        source_system,
        record_type,
        record_id,
        crm_account_id,
        converted_account_id,
        linked_contact_id,
        -- strings
        email,
        email_domain,
        first_name,
        last_name,
        job_title,
        company_name,
        industry,
        -- numerics
        number_of_employees,
        -- timestamps
        first_seen_at,
        loaded_at
    from unioned
)

select * from final
