-- Person stitching recall: stitchable Segment pages and tracks of a person with an email,
-- and how many the warehouse stitched to the expected person.
select
    count(*) filter (where person_correct) as correct,
    count(*) as stitchable
from vi_scored
where
    source_system = 'segment'
    and source_table in ('pages', 'tracks')
    and person_has_email
    and is_stitchable
