{#- Where a raw table is and what it holds, for select_source and emergence_doctor. -#}

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
