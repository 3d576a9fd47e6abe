{#- Parquet files registered as tables of a Spark session, under their schema and table
    names: how a local session reads raw tables that another engine wrote (the engine test
    exports a generated world from DuckDB; emergence.engines.spark). Run it in the process
    that then builds: a session's tables live in its metastore. `tables` is a list of
    {schema, table, location}; a table of the same name is replaced (its files stay). -#}
{% macro register_parquet_tables(tables) -%}
    {%- if target.type != 'spark' -%}
        {{ exceptions.raise_compiler_error("emergence: register_parquet_tables runs on Spark, not " ~ target.type) }}
    {%- endif -%}
    {%- for table in tables -%}
        {%- set relation = adapter.quote(table['schema']) ~ '.' ~ adapter.quote(table['table']) -%}
        {%- do run_query('create schema if not exists ' ~ adapter.quote(table['schema'])) -%}
        {%- do run_query('drop table if exists ' ~ relation) -%}
        {%- do run_query('create table ' ~ relation ~ " using parquet location '" ~ table['location'] ~ "'") -%}
    {%- endfor -%}
    {{ log('emergence: registered ' ~ tables | length ~ ' Parquet tables', info=true) }}
{%- endmacro %}
