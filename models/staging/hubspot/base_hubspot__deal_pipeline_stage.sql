{{ config(**emergence.base_model_config('hubspot', 'deal_pipeline_stage')) }}
-- Incremental, like every base model: a run re-reads only the keys loaded since the last
-- (macros base_model_config, newest_versions; DECISIONLOG.md, "Build speed").
-- The stages of HubSpot's deal pipelines: the newest loaded version of each stage, typed,
-- with the reason a row is rejected. A stage is closed and won by its own flags; a
-- connector that loads neither leaves them to the stage's probability, as HubSpot's
-- default pipeline sets it (1 for Closed Won, 0 for Closed Lost).
with source as (
    {{ emergence.select_source('hubspot', 'deal_pipeline_stage', [
        'stage_id', '_fivetran_synced',
    ], optional=[
        'pipeline_id', 'label', 'display_order', 'probability', 'active', 'is_closed',
        'closed_won', '_fivetran_deleted',
    ]) }}
),

newest as (
    {{ emergence.newest_versions('source', 'stage_id', '_fivetran_synced', is_incremental()) }}
),

typed as (
    select
        *,
        cast(probability as {{ emergence.type_double() }}) as stage_probability
    from newest
),

renamed as (
    select
        -- ids
        cast(stage_id as {{ dbt.type_string() }}) as deal_pipeline_stage_id,
        cast(pipeline_id as {{ dbt.type_string() }}) as deal_pipeline_id,
        -- strings
        cast(label as {{ dbt.type_string() }}) as stage_label,
        -- numerics
        cast(display_order as {{ dbt.type_bigint() }}) as display_order,
        stage_probability as probability,
        -- booleans
        coalesce(cast(active as {{ dbt.type_boolean() }}), true) as is_active,
        coalesce(
            cast(is_closed as {{ dbt.type_boolean() }}),
            stage_probability in (0, 1)
        ) as is_closed,
        coalesce(
            cast(closed_won as {{ dbt.type_boolean() }}),
            stage_probability = 1
        ) as is_won,
        -- timestamps
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as loaded_at,
        -- bookkeeping
        cast(stage_id as {{ dbt.type_string() }}) as source_row_id,
        row_key,
        raw_versions,
        raw_loaded_at,
        {{ emergence.is_source_deleted(['_fivetran_deleted']) }} as is_source_deleted
    from typed
),

final as (
    select
        *,
        {{ emergence.dq_reason([
            ['deal_pipeline_stage_id is null', 'missing_id'],
        ]) }} as dq_reason
    from renamed
)

select * from final
