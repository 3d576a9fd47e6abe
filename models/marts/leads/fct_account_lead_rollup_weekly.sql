-- The person-level lead view rolled up to accounts, per account and week
-- (docs/lead_management.md#account-view): how many of the account's people the scorecard
-- made MQLs, how many MQLs the CRM recorded, the best lead score among its people at the
-- week's end (decayed), and whether the account had an open opportunity. This is the view
-- docs/domain.md section 1 warns about (one hot person is not a buying team); the signal
-- evaluation sets it beside emergence on the same account-week grain.
{%- set half_life = 'cast(' ~ var('lead_activity_half_life_days') ~ ' as ' ~ emergence.type_double() ~ ')' %}

with spine as (
    select * from {{ ref('int_account_weeks__spine') }}
),

lead_scores as (
    select * from {{ ref('fct_lead_scores') }}
),

transitions as (
    select * from {{ ref('fct_lead_stage_history') }}
),

statuses as (
    select * from {{ ref('int_lead_statuses__mapped') }}
),

opportunities as (
    -- each opportunity on the account it lives on now (after account merges)
    select * from {{ ref('int_opportunities__sourced') }}
),

weeks as (
    select
        account_key,
        week_start,
        cast({{ dbt.dateadd('day', 6, 'week_start') }} as date) as week_end
    from spine
),

score_spans as (
    -- each score row holds, decaying, until the person's next score row
    select
        person_key,
        account_key,
        score_date,
        fit_points + buying_status_points as steady_points,
        activity_points,
        is_mql_event,
        lead(score_date) over (partition by person_key order by score_date) as next_score_date
    from lead_scores
    where account_key is not null
),

week_scores as (
    select
        weeks.account_key,
        weeks.week_start,
        score_spans.person_key,
        {{ dbt.datediff('score_spans.score_date', 'weeks.week_end', 'day') }}
            as days_since_scored,
        score_spans.steady_points,
        score_spans.activity_points
    from weeks
    inner join score_spans
        on
            weeks.account_key = score_spans.account_key
            and weeks.week_end >= score_spans.score_date
            and (score_spans.next_score_date is null or weeks.week_end < score_spans.next_score_date)
),

decayed_scores as (
    select
        account_key,
        week_start,
        person_key,
        steady_points + activity_points * power(0.5, days_since_scored / {{ half_life }})
            as score_at_week_end
    from week_scores
),

best_scores as (
    select
        account_key,
        week_start,
        max(score_at_week_end) as best_lead_score,
        count(*) as scored_people
    from decayed_scores
    group by account_key, week_start
),

warehouse_mqls as (
    select
        weeks.account_key,
        weeks.week_start,
        count(*) as warehouse_mqls
    from weeks
    inner join lead_scores
        on
            weeks.account_key = lead_scores.account_key
            and lead_scores.score_date between weeks.week_start and weeks.week_end
    where lead_scores.is_mql_event
    group by weeks.account_key, weeks.week_start
),

crm_mqls as (
    select
        weeks.account_key,
        weeks.week_start,
        count(*) as crm_mqls
    from weeks
    inner join transitions
        on
            weeks.account_key = transitions.account_key
            and cast(transitions.transitioned_at as date) between weeks.week_start and weeks.week_end
    where transitions.to_stage = 'mql'
    group by weeks.account_key, weeks.week_start
),

opportunity_spans as (
    select
        opportunities.account_key,
        opportunities.opportunity_id,
        min(case when statuses.transition_source = 'opportunity_created' then statuses.occurred_at end)
            as opened_at,
        min(case when statuses.lead_stage in ('closed_won', 'closed_lost') then statuses.occurred_at end)
            as closed_at
    from opportunities
    inner join statuses
        on opportunities.opportunity_id = statuses.opportunity_id
    group by opportunities.account_key, opportunities.opportunity_id
),

open_opportunities as (
    select
        weeks.account_key,
        weeks.week_start,
        count(*) as open_opportunities
    from weeks
    inner join opportunity_spans
        on
            weeks.account_key = opportunity_spans.account_key
            and cast(opportunity_spans.opened_at as date) <= weeks.week_end
            and (opportunity_spans.closed_at is null or cast(opportunity_spans.closed_at as date) > weeks.week_end)
    group by weeks.account_key, weeks.week_start
),

final as (
    select
        -- ids
        {{ dbt.hash(dbt.concat(['weeks.account_key', "'|'", dbt.cast('weeks.week_start', dbt.type_string())])) }}
            as account_week_key,
        weeks.account_key,
        -- numerics
        cast(coalesce(warehouse_mqls.warehouse_mqls, 0) as {{ dbt.type_bigint() }}) as warehouse_mqls,
        cast(
            sum(coalesce(warehouse_mqls.warehouse_mqls, 0)) over (
                partition by weeks.account_key order by weeks.week_start
                rows between unbounded preceding and current row
            ) as {{ dbt.type_bigint() }}
        ) as warehouse_mqls_to_date,
        cast(coalesce(crm_mqls.crm_mqls, 0) as {{ dbt.type_bigint() }}) as crm_mqls,
        cast(best_scores.best_lead_score as {{ emergence.type_double() }}) as best_lead_score,
        cast(coalesce(best_scores.scored_people, 0) as {{ dbt.type_bigint() }}) as scored_people,
        cast(coalesce(open_opportunities.open_opportunities, 0) as {{ dbt.type_bigint() }}) as open_opportunities,
        -- booleans
        coalesce(open_opportunities.open_opportunities, 0) > 0 as has_open_opportunity,
        -- dates
        weeks.week_start,
        weeks.week_end
    from weeks
    left join best_scores
        on weeks.account_key = best_scores.account_key and weeks.week_start = best_scores.week_start
    left join warehouse_mqls
        on weeks.account_key = warehouse_mqls.account_key and weeks.week_start = warehouse_mqls.week_start
    left join crm_mqls
        on weeks.account_key = crm_mqls.account_key and weeks.week_start = crm_mqls.week_start
    left join open_opportunities
        on weeks.account_key = open_opportunities.account_key and weeks.week_start = open_opportunities.week_start
)

select * from final
