-- Every account that some method says a person belongs to: one row per person, method and
-- account. Several methods usually agree; when they do not, int_people__resolved picks
-- the winner by the precedence in the identity_methods seed and keeps the disagreement
-- visible (docs/identity.md#precedence).
with person_records as (
    select * from {{ ref('int_people__source_records') }}
),

account_domains as (
    select * from {{ ref('int_account_domains__resolved') }}
),

contacts as (
    select * from {{ ref('stg_salesforce__contacts') }}
),

contacts_merged as (
    select * from {{ ref('int_contacts__merged') }}
),

accounts_merged as (
    select * from {{ ref('int_accounts__merged') }}
),

contact_roles as (
    select * from {{ ref('stg_salesforce__opportunity_contact_roles') }}
),

opportunities as (
    select * from {{ ref('stg_salesforce__opportunities') }}
),

identity_methods as (
    select * from {{ ref('identity_methods') }}
),

hubspot_associations as (
    select * from {{ ref('int_hubspot_contacts__associated') }}
),

-- Contacts by id, with the account they live on after merges, for the links that name a
-- contact (a converted lead, Marketo's sfdc_contact_id, a contact role).
contact_accounts as (
    select
        contacts_merged.contact_id,
        contacts.email,
        coalesce(accounts_merged.surviving_account_id, contacts.account_id) as account_id
    from contacts_merged
    inner join contacts
        on contacts_merged.surviving_contact_id = contacts.contact_id
    left join accounts_merged
        on contacts.account_id = accounts_merged.account_id
),

crm_contact as (
    select
        person_key,
        crm_account_id as account_key,
        'crm_contact' as method
    from person_records
    where
        record_type = 'sfdc_contact'
        and crm_account_id is not null
),

opportunity_contact_role as (
    select
        {{ emergence.email_person_key('contact_accounts.email') }} as person_key,
        coalesce(accounts_merged.surviving_account_id, opportunities.account_id) as account_key,
        'opportunity_contact_role' as method
    from contact_roles
    inner join contact_accounts
        on contact_roles.contact_id = contact_accounts.contact_id
    inner join opportunities
        on contact_roles.opportunity_id = opportunities.opportunity_id
    left join accounts_merged
        on opportunities.account_id = accounts_merged.account_id
    where
        contact_accounts.email is not null
        and opportunities.account_id is not null
),

lead_conversion as (
    select
        person_records.person_key,
        coalesce(person_records.converted_account_id, contact_accounts.account_id) as account_key,
        'lead_conversion' as method
    from person_records
    left join contact_accounts
        on person_records.linked_contact_id = contact_accounts.contact_id
    where
        person_records.record_type = 'sfdc_lead'
        and coalesce(person_records.converted_account_id, contact_accounts.account_id) is not null
),

-- the MAPs' CRM sync: Marketo's sfdc_* fields, HubSpot's salesforce* properties
map_crm_link as (
    select
        person_records.person_key,
        coalesce(person_records.crm_account_id, contact_accounts.account_id) as account_key,
        case person_records.record_type
            when 'marketo_lead' then 'marketo_crm_link'
            else 'hubspot_crm_link'
        end as method
    from person_records
    left join contact_accounts
        on person_records.linked_contact_id = contact_accounts.contact_id
    where
        person_records.record_type in ('marketo_lead', 'hubspot_contact')
        and coalesce(person_records.crm_account_id, contact_accounts.account_id) is not null
),

hubspot_company as (
    select
        {{ emergence.email_person_key('hubspot_associations.email') }} as person_key,
        account_domains.account_key,
        'hubspot_company' as method
    from hubspot_associations
    inner join account_domains
        on hubspot_associations.company_domain = account_domains.domain
    where hubspot_associations.email is not null
),

email_domain as (
    select
        person_records.person_key,
        account_domains.account_key,
        'email_domain' as method
    from person_records
    inner join account_domains
        on person_records.email_domain = account_domains.domain
),

unioned as (
    select * from crm_contact
    union
    select * from opportunity_contact_role
    union
    select * from lead_conversion
    union
    select * from map_crm_link
    union
    select * from hubspot_company
    union
    select * from email_domain
),

final as (
    select
        -- ids
        unioned.person_key,
        unioned.account_key,
        -- strings
        unioned.method,
        -- numerics
        identity_methods.priority,
        identity_methods.confidence
    from unioned
    inner join identity_methods
        on unioned.method = identity_methods.method
)

select * from final
