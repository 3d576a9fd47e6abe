{#- Reads only the listed columns of one raw table (docs/raw_contract.md).
    - `columns` are the table's required columns (those marked `required` in the sources
      YAML; a pytest check keeps the two equal); `optional` are the others the model reads.
    - A switched-off source or table (source_is_enabled) gives an empty relation with the
      same column names; the base model's casts then type it, so every model downstream
      still builds.
    - A column in `optional` that the customer's table lacks is read as null; its
      fallback is in docs/raw_contract.md.
    - A missing table or a missing required column stops the build with a message that
      names it and the var that switches the table off.
    - In a unit test, every column is read from the fixture by name, whatever the
      warehouse holds (macro get_fixture_sql). -#}
{% macro select_source(source_name, table_name, columns, optional=[]) -%}
    {%- if not emergence.source_is_enabled(source_name, table_name) -%}
        {%- set expressions = [] -%}
        {%- for column in columns + optional -%}
            {%- do expressions.append('cast(null as ' ~ dbt.type_string() ~ ') as ' ~ column) -%}
        {%- endfor %}
    select
        {{ expressions | join(',\n        ') }}
    where 1 = 0
    {%- else -%}
        {%- set present = [] -%}
        {%- if emergence.can_introspect() and model.resource_type != 'unit_test' -%}
            {%- set present = emergence.raw_columns(source_name, table_name) -%}
            {%- set missing = [] -%}
            {%- for column in columns if column | lower not in present -%}
                {%- do missing.append(column) -%}
            {%- endfor -%}
            {%- if missing -%}
                {{ exceptions.raise_compiler_error(
                    "emergence: raw table " ~ emergence.raw_relation(source_name, table_name)
                    ~ " lacks required column(s) " ~ missing | join(", ")
                    ~ ". Sync them in the loader, or switch the table off with --vars '{"
                    ~ emergence.switch_var(source_name, table_name) ~ ": false}'."
                ) }}
            {%- endif -%}
        {%- endif -%}
        {%- set expressions = [] -%}
        {%- for column in columns + optional -%}
            {%- if present and column | lower not in present -%}
                {%- do expressions.append('cast(null as ' ~ dbt.type_string() ~ ') as ' ~ column) -%}
            {%- else -%}
                {%- do expressions.append(column) -%}
            {%- endif -%}
        {%- endfor %}
    select
        {{ expressions | join(',\n        ') }}
    from {{ source(source_name, table_name) }}
    {%- endif -%}
{%- endmacro %}
