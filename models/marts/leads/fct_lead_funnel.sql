-- The demand waterfall (docs/lead_management.md#funnel): per cohort month (the month a
-- lead, or an opportunity opened without one, entered the funnel), lead source and
-- segment (size band, industry, ICP grade), how many entered each stage, how many went
-- on to a later stage, the conversion rate, the days it took (median and 80th
-- percentile), and how many were recycled back to nurture. A skipped stage is not counted
-- as entered; converting means reaching any later funnel stage. Rates are given only for
-- cohorts old enough to judge (var lead_funnel_maturity_days after the month's end).
with transitions as (
    select * from {{ ref('fct_lead_stage_history') }}
),

stages as (
    select * from {{ ref('lead_stages') }}
),

accounts as (
    select * from {{ ref('dim_accounts') }}
),

as_of as (
    select * from {{ ref('int_as_of_dates__resolved') }}
),

known_transitions as (
    select transitions.*
    from transitions
    cross join as_of
    where cast(transitions.transitioned_at as date) <= as_of.as_of_date
),

journeys as (
    select
        funnel_key,
        max(account_key) as account_key,
        max(lead_source) as lead_source,
        min(transitioned_at) as entered_funnel_at
    from known_transitions
    group by funnel_key
),

stage_entries as (
    -- the first time each journey entered each funnel stage
    select
        known_transitions.funnel_key,
        known_transitions.to_stage as lead_stage,
        min(stages.stage_order) as stage_order,
        min(known_transitions.transitioned_at) as entered_at
    from known_transitions
    inner join stages
        on known_transitions.to_stage = stages.lead_stage
    where stages.is_funnel_stage
    group by known_transitions.funnel_key, known_transitions.to_stage
),

progress as (
    select
        stage_entries.funnel_key,
        stage_entries.lead_stage,
        stage_entries.stage_order,
        stage_entries.entered_at,
        min(later_entries.entered_at) as next_entered_at
    from stage_entries
    left join stage_entries as later_entries
        on
            stage_entries.funnel_key = later_entries.funnel_key
            and stage_entries.stage_order < later_entries.stage_order
            and stage_entries.entered_at <= later_entries.entered_at
    group by
        stage_entries.funnel_key, stage_entries.lead_stage, stage_entries.stage_order, stage_entries.entered_at
),

recycles as (
    select
        progress.funnel_key,
        progress.lead_stage,
        max(case when known_transitions.is_recycle then 1 else 0 end) as was_recycled
    from progress
    inner join known_transitions
        on
            progress.funnel_key = known_transitions.funnel_key
            and progress.entered_at <= known_transitions.transitioned_at
    group by progress.funnel_key, progress.lead_stage
),

journey_stages as (
    select
        progress.*,
        coalesce(recycles.was_recycled, 0) as was_recycled,
        {{ dbt.datediff('progress.entered_at', 'progress.next_entered_at', 'day') }}
            as days_to_next,
        cast({{ dbt.date_trunc('month', 'journeys.entered_funnel_at') }} as date) as cohort_month,
        coalesce(journeys.lead_source, '(none)') as lead_source,
        coalesce(accounts.size_band, '(unknown)') as size_band,
        coalesce(accounts.industry, '(unknown)') as industry,
        coalesce(accounts.icp_grade, '(unknown)') as icp_grade
    from progress
    inner join journeys
        on progress.funnel_key = journeys.funnel_key
    left join recycles
        on progress.funnel_key = recycles.funnel_key and progress.lead_stage = recycles.lead_stage
    left join accounts
        on journeys.account_key = accounts.account_key
),

aggregated as (
    select
        cohort_month,
        lead_source,
        size_band,
        industry,
        icp_grade,
        lead_stage,
        min(stage_order) as stage_order,
        count(*) as entered,
        sum(case when next_entered_at is not null then 1 else 0 end) as converted_to_next,
        sum(was_recycled) as recycled,
        {{ emergence.percentile_cont('days_to_next', 0.5) }} as median_days_to_next,
        {{ emergence.percentile_cont('days_to_next', 0.8) }} as p80_days_to_next
    from journey_stages
    group by cohort_month, lead_source, size_band, industry, icp_grade, lead_stage
),

final as (
    select
        -- ids
        {{ dbt.hash(dbt.concat([
            dbt.cast('aggregated.cohort_month', dbt.type_string()), "'|'", 'aggregated.lead_source', "'|'",
            'aggregated.size_band', "'|'", 'aggregated.industry', "'|'", 'aggregated.icp_grade', "'|'",
            'aggregated.lead_stage',
        ])) }} as funnel_row_key,
        -- strings
        aggregated.lead_source,
        aggregated.size_band,
        aggregated.industry,
        aggregated.icp_grade,
        aggregated.lead_stage,
        stages.next_stage,
        -- numerics
        cast(aggregated.stage_order as {{ dbt.type_bigint() }}) as stage_order,
        cast(aggregated.entered as {{ dbt.type_bigint() }}) as entered,
        cast(aggregated.converted_to_next as {{ dbt.type_bigint() }}) as converted_to_next,
        cast(aggregated.recycled as {{ dbt.type_bigint() }}) as recycled,
        case
            when
                stages.next_stage is not null
                and cast({{ dbt.dateadd('day', var('lead_funnel_maturity_days'),
                    dbt.dateadd('month', 1, 'aggregated.cohort_month')) }} as date) <= as_of.as_of_date
                then cast(aggregated.converted_to_next as {{ emergence.type_double() }}) / aggregated.entered
        end as conversion_rate,
        cast(aggregated.recycled as {{ emergence.type_double() }}) / aggregated.entered as recycle_rate,
        cast(aggregated.median_days_to_next as {{ emergence.type_double() }}) as median_days_to_next,
        cast(aggregated.p80_days_to_next as {{ emergence.type_double() }}) as p80_days_to_next,
        -- booleans
        cast({{ dbt.dateadd('day', var('lead_funnel_maturity_days'),
            dbt.dateadd('month', 1, 'aggregated.cohort_month')) }} as date) <= as_of.as_of_date as is_mature_cohort,
        -- dates
        aggregated.cohort_month
    from aggregated
    inner join stages
        on aggregated.lead_stage = stages.lead_stage
    cross join as_of
)

select * from final
