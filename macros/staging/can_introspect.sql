{#- Whether macros may look at relations in the warehouse: only while dbt executes, and
    not on the `lint` target, whose in-memory database holds no tables (sqlfluff's dbt
    templater compiles against it). -#}
{% macro can_introspect() -%}
    {{ return(execute and target.name != 'lint') }}
{%- endmacro %}
