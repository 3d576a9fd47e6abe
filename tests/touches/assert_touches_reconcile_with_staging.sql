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
    select
        source_system,
        source_table,
        count(*) as staged_rows
    from ({{ emergence.touch_source_keys() }}) as staged_keys
    group by source_system, source_table
)

select
    coalesce(staged.source_system, touches.source_system) as source_system,
    coalesce(staged.source_table, touches.source_table) as source_table,
    coalesce(staged.staged_rows, 0) as staged_rows,
    coalesce(touches.touches, 0) as touches
from staged
full outer join touches
    on
        staged.source_system = touches.source_system
        and staged.source_table = touches.source_table
where coalesce(staged.staged_rows, 0) != coalesce(touches.touches, 0)
