{#- An event stamped before the plausible floor (var dq_min_event_date, default
    2000-01-01): a null written as the epoch (1970-01-01) or as a spreadsheet's or a
    form's zero date (1900-01-01). Kept, one such row would start its account's history
    decades early (docs/data_quality.md#reasons). -#}
{% macro is_implausible_timestamp(event_at) -%}
    {{ event_at }} < cast('{{ var("dq_min_event_date") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}
