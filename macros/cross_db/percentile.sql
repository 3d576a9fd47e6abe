{% macro percentile(expression, fraction) -%}
    {#- The continuous percentile (0.5 is the median) of expression, as an aggregate. -#}
    {{ return(adapter.dispatch('percentile', 'emergence')(expression, fraction)) }}
{%- endmacro %}

{% macro default__percentile(expression, fraction) -%}
    percentile_cont({{ fraction }}) within group (order by {{ expression }})
{%- endmacro %}

{% macro bigquery__percentile(expression, fraction) -%}
    {#- BigQuery has percentile_cont only as an analytic function; approx_quantiles is its aggregate. -#}
    approx_quantiles({{ expression }}, 100)[offset({{ (fraction * 100) | int }})]
{%- endmacro %}
