{#- What a stg_ model selects from its base model: the valid, live rows, without the
    base model's bookkeeping columns. -#}
{% macro valid_rows(base_model) -%}
    {%- set bookkeeping = ['source_row_id', 'raw_occurred_at', 'row_key', 'raw_versions', 'raw_loaded_at', 'is_source_deleted', 'dq_reason'] -%}
    {%- set relation = ref(base_model) -%}
    {%- set columns = [] -%}
    {%- if emergence.can_introspect() -%}
        {%- for column in adapter.get_columns_in_relation(relation) if column.name | lower not in bookkeeping -%}
            {%- do columns.append(adapter.quote(column.name) if column.name | lower in ['user', 'timestamp', 'order'] else column.name) -%}
        {%- endfor -%}
        {%- if not columns -%}
            {{ exceptions.raise_compiler_error("emergence: " ~ relation ~ " has no columns; build " ~ base_model ~ " first.") }}
        {%- endif -%}
    {%- endif %}
    select
        {{ columns | join(',\n        ') if columns else '*' }}
    from {{ relation }}
    where not is_source_deleted
        and dq_reason is null
{%- endmacro %}
