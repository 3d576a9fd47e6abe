{#- The continuous percentile `fraction` (0 to 1) of `expression`, as an aggregate over the
    group (interpolated between the two nearest values, like percentile_cont). -#}
{% macro percentile_cont(expression, fraction) -%}
    {{ return(adapter.dispatch('percentile_cont', 'emergence')(expression, fraction)) }}
{%- endmacro %}

{% macro duckdb__percentile_cont(expression, fraction) -%}
    quantile_cont({{ expression }}, {{ fraction }})
{%- endmacro %}

{% macro default__percentile_cont(expression, fraction) -%}
    percentile_cont({{ fraction }}) within group (order by {{ expression }})
{%- endmacro %}

{% macro bigquery__percentile_cont(expression, fraction) -%}
    approx_quantiles({{ expression }}, 100)[offset({{ (fraction * 100) | int }})]
{%- endmacro %}
