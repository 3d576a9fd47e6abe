{#- An email as people mean it: trimmed and lowercased; an empty string is no email.
    Whether it is well formed is a separate question (is_valid_email). -#}
{% macro normalize_email(expression) -%}
    nullif(lower(trim({{ expression }})), '')
{%- endmacro %}
