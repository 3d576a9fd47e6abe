{#- A personal-data column as marts show it: the keyed hash (keyed_hash.sql), unless the var emergence_expose_pii is
    on (docs/data_quality.md#pii). Null stays null, so a hash never stands for "unknown". -#}
{% macro pii(expression) -%}
    {%- if var('emergence_expose_pii') -%}
        {{ expression }}
    {%- else -%}
        {{ emergence.keyed_hash(expression) }}
    {%- endif -%}
{%- endmacro %}
