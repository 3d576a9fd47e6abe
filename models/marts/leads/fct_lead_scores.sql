{{ config(
    materialized=emergence.incremental_materialization(),
    unique_key='lead_score_key',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    meta={'daily_rows': {'column': 'score_date', 'datepart': 'day', 'lookback_var': 'lead_scores_lookback_days'}},
    post_hook=["{{ emergence.delete_vanished_rows('lead_score_key', ref('int_lead_scores__daily')) }}"]
) }}
-- The lead score, sparse: one row per person and date on which the score changed by more
-- than decay, i.e. the person earned points (docs/lead_management.md#scorecard). Fit
-- (demographics and attributes, with a grade) is kept apart from engagement (activity,
-- decayed by the half-life) and buying status (BANT). Crossing the MQL threshold on a date
-- is an MQL event. For the score on any other date, use the macro lead_score_as_of().
--
-- Incremental like the engagement facts: dates within lead_scores_lookback_days of the
-- newest stored date are rewritten, and so is every stored row whose figures changed (a
-- rule edited in the seed, a touch that arrived late), found by comparing score_hash;
-- rows that are no longer produced are deleted. An incremental run equals a full refresh.
with daily_scores as (
    select * from {{ ref('int_lead_scores__daily') }}
),

hashed as (
    select
        *,
        {{ emergence.row_hash([
            'account_key', 'fit_grade', 'demographics_points', 'attributes_points', 'buying_status_points',
            'activity_points', 'activity_points_earned', 'points_earned', 'total_score', 'rules_met',
        ]) }} as score_hash
    from daily_scores
),

to_write as (
    {{ emergence.changed_rows(
        'hashed', 'lead_score_key', 'score_hash',
        "hashed.score_date >= (select "
        ~ dbt.dateadd('day', -1 * var('lead_scores_lookback_days'), 'max(score_date)')
        ~ " from " ~ this ~ ")"
    ) }}
),

final as (
    select
        -- ids
        lead_score_key,
        person_key,
        account_key,
        score_hash,
        -- strings
        fit_grade,
        -- numerics
        cast(demographics_points as {{ emergence.type_double() }}) as demographics_points,
        cast(attributes_points as {{ emergence.type_double() }}) as attributes_points,
        cast(fit_points as {{ emergence.type_double() }}) as fit_points,
        cast(buying_status_points as {{ emergence.type_double() }}) as buying_status_points,
        cast(activity_points as {{ emergence.type_double() }}) as activity_points,
        cast(activity_points_earned as {{ emergence.type_double() }}) as activity_points_earned,
        cast(points_earned as {{ emergence.type_double() }}) as points_earned,
        cast(total_score as {{ emergence.type_double() }}) as total_score,
        cast(score_before as {{ emergence.type_double() }}) as score_before,
        cast(rules_met as {{ dbt.type_bigint() }}) as rules_met,
        -- booleans
        is_mql,
        is_mql_event,
        -- dates
        cast(score_date as date) as score_date
    from to_write
)

select * from final
