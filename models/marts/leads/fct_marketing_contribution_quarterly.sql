-- One row per quarter: the pipeline opened that quarter and the revenue won that quarter,
-- with the part marketing sourced, influenced and is credited with. Pipeline (long term)
-- and revenue (short term) sit in separate columns and are never added together
-- (docs/domain.md, section 4; docs/contribution.md).
with opportunities as (
    select * from {{ ref('fct_marketing_contribution') }}
),

pipeline as (
    select
        created_quarter as quarter_start,
        count(*) as opportunities_created,
        sum(pipeline_amount) as pipeline_created,
        sum(case when contribution_type = 'marketing_sourced' then pipeline_amount else 0 end)
            as pipeline_marketing_sourced,
        sum(case when contribution_type = 'marketing_influenced' then pipeline_amount else 0 end)
            as pipeline_marketing_influenced,
        -- rounded: a parallel sum of doubles can differ in its last bits between two runs
        {{ emergence.round_double('sum(pipeline_amount * marketing_credit)', 6) }} as pipeline_marketing_attributed
    from opportunities
    group by created_quarter
),

revenue as (
    select
        won_quarter as quarter_start,
        count(*) as opportunities_won,
        sum(revenue_amount) as revenue_won,
        sum(case when contribution_type = 'marketing_sourced' then revenue_amount else 0 end)
            as revenue_marketing_sourced,
        sum(case when contribution_type = 'marketing_influenced' then revenue_amount else 0 end)
            as revenue_marketing_influenced,
        {{ emergence.round_double('sum(revenue_amount * marketing_credit)', 6) }} as revenue_marketing_attributed
    from opportunities
    where is_won
    group by won_quarter
),

quarters as (
    select quarter_start from pipeline
    union
    select quarter_start from revenue
),

final as (
    select
        -- dates
        quarters.quarter_start,
        -- strings
        '{{ var("contribution_attribution_model") }}' as attribution_model,
        -- numerics: pipeline
        cast(coalesce(pipeline.opportunities_created, 0) as {{ dbt.type_bigint() }}) as opportunities_created,
        cast(coalesce(pipeline.pipeline_created, 0) as {{ emergence.type_double() }}) as pipeline_created,
        cast(coalesce(pipeline.pipeline_marketing_sourced, 0) as {{ emergence.type_double() }})
            as pipeline_marketing_sourced,
        cast(coalesce(pipeline.pipeline_marketing_influenced, 0) as {{ emergence.type_double() }})
            as pipeline_marketing_influenced,
        cast(coalesce(pipeline.pipeline_marketing_attributed, 0) as {{ emergence.type_double() }})
            as pipeline_marketing_attributed,
        cast(case
            when pipeline.pipeline_created > 0
                then pipeline.pipeline_marketing_sourced / pipeline.pipeline_created
        end as {{ emergence.type_double() }}) as pipeline_sourced_share,
        cast(case
            when pipeline.pipeline_created > 0
                then
                    (pipeline.pipeline_marketing_sourced + pipeline.pipeline_marketing_influenced)
                    / pipeline.pipeline_created
        end as {{ emergence.type_double() }}) as pipeline_contribution_share,
        -- numerics: revenue
        cast(coalesce(revenue.opportunities_won, 0) as {{ dbt.type_bigint() }}) as opportunities_won,
        cast(coalesce(revenue.revenue_won, 0) as {{ emergence.type_double() }}) as revenue_won,
        cast(coalesce(revenue.revenue_marketing_sourced, 0) as {{ emergence.type_double() }})
            as revenue_marketing_sourced,
        cast(coalesce(revenue.revenue_marketing_influenced, 0) as {{ emergence.type_double() }})
            as revenue_marketing_influenced,
        cast(coalesce(revenue.revenue_marketing_attributed, 0) as {{ emergence.type_double() }})
            as revenue_marketing_attributed,
        cast(case
            when revenue.revenue_won > 0 then revenue.revenue_marketing_sourced / revenue.revenue_won
        end as {{ emergence.type_double() }}) as revenue_sourced_share,
        cast(case
            when revenue.revenue_won > 0
                then
                    (revenue.revenue_marketing_sourced + revenue.revenue_marketing_influenced)
                    / revenue.revenue_won
        end as {{ emergence.type_double() }}) as revenue_contribution_share
    from quarters
    left join pipeline
        on quarters.quarter_start = pipeline.quarter_start
    left join revenue
        on quarters.quarter_start = revenue.quarter_start
    where quarters.quarter_start is not null
)

select * from final
