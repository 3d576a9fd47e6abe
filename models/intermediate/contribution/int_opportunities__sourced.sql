-- One row per live opportunity, on the account it lives on now, with where it came from.
-- Salesforce's Lead Source is the record's first touch: the converted lead's source wins
-- (it is what brought the person in), else the opportunity's own (docs/contribution.md).
with opportunities as (
    select * from {{ ref('stg_salesforce__opportunities') }}
),

leads as (
    select * from {{ ref('stg_salesforce__leads') }}
),

accounts_merged as (
    select * from {{ ref('int_accounts__merged') }}
),

source_groups as (
    select * from {{ ref('lead_source_groups') }}
),

converting_leads as (
    select
        converted_opportunity_id as opportunity_id,
        min(lead_id) as converted_lead_id,
        min(lead_source) as converted_lead_source
    from leads
    where converted_opportunity_id is not null
    group by converted_opportunity_id
),

with_origin as (
    select
        opportunities.opportunity_id,
        coalesce(accounts_merged.surviving_account_id, opportunities.account_id) as account_key,
        converting_leads.converted_lead_id,
        coalesce(converting_leads.converted_lead_source, opportunities.lead_source) as origin_lead_source,
        opportunities.lead_source as opportunity_lead_source,
        case
            when converting_leads.converted_lead_source is not null then 'converted_lead'
            when opportunities.lead_source is not null then 'opportunity'
            else 'none'
        end as origin_recorded_on,
        opportunities.amount,
        opportunities.stage_name,
        coalesce(opportunities.is_closed, false) as is_closed,
        coalesce(opportunities.is_won, false) as is_won,
        opportunities.created_at,
        opportunities.close_date
    from opportunities
    left join converting_leads
        on opportunities.opportunity_id = converting_leads.opportunity_id
    left join accounts_merged
        on opportunities.account_id = accounts_merged.account_id
),

final as (
    select
        -- ids
        with_origin.opportunity_id,
        with_origin.account_key,
        with_origin.converted_lead_id,
        -- strings
        with_origin.origin_lead_source,
        with_origin.opportunity_lead_source,
        with_origin.origin_recorded_on,
        coalesce(source_groups.source_group, 'unknown') as origin_group,
        source_groups.lead_source is null and with_origin.origin_lead_source is not null
            as is_unmapped_lead_source,
        with_origin.stage_name,
        -- numerics
        with_origin.amount,
        -- booleans
        with_origin.is_closed,
        with_origin.is_won,
        -- dates
        with_origin.created_at,
        cast(with_origin.created_at as date) as created_on,
        with_origin.close_date
    from with_origin
    left join source_groups
        on with_origin.origin_lead_source = source_groups.lead_source
)

select * from final
