-- One row per channel (macro touch_channels): its part in the touches and in the
-- opportunities they came before (docs/contribution.md#channels). An opportunity is touched
-- by a channel when a person of its account engaged through that channel within
-- contribution_influence_window_days before it was created, the window in which
-- fct_marketing_contribution counts an opportunity as influenced. The channels' touched
-- opportunities overlap: one opportunity can be touched by several channels.
{%- set channels = emergence.touch_channels() %}

with opportunities as (
    select * from {{ ref('fct_marketing_contribution') }}
),

touches as (
    select * from {{ ref('fct_touches') }}
),

channels as (
    {%- for channel in channels %}
    select
        '{{ channel }}' as channel,
        {{ loop.index }} as channel_rank
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

engaged_touches as (
    select
        channel,
        count(*) as touches
    from touches
    where is_engagement
    group by channel
),

window_touches as (
    select
        opportunities.opportunity_id,
        touches.channel,
        count(*) as touches
    from opportunities
    inner join touches
        on {{ emergence.in_influence_window('opportunities', 'touches') }}
    where touches.is_engagement
    group by
        opportunities.opportunity_id,
        touches.channel
),

touched as (
    select
        window_touches.channel,
        sum(window_touches.touches) as touches_before_creation,
        count(*) as opportunities_touched,
        sum(opportunities.pipeline_amount) as pipeline_touched,
        sum(opportunities.revenue_amount) as revenue_touched,
        sum(
            case
                when opportunities.contribution_type = 'marketing_influenced' then opportunities.pipeline_amount
                else 0
            end
        ) as pipeline_influenced
    from window_touches
    inner join opportunities
        on window_touches.opportunity_id = opportunities.opportunity_id
    group by window_touches.channel
),

totals as (
    select
        count(*) as opportunities,
        sum(pipeline_amount) as pipeline
    from opportunities
),

final as (
    select
        -- strings
        channels.channel,
        -- numerics
        cast(channels.channel_rank as {{ dbt.type_int() }}) as channel_rank,
        cast(coalesce(engaged_touches.touches, 0) as {{ dbt.type_bigint() }}) as engaged_touches,
        cast(coalesce(touched.touches_before_creation, 0) as {{ dbt.type_bigint() }}) as touches_before_creation,
        cast(coalesce(touched.opportunities_touched, 0) as {{ dbt.type_bigint() }}) as opportunities_touched,
        cast(totals.opportunities as {{ dbt.type_bigint() }}) as opportunities,
        cast(
            {{ emergence.as_double('coalesce(touched.opportunities_touched, 0)') }} / nullif(totals.opportunities, 0)
            as {{ emergence.type_double() }}
        ) as opportunity_share,
        cast(coalesce(touched.pipeline_touched, 0) as {{ emergence.type_double() }}) as pipeline_touched,
        cast(coalesce(touched.pipeline_influenced, 0) as {{ emergence.type_double() }}) as pipeline_influenced,
        cast(coalesce(touched.revenue_touched, 0) as {{ emergence.type_double() }}) as revenue_touched,
        cast(
            coalesce(touched.pipeline_touched, 0) / nullif(totals.pipeline, 0) as {{ emergence.type_double() }}
        ) as pipeline_share
    from channels
    cross join totals
    left join engaged_touches
        on channels.channel = engaged_touches.channel
    left join touched
        on channels.channel = touched.channel
)

select * from final
