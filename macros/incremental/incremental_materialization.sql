{#- The materialization of a model that is incremental where the engine can replace a key's
    rows: `incremental` with delete+insert on DuckDB, Postgres and Snowflake (merge where an
    engine has no delete+insert). Spark's Parquet tables can neither delete nor merge (that
    takes Delta, Iceberg or Hudi), so there these models are tables rebuilt in full on every
    run; Databricks's Delta tables stay incremental (README, "Run on Spark, Databricks,
    Snowflake or BigQuery"). -#}
{% macro incremental_materialization() -%}
    {{ return(adapter.dispatch('incremental_materialization', 'emergence')()) }}
{%- endmacro %}

{% macro default__incremental_materialization() -%}
    {{ return('incremental') }}
{%- endmacro %}

{% macro spark__incremental_materialization() -%}
    {{ return('table') }}
{%- endmacro %}

{% macro databricks__incremental_materialization() -%}
    {{ return('incremental') }}
{%- endmacro %}
