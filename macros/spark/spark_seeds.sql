{#- Seeds on Spark. dbt-spark's session cursor formats bind values into the SQL text: a value
    holding an apostrophe breaks the statement, and a null arrives as a string. These
    overrides write each value as an escaped literal (null as null) and translate the YAML's
    column types (macro type_name). The root project's spark__ macros come before
    dbt-spark's in dbt's dispatch. -#}
{% macro spark__create_csv_table(model, agate_table) -%}
    {%- set types = emergence.seed_column_types(model, agate_table) -%}
    {%- set quote_columns = model['config'].get('quote_columns', None) -%}
    {%- set sql -%}
        create table {{ this.render() }} (
            {%- for column in agate_table.column_names %}
            {{ adapter.quote_seed_column(column | string, quote_columns) }} {{ types[loop.index0] }}
            {{- ',' if not loop.last }}
            {%- endfor %}
        )
        {{ file_format_clause() }}
        {{ location_clause() }}
        {{ comment_clause() }}
    {%- endset -%}
    {%- call statement('_') -%}{{ sql }}{%- endcall -%}
    {{ return(sql) }}
{%- endmacro %}

{% macro spark__load_csv_rows(model, agate_table) -%}
    {%- set types = emergence.seed_column_types(model, agate_table) -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {%- for row in chunk %}
            ({% for value in row -%}
                cast({{ emergence.spark_literal(value) }} as {{ types[loop.index0] }})
                {{- ', ' if not loop.last }}
            {%- endfor %}){{ ',' if not loop.last }}
            {%- endfor %}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- do statements.append(sql) -%}
    {%- endfor -%}
    {{ return(statements[0] if statements else '') }}
{%- endmacro %}

{#- Each column's Spark type: the seed's column_types, translated, else dbt's inference. -#}
{% macro seed_column_types(model, agate_table) -%}
    {%- set declared = model['config'].get('column_types', {}) -%}
    {%- set types = [] -%}
    {%- for column in agate_table.column_names -%}
        {%- set inferred = adapter.convert_type(agate_table, loop.index0) -%}
        {%- do types.append(emergence.type_name(declared.get(column, inferred))) -%}
    {%- endfor -%}
    {{ return(types) }}
{%- endmacro %}

{#- A CSV value as a Spark string literal (backslash and apostrophe escaped), or null; the
    insert casts it to the column's type. -#}
{% macro spark_literal(value) -%}
    {%- if value is none -%}
        {{ return('null') }}
    {%- endif -%}
    {%- set text = (value | string).replace('\\', '\\\\').replace("'", "\\'") -%}
    {{ return("'" ~ text ~ "'") }}
{%- endmacro %}
