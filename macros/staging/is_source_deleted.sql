{#- A row the source deleted, whichever flag its loader writes: Salesforce's own
    is_deleted, or Fivetran's _fivetran_deleted. Pass the flags the table has; a loader
    that never deletes (Segment) passes none. -#}
{% macro is_source_deleted(flags=[]) -%}
    {%- if not flags -%}
    false
    {%- else -%}
    (
    {%- for flag in flags %}
        coalesce(cast({{ flag }} as {{ dbt.type_boolean() }}), false){{ " or" if not loop.last }}
    {%- endfor %}
    )
    {%- endif -%}
{%- endmacro %}
