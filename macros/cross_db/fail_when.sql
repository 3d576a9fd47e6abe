{#- A condition for a where clause that stops the query, and so the build, with `message`
    (a SQL string expression) when `condition` holds for a row; true otherwise. A model
    uses it where going on would cut data silently (int_account_weeks__spine).
    DuckDB raises the message itself with error(); elsewhere the message is cast to a
    number, and every engine's cast error quotes the text it could not convert. -#}
{% macro fail_when(condition, message) -%}
    {{ return(adapter.dispatch('fail_when', 'emergence')(condition, message)) }}
{%- endmacro %}

{% macro duckdb__fail_when(condition, message) -%}
    (case when {{ condition }} then error({{ message }}) else true end)
{%- endmacro %}

{% macro default__fail_when(condition, message) -%}
    (cast(case when {{ condition }} then {{ message }} else '1' end as {{ dbt.type_bigint() }}) = 1)
{%- endmacro %}
