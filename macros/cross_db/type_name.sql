{#- A type name from the YAML (contracts, seeds' column_types) as the engine spells it. The
    YAML spells types as DuckDB, Postgres and Snowflake read them (text, double precision);
    Spark reads neither, and YAML is rendered without macros, so the names are translated
    where dbt uses them: in its cast (the contract's empty-schema query) and in the seeds'
    DDL (macros/spark/). -#}
{% macro type_name(data_type) -%}
    {{ return(adapter.dispatch('type_name', 'emergence')(data_type)) }}
{%- endmacro %}

{% macro default__type_name(data_type) -%}
    {{ return(data_type) }}
{%- endmacro %}

{% macro spark__type_name(data_type) -%}
    {%- set spellings = {'text': 'string', 'double precision': 'double'} -%}
    {{ return(spellings.get(data_type | trim | lower, data_type)) }}
{%- endmacro %}
