{#- numpy.round's rule, which the Python kernels use: the value is scaled by 10^decimals in
    floating point, rounded to the nearest whole number with ties to the even one, and
    scaled back. SQL's round() sends ties away from zero, and Postgres has no round() for
    double precision at all. The fractional part y - floor(y) of a double is exact, so the
    comparison with one half is too. -#}
{% macro round_half_even(expression, decimals=0) -%}
    {{ return(adapter.dispatch('round_half_even', 'emergence')(expression, decimals)) }}
{%- endmacro %}

{% macro default__round_half_even(expression, decimals) -%}
    {%- set scale = 10 ** decimals -%}
    {%- set scaled = '(cast(' ~ expression ~ ' as ' ~ emergence.type_double() ~ ') * ' ~ scale ~ ')' -%}
    {%- set whole = 'floor(' ~ scaled ~ ')' -%}
    (({{ whole }} + case
        when {{ scaled }} - {{ whole }} > 0.5 then 1
        when {{ scaled }} - {{ whole }} < 0.5 then 0
        else {{ whole }} - 2 * floor({{ whole }} / 2)
    end) / {{ scale }})
{%- endmacro %}
