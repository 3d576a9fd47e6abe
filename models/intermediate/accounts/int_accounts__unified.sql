-- One row per account the warehouse knows: every live CRM account, and every net-new
-- company seen only through a business email domain or a reverse-IP range
-- (docs/identity.md#accounts). Firmographics come from the CRM; for a net-new account,
-- from what its people's leads say (the largest employee count, the most common industry).
with crm_accounts as (
    select * from {{ ref('stg_salesforce__accounts') }}
),

account_domains as (
    select * from {{ ref('int_account_domains__resolved') }}
),

ip_ranges as (
    select * from {{ ref('int_ip_ranges__accounts') }}
),

person_records as (
    select * from {{ ref('int_people__source_records') }}
),

lead_firmographics as (
    select
        email_domain,
        max(number_of_employees) as number_of_employees
    from person_records
    where record_type in ('sfdc_lead', 'marketo_lead', 'hubspot_contact')
    group by email_domain
),

lead_industries as (
    select
        email_domain,
        industry,
        row_number() over (partition by email_domain order by count(*) desc, industry) as industry_rank
    from person_records
    where
        record_type in ('sfdc_lead', 'marketo_lead', 'hubspot_contact')
        and industry is not null
    group by email_domain, industry
),

lead_companies as (
    select
        email_domain,
        company_name,
        row_number() over (partition by email_domain order by count(*) desc, company_name) as company_rank
    from person_records
    where company_name is not null
    group by email_domain, company_name
),

range_companies as (
    select
        company_domain,
        min(company_name) as company_name
    from ip_ranges
    where names_an_account
    group by company_domain
),

crm as (
    select
        account_id as account_key,
        account_id as sfdc_account_id,
        account_name,
        website_domain as primary_domain,
        industry,
        billing_country as country,
        number_of_employees,
        annual_revenue,
        parent_account_id,
        true as is_in_crm,
        created_at as first_seen_at
    from crm_accounts
),

net_new as (
    select
        account_domains.account_key,
        cast(null as {{ dbt.type_string() }}) as sfdc_account_id,
        coalesce(range_companies.company_name, lead_companies.company_name, account_domains.domain) as account_name,
        account_domains.domain as primary_domain,
        lead_industries.industry,
        cast(null as {{ dbt.type_string() }}) as country,
        lead_firmographics.number_of_employees,
        cast(null as {{ emergence.type_double() }}) as annual_revenue,
        cast(null as {{ dbt.type_string() }}) as parent_account_id,
        false as is_in_crm,
        account_domains.first_seen_outside_crm_at as first_seen_at
    from account_domains
    left join range_companies
        on account_domains.domain = range_companies.company_domain
    left join lead_companies
        on
            account_domains.domain = lead_companies.email_domain
            and lead_companies.company_rank = 1
    left join lead_industries
        on
            account_domains.domain = lead_industries.email_domain
            and lead_industries.industry_rank = 1
    left join lead_firmographics
        on account_domains.domain = lead_firmographics.email_domain
    where not account_domains.is_in_crm
),

final as (
    select * from crm
    union all
    select * from net_new
)

select * from final
