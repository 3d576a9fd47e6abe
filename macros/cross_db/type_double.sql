{#- An 8-byte floating-point type. dbt.type_float() is a 4-byte float on DuckDB, too
    coarse for money and rates. -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'emergence')()) }}
{%- endmacro %}

{% macro duckdb__type_double() -%}
    double
{%- endmacro %}

{% macro default__type_double() -%}
    {{ dbt.type_float() }}
{%- endmacro %}

{#- Spark's float is 4 bytes, as DuckDB's. -#}
{% macro spark__type_double() -%}
    double
{%- endmacro %}
