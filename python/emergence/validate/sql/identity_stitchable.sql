-- Every anonymous id Segment tied to a user, once.
create or replace temp table vi_stitchable as
select distinct anonymous_id
from vi_stitchable_rows
