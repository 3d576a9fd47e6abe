{#- A cast that gives null instead of failing when the value does not convert. dbt-duckdb
    leaves dbt.safe_cast as a plain cast, which stops the whole build on one bad value. -#}
{% macro try_cast(expression, data_type) -%}
    {{ return(adapter.dispatch('try_cast', 'emergence')(expression, data_type)) }}
{%- endmacro %}

{% macro duckdb__try_cast(expression, data_type) -%}
    try_cast({{ expression }} as {{ data_type }})
{%- endmacro %}

{% macro default__try_cast(expression, data_type) -%}
    {{ dbt.safe_cast(expression, data_type) }}
{%- endmacro %}
