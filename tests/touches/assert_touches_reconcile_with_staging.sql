-- Every staging row that is an interaction becomes exactly one touch, and no touch comes
-- from nowhere: per source table, fct_touches holds as many rows as the staging model
-- they come from (campaign members only when they responded or attended; the list is the
-- touch_sources macro).
with touches as (
    select
        source_system,
        source_table,
        count(*) as touches
    from {{ ref('fct_touches') }}
    group by source_system, source_table
),

staged as (
    {%- for system, table, model, id_column, condition in emergence.touch_sources() %}
    select
        '{{ system }}' as source_system,
        '{{ table }}' as source_table,
        count(*) as staged_rows
    from {{ ref(model) }}
    {%- if condition %}
    where {{ condition }}
    {%- endif %}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select
    staged.source_system,
    staged.source_table,
    staged.staged_rows,
    coalesce(touches.touches, 0) as touches
from staged
left join touches
    on
        staged.source_system = touches.source_system
        and staged.source_table = touches.source_table
where staged.staged_rows != coalesce(touches.touches, 0)
