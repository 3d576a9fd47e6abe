-- Every stage a lead or an opportunity was seen in, mapped onto the shared taxonomy
-- (seed lead_status_map; docs/lead_management.md#taxonomy). A lead enters the funnel as an
-- inquiry when it is created; its Status field history, and its current status, say where
-- it went next. An opportunity enters at the opportunity stage when it is created; its
-- stage history and current stage say where it went next. A status or stage the map does
-- not know is kept here with a dq_reason, and fct_quarantined_rows lists its raw row: it
-- never vanishes, and it never enters the stage history.
with leads as (
    select * from {{ ref('stg_salesforce__leads') }}
),

lead_field_changes as (
    select * from {{ ref('stg_salesforce__lead_field_changes') }}
),

opportunities as (
    select * from {{ ref('stg_salesforce__opportunities') }}
),

opportunity_stage_changes as (
    select * from {{ ref('stg_salesforce__opportunity_stage_changes') }}
),

status_map as (
    select * from {{ ref('lead_status_map') }}
),

lead_status_changes as (
    select
        lead_history_id,
        lead_id,
        new_value,
        changed_at,
        loaded_at
    from lead_field_changes
    where lower(field_name) = 'status'
),

last_lead_changes as (
    select
        lead_id,
        max(changed_at) as last_changed_at
    from lead_status_changes
    group by lead_id
),

last_opportunity_changes as (
    select
        opportunity_id,
        max(changed_at) as last_changed_at
    from opportunity_stage_changes
    group by opportunity_id
),

observations as (
    -- a lead is an inquiry from the moment it exists
    select
        'lead' as crm_object,
        'lead_created' as transition_source,
        'lead' as source_table,
        lead_id as source_row_id,
        lead_id,
        cast(null as {{ dbt.type_string() }}) as opportunity_id,
        'Open - Not Contacted' as crm_value,
        'inquiry' as fixed_stage,
        1 as source_priority,
        created_at as occurred_at,
        loaded_at
    from leads

    union all

    select
        'lead' as crm_object,
        'lead_status_history' as transition_source,
        'lead_history' as source_table,
        lead_status_changes.lead_history_id as source_row_id,
        lead_status_changes.lead_id,
        cast(null as {{ dbt.type_string() }}) as opportunity_id,
        lead_status_changes.new_value as crm_value,
        cast(null as {{ dbt.type_string() }}) as fixed_stage,
        2 as source_priority,
        lead_status_changes.changed_at as occurred_at,
        lead_status_changes.loaded_at
    from lead_status_changes

    union all

    -- the current status: when the CRM does not track status history, or a change was not
    -- tracked, it is the only record of where the lead is now
    select
        'lead' as crm_object,
        'lead_current_status' as transition_source,
        'lead' as source_table,
        leads.lead_id as source_row_id,
        leads.lead_id,
        cast(null as {{ dbt.type_string() }}) as opportunity_id,
        leads.lead_status as crm_value,
        cast(null as {{ dbt.type_string() }}) as fixed_stage,
        3 as source_priority,
        coalesce(last_lead_changes.last_changed_at, leads.created_at) as occurred_at,
        leads.loaded_at
    from leads
    left join last_lead_changes
        on leads.lead_id = last_lead_changes.lead_id
    where leads.lead_status is not null

    union all

    select
        'opportunity' as crm_object,
        'opportunity_created' as transition_source,
        'opportunity' as source_table,
        opportunity_id as source_row_id,
        cast(null as {{ dbt.type_string() }}) as lead_id,
        opportunity_id,
        cast(null as {{ dbt.type_string() }}) as crm_value,
        'opportunity' as fixed_stage,
        4 as source_priority,
        created_at as occurred_at,
        loaded_at
    from opportunities

    union all

    select
        'opportunity' as crm_object,
        'opportunity_stage_history' as transition_source,
        'opportunity_history' as source_table,
        opportunity_history_id as source_row_id,
        cast(null as {{ dbt.type_string() }}) as lead_id,
        opportunity_id,
        stage_name as crm_value,
        cast(null as {{ dbt.type_string() }}) as fixed_stage,
        5 as source_priority,
        changed_at as occurred_at,
        loaded_at
    from opportunity_stage_changes
    where stage_name is not null

    union all

    select
        'opportunity' as crm_object,
        'opportunity_current_stage' as transition_source,
        'opportunity' as source_table,
        opportunities.opportunity_id as source_row_id,
        cast(null as {{ dbt.type_string() }}) as lead_id,
        opportunities.opportunity_id,
        opportunities.stage_name as crm_value,
        cast(null as {{ dbt.type_string() }}) as fixed_stage,
        6 as source_priority,
        coalesce(last_opportunity_changes.last_changed_at, opportunities.created_at) as occurred_at,
        opportunities.loaded_at
    from opportunities
    left join last_opportunity_changes
        on opportunities.opportunity_id = last_opportunity_changes.opportunity_id
    where opportunities.stage_name is not null
),

mapped as (
    select
        observations.*,
        coalesce(observations.fixed_stage, status_map.lead_stage) as lead_stage
    from observations
    left join status_map
        on
            observations.crm_object = status_map.crm_object
            and observations.crm_value = status_map.crm_value
),

final as (
    select
        -- ids
        {{ dbt.hash(dbt.concat(['transition_source', "'|'", 'source_row_id'])) }} as status_observation_key,
        source_row_id,
        lead_id,
        opportunity_id,
        -- strings
        crm_object,
        transition_source,
        source_table,
        crm_value,
        lead_stage,
        case
            when lead_stage is not null then null
            when crm_object = 'lead' then 'unknown_lead_status'
            else 'unknown_opportunity_stage'
        end as dq_reason,
        -- numerics
        source_priority,
        -- timestamps
        occurred_at,
        loaded_at
    from mapped
)

select * from final
