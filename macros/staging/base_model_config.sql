{#- The config every base model shares: incremental, delete+insert on row_key (macro
    newest_versions reads only the keys loaded since the last run), a schema change stops
    the run, and a switched-off table is rebuilt on every run so that it empties.
    full_refresh is none otherwise: false would make the model ignore --full-refresh.

    `rebuilt`: a table whose kind of source may have no key or no load stamp (a reverse-IP
    vendor export) cannot find what changed since the last run; its base model is a table
    rebuilt in full on every run (docs/raw_contract.md). So is every base model on an engine
    that cannot replace a key's rows (macro incremental_materialization). -#}
{% macro base_model_config(source_name, table_name, rebuilt=false) -%}
    {%- if rebuilt or emergence.incremental_materialization() != 'incremental' -%}
        {{ return({'materialized': 'table'}) }}
    {%- endif -%}
    {{ return({
        'materialized': 'incremental',
        'unique_key': 'row_key',
        'incremental_strategy': 'delete+insert',
        'on_schema_change': 'fail',
        'full_refresh': none if emergence.source_is_enabled(source_name, table_name) else true,
    }) }}
{%- endmacro %}
