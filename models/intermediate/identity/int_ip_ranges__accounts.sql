{{ config(materialized='table') }}
-- A table, not a view: joined to every web event by interval, a view leaves the planner
-- without its size and the join runs ten times slower (DECISIONLOG.md, "Build speed").
-- One row per reverse-IP range, with the account its addresses belong to. Only business
-- and education ranges (var identity_account_ip_types) name a company: an ISP, hosting
-- or VPN range says where the packets came from, not who sent them
-- (docs/identity.md#reverse-ip).
with ip_ranges as (
    select * from {{ ref('stg_reverse_ip__ip_ranges') }}
),

account_domains as (
    select * from {{ ref('int_account_domains__resolved') }}
),

final as (
    select
        -- ids
        ip_ranges.range_id,
        case when ip_ranges.ip_type in ({{ "'" ~ var('identity_account_ip_types') | join("', '") ~ "'" }})
                then account_domains.account_key
        end as account_key,
        -- strings
        ip_ranges.company_name,
        ip_ranges.company_domain,
        ip_ranges.ip_type,
        -- numerics
        ip_ranges.start_ip_integer,
        ip_ranges.end_ip_integer,
        -- booleans
        ip_ranges.ip_type in ({{ "'" ~ var('identity_account_ip_types') | join("', '") ~ "'" }}) as names_an_account
    from ip_ranges
    left join account_domains
        on ip_ranges.company_domain = account_domains.domain
)

select * from final
