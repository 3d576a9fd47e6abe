{{ config(**emergence.base_model_config('marketo', 'activity_fill_out_linkedin_lead_gen_form')) }}
-- Incremental, like every base model: a run re-reads only the keys loaded since the last
-- (macros base_model_config, newest_versions; DECISIONLOG.md, "Build speed").
-- Marketo's LinkedIn lead gen form fills (Fill Out LinkedIn Lead Gen Form activities: a
-- LinkedIn member submitted a form in a sponsored post): the newest loaded version of each
-- activity, typed, with the reason a row is rejected (docs/data_quality.md). The form is
-- submitted on LinkedIn, so there is no client IP, page or user agent.
with source as (
    {{ emergence.select_source('marketo', 'activity_fill_out_linkedin_lead_gen_form', [
        'id', 'lead_id', 'activity_date', '_fivetran_synced',
    ], optional=[
        'campaign_id', 'activity_type_id', 'primary_attribute_value_id',
        'primary_attribute_value', 'lead_gen_campaign_name', 'lead_gen_creative_id',
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
        cast(primary_attribute_value_id as {{ dbt.type_bigint() }}) as form_id,
        cast(lead_gen_creative_id as {{ dbt.type_string() }}) as lead_gen_creative_id,
        -- strings
        cast(primary_attribute_value as {{ dbt.type_string() }}) as form_name,
        cast(lead_gen_campaign_name as {{ dbt.type_string() }}) as lead_gen_campaign_name,
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
