-- The error figures over every measured account-week (is_overall), then per estimate method.
-- Medians are continuous (docstring of emergence.validate.team_size).
select
    grouping(estimate_method) = 1 as is_overall,
    estimate_method,
    count(*) as account_weeks,
    quantile_cont(ape, 0.5) as mdape,
    quantile_cont(baseline_ape, 0.5) as baseline_mdape,
    quantile_cont(pe, 0.5) as median_error,
    count(*) filter (where covered) as covered
from vt_scored
group by rollup(estimate_method)
order by is_overall desc, estimate_method asc
