-- The mart's first and last week.
select
    min(week_start) as first_week,
    max(week_start) as last_week
from vt_mart
