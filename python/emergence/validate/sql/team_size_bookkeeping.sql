-- Episodes measured, and the account-weeks missing from the mart, inside two episodes, or
-- with several mart rows.
select
    count(distinct episode_id) as episodes,
    count(*) filter (where not in_mart) as missing,
    count(*) filter (where episodes_here > 1) as overlapping,
    count(*) filter (where mart_rows > 1) as duplicated
from vt_scored
