{{ config(**emergence.base_model_config('salesforce', 'opportunity')) }}
-- Incremental, like every base model: a run re-reads only the keys loaded since the last
-- (macros base_model_config, newest_versions; DECISIONLOG.md, "Build speed").
-- Salesforce opportunities: the newest loaded version of each row, typed, with the
-- reason a row is rejected (docs/data_quality.md). Stage names are kept as the CRM wrote
-- them; the lead taxonomy maps them later.
with source as (
    {{ emergence.select_source('salesforce', 'opportunity', [
        'id', 'account_id', 'stage_name', 'created_date', '_fivetran_synced',
    ], optional=[
        'campaign_id', 'owner_id', 'name', 'type', 'lead_source', 'amount',
        'probability', 'is_closed', 'is_won', 'close_date', 'is_deleted',
        '_fivetran_deleted',
    ]) }}
),

newest as (
    {{ emergence.newest_versions('source', 'id', '_fivetran_synced', is_incremental()) }}
),

renamed as (
    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as opportunity_id,
        {{ emergence.salesforce_id_18('account_id') }} as account_id,
        {{ emergence.salesforce_id_18('campaign_id') }} as campaign_id,
        {{ emergence.salesforce_id_18('owner_id') }} as owner_user_id,
        -- strings
        cast(name as {{ dbt.type_string() }}) as opportunity_name,
        cast(stage_name as {{ dbt.type_string() }}) as stage_name,
        cast(type as {{ dbt.type_string() }}) as opportunity_type,
        cast(lead_source as {{ dbt.type_string() }}) as lead_source,
        -- numerics
        cast(amount as {{ emergence.type_double() }}) as amount,
        cast(probability as {{ emergence.type_double() }}) as probability,
        -- booleans
        cast(is_closed as {{ dbt.type_boolean() }}) as is_closed,
        cast(is_won as {{ dbt.type_boolean() }}) as is_won,
        -- timestamps
        cast(close_date as date) as close_date,
        cast(created_date as {{ dbt.type_timestamp() }}) as created_at,
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
            ['opportunity_id is null', 'missing_id'],
            [emergence.is_future_timestamp('created_at', 'loaded_at'), 'future_timestamp'],
            ['amount < 0 or amount > ' ~ var('dq_max_amount'), 'invalid_amount'],
        ]) }} as dq_reason
    from renamed
)

select * from final
