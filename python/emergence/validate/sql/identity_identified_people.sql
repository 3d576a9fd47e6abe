-- Truth people Segment identified: an identify with their email or with their user id (two
-- equi-joins rather than an OR, so DuckDB hashes, not loops).
insert into vi_identified
select people.truth_person_id
from synth_truth.people as people
inner join segment.identifies as identifies
    on lower(trim(identifies.email)) = lower(trim(people.email))
union
select people.truth_person_id
from synth_truth.people as people
inner join segment.identifies as identifies
    on people.segment_user_id = identifies.user_id
