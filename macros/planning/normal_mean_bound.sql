{#- One end of the normal interval (z standard errors) around the mean of `values`, as an
    aggregate; a single value gives an interval of width 0 (docs/planning.md#provenance). -#}
{% macro normal_mean_bound(values, z, sign) -%}
    (
        avg({{ values }})
        {{ '-' if sign < 0 else '+' }} {{ z }} * coalesce(stddev_samp({{ values }}), 0) / sqrt(count({{ values }}))
    )
{%- endmacro %}
