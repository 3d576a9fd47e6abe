{#- The domain part of a normalised email (after the @). -#}
{% macro email_domain(expression) -%}
    nullif({{ dbt.split_part(expression, "'@'", 2) }}, '')
{%- endmacro %}
