-- One row per signal: does it find the accounts that go on to open an opportunity within
-- evaluation_horizon_weeks, and how early? The account-level emergence score is set beside
-- the MAP-style account score on the customer's own data (docs/domain.md, section 6;
-- docs/evaluation.md). data_sufficiency says when the data cannot rank the signal
-- (docs/evaluation.md#sufficiency).
with scores as (
    select * from {{ ref('int_signal_scores__labelled') }}
),

deciles as (
    select * from {{ ref('fct_signal_evaluation_deciles') }}
),

opportunities as (
    select * from {{ ref('int_opportunities__sourced') }}
),

judged as (
    select * from {{ ref('int_signal_evaluations__judged') }}
),

auc as (
    {{ emergence.auc_select('scores', 'signal_name', 'score', 'is_positive') }}
),


top_decile as (
    select
        signal_name,
        lift as top_decile_lift,
        min_score as top_decile_cut
    from deciles
    where decile = 1
),

weekly_top_k as (
    select
        signal_name,
        week_start,
        is_positive,
        row_number() over (
            partition by signal_name, week_start order by score desc, account_key asc
        ) as week_rank
    from scores
),

precision_at_k as (
    select
        signal_name,
        -- rounded: a parallel sum of doubles can differ in its last bits between two runs
        {{ emergence.round_double('avg(week_precision)', 10) }} as precision_at_k,
        count(*) as weeks_measured
    from (
        select
            signal_name,
            week_start,
            avg({{ emergence.as_double('case when is_positive then 1 else 0 end') }}) as week_precision
        from weekly_top_k
        where week_rank <= {{ var('evaluation_top_k') }}
        group by signal_name, week_start
    ) as weekly
    group by signal_name
),

first_flags as (
    -- each opportunity's first week, within the horizon before it, in its signal's top decile
    select
        scores.signal_name,
        opportunities.opportunity_id,
        opportunities.created_on,
        min(scores.week_end) as first_flagged_on
    from opportunities
    inner join scores
        on
            opportunities.account_key = scores.account_key
            and opportunities.created_on > scores.week_end
            and {{ dbt.dateadd('day', -7 * var('evaluation_horizon_weeks'), 'opportunities.created_on') }}
            <= scores.week_end
    inner join top_decile
        on
            scores.signal_name = top_decile.signal_name
            and scores.score >= top_decile.top_decile_cut
            and scores.score > 0
    group by scores.signal_name, opportunities.opportunity_id, opportunities.created_on
),

lead_times as (
    select
        signal_name,
        count(*) as opportunities_flagged,
        {{ emergence.percentile(dbt.datediff('first_flagged_on', 'created_on', 'day'), 0.5) }} as median_lead_days
    from first_flags
    group by signal_name
),

final as (
    select
        -- ids
        auc.group_value as signal_name,
        -- strings
        judged.data_sufficiency,
        -- numerics
        cast(auc.positives + auc.negatives as {{ dbt.type_bigint() }}) as account_weeks,
        cast(auc.positives as {{ dbt.type_bigint() }}) as positives,
        cast(case when judged.data_sufficiency = 'ok' then auc.auc end as {{ emergence.type_double() }}) as auc,
        cast(top_decile.top_decile_lift as {{ emergence.type_double() }}) as top_decile_lift,
        cast(top_decile.top_decile_cut as {{ emergence.type_double() }}) as top_decile_cut,
        cast(precision_at_k.precision_at_k as {{ emergence.type_double() }}) as precision_at_top_k,
        cast({{ var('evaluation_top_k') }} as {{ dbt.type_bigint() }}) as top_k,
        cast(coalesce(lead_times.opportunities_flagged, 0) as {{ dbt.type_bigint() }}) as opportunities_flagged,
        cast(lead_times.median_lead_days as {{ emergence.type_double() }}) as median_lead_days,
        cast({{ var('evaluation_horizon_weeks') }} as {{ dbt.type_bigint() }}) as horizon_weeks
    from auc
    inner join judged
        on auc.group_value = judged.signal_name
    left join top_decile
        on auc.group_value = top_decile.signal_name
    left join precision_at_k
        on auc.group_value = precision_at_k.signal_name
    left join lead_times
        on auc.group_value = lead_times.signal_name
)

select * from final
