{#- The values of `expression` in a group, sorted and joined by `delimiter` (a SQL string
    literal), each once when `distinct`. Spark's listagg takes no order, so there the
    values are collected into an array and sorted. -#}
{% macro sorted_listagg(expression, delimiter, distinct=false) -%}
    {{ return(adapter.dispatch('sorted_listagg', 'emergence')(expression, delimiter, distinct)) }}
{%- endmacro %}

{% macro default__sorted_listagg(expression, delimiter, distinct) -%}
    {{ dbt.listagg(('distinct ' if distinct else '') ~ expression, delimiter, 'order by ' ~ expression) }}
{%- endmacro %}

{% macro spark__sorted_listagg(expression, delimiter, distinct) -%}
    array_join(array_sort({{ 'collect_set' if distinct else 'collect_list' }}({{ expression }})), {{ delimiter }})
{%- endmacro %}
