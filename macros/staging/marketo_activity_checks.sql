{#- The checks every Marketo activity passes (docs/data_quality.md#reasons): an id, a
    time, the lead it belongs to, and a time no later than its load. One list, so the
    nine activity base models cannot drift apart. -#}
{% macro marketo_activity_checks() -%}
    {{- return([
        ['activity_id is null', 'missing_id'],
        ['activity_at is null', 'missing_timestamp'],
        ['marketo_lead_id is null', 'missing_parent_id'],
        [emergence.is_future_timestamp('activity_at', 'loaded_at'), 'future_timestamp'],
        [emergence.is_implausible_timestamp('activity_at'), 'implausible_timestamp'],
    ]) -}}
{%- endmacro %}
