-- Every raw row that staging rejected, with the reason (docs/data_quality.md). Reads the
-- base models, never the sources; a live row is either here or in its stg_ model.
{%- set tables = emergence.staging_tables() %}

with rejected_rows as (
    {%- for t in tables %}
    select
        '{{ t.source }}' as source_system,
        '{{ t.table }}' as source_table,
        'base_{{ t.source }}__{{ t.table }}' as rejected_by,
        source_row_id,
        version_rank,
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

final as (
    select
        -- ids
        {{ dbt.hash(dbt.concat([
            'source_system', "'|'", 'source_table', "'|'",
            "coalesce(source_row_id, '<no id>')", "'|'",
            dbt.cast('version_rank', dbt.type_string()),
        ])) }} as quarantine_key,
        source_row_id,
        -- strings
        source_system,
        source_table,
        rejected_by,
        dq_reason,
        -- timestamps
        loaded_at
    from rejected_rows
)

select * from final
