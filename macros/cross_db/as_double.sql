{#- An expression as an 8-byte float, for the numerator of a ratio. Written `x * 1.0`, the
    literal is a decimal on Spark, and the ratio keeps only six decimal places there. -#}
{% macro as_double(expression) -%}
    cast({{ expression }} as {{ emergence.type_double() }})
{%- endmacro %}
