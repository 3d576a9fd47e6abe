-- Person stitching precision: Segment pages and tracks the warehouse stitched to a person,
-- and how many to the expected person.
select
    count(*) filter (where warehouse_touches.person_key = truth.expected_person_key) as correct,
    count(*) as stitched
from vi_fct as warehouse_touches
inner join vi_truth as truth
    on
        warehouse_touches.source_system = truth.source_system
        and warehouse_touches.source_table = truth.source_table
        and warehouse_touches.source_row_id = truth.source_row_id
where
    not truth.is_dirty
    and not truth.is_quarantined
    and warehouse_touches.source_system = 'segment'
    and warehouse_touches.source_table in ('pages', 'tracks')
    and warehouse_touches.is_anonymous_person = false
