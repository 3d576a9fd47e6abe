{#- A select of the lead score on each of the days in `score_days` (a relation or CTE with
    the columns of int_lead_score_days__summed): fit, buying status and activity points
    summed up to the day, activity decayed by the half-life, the fit grade and the MQL flags
    (docs/lead_management.md#decay). Each person's rows depend on that person's days only,
    so `score_days` may hold some people, as long as it holds every day of each.

    Decay: a point earned on day d is worth points * 0.5 ^ ((t - d) / half_life) on day t.
    The decayed sum on day t is 0.5 ^ ((t - t0) / h) * running sum of points * 2 ^ ((d - t0) / h),
    with t0 the person's first scored day, so one running sum gives it. The half-life is a
    double: over a numeric one, Postgres takes a numeric power of a day count and keeps too
    few digits of a small factor (decay over a year lost six of them). The activity points
    are rounded to 10 decimals, so that an incremental run that rescores some people stores
    what a full refresh does. -#}
{% macro lead_scores_from_days(score_days) -%}
    {%- set half_life = 'cast(' ~ var('lead_activity_half_life_days') ~ ' as ' ~ emergence.type_double() ~ ')' -%}
    {%- set running = 'over (partition by person_key order by score_date rows between unbounded preceding and current row)' -%}
    {%- set threshold = var('lead_mql_threshold') -%}
    select
        lead_score_key,
        person_key,
        account_key,
        day_hash,
        {{ emergence.lead_fit_grade('demographics_points + attributes_points') }} as fit_grade,
        demographics_points,
        attributes_points,
        buying_status_points,
        demographics_points + attributes_points as fit_points,
        activity_points,
        activity_points_earned,
        points_earned,
        total_score,
        total_score - points_earned as score_before,
        rules_met,
        total_score >= {{ threshold }} as is_mql,
        total_score >= {{ threshold }} and total_score - points_earned < {{ threshold }} as is_mql_event,
        score_date
    from (
        select
            summed.*,
            summed.demographics_points + summed.attributes_points + summed.buying_status_points
            + summed.activity_points as total_score
        from (
            select
                grown.*,
                sum(grown.demographics_earned) {{ running }} as demographics_points,
                sum(grown.attributes_earned) {{ running }} as attributes_points,
                sum(grown.buying_status_earned) {{ running }} as buying_status_points,
                -- rounded: the running sum of doubles adds a person's rows in another order
                -- when a run scores a few people than when it scores everyone
                {{ emergence.round_double(
                    'sum(grown.activity_points_grown) ' ~ running
                    ~ ' * power(0.5, grown.days_since_first / ' ~ half_life ~ ')', 10
                ) }} as activity_points,
                grown.demographics_earned + grown.attributes_earned + grown.buying_status_earned
                + grown.activity_points_earned as points_earned
            from (
                select
                    score_days.*,
                    {{ dbt.datediff('first_days.first_scored_on', 'score_days.score_date', 'day') }}
                        as days_since_first,
                    score_days.activity_points_earned * power(
                        2.0,
                        {{ dbt.datediff('first_days.first_scored_on', 'score_days.score_date', 'day') }}
                        / {{ half_life }}
                    ) as activity_points_grown
                from {{ score_days }} as score_days
                inner join (
                    select
                        person_key,
                        min(score_date) as first_scored_on
                    from {{ score_days }}
                    group by person_key
                ) as first_days
                    on score_days.person_key = first_days.person_key
            ) as grown
        ) as summed
    ) as scored
{%- endmacro %}
