{#- On an incremental run, whether any row of the model stores in `hash_column` a hash other
    than the one `current_hash` (a query giving one row, `relation_hash`) gives now. The
    model then re-reads everything; otherwise it reads only what changed. Asked before the
    model's query is written, so that query holds no OR across both cases, which would keep
    the engine from filtering the scan of new rows. False when dbt is only parsing. -#}
{% macro stored_hash_changed(hash_column, current_hash) -%}
    {%- if not execute or not is_incremental() -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set query -%}
        select count(*) as changed_hashes
        from (select distinct {{ hash_column }} from {{ this }}) as stored_hashes
        cross join ({{ current_hash }}) as current_hash
        where stored_hashes.{{ hash_column }} != current_hash.relation_hash
    {%- endset -%}
    {{ return(run_query(query).columns[0].values()[0] > 0) }}
{%- endmacro %}
