{#- A dotted IPv4 address as an integer (a*2^24 + b*2^16 + c*2^8 + d), so that an
    address can be joined to vendor ranges with `between` on any engine. An IPv4-mapped or
    IPv4-compatible IPv6 address gives its IPv4 address's integer (unmap_ipv4). Null when
    the address does not parse or a part is over 255. -#}
{% macro ipv4_to_integer(expression) -%}
    {%- set address = emergence.unmap_ipv4(expression) -%}
    {%- set parts = [] -%}
    {%- for position in range(1, 5) -%}
        {%- do parts.append(emergence.try_cast(dbt.split_part(address, "'.'", position), dbt.type_bigint())) -%}
    {%- endfor -%}
    case
        when
            {{ emergence.is_valid_ipv4(address) }}
            {%- for part in parts %}
            and {{ part }} <= 255
            {%- endfor %}
            then {{ parts[0] }} * 16777216 + {{ parts[1] }} * 65536 + {{ parts[2] }} * 256 + {{ parts[3] }}
    end
{%- endmacro %}
