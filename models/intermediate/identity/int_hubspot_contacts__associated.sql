-- One row per HubSpot contact and company it is associated with, with the company's
-- domain, size and industry (docs/identity.md#hubspot). The association comes from the
-- contact_company table, or from the contact's associatedcompanyid property that older
-- syncs carry instead; is_primary marks the company the contact names itself.
with contacts as (
    select * from {{ ref('stg_hubspot__contacts') }}
),

contact_companies as (
    select * from {{ ref('stg_hubspot__contact_companies') }}
),

companies as (
    select * from {{ ref('stg_hubspot__companies') }}
),

associations as (
    select
        hubspot_contact_id,
        hubspot_company_id
    from contact_companies
    union
    select
        hubspot_contact_id,
        associated_company_id as hubspot_company_id
    from contacts
    where associated_company_id is not null
),

final as (
    select
        -- ids
        associations.hubspot_contact_id,
        associations.hubspot_company_id,
        -- strings
        contacts.email,
        companies.company_domain,
        companies.industry,
        -- numerics
        companies.number_of_employees,
        -- booleans
        coalesce(associations.hubspot_company_id = contacts.associated_company_id, false) as is_primary
    from associations
    inner join contacts
        on associations.hubspot_contact_id = contacts.hubspot_contact_id
    inner join companies
        on associations.hubspot_company_id = companies.hubspot_company_id
)

select * from final
