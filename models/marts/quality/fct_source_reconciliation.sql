-- One row per raw table: where every raw row went. Raw rows are the sum of kept,
-- quarantined, superseded (older versions of a re-synced row) and deleted rows
-- (docs/data_quality.md); a data test holds the project to that, and another counts the
-- raw table itself.
{%- set tables = emergence.staging_tables() %}

with quarantined_rows as (
    select * from {{ ref('fct_quarantined_rows') }}
),

base_counts as (
    {%- for t in tables %}
    select
        '{{ t.source }}' as source_system,
        '{{ t.table }}' as source_table,
        {{ 'true' if emergence.source_is_enabled(t.source, t.table) else 'false' }} as is_enabled,
        coalesce(sum(raw_versions), 0) as raw_rows,
        coalesce(sum(raw_versions - 1), 0) as superseded_rows,
        coalesce(sum(case when is_source_deleted then 1 else 0 end), 0) as deleted_rows
    from {{ ref('base_' ~ t.source ~ '__' ~ t.table) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

kept_counts as (
    {%- for t in tables %}
    select
        '{{ t.source }}' as source_system,
        '{{ t.table }}' as source_table,
        count(*) as kept_rows
    from {{ ref(t.stg) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

quarantine_counts as (
    select
        source_system,
        source_table,
        count(*) as quarantined_rows
    from quarantined_rows
    -- rows the intermediate layer rejected are still kept in staging: counted there
    where rejected_layer = 'staging'
    group by source_system, source_table
),

joined as (
    select
        base_counts.source_system,
        base_counts.source_table,
        base_counts.is_enabled,
        cast(base_counts.raw_rows as {{ dbt.type_bigint() }}) as raw_rows,
        cast(kept_counts.kept_rows as {{ dbt.type_bigint() }}) as kept_rows,
        cast(coalesce(quarantine_counts.quarantined_rows, 0) as {{ dbt.type_bigint() }}) as quarantined_rows,
        cast(base_counts.superseded_rows as {{ dbt.type_bigint() }}) as superseded_rows,
        cast(base_counts.deleted_rows as {{ dbt.type_bigint() }}) as deleted_rows
    from base_counts
    inner join kept_counts
        on
            base_counts.source_system = kept_counts.source_system
            and base_counts.source_table = kept_counts.source_table
    left join quarantine_counts
        on
            base_counts.source_system = quarantine_counts.source_system
            and base_counts.source_table = quarantine_counts.source_table
),

final as (
    select
        -- ids
        {{ dbt.concat(['source_system', "'.'", 'source_table']) }} as source_table_key,
        -- strings
        source_system,
        source_table,
        -- numerics
        raw_rows,
        kept_rows,
        quarantined_rows,
        superseded_rows,
        deleted_rows,
        -- booleans
        is_enabled,
        raw_rows = kept_rows + quarantined_rows + superseded_rows + deleted_rows as is_reconciled
    from joined
)

select * from final
