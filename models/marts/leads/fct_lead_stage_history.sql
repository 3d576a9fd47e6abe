-- One row per stage transition of a lead or an opportunity on the shared taxonomy
-- (docs/lead_management.md#stage-history): inquiry, MQL, SAL, SQL, opportunity, closed
-- won or lost, recycled, disqualified. The journeys and their order come from
-- int_lead_journeys__sequenced; this mart says of each transition whether it skipped
-- stages, recycled the lead or brought it back, and when the warehouse's own scorecard
-- first made the person an MQL, beside the CRM's status.
with transitions as (
    select * from {{ ref('int_lead_journeys__sequenced') }}
),

lead_scores as (
    select * from {{ ref('fct_lead_scores') }}
),

first_warehouse_mqls as (
    select
        person_key,
        min(score_date) as warehouse_first_mql_on
    from lead_scores
    where is_mql_event
    group by person_key
),

final as (
    select
        -- ids
        transitions.stage_transition_key,
        transitions.funnel_key,
        transitions.lead_id,
        transitions.opportunity_id,
        transitions.person_key,
        transitions.account_key,
        transitions.source_row_id,
        -- strings
        transitions.funnel_entity,
        transitions.lead_source,
        transitions.from_stage,
        transitions.to_stage,
        transitions.crm_value,
        transitions.transition_source,
        transitions.source_table,
        -- numerics
        cast(transitions.transition_number as {{ dbt.type_bigint() }}) as transition_number,
        cast(transitions.to_stage_order as {{ dbt.type_bigint() }}) as to_stage_order,
        cast(
            case
                when
                    transitions.from_stage_order >= 1
                    and transitions.to_stage_order > transitions.from_stage_order + 1
                    then transitions.to_stage_order - transitions.from_stage_order - 1
                else 0
            end as {{ dbt.type_bigint() }}
        ) as skipped_stages,
        cast(
            {{ dbt.datediff('transitions.from_stage_entered_at', 'transitions.transitioned_at', 'day') }}
            as {{ dbt.type_bigint() }}
        ) as days_in_from_stage,
        cast(
            case
                when transitions.to_stage = 'mql'
                    then {{ dbt.datediff('first_warehouse_mqls.warehouse_first_mql_on',
                        'cast(transitions.transitioned_at as date)', 'day') }}
            end as {{ dbt.type_bigint() }}
        ) as days_after_warehouse_mql,
        -- booleans
        coalesce(
            transitions.from_stage_order >= 1 and transitions.to_stage_order > transitions.from_stage_order + 1,
            false
        ) as is_skip,
        transitions.to_stage = 'recycled' as is_recycle,
        coalesce(transitions.from_stage = 'recycled' and transitions.to_stage_order >= 1, false)
            as is_return_from_recycle,
        transitions.stage_entry_number > 1 as is_reentry,
        -- dates and timestamps
        first_warehouse_mqls.warehouse_first_mql_on,
        transitions.transitioned_at,
        transitions.loaded_at
    from transitions
    left join first_warehouse_mqls
        on transitions.person_key = first_warehouse_mqls.person_key
)

select * from final
