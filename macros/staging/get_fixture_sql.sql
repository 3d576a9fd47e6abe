{#- Overrides dbt's get_fixture_sql for unit-test fixtures that stand in for a raw source,
    so that a unit test never depends on the customer's warehouse
    (docs/raw_contract.md, "Unit tests"):
    - dbt types a fixture by the real table's columns, so a fixture naming an optional
      column that the customer did not sync fails ("Invalid column name"). Here a column
      that the table lacks, or every column when the table is absent, is written as a
      plain literal; the base model casts every column it reads.
    - A column that the table has keeps the table's type, as in dbt; fixture values are
      written in the loader's types (integer Marketo ids), so they cast on any warehouse.
    select_source, in a unit test, reads every column by name: a source fixture names
    every column its base model reads (a pytest check keeps that true).
    Fixtures for models (ref) are dbt's own. -#}
{% macro get_fixture_sql(rows, column_name_to_data_types) -%}
    {%- if model.source_name is not defined or column_name_to_data_types -%}
        {{- return(dbt.get_fixture_sql(rows, column_name_to_data_types)) -}}
    {%- endif -%}
    {%- set types = {} -%}
    {%- set existing = load_relation(this) if execute else none -%}
    {%- if existing is not none -%}
        {%- for column in adapter.get_columns_in_relation(existing) -%}
            {%- do types.update({column.name | lower: column.data_type}) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- set names = [] -%}
    {%- for row in rows -%}
        {%- for name in row.keys() if name | lower not in names -%}
            {%- do names.append(name | lower) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set selects = [] -%}
    {%- for row in rows -%}
        {%- set lowered = {} -%}
        {%- for name, value in row.items() -%}
            {%- do lowered.update({name | lower: value}) -%}
        {%- endfor -%}
        {%- set expressions = [] -%}
        {%- for name in names -%}
            {%- set literal = emergence.fixture_literal(lowered.get(name)) -%}
            {%- if name in types -%}
                {#- As dbt does: a varchar's length would truncate the value. -#}
                {%- set type = types[name].split('(')[0] if 'varying' in types[name] else types[name] -%}
                {%- set literal = dbt.safe_cast(literal, type) -%}
            {%- endif -%}
            {%- do expressions.append(literal ~ ' as ' ~ adapter.quote(name)) -%}
        {%- endfor -%}
        {%- do selects.append('select ' ~ expressions | join(', ')) -%}
    {%- endfor -%}
    {%- if not selects -%}
        {{- return(dbt.get_fixture_sql(rows, column_name_to_data_types)) -}}
    {%- endif -%}
    {{- return(selects | join('\nunion all\n')) -}}
{%- endmacro %}


{#- A YAML fixture value as an SQL literal. -#}
{% macro fixture_literal(value) -%}
    {%- if value is none -%}
        {{- return('null') -}}
    {%- elif value is sameas true or value is sameas false -%}
        {{- return('true' if value else 'false') -}}
    {%- elif value is number -%}
        {{- return(value | string) -}}
    {%- else -%}
        {{- return(dbt.string_literal(dbt.escape_single_quotes(value | string))) -}}
    {%- endif -%}
{%- endmacro %}
