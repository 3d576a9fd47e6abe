-- Per funnel stage: entered (all cohorts), then entered and converted over the mature
-- cohorts, and recycled.
select
    lead_stage,
    next_stage,
    sum(entered) as entered,
    sum(entered) filter (where is_mature_cohort) as entered_mature,
    sum(converted_to_next) filter (where is_mature_cohort) as converted_mature,
    sum(recycled) as recycled
from marts.fct_lead_funnel
group by lead_stage, next_stage, stage_order
order by stage_order
