{#- dbt's cast on Spark, with the YAML's type names translated (macro type_name). dbt builds
    a contract's empty-schema query from it, so contracts declare one set of names on every
    engine. The root project's spark__cast comes before dbt-spark's in dbt's dispatch. -#}
{% macro spark__cast(field, type) -%}
    cast({{ field }} as {{ emergence.type_name(type) }})
{%- endmacro %}
