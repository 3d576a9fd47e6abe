{#- True when `column` holds a job title to classify: not null and not blank. One home for
    int_people__titles_classified's rows and the post-hook that removes people who no
    longer have one. -#}
{% macro has_job_title(column) -%}
    ({{ column }} is not null and trim({{ column }}) != '')
{%- endmacro %}
