{#- The reason a row is rejected, or null when it is valid. `checks` is a list of
    [condition, reason] pairs; the first condition that holds names the reason, so list
    them from the most to the least fundamental (docs/data_quality.md). -#}
{% macro dq_reason(checks) -%}
    case
    {%- for check in checks %}
        when {{ check[0] }} then '{{ check[1] }}'
    {%- endfor %}
    end
{%- endmacro %}
