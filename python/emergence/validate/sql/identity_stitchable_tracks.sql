-- Anonymous ids that Segment tied to a user through a kept track carrying a user id.
insert into vi_stitchable_rows
select distinct tracks.anonymous_id
from segment.tracks as tracks
where
    tracks.anonymous_id is not null
    and nullif(trim(tracks.user_id), '') is not null
    and not exists (
        select 1
        from vi_dirty as dirty
        where
            dirty.source_system = 'segment'
            and dirty.source_table = 'tracks'
            and dirty.source_row_id = cast(tracks.id as varchar)
    )
    and not exists (
        select 1
        from vi_quarantined as quarantined
        where
            quarantined.source_system = 'segment'
            and quarantined.source_table = 'tracks'
            and quarantined.source_row_id = cast(tracks.id as varchar)
    )
