-- One row per company domain the warehouse has seen, with the account it stands for:
-- the CRM account whose website it is, or a domain-based key for a net-new account seen
-- only in emails or reverse-IP ranges (docs/identity.md#accounts). Free-mail and ISP
-- mail domains never stand for an account.
with crm_accounts as (
    select * from {{ ref('stg_salesforce__accounts') }}
),

ip_ranges as (
    select * from {{ ref('stg_reverse_ip__ip_ranges') }}
),

people as (
    select * from {{ ref('int_people__source_records') }}
),

free_email_domains as (
    select * from {{ ref('free_email_domains') }}
),

crm_domains as (
    select
        website_domain as domain,
        account_id,
        created_at,
        count(*) over (partition by website_domain) as crm_accounts_with_domain,
        -- Two CRM accounts with one website (a duplicate, a subsidiary): the oldest holds
        -- the domain; the others keep their own id through their contacts.
        row_number() over (partition by website_domain order by created_at, account_id) as domain_rank
    from crm_accounts
    where website_domain is not null
),

range_domains as (
    select
        company_domain as domain,
        min(loaded_at) as first_seen_at
    from ip_ranges
    where
        company_domain is not null
        and ip_type in ({{ "'" ~ var('identity_account_ip_types') | join("', '") ~ "'" }})
    group by company_domain
),

email_domains as (
    select
        email_domain as domain,
        min(first_seen_at) as first_seen_at
    from people
    where email_domain is not null
    group by email_domain
),

all_domains as (
    select domain
    from crm_domains
    where domain_rank = 1
    union
    select domain from range_domains
    union
    select domain from email_domains
),

final as (
    select
        -- ids
        all_domains.domain,
        coalesce(crm_domains.account_id, {{ emergence.domain_account_key('all_domains.domain') }}) as account_key,
        crm_domains.account_id as sfdc_account_id,
        -- numerics
        coalesce(crm_domains.crm_accounts_with_domain, 0) as crm_accounts_with_domain,
        -- booleans
        crm_domains.account_id is not null as is_in_crm,
        range_domains.domain is not null as is_in_ip_ranges,
        email_domains.domain is not null as is_in_emails,
        -- timestamps
        crm_domains.created_at as crm_created_at,
        least(
            coalesce(range_domains.first_seen_at, email_domains.first_seen_at),
            coalesce(email_domains.first_seen_at, range_domains.first_seen_at)
        ) as first_seen_outside_crm_at
    from all_domains
    left join crm_domains
        on
            all_domains.domain = crm_domains.domain
            and crm_domains.domain_rank = 1
    left join range_domains
        on all_domains.domain = range_domains.domain
    left join email_domains
        on all_domains.domain = email_domains.domain
    where all_domains.domain not in (select domain from free_email_domains)
)

select * from final
