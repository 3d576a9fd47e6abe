{{ config(**emergence.base_model_config('hubspot', 'deal_contact')) }}
-- Incremental, like every base model: a run re-reads only the keys loaded since the last
-- (macros base_model_config, newest_versions; DECISIONLOG.md, "Build speed").
-- HubSpot's deal-to-contact associations: one row per (deal, contact) pair, its newest loaded
-- version, with the reason a row is rejected. The pair is the key: the connector writes no
-- id of its own.
with source as (
    {{ emergence.select_source('hubspot', 'deal_contact', [
        'deal_id', 'contact_id', '_fivetran_synced',
    ], optional=[
        'type_id', 'category',
    ]) }}
),

newest as (
    {{ emergence.newest_versions(
        'source',
        dbt.concat([dbt.cast('deal_id', dbt.type_string()), "':'", dbt.cast('contact_id', dbt.type_string())]),
        '_fivetran_synced',
        is_incremental(),
    ) }}
),

renamed as (
    select
        -- ids
        row_key as deal_contact_id,
        cast(deal_id as {{ dbt.type_bigint() }}) as hubspot_deal_id,
        cast(contact_id as {{ dbt.type_bigint() }}) as hubspot_contact_id,
        cast(type_id as {{ dbt.type_bigint() }}) as association_type_id,
        -- strings
        cast(category as {{ dbt.type_string() }}) as association_category,
        -- timestamps
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as loaded_at,
        -- bookkeeping
        row_key as source_row_id,
        row_key,
        raw_versions,
        raw_loaded_at,
        {{ emergence.is_source_deleted() }} as is_source_deleted
    from newest
),

final as (
    select
        *,
        {{ emergence.dq_reason([
            ['hubspot_deal_id is null or hubspot_contact_id is null', 'missing_parent_id'],
        ]) }} as dq_reason
    from renamed
)

select * from final
