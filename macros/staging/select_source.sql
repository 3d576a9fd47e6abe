{#- Reads only the listed columns of one raw table.
    - A switched-off source or table (source_is_enabled) gives an empty relation with the
      same column names; the base model's casts then type it, so every model downstream
      still builds.
    - A column in `optional` that the customer's table lacks is read as null; its
      fallback is documented on the base model.
    - A missing table or a missing required column stops the build with a message that
      names it and the var that switches the table off. -#}
{% macro select_source(source_name, table_name, columns, optional=[]) -%}
    {%- set switch_var = 'emergence__using_' ~ source_name ~ '_' ~ table_name -%}
    {%- if not emergence.source_is_enabled(source_name, table_name) -%}
        {%- set expressions = [] -%}
        {%- for column in columns + optional -%}
            {%- do expressions.append('cast(null as ' ~ dbt.type_string() ~ ') as ' ~ column) -%}
        {%- endfor %}
    select
        {{ expressions | join(',\n        ') }}
    where 1 = 0
    {%- else -%}
        {%- set relation = source(source_name, table_name) -%}
        {%- set raw_name = relation -%}
        {%- set present = [] -%}
        {%- if emergence.can_introspect() -%}
            {#- Look at the table the source names, even in a unit test, where source()
                returns the test's fixture instead: the fixture has the table's columns. -#}
            {%- set node = (graph.get('sources') or {}).get('source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name) -%}
            {%- if node -%}
                {%- set relation = api.Relation.create(
                    database=node.database, schema=node.schema, identifier=node.identifier
                ) -%}
            {%- else -%}
                {#- A unit test's context has no graph: the sources YAML reads the same vars. -#}
                {%- set relation = api.Relation.create(
                    database=var(source_name ~ '_database', target.database),
                    schema=var(source_name ~ '_schema', source_name),
                    identifier=table_name
                ) -%}
            {%- endif -%}
            {%- if load_relation(relation) is none -%}
                {{ exceptions.raise_compiler_error(
                    "emergence: raw table " ~ relation ~ " was not found. Point the var "
                    ~ source_name ~ "_schema (and " ~ source_name ~ "_database) at the loader's schema, "
                    ~ "or switch the table off with --vars '{" ~ switch_var ~ ": false}'."
                ) }}
            {%- endif -%}
            {%- for column in adapter.get_columns_in_relation(relation) -%}
                {%- do present.append(column.name | lower) -%}
            {%- endfor -%}
            {#- Name the raw table in messages, not a unit test's fixture. -#}
            {%- set raw_name = relation -%}
            {%- set relation = source(source_name, table_name) -%}
        {%- endif -%}
        {%- set missing = [] -%}
        {%- for column in columns if present and column | lower not in present -%}
            {%- do missing.append(column) -%}
        {%- endfor -%}
        {%- if missing -%}
            {{ exceptions.raise_compiler_error(
                "emergence: raw table " ~ raw_name ~ " lacks required column(s) "
                ~ missing | join(", ") ~ ". Sync them in the loader, or switch the table off with --vars '{"
                ~ switch_var ~ ": false}'."
            ) }}
        {%- endif -%}
        {%- set expressions = [] -%}
        {%- for column in columns -%}
            {%- do expressions.append(column) -%}
        {%- endfor -%}
        {%- for column in optional -%}
            {%- if present and column | lower not in present -%}
                {%- do expressions.append('cast(null as ' ~ dbt.type_string() ~ ') as ' ~ column) -%}
            {%- else -%}
                {%- do expressions.append(column) -%}
            {%- endif -%}
        {%- endfor %}
    select
        {{ expressions | join(',\n        ') }}
    from {{ relation }}
    {%- endif -%}
{%- endmacro %}
