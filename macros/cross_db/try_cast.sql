{#- A cast that gives null instead of failing when the value does not convert. dbt-duckdb
    leaves dbt.safe_cast as a plain cast, which stops the whole build on one bad value. -#}
{% macro try_cast(expression, data_type) -%}
    {{ return(adapter.dispatch('try_cast', 'emergence')(expression, data_type)) }}
{%- endmacro %}

{% macro duckdb__try_cast(expression, data_type) -%}
    try_cast({{ expression }} as {{ data_type }})
{%- endmacro %}

{% macro default__try_cast(expression, data_type) -%}
    {{ dbt.safe_cast(expression, data_type) }}
{%- endmacro %}

{#- Postgres 15 has no cast that returns null (pg_input_is_valid came in 16): the value's
    text must have the shape of the type before it is cast. A timestamp-shaped text naming
    a day that does not exist (February 30) still stops the build. -#}
{% macro postgres__try_cast(expression, data_type) -%}
    {%- set kind = data_type | lower | trim -%}
    {%- if kind in ['bigint', 'integer', 'int', 'smallint'] -%}
        {%- set shape = '^[[:space:]]*[+-]?[0-9]{1,18}[[:space:]]*$' -%}
    {%- elif kind in ['float', 'float8', 'double precision', 'real', 'numeric'] -%}
        {%- set shape = '^[[:space:]]*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?[[:space:]]*$' -%}
    {%- elif kind.startswith('timestamp') or kind == 'date' -%}
        {%- set shape = '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([ T]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]+)?)?)?$' -%}
    {%- else -%}
        {{ exceptions.raise_compiler_error("emergence.try_cast: no Postgres shape for type " ~ data_type) }}
    {%- endif -%}
    case
        when {{ emergence.regex_matches('cast(' ~ expression ~ ' as ' ~ dbt.type_string() ~ ')', shape) }}
            then cast({{ expression }} as {{ data_type }})
    end
{%- endmacro %}
