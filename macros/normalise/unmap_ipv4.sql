{#- The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d, also written in full as
    0:0:0:0:0:ffff:a.b.c.d) or IPv4-compatible (::a.b.c.d) IPv6 address; any other text
    as it is. Dual-stack browsers and proxies report an IPv4 visitor in the mapped form,
    and it is the same address, so it must find the same reverse-IP range
    (docs/data_quality.md#fixed). Other IPv6, and the hexadecimal spelling of a mapped
    address (::ffff:1807:1d0a), stay IPv6. -#}
{% macro unmap_ipv4(expression) -%}
    case
        when lower({{ expression }}) like '::ffff:%.%.%.%' then substring({{ expression }}, 8)
        when lower({{ expression }}) like '0:0:0:0:0:ffff:%.%.%.%' then substring({{ expression }}, 16)
        when {{ expression }} like '::%.%.%.%' then substring({{ expression }}, 3)
        else {{ expression }}
    end
{%- endmacro %}
