{#- `expression` (a double) rounded to `digits` decimals, still a double. Postgres rounds
    to a number of decimals only a numeric, so the value goes through one there. -#}
{% macro round_double(expression, digits) -%}
    {{ return(adapter.dispatch('round_double', 'emergence')(expression, digits)) }}
{%- endmacro %}

{% macro default__round_double(expression, digits) -%}
    round({{ expression }}, {{ digits }})
{%- endmacro %}

{% macro postgres__round_double(expression, digits) -%}
    cast(round(cast({{ expression }} as numeric), {{ digits }}) as {{ emergence.type_double() }})
{%- endmacro %}
