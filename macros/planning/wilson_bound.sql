{#- One end of the 90% (or any z) Wilson score interval of a proportion: sound for small
    samples and for rates near 0 or 1 (docs/planning.md#provenance). -#}
{% macro wilson_bound(successes, trials, z, sign) -%}
    (
        {{ successes }} * 1.0 / {{ trials }} + {{ z * z }} / (2.0 * {{ trials }})
        {{ '-' if sign < 0 else '+' }} {{ z }} * sqrt(
            ({{ successes }} * 1.0 / {{ trials }}) * (1 - {{ successes }} * 1.0 / {{ trials }}) / {{ trials }}
            + {{ z * z }} / (4.0 * {{ trials }} * {{ trials }})
        )
    ) / (1 + {{ z * z }} / {{ trials }})
{%- endmacro %}
