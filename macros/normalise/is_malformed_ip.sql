{#- A visitor IP that no network could have sent: an IPv4-shaped address with a part over
    255, or text that is neither IPv4 nor IPv6. IPv6 is real traffic and passes; a missing
    IP passes too (server-side events have none). docs/data_quality.md#reasons -#}
{% macro is_malformed_ip(expression) -%}
    (
        {{ expression }} is not null
        and {{ emergence.ipv4_to_integer(expression) }} is null
        and not {{ emergence.regex_matches(expression, '^[0-9a-fA-F]{0,4}(:[0-9a-fA-F]{0,4}){2,7}$') }}
    )
{%- endmacro %}
