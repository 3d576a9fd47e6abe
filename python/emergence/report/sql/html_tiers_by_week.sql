-- Accounts per week and tier.
select
    week_start,
    tier,
    -- The chart reads the column by this name.
    count(*) as accounts  -- noqa: RF04
from marts.fct_account_emergence
group by week_start, tier
order by week_start, tier
