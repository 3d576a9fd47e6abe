{#- A dotted IPv4 address with four parts of one to three digits. -#}
{% macro is_valid_ipv4(expression) -%}
    {{ emergence.regex_matches(expression, '^[0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3}$') }}
{%- endmacro %}
