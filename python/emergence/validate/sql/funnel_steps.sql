-- Each funnel step over the mature cohorts: the warehouse's entries and conversions
-- (fct_lead_funnel, all sources and segments) beside the truth's (synth_truth.funnel_rates)
-- over the same cohort months, and how many cohorts are mature.
with mature as (
    select distinct cohort_month
    from marts.fct_lead_funnel
    where is_mature_cohort
),

warehouse_steps as (
    select
        lead_stage,
        next_stage,
        sum(entered) as entered,
        sum(converted_to_next) as converted
    from marts.fct_lead_funnel
    where is_mature_cohort and next_stage is not null
    group by lead_stage, next_stage
),

truth_steps as (
    select
        from_stage,
        to_stage,
        sum(entered) as entered,
        sum(converted) as converted
    from synth_truth.funnel_rates
    where cohort_month in (select mature.cohort_month from mature)
    group by from_stage, to_stage
),

final as (
    select
        truth_steps.from_stage,
        truth_steps.to_stage,
        coalesce(warehouse_steps.converted, 0) as warehouse_converted,
        coalesce(warehouse_steps.entered, 0) as warehouse_entered,
        truth_steps.converted as truth_converted,
        truth_steps.entered as truth_entered,
        (select count(*) from mature) as mature_cohorts
    from truth_steps
    left join warehouse_steps
        on
            truth_steps.from_stage = warehouse_steps.lead_stage
            and truth_steps.to_stage = warehouse_steps.next_stage
)

select * from final
order by truth_entered desc, from_stage asc
