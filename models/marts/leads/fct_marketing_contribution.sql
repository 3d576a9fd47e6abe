-- One row per opportunity: did marketing source it, influence it, or neither, and how much
-- of it does the chosen attribution model credit to marketing (docs/contribution.md).
-- Sourced: the record's first touch (its Lead Source, lead_source_groups seed) is
-- marketing. Influenced: not sourced, but a person of the account engaged with a
-- marketing touch within contribution_influence_window_days before it was created.
{%- set model_name = var('contribution_attribution_model') %}
{%- if model_name not in ['first_touch', 'last_touch', 'even_split'] %}
    {{ exceptions.raise_compiler_error(
        "var contribution_attribution_model must be first_touch, last_touch or even_split, not '"
        ~ model_name ~ "'"
    ) }}
{%- endif %}

with opportunities as (
    select * from {{ ref('int_opportunities__sourced') }}
),

touches as (
    select * from {{ ref('fct_touches') }}
),

window_touches as (
    select
        opportunities.opportunity_id,
        touches.occurred_at,
        touches.touch_id,
        case when touches.channel = 'sales' then 'sales' else 'marketing' end as touch_group
    from opportunities
    inner join touches
        on {{ emergence.in_influence_window('opportunities', 'touches') }}
    where
        touches.is_engagement
        and not touches.is_bot
),

ordered_touches as (
    select
        opportunity_id,
        touch_group,
        row_number() over (partition by opportunity_id order by occurred_at, touch_id) as touch_rank,
        row_number() over (partition by opportunity_id order by occurred_at desc, touch_id desc) as reverse_rank
    from window_touches
),

paths as (
    select
        opportunity_id,
        count(*) as window_touches,
        sum(case when touch_group = 'marketing' then 1 else 0 end) as marketing_touches,
        max(case when touch_rank = 1 then touch_group end) as first_window_group,
        max(case when reverse_rank = 1 then touch_group end) as last_window_group
    from ordered_touches
    group by opportunity_id
),

classified as (
    select
        opportunities.*,
        coalesce(paths.window_touches, 0) as window_touches,
        coalesce(paths.marketing_touches, 0) as marketing_touches,
        paths.first_window_group,
        paths.last_window_group,
        case
            when opportunities.origin_group = 'marketing' then 'marketing_sourced'
            when coalesce(paths.marketing_touches, 0) > 0 then 'marketing_influenced'
            when opportunities.origin_group = 'sales' then 'sales_sourced'
            when opportunities.origin_group = 'partner' then 'partner_sourced'
            else 'unknown'
        end as contribution_type,
        -- the origin is the path's first touch when it was recorded at all
        case when opportunities.origin_group in ('marketing', 'sales', 'partner') then 1 else 0 end
            as origin_touches
    from opportunities
    left join paths
        on opportunities.opportunity_id = paths.opportunity_id
),

credited as (
    select
        *,
        {%- if model_name == 'first_touch' %}
        case
            when origin_touches = 1 then case when origin_group = 'marketing' then 1.0 else 0.0 end
            when first_window_group = 'marketing' then 1.0
            else 0.0
        end
        {%- elif model_name == 'last_touch' %}
        case
            when last_window_group is not null then case when last_window_group = 'marketing' then 1.0 else 0.0 end
            when origin_group = 'marketing' then 1.0
            else 0.0
        end
        {%- else %}
        case
            when window_touches + origin_touches = 0 then 0.0
            else
                {{ emergence.as_double("marketing_touches + case when origin_group = 'marketing' then 1 else 0 end") }}
                / (window_touches + origin_touches)
        end
        {%- endif %} as marketing_credit
    from classified
),

final as (
    select
        -- ids
        opportunity_id,
        account_key,
        converted_lead_id,
        -- strings
        origin_lead_source,
        origin_group,
        contribution_type,
        '{{ model_name }}' as attribution_model,
        stage_name,
        -- numerics
        cast(window_touches as {{ dbt.type_bigint() }}) as touches_before_creation,
        cast(marketing_touches as {{ dbt.type_bigint() }}) as marketing_touches_before_creation,
        cast(marketing_credit as {{ emergence.type_double() }}) as marketing_credit,
        cast(coalesce(amount, 0) as {{ emergence.type_double() }}) as pipeline_amount,
        cast(case when is_won then coalesce(amount, 0) else 0 end as {{ emergence.type_double() }})
            as revenue_amount,
        -- booleans
        contribution_type in ('marketing_sourced', 'marketing_influenced') as is_marketing_contributed,
        is_unmapped_lead_source,
        is_closed,
        is_won,
        -- dates
        created_at,
        created_on,
        close_date,
        cast({{ dbt.date_trunc('quarter', 'created_on') }} as date) as created_quarter,
        cast(case when is_won then {{ dbt.date_trunc('quarter', 'close_date') }} end as date) as won_quarter
    from credited
)

select * from final
