-- Episode weeks before the mart's first week or after its last (or all, for an empty mart).
select count(*) as account_weeks
from vt_episode_weeks
where
    pick = 1
    and (
        week_start < (select min(week_start) from vt_mart)
        or week_start > (select max(week_start) from vt_mart)
        or not exists (select 1 from vt_mart)
    )
