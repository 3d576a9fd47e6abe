-- For every raw table, the rows counted in the raw table itself must equal kept +
-- quarantined + superseded + deleted (fct_source_reconciliation). A row lost or made up
-- anywhere in staging fails this test, with the table named.
{%- set tables = emergence.staging_tables() %}

with raw_counts as (
    {%- for t in tables %}
    select
        '{{ t.source }}' as source_system,
        '{{ t.table }}' as source_table,
        count(*) as counted_raw_rows
    {%- if emergence.source_is_enabled(t.source, t.table) %}
    from {{ source(t.source, t.table) }}
    {%- else %}
    from (select 1 as placeholder) as switched_off
    where 1 = 0
    {%- endif %}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

reconciliation as (
    select * from {{ ref('fct_source_reconciliation') }}
)

select
    raw_counts.source_system,
    raw_counts.source_table,
    raw_counts.counted_raw_rows,
    reconciliation.raw_rows,
    reconciliation.kept_rows,
    reconciliation.quarantined_rows,
    reconciliation.superseded_rows,
    reconciliation.deleted_rows
from raw_counts
left join reconciliation
    on
        raw_counts.source_system = reconciliation.source_system
        and raw_counts.source_table = reconciliation.source_table
where
    reconciliation.raw_rows is null
    or raw_counts.counted_raw_rows != reconciliation.raw_rows
    or raw_counts.counted_raw_rows != reconciliation.kept_rows
    + reconciliation.quarantined_rows
    + reconciliation.superseded_rows
    + reconciliation.deleted_rows
