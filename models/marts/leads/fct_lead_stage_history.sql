-- One row per stage transition of a lead or an opportunity on the shared taxonomy
-- (docs/lead_management.md#stage-history): inquiry, MQL, SAL, SQL, opportunity, closed
-- won or lost, recycled, disqualified. A converted lead and its opportunity are one
-- journey (the lead's); an opportunity that sales opened without a lead is a journey of
-- its own that enters the funnel at the opportunity stage. Each row says where the
-- transition came from (lead history, current status, opportunity stage history, ...),
-- whether it skipped stages, recycled the lead or brought it back, and when the warehouse's
-- own scorecard first made the person an MQL, beside the CRM's status.
with statuses as (
    select * from {{ ref('int_lead_statuses__mapped') }}
),

stages as (
    select * from {{ ref('lead_stages') }}
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
    select * from {{ ref('dim_people') }}
),

lead_scores as (
    select * from {{ ref('fct_lead_scores') }}
),

lead_journeys as (
    select
        leads.lead_id,
        {{ emergence.email_person_key('leads.email') }} as person_key,
        coalesce(accounts_merged.surviving_account_id, leads.converted_account_id, people.account_key)
            as account_key,
        leads.lead_source,
        leads.converted_opportunity_id,
        leads.created_at
    from leads
    left join people
        on {{ emergence.email_person_key('leads.email') }} = people.person_key
    left join accounts_merged
        on leads.converted_account_id = accounts_merged.account_id
),

converting_leads as (
    -- the lead an opportunity was converted from (the earliest, if sales converted several)
    select
        converted_opportunity_id as opportunity_id,
        lead_id,
        row_number() over (partition by converted_opportunity_id order by created_at, lead_id) as lead_rank
    from lead_journeys
    where converted_opportunity_id is not null
),

opportunity_journeys as (
    select
        opportunities.opportunity_id,
        converting_leads.lead_id,
        opportunities.account_key,
        opportunities.opportunity_lead_source as lead_source
    from opportunities
    left join converting_leads
        on
            opportunities.opportunity_id = converting_leads.opportunity_id
            and converting_leads.lead_rank = 1
),

journey_events as (
    select
        statuses.lead_id as funnel_key,
        'lead' as funnel_entity,
        statuses.lead_id,
        case
            when statuses.lead_stage in ('opportunity', 'closed_won', 'closed_lost')
                then lead_journeys.converted_opportunity_id
        end as opportunity_id,
        statuses.lead_stage,
        statuses.crm_value,
        statuses.transition_source,
        statuses.source_table,
        statuses.source_row_id,
        statuses.source_priority,
        statuses.occurred_at,
        statuses.loaded_at
    from statuses
    inner join lead_journeys
        on statuses.lead_id = lead_journeys.lead_id
    where statuses.crm_object = 'lead' and statuses.dq_reason is null

    union all

    select
        coalesce(opportunity_journeys.lead_id, statuses.opportunity_id) as funnel_key,
        case when opportunity_journeys.lead_id is null then 'opportunity' else 'lead' end as funnel_entity,
        opportunity_journeys.lead_id,
        statuses.opportunity_id,
        statuses.lead_stage,
        statuses.crm_value,
        statuses.transition_source,
        statuses.source_table,
        statuses.source_row_id,
        statuses.source_priority,
        statuses.occurred_at,
        statuses.loaded_at
    from statuses
    inner join opportunity_journeys
        on statuses.opportunity_id = opportunity_journeys.opportunity_id
    where statuses.crm_object = 'opportunity' and statuses.dq_reason is null
),

ordered as (
    select
        journey_events.*,
        stages.stage_order,
        lag(journey_events.lead_stage) over (
            partition by journey_events.funnel_key
            order by
                journey_events.occurred_at, journey_events.source_priority, stages.stage_order,
                journey_events.source_row_id
        ) as previous_observed_stage,
        row_number() over (
            partition by journey_events.funnel_key
            order by
                journey_events.occurred_at, journey_events.source_priority, stages.stage_order,
                journey_events.source_row_id
        ) as observation_number
    from journey_events
    inner join stages
        on journey_events.lead_stage = stages.lead_stage
),

entries as (
    -- a stage is entered when it differs from the stage seen just before
    select *
    from ordered
    where previous_observed_stage is null or previous_observed_stage != lead_stage
),

transitions as (
    select
        entries.*,
        row_number() over (
            partition by entries.funnel_key order by entries.observation_number
        ) as transition_number,
        lag(entries.lead_stage) over (
            partition by entries.funnel_key order by entries.observation_number
        ) as from_stage,
        lag(entries.stage_order) over (
            partition by entries.funnel_key order by entries.observation_number
        ) as from_stage_order,
        lag(entries.occurred_at) over (
            partition by entries.funnel_key order by entries.observation_number
        ) as from_stage_entered_at,
        count(*) over (
            partition by entries.funnel_key, entries.lead_stage order by entries.observation_number
            rows between unbounded preceding and current row
        ) as stage_entry_number
    from entries
),

first_warehouse_mqls as (
    select
        person_key,
        min(score_date) as warehouse_first_mql_on
    from lead_scores
    where is_mql_event
    group by person_key
),

journeys as (
    select
        lead_id as funnel_key,
        person_key,
        account_key,
        lead_source
    from lead_journeys

    union all

    select
        opportunity_id as funnel_key,
        cast(null as {{ dbt.type_string() }}) as person_key,
        account_key,
        lead_source
    from opportunity_journeys
    where lead_id is null
),

final as (
    select
        -- ids
        {{ dbt.hash(dbt.concat([
            'transitions.funnel_key', "'|'", dbt.cast('transitions.transition_number', dbt.type_string()),
        ])) }} as stage_transition_key,
        transitions.funnel_key,
        transitions.lead_id,
        transitions.opportunity_id,
        journeys.person_key,
        journeys.account_key,
        transitions.source_row_id,
        -- strings
        transitions.funnel_entity,
        journeys.lead_source,
        transitions.from_stage,
        transitions.lead_stage as to_stage,
        transitions.crm_value,
        transitions.transition_source,
        transitions.source_table,
        -- numerics
        cast(transitions.transition_number as {{ dbt.type_bigint() }}) as transition_number,
        cast(transitions.stage_order as {{ dbt.type_bigint() }}) as to_stage_order,
        cast(
            case
                when transitions.from_stage_order >= 1 and transitions.stage_order > transitions.from_stage_order + 1
                    then transitions.stage_order - transitions.from_stage_order - 1
                else 0
            end as {{ dbt.type_bigint() }}
        ) as skipped_stages,
        {{ dbt.datediff('transitions.from_stage_entered_at', 'transitions.occurred_at', 'day') }}
            as days_in_from_stage,
        case
            when transitions.lead_stage = 'mql'
                then {{ dbt.datediff('first_warehouse_mqls.warehouse_first_mql_on',
                    'cast(transitions.occurred_at as date)', 'day') }}
        end as days_after_warehouse_mql,
        -- booleans
        coalesce(
            transitions.from_stage_order >= 1 and transitions.stage_order > transitions.from_stage_order + 1, false
        ) as is_skip,
        transitions.lead_stage = 'recycled' as is_recycle,
        coalesce(transitions.from_stage = 'recycled' and transitions.stage_order >= 1, false)
            as is_return_from_recycle,
        transitions.stage_entry_number > 1 as is_reentry,
        -- dates and timestamps
        first_warehouse_mqls.warehouse_first_mql_on,
        transitions.occurred_at as transitioned_at,
        transitions.loaded_at
    from transitions
    inner join journeys
        on transitions.funnel_key = journeys.funnel_key
    left join first_warehouse_mqls
        on journeys.person_key = first_warehouse_mqls.person_key
)

select * from final
