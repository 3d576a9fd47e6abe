{#- A select of every scored person's lead score as of `as_of` (a date expression): the
    newest fct_lead_scores row on or before that date, with its activity points decayed
    by the half-life from that row's date to `as_of` (docs/lead_management.md#decay).
    Use it as a subquery: select * from ({{ emergence.lead_score_as_of("'2026-03-01'") }}).
    The half-life is a double, for Postgres's sake (int_lead_scores__daily). -#}
{% macro lead_score_as_of(as_of) -%}
    {%- set half_life = 'cast(' ~ var('lead_activity_half_life_days') ~ ' as ' ~ emergence.type_double() ~ ')' -%}
    {%- set days = dbt.datediff('score_date', 'cast(' ~ as_of ~ ' as date)', 'day') -%}
    {%- set decay = 'power(0.5, ' ~ days ~ ' / ' ~ half_life ~ ')' -%}
    select
        person_key,
        account_key,
        score_date as last_scored_on,
        cast({{ as_of }} as date) as as_of_date,
        fit_grade,
        fit_points,
        buying_status_points,
        activity_points * {{ decay }} as activity_points,
        fit_points + buying_status_points + activity_points * {{ decay }} as total_score
    from (
        select
            scores.*,
            row_number() over (partition by scores.person_key order by scores.score_date desc) as recency_rank
        from {{ ref('fct_lead_scores') }} as scores
        where scores.score_date <= cast({{ as_of }} as date)
    ) as scored_rows
    where recency_rank = 1
{%- endmacro %}
