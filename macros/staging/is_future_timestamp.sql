{#- An event stamped later than the moment its row was loaded, beyond the clock-skew
    tolerance (var dq_future_tolerance_hours), cannot have happened yet: a broken clock or
    a bad default upstream (docs/data_quality.md). -#}
{% macro is_future_timestamp(event_at, loaded_at) -%}
    {{ event_at }} > {{ dbt.dateadd('hour', var('dq_future_tolerance_hours', 24), loaded_at) }}
{%- endmacro %}
