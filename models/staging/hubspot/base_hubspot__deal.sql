{{ config(**emergence.base_model_config('hubspot', 'deal')) }}
-- Incremental, like every base model: a run re-reads only the keys loaded since the last
-- (macros base_model_config, newest_versions; DECISIONLOG.md, "Build speed").
-- HubSpot deals: the newest loaded version of each deal, typed, with the reason a row is
-- rejected (docs/data_quality.md). Fivetran writes a deal's pipeline and stage as
-- deal_pipeline_id and deal_pipeline_stage_id, not as property_pipeline and
-- property_dealstage; whether the stage is closed or won is the stage's
-- (base_hubspot__deal_pipeline_stage). The creation date is the deal's event time.
with source as (
    {{ emergence.select_source('hubspot', 'deal', [
        'deal_id', 'property_createdate', '_fivetran_synced',
    ], optional=[
        'deal_pipeline_id', 'deal_pipeline_stage_id', 'owner_id', 'property_dealname',
        'property_dealtype', 'property_amount', 'property_closedate', 'is_deleted',
        '_fivetran_deleted',
    ]) }}
),

newest as (
    {{ emergence.newest_versions('source', 'deal_id', '_fivetran_synced', is_incremental()) }}
),

renamed as (
    select
        -- ids
        cast(deal_id as {{ dbt.type_bigint() }}) as hubspot_deal_id,
        cast(deal_pipeline_id as {{ dbt.type_string() }}) as deal_pipeline_id,
        cast(deal_pipeline_stage_id as {{ dbt.type_string() }}) as deal_pipeline_stage_id,
        cast(owner_id as {{ dbt.type_bigint() }}) as owner_id,
        -- strings
        cast(property_dealname as {{ dbt.type_string() }}) as deal_name,
        cast(property_dealtype as {{ dbt.type_string() }}) as deal_type,
        -- numerics
        cast(property_amount as {{ emergence.type_double() }}) as amount,
        -- timestamps
        cast(property_closedate as {{ dbt.type_timestamp() }}) as closes_at,
        cast(property_createdate as {{ dbt.type_timestamp() }}) as created_at,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as loaded_at,
        -- bookkeeping
        cast(deal_id as {{ dbt.type_string() }}) as source_row_id,
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
            ['hubspot_deal_id is null', 'missing_id'],
            ['created_at is null', 'missing_timestamp'],
            ['amount < 0 or amount > ' ~ var('dq_max_amount'), 'invalid_amount'],
            [emergence.is_future_timestamp('created_at', 'loaded_at'), 'future_timestamp'],
            [emergence.is_implausible_timestamp('created_at'), 'implausible_timestamp'],
        ]) }} as dq_reason
    from renamed
)

select * from final
