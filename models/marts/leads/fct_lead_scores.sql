{{ config(
    materialized=emergence.incremental_materialization(),
    unique_key='person_key',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    meta={'daily_rows': {'column': 'score_date', 'datepart': 'day', 'lookback_var': 'lead_scores_lookback_days'}},
    post_hook=["{{ emergence.delete_vanished_rows('person_key', ref('int_lead_score_days__summed')) }}"]
) }}
-- The lead score, sparse: one row per person and date on which the score changed by more
-- than decay, i.e. the person earned points (docs/lead_management.md#scorecard). Fit
-- (demographics and attributes, with a grade) is kept apart from engagement (activity,
-- decayed by the half-life) and buying status (BANT). Crossing the MQL threshold on a date
-- is an MQL event. For the score on any other date, use the macro lead_score_as_of().
--
-- Incremental by person: a person's scores are a function of the points they earned on
-- each date (int_lead_score_days__summed), so a run scores again every person with a date
-- whose points are new, changed or gone (score_hash, the hash of that date's points), and
-- keeps every other person's rows. The post-hook removes the people who earn no point any
-- more. An incremental run equals a full refresh.
with score_days as (
    select * from {{ ref('int_lead_score_days__summed') }}
),

{% if is_incremental() %}
changed_people as (
    select distinct coalesce(score_days.person_key, stored_days.person_key) as person_key
    from score_days
    full outer join (
        select
            lead_score_key,
            person_key,
            score_hash
        from {{ this }}
    ) as stored_days
        on score_days.lead_score_key = stored_days.lead_score_key
    where
        score_days.lead_score_key is null
        or stored_days.lead_score_key is null
        or score_days.day_hash != stored_days.score_hash
),

days_to_score as (
    select score_days.*
    from score_days
    inner join changed_people
        on score_days.person_key = changed_people.person_key
),
{% else %}
days_to_score as (
    select * from score_days
),
{% endif %}

scored as (
    {{ emergence.lead_scores_from_days('days_to_score') }}
),

final as (
    select
        -- ids
        lead_score_key,
        person_key,
        account_key,
        day_hash as score_hash,
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
    from scored
)

select * from final
