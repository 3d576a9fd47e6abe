-- The score lead_score_as_of() gives on the warehouse's as-of date must equal a direct
-- recomputation from fct_lead_score_points: every point earned by then, activity points
-- decayed by the half-life for their own age (docs/lead_management.md#decay). Checks the
-- running-sum decay of int_lead_scores__daily and the macro's decay from the last row.
{%- set as_of = "(select as_of_date from " ~ ref('int_as_of_dates__resolved') ~ ")" %}
{%- set half_life = var('lead_activity_half_life_days') %}

with as_of_scores as (
    {{ emergence.lead_score_as_of(as_of) }}
),

points as (
    select * from {{ ref('fct_lead_score_points') }}
),

as_of as (
    select * from {{ ref('int_as_of_dates__resolved') }}
),

aged_points as (
    select
        points.person_key,
        points.points,
        points.is_decaying,
        {{ dbt.datediff('points.earned_on', 'as_of.as_of_date', 'day') }}
            as age_days
    from points
    cross join as_of
    where points.earned_on <= as_of.as_of_date
),

recomputed as (
    select
        person_key,
        sum(
            case
                when is_decaying then points * power(0.5, age_days / {{ half_life | float }})
                else points
            end
        ) as total_score
    from aged_points
    group by person_key
)

select
    recomputed.person_key,
    recomputed.total_score as recomputed_score,
    as_of_scores.total_score as as_of_score
from recomputed
full outer join as_of_scores
    on recomputed.person_key = as_of_scores.person_key
where
    recomputed.person_key is null
    or as_of_scores.person_key is null
    or abs(recomputed.total_score - as_of_scores.total_score) > 0.000001 * (1 + abs(recomputed.total_score))
