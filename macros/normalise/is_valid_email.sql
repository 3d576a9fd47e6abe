{#- A well-formed address: one @, something before it, a dotted domain after it, no
    spaces. Apply it to a normalised email. -#}
{% macro is_valid_email(expression) -%}
    {{ emergence.regex_matches(expression, '^[^@ ]+@[^@ ]+[.][^@ .]+$') }}
{%- endmacro %}
