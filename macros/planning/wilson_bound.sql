{#- One end of the 90% (or any z) Wilson score interval of a proportion: sound for small
    samples and for rates near 0 or 1 (docs/planning.md#provenance). -#}
{% macro wilson_bound(successes, trials, z, sign) -%}
    {#- With no success the low end is exactly 0: computed, it comes out a rounding error
        above 0 on some engines (numeric sqrt on Postgres), and a step's need divided by it
        overflows. -#}
    {%- if sign < 0 %}case when {{ successes }} = 0 then 0.0 else {% endif -%}
    (
        {{ successes }} * 1.0 / {{ trials }} + {{ z * z }} / (2.0 * {{ trials }})
        {{ '-' if sign < 0 else '+' }} {{ z }} * sqrt(
            ({{ successes }} * 1.0 / {{ trials }}) * (1 - {{ successes }} * 1.0 / {{ trials }}) / {{ trials }}
            + {{ z * z }} / (4.0 * {{ trials }} * {{ trials }})
        )
    ) / (1 + {{ z * z }} / {{ trials }})
    {%- if sign < 0 %} end{% endif %}
{%- endmacro %}
