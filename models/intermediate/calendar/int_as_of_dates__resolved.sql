{{ config(materialized='table') }}
-- A table, not a view: several models and tests read it, and a view would be computed
-- again for each of them (DECISIONLOG.md, "Build speed").
-- The date the warehouse describes (DECISIONLOG.md, "as_of_date"): the var as_of_date
-- when set, otherwise the newest date any raw row was loaded. Never current_date, so a
-- rebuild of the same data gives the same marts. With nothing loaded and no var there is
-- no such date, and no row: every model that reads it builds empty.
{%- set tables = emergence.staging_tables() %}

with newest_loads as (
    {%- for t in tables %}
    select max(loaded_at) as newest_loaded_at from {{ ref(t.stg) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

final as (
    select
        -- timestamps
        {%- if var('as_of_date', none) %}
        cast('{{ var("as_of_date") }}' as date) as as_of_date,
        {%- else %}
        cast(max(newest_loaded_at) as date) as as_of_date,
        {%- endif %}
        max(newest_loaded_at) as newest_loaded_at
    from newest_loads
    {%- if not var('as_of_date', none) %}
    having max(newest_loaded_at) is not null
    {%- endif %}
)

select * from final
