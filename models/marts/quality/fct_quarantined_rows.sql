-- Every raw row that the warehouse rejected, with the reason (docs/data_quality.md). The
-- staging layer reads the base models, never the sources: a live row is either here or in
-- its stg_ model. The intermediate layer adds rows that staging kept but a later model
-- could not use (a lead status, opportunity stage or HubSpot lifecycle stage the taxonomy
-- does not know); those rows stay in staging too, so the reconciliation counts only
-- rejected_layer = 'staging'.
{%- set tables = emergence.staging_tables() %}

with staging_rejects as (
    {%- for t in tables %}
    select
        '{{ t.source }}' as source_system,
        '{{ t.table }}' as source_table,
        'base_{{ t.source }}__{{ t.table }}' as rejected_by,
        'staging' as rejected_layer,
        source_row_id,
        row_key,
        dq_reason,
        loaded_at
    from {{ ref('base_' ~ t.source ~ '__' ~ t.table) }}
    where
        not is_source_deleted
        and dq_reason is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

intermediate_rejects as (
    select
        'salesforce' as source_system,
        source_table,
        'int_lead_statuses__mapped' as rejected_by,
        'intermediate' as rejected_layer,
        source_row_id,
        source_row_id as row_key,
        dq_reason,
        loaded_at
    from {{ ref('int_lead_statuses__mapped') }}
    where dq_reason is not null
    union all
    select
        'hubspot' as source_system,
        'contact' as source_table,
        'int_hubspot_contact_stages__mapped' as rejected_by,
        'intermediate' as rejected_layer,
        {{ dbt.cast('hubspot_contact_id', dbt.type_string()) }} as source_row_id,
        {{ dbt.cast('hubspot_contact_id', dbt.type_string()) }} as row_key,
        dq_reason,
        loaded_at
    from {{ ref('int_hubspot_contact_stages__mapped') }}
    where dq_reason is not null
),

rejected_rows as (
    select * from staging_rejects
    union all
    select * from intermediate_rejects
),

final as (
    select
        -- ids
        {{ dbt.hash(dbt.concat([
            'source_system', "'|'", 'source_table', "'|'",
            'row_key',
        ])) }} as quarantine_key,
        source_row_id,
        -- strings
        source_system,
        source_table,
        rejected_by,
        rejected_layer,
        dq_reason,
        -- timestamps
        loaded_at
    from rejected_rows
)

select * from final
