-- Every stage observation of a lead or an opportunity, placed in its journey through the
-- funnel (docs/lead_management.md#stage-history). A converted lead and its opportunity are
-- one journey (the lead's); an opportunity that sales opened without a lead is a journey of
-- its own that enters at the opportunity stage. Each row carries its journey's person,
-- account and lead source. Observations of an unknown status or stage are left out
-- (fct_quarantined_rows lists them).
with statuses as (
    select * from {{ ref('int_lead_statuses__mapped') }}
),

leads as (
    select * from {{ ref('stg_salesforce__leads') }}
),

opportunities as (
    -- each opportunity on the account it lives on now (after account merges)
    select * from {{ ref('int_opportunities__sourced') }}
),

accounts_merged as (
    select * from {{ ref('int_accounts__merged') }}
),

people as (
    select * from {{ ref('int_people__resolved') }}
),

lead_journeys as (
    select
        leads.lead_id,
        {{ emergence.email_person_key('leads.email') }} as person_key,
        coalesce(accounts_merged.surviving_account_id, leads.converted_account_id, people.account_key)
            as account_key,
        leads.lead_source,
        leads.converted_opportunity_id,
        -- the lead an opportunity is converted from: the earliest, if sales converted several
        row_number() over (
            partition by leads.converted_opportunity_id order by leads.created_at, leads.lead_id
        ) as conversion_rank
    from leads
    left join people
        on {{ emergence.email_person_key('leads.email') }} = people.person_key
    left join accounts_merged
        on leads.converted_account_id = accounts_merged.account_id
),

opportunity_journeys as (
    -- an opportunity joins its converting lead's journey, or starts one of its own
    select
        opportunities.opportunity_id,
        lead_journeys.lead_id,
        coalesce(lead_journeys.lead_id, opportunities.opportunity_id) as funnel_key,
        case when lead_journeys.lead_id is null then 'opportunity' else 'lead' end as funnel_entity,
        lead_journeys.person_key,
        case when lead_journeys.lead_id is null then opportunities.account_key else lead_journeys.account_key end
            as account_key,
        case
            when lead_journeys.lead_id is null then opportunities.opportunity_lead_source
            else lead_journeys.lead_source
        end as lead_source
    from opportunities
    left join lead_journeys
        on
            opportunities.opportunity_id = lead_journeys.converted_opportunity_id
            and lead_journeys.conversion_rank = 1
),

lead_events as (
    select
        statuses.status_observation_key,
        lead_journeys.lead_id as funnel_key,
        'lead' as funnel_entity,
        lead_journeys.lead_id,
        case
            when statuses.lead_stage in ('opportunity', 'closed_won', 'closed_lost')
                then lead_journeys.converted_opportunity_id
        end as opportunity_id,
        lead_journeys.person_key,
        lead_journeys.account_key,
        lead_journeys.lead_source
    from statuses
    inner join lead_journeys
        on statuses.lead_id = lead_journeys.lead_id
    where statuses.crm_object = 'lead' and statuses.dq_reason is null
),

opportunity_events as (
    select
        statuses.status_observation_key,
        opportunity_journeys.funnel_key,
        opportunity_journeys.funnel_entity,
        opportunity_journeys.lead_id,
        opportunity_journeys.opportunity_id,
        opportunity_journeys.person_key,
        opportunity_journeys.account_key,
        opportunity_journeys.lead_source
    from statuses
    inner join opportunity_journeys
        on statuses.opportunity_id = opportunity_journeys.opportunity_id
    where statuses.crm_object = 'opportunity' and statuses.dq_reason is null
),

journey_events as (
    select * from lead_events
    union all
    select * from opportunity_events
),

final as (
    select
        -- ids
        journey_events.status_observation_key,
        journey_events.funnel_key,
        journey_events.lead_id,
        journey_events.opportunity_id,
        journey_events.person_key,
        journey_events.account_key,
        statuses.source_row_id,
        -- strings
        journey_events.funnel_entity,
        journey_events.lead_source,
        statuses.lead_stage,
        statuses.crm_value,
        statuses.transition_source,
        statuses.source_table,
        -- numerics
        statuses.source_priority,
        -- timestamps
        statuses.occurred_at,
        statuses.loaded_at
    from journey_events
    inner join statuses
        on journey_events.status_observation_key = statuses.status_observation_key
)

select * from final
