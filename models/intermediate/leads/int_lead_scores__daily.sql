-- One row per person and date on which the person earned points: the score that day, by
-- category, with activity points decayed by the half-life (docs/lead_management.md#decay).
-- Between two such dates the score only decays, so these rows are every change that
-- matters, and lead_score_as_of() gives the score on any other date. Never a dense
-- person x day table.
--
-- Decay: a point earned on day d is worth points * 0.5 ^ ((t - d) / half_life) on day t.
-- The decayed sum on day t is 0.5 ^ ((t - t0) / h) * running sum of points * 2 ^ ((d - t0) / h),
-- with t0 the person's first scored day, so one running sum gives it. The half-life is a
-- double: over a numeric one, Postgres takes a numeric power of a day count and keeps too
-- few digits of a small factor (decay over a year lost six of them).
{%- set half_life = 'cast(' ~ var('lead_activity_half_life_days') ~ ' as ' ~ emergence.type_double() ~ ')' %}

with points as (
    select * from {{ ref('fct_lead_score_points') }}
),

first_days as (
    select
        person_key,
        min(earned_on) as first_scored_on
    from points
    group by person_key
),

daily_points as (
    select
        points.person_key,
        points.earned_on as score_date,
        max(points.account_key) as account_key,
        sum(case when points.category = 'demographics' then points.points else 0 end) as demographics_earned,
        sum(case when points.category = 'attributes' then points.points else 0 end) as attributes_earned,
        sum(case when points.category = 'buying_status' then points.points else 0 end) as buying_status_earned,
        sum(case when points.category = 'activity' then points.points else 0 end) as activity_points_earned,
        count(*) as rules_met
    from points
    group by points.person_key, points.earned_on
),

day_numbers as (
    select
        daily_points.*,
        {{ dbt.datediff('first_days.first_scored_on', 'daily_points.score_date', 'day') }}
            as days_since_first
    from daily_points
    inner join first_days
        on daily_points.person_key = first_days.person_key
),

growth as (
    select
        *,
        activity_points_earned * power(2.0, days_since_first / {{ half_life }}) as activity_points_grown
    from day_numbers
),

running as (
    select
        person_key,
        score_date,
        account_key,
        activity_points_earned,
        rules_met,
        sum(demographics_earned) over (
            partition by person_key order by score_date rows between unbounded preceding and current row
        ) as demographics_points,
        sum(attributes_earned) over (
            partition by person_key order by score_date rows between unbounded preceding and current row
        ) as attributes_points,
        sum(buying_status_earned) over (
            partition by person_key order by score_date rows between unbounded preceding and current row
        ) as buying_status_points,
        sum(activity_points_grown) over (
            partition by person_key order by score_date rows between unbounded preceding and current row
        ) * power(0.5, days_since_first / {{ half_life }}) as activity_points,
        demographics_earned + attributes_earned + buying_status_earned + activity_points_earned
            as points_earned
    from growth
),

scored as (
    select
        *,
        demographics_points + attributes_points as fit_points,
        demographics_points + attributes_points + buying_status_points + activity_points as total_score
    from running
),

final as (
    select
        -- ids
        {{ dbt.hash(dbt.concat(['person_key', "'|'", dbt.cast('score_date', dbt.type_string())])) }}
            as lead_score_key,
        person_key,
        account_key,
        -- strings
        {{ emergence.lead_fit_grade('fit_points') }} as fit_grade,
        -- numerics
        demographics_points,
        attributes_points,
        buying_status_points,
        fit_points,
        activity_points,
        activity_points_earned,
        points_earned,
        total_score,
        total_score - points_earned as score_before,
        rules_met,
        -- booleans
        total_score >= {{ var('lead_mql_threshold') }} as is_mql,
        total_score >= {{ var('lead_mql_threshold') }}
        and total_score - points_earned < {{ var('lead_mql_threshold') }} as is_mql_event,
        -- dates
        score_date
    from scored
)

select * from final
