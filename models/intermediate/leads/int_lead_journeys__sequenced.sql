-- One row per stage a journey entered, in order (docs/lead_management.md#stage-history).
-- Observations are ordered by time, then by source (a creation before a history row before
-- a current value), then by stage. A stage is entered when it differs from the stage
-- observed just before it, so the current status repeating the last change adds nothing.
with journey_events as (
    select * from {{ ref('int_lead_journeys__assembled') }}
),

stages as (
    select * from {{ ref('lead_stages') }}
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

final as (
    select
        -- ids
        {{ dbt.hash(dbt.concat([
            'funnel_key', "'|'", dbt.cast('transition_number', dbt.type_string()),
        ])) }} as stage_transition_key,
        funnel_key,
        lead_id,
        opportunity_id,
        person_key,
        account_key,
        source_row_id,
        -- strings
        funnel_entity,
        lead_source,
        from_stage,
        lead_stage as to_stage,
        crm_value,
        transition_source,
        source_table,
        -- numerics
        transition_number,
        from_stage_order,
        stage_order as to_stage_order,
        stage_entry_number,
        -- timestamps
        from_stage_entered_at,
        occurred_at as transitioned_at,
        loaded_at
    from transitions
)

select * from final
