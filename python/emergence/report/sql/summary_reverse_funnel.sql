-- The reverse funnel's steps, in order: needed, its range, the rate used and its source.
select
    step_name,
    needed,
    needed_low,
    needed_high,
    rate_name,
    rate_value,
    rate_source,
    rate_sample_size,
    revenue_target,
    period_months,
    data_sufficiency
from marts.fct_reverse_funnel
order by step_order
