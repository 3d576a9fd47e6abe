-- Anonymous ids that Segment tied to a user through a kept identify.
insert into vi_stitchable_rows
select distinct identifies.anonymous_id
from segment.identifies as identifies
where
    identifies.anonymous_id is not null
    and not exists (
        select 1
        from vi_dirty as dirty
        where
            dirty.source_system = 'segment'
            and dirty.source_table = 'identifies'
            and dirty.source_row_id = cast(identifies.id as varchar)
    )
    and not exists (
        select 1
        from vi_quarantined as quarantined
        where
            quarantined.source_system = 'segment'
            and quarantined.source_table = 'identifies'
            and quarantined.source_row_id = cast(identifies.id as varchar)
    )
