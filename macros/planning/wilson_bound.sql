{#- One end of the 90% (or any z) Wilson score interval of a proportion: sound for small
    samples and for rates near 0 or 1 (docs/planning.md#provenance). -#}
{% macro wilson_bound(successes, trials, z, sign) -%}
    {#- With no success the low end is exactly 0: computed, it comes out a rounding error
        above 0 on some engines (numeric sqrt on Postgres), and a step's need divided by it
        overflows. -#}
    {%- if sign < 0 %}case when {{ successes }} = 0 then 0.0 else {% endif -%}
    {#- n and p as doubles: Spark reads a literal such as 2.0 as a decimal, and keeps six
        decimal places of a quotient of decimals. -#}
    {%- set n = emergence.as_double(trials) %}
    {%- set p = '(' ~ emergence.as_double(successes) ~ ' / ' ~ n ~ ')' %}
    (
        {{ p }} + {{ z * z }} / (2 * {{ n }})
        {{ '-' if sign < 0 else '+' }} {{ z }} * sqrt(
            {{ p }} * (1 - {{ p }}) / {{ n }}
            + {{ z * z }} / (4 * {{ n }} * {{ n }})
        )
    ) / (1 + {{ z * z }} / {{ n }})
    {%- if sign < 0 %} end{% endif %}
{%- endmacro %}
