{{ config(**emergence.base_model_config('salesforce', 'opportunity_history')) }}
-- Incremental, like every base model: a run re-reads only the keys loaded since the last
-- (macros base_model_config, newest_versions; DECISIONLOG.md, "Build speed").
-- Salesforce OpportunityHistory rows (one per change of stage, amount or close date):
-- the newest loaded version of each row, typed, with the reason a row is rejected
-- (docs/data_quality.md).
with source as (
    {{ emergence.select_source('salesforce', 'opportunity_history', [
        'id', 'opportunity_id', 'stage_name', 'created_date',
        '_fivetran_synced',
    ], optional=[
        'forecast_category', 'amount', 'probability', 'close_date',
        'is_deleted', '_fivetran_deleted',
    ]) }}
),

newest as (
    {{ emergence.newest_versions('source', 'id', '_fivetran_synced', is_incremental()) }}
),

renamed as (
    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as opportunity_history_id,
        {{ emergence.salesforce_id_18('opportunity_id') }} as opportunity_id,
        -- strings
        cast(stage_name as {{ dbt.type_string() }}) as stage_name,
        cast(forecast_category as {{ dbt.type_string() }}) as forecast_category,
        -- numerics
        cast(amount as {{ emergence.type_double() }}) as amount,
        cast(probability as {{ emergence.type_double() }}) as probability,
        -- timestamps
        cast(close_date as date) as close_date,
        cast(created_date as {{ dbt.type_timestamp() }}) as changed_at,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as loaded_at,
        -- bookkeeping
        cast(id as {{ dbt.type_string() }}) as source_row_id,
        row_key,
        raw_versions,
        raw_loaded_at,
        {{ emergence.is_source_deleted(['is_deleted', '_fivetran_deleted']) }} as is_source_deleted
    from newest
),

final as (
    select
        *,
        {{ emergence.dq_reason([
            ['opportunity_history_id is null', 'missing_id'],
            ['opportunity_id is null', 'missing_parent_id'],
            ['changed_at is null', 'missing_timestamp'],
            [emergence.is_future_timestamp('changed_at', 'loaded_at'), 'future_timestamp'],
            [emergence.is_implausible_timestamp('changed_at'), 'implausible_timestamp'],
        ]) }} as dq_reason
    from renamed
)

select * from final
