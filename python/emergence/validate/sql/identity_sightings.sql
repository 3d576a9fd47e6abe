-- Each anonymous id and every IP it was seen from, over all Segment tables.
create or replace temp table vi_sightings as
select distinct
    anonymous_id,
    ip_int
from vi_sighting_rows
where ip_int is not null
