{{ config(**emergence.base_model_config('salesforce', 'campaign_member')) }}
-- Incremental, like every base model: a run re-reads only the keys loaded since the last
-- (macros base_model_config, newest_versions; DECISIONLOG.md, "Build speed").
-- Salesforce campaign members (a lead or contact in a campaign, with their status such
-- as Sent, Responded or Attended): the newest loaded version of each row, typed, with
-- the reason a row is rejected (docs/data_quality.md).
with source as (
    {{ emergence.select_source('salesforce', 'campaign_member', [
        'id', 'campaign_id', 'lead_id', 'contact_id', 'created_date',
        '_fivetran_synced',
    ], optional=[
        'status', 'has_responded', 'first_responded_date', 'is_deleted',
        '_fivetran_deleted',
    ]) }}
),

newest as (
    {{ emergence.newest_versions('source', 'id', '_fivetran_synced', is_incremental()) }}
),

renamed as (
    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as campaign_member_id,
        {{ emergence.salesforce_id_18('campaign_id') }} as campaign_id,
        {{ emergence.salesforce_id_18('lead_id') }} as lead_id,
        {{ emergence.salesforce_id_18('contact_id') }} as contact_id,
        -- strings
        cast(status as {{ dbt.type_string() }}) as member_status,
        -- booleans
        cast(has_responded as {{ dbt.type_boolean() }}) as has_responded,
        -- timestamps
        cast(first_responded_date as date) as first_responded_on,
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
            ['campaign_member_id is null', 'missing_id'],
            ['campaign_id is null or (lead_id is null and contact_id is null)', 'missing_parent_id'],
            [emergence.is_future_timestamp('created_at', 'loaded_at'), 'future_timestamp'],
            [emergence.is_implausible_timestamp('created_at'), 'implausible_timestamp'],
        ]) }} as dq_reason
    from renamed
)

select * from final
