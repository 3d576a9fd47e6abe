{{ config(**emergence.base_model_config('marketo', 'activity_change_data_value')) }}
-- Incremental, like every base model: a run re-reads only the keys loaded since the last
-- (macros base_model_config, newest_versions; DECISIONLOG.md, "Build speed").
-- Marketo data value changes (Change Data Value activities: a lead field changed, e.g. the
-- lead status): the newest loaded version of each activity, typed, with the reason a row is
-- rejected (docs/data_quality.md). Lead status history is built from these rows.
with source as (
    {{ emergence.select_source('marketo', 'activity_change_data_value', [
        'id', 'lead_id', 'activity_date', '_fivetran_synced',
    ], optional=[
        'campaign_id', 'activity_type_id', 'primary_attribute_value_id',
        'primary_attribute_value', 'old_value', 'new_value', 'reason', 'source',
    ]) }}
),

newest as (
    {{ emergence.newest_versions('source', 'id', '_fivetran_synced', is_incremental()) }}
),

renamed as (
    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as activity_id,
        cast(lead_id as {{ dbt.type_bigint() }}) as marketo_lead_id,
        cast(campaign_id as {{ dbt.type_bigint() }}) as marketo_campaign_id,
        cast(activity_type_id as {{ dbt.type_bigint() }}) as activity_type_id,
        cast(primary_attribute_value_id as {{ dbt.type_bigint() }}) as field_id,
        -- strings
        cast(primary_attribute_value as {{ dbt.type_string() }}) as field_name,
        cast(old_value as {{ dbt.type_string() }}) as old_value,
        cast(new_value as {{ dbt.type_string() }}) as new_value,
        cast(reason as {{ dbt.type_string() }}) as change_reason,
        cast(source as {{ dbt.type_string() }}) as change_source,
        -- timestamps
        cast(activity_date as {{ dbt.type_timestamp() }}) as activity_at,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as loaded_at,
        -- bookkeeping
        cast(id as {{ dbt.type_string() }}) as source_row_id,
        row_key,
        raw_versions,
        raw_loaded_at,
        {{ emergence.is_source_deleted() }} as is_source_deleted
    from newest
),

final as (
    select
        *,
        {{ emergence.dq_reason(emergence.marketo_activity_checks()) }} as dq_reason
    from renamed
)

select * from final
