{{ config(**emergence.base_model_config('marketo', 'activity_merge_leads')) }}
-- Incremental, like every base model: a run re-reads only the keys loaded since the last
-- (macros base_model_config, newest_versions; DECISIONLOG.md, "Build speed").
-- Marketo lead merges (Merge Leads activities): the newest loaded version of each activity,
-- typed, with the reason a row is rejected (docs/data_quality.md). The activity's lead is
-- the surviving lead; merged_lead_ids lists the leads merged into it, so that identity can
-- follow a merged-away lead's history to its survivor.
with source as (
    {{ emergence.select_source('marketo', 'activity_merge_leads', [
        'id', 'lead_id', 'merge_ids', 'activity_date', '_fivetran_synced',
    ], optional=[
        'campaign_id', 'activity_type_id', 'merge_source', 'master_updated',
        'merged_in_sales',
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
        cast(merge_ids as {{ dbt.type_string() }}) as merged_lead_ids,
        -- strings
        cast(merge_source as {{ dbt.type_string() }}) as merge_source,
        -- booleans
        cast(master_updated as {{ dbt.type_boolean() }}) as is_master_updated,
        cast(merged_in_sales as {{ dbt.type_boolean() }}) as is_merged_in_sales,
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
