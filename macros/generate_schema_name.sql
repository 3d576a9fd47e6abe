{#- Layers land in schemas named for the layer (staging, intermediate, marts, quality,
    reference), not dbt's default <target schema>_<layer>, so BI tools and orchestrators
    find the marts under one stable name on every target. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema | trim }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
