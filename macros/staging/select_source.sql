{#- Reads only the listed columns of one raw table (docs/raw_contract.md).
    - `columns` are the table's required columns (those marked `required` in the sources
      YAML; a pytest check keeps the two equal); `optional` are the others the model reads.
    - A switched-off source or table (source_is_enabled) gives an empty relation with the
      same column names; the base model's casts then type it, so every model downstream
      still builds.
    - A column in `optional` that the customer's table lacks is read as null; its
      fallback is documented on the base model.
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


{#- The var that switches one raw table off. -#}
{% macro switch_var(source_name, table_name) -%}
    {{- return('emergence__using_' ~ source_name ~ '_' ~ table_name) -}}
{%- endmacro %}


{#- The warehouse relation that a source names, built from the same vars as the sources
    YAML (a unit test's context has no graph, and its source() is a fixture). -#}
{% macro raw_relation(source_name, table_name) -%}
    {%- set node = (graph.get('sources') or {}).get('source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name) -%}
    {%- if node -%}
        {{- return(api.Relation.create(database=node.database, schema=node.schema, identifier=node.identifier)) -}}
    {%- endif -%}
    {{- return(api.Relation.create(
        database=var(source_name ~ '_database', target.database),
        schema=var(source_name ~ '_schema', source_name),
        identifier=table_name
    )) -}}
{%- endmacro %}


{#- The lowercased column names of a raw table, or a stop naming the table and its switch
    when the table is not there. -#}
{% macro raw_columns(source_name, table_name) -%}
    {%- set relation = emergence.raw_relation(source_name, table_name) -%}
    {%- if load_relation(relation) is none -%}
        {{ exceptions.raise_compiler_error(
            "emergence: raw table " ~ relation ~ " was not found. Point the var "
            ~ source_name ~ "_schema (and " ~ source_name ~ "_database) at the loader's schema, "
            ~ "or switch the table off with --vars '{" ~ emergence.switch_var(source_name, table_name) ~ ": false}'."
        ) }}
    {%- endif -%}
    {%- set present = [] -%}
    {%- for column in adapter.get_columns_in_relation(relation) -%}
        {%- do present.append(column.name | lower) -%}
    {%- endfor -%}
    {{- return(present) -}}
{%- endmacro %}
