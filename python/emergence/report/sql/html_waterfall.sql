-- The demand waterfall, one row per stage over every cohort, source and segment: journeys
-- entered, and the conversion to the next stage over the mature cohorts only.
select
    -- The chart reads the column by this name.
    lead_stage as stage,  -- noqa: RF04
    sum(entered) as entered,
    case
        when max(next_stage) is not null
            then sum(converted_to_next) filter (where is_mature_cohort)
                / nullif(sum(entered) filter (where is_mature_cohort), 0)
    end as conversion_to_next
from marts.fct_lead_funnel
group by lead_stage, stage_order
order by stage_order
