-- Kept truth touches missing from fct_touches, and those in several of its rows.
select
    count(*) filter (where warehouse_rows = 0) as missing,
    count(*) filter (where warehouse_rows > 1) as duplicated
from vi_scored
