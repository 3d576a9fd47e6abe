{#- The fit grade (A to D) of a lead's who-they-are points (demographics and attributes),
    from the var lead_fit_grade_points: the lowest fit points of grades A, B and C; below
    C is D (docs/lead_management.md#scorecard). -#}
{% macro lead_fit_grade(fit_points) -%}
    {%- set grades = var('lead_fit_grade_points') -%}
    case
        when {{ fit_points }} >= {{ grades['A'] }} then 'A'
        when {{ fit_points }} >= {{ grades['B'] }} then 'B'
        when {{ fit_points }} >= {{ grades['C'] }} then 'C'
        else 'D'
    end
{%- endmacro %}
