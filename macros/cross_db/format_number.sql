{#- Numbers written into text exactly as Python's format() writes them, so that the SQL
    twin of a Python kernel words its explanation identically (docs/emergence_score.md).
    Two steps, so that a model computes the rounding once as a column and writes it out
    in a later step (the expressions grow quickly when nested):

    1. decimal_units(x, scale): the whole number nearest to x * scale, ties to even.
       Python rounds the exact binary value of a double. A plain round() in SQL rounds the
       product x * 10^d, which floating point has already rounded: 1.05 is stored as
       1.0500000000000000444, so Python writes 1.1 while 1.05 * 10 is exactly 10.5, a
       tie. So the rounding error of the product is kept too (Dekker's exact product,
       splitting x at 2^27 + 1; the scale is a power of ten below 2^26 and needs no
       split), and above, below or at the tie is decided on exact values. Arithmetic
       only: every engine that computes in IEEE doubles gives the same number.
    2. format_units(units, scale, decimals): those units as text with `decimals` digits
       after the point (none when the scale is 1), optionally without trailing zeros.

    format(x, '.1f') is format_units(decimal_units(x, 10), 10, 1) for 0 <= x < 2^53 / 10.
    format(x, 'g') (six significant digits, trailing zeros dropped) is
    format_units(decimal_units(x, general_scale(x)), general_scale(x), general_decimals(x),
    strip_zeros=true) for 1 <= x < 999999.5, the range of a team size; Python writes
    larger numbers with an exponent, which this does not. -#}

{% macro decimal_units(expression, scale) -%}
    {%- set x = '(cast(' ~ expression ~ ' as ' ~ emergence.type_double() ~ '))' -%}
    {%- set product = '(' ~ x ~ ' * ' ~ scale ~ ')' -%}
    {%- set split = '(134217729 * ' ~ x ~ ')' -%}
    {%- set high = '(' ~ split ~ ' - (' ~ split ~ ' - ' ~ x ~ '))' -%}
    {%- set error = '((' ~ high ~ ' * ' ~ scale ~ ' - ' ~ product ~ ') + (' ~ x ~ ' - ' ~ high ~ ') * ' ~ scale ~ ')' -%}
    {%- set whole = 'floor(' ~ product ~ ')' -%}
    {#- Near the tie, product - (whole + 0.5) is exact (Sterbenz), so comparing it with
        -error compares the exact product with the tie. -#}
    {%- set above_tie = '(' ~ product ~ ' - (' ~ whole ~ ' + 0.5))' -%}
    ({{ whole }} + case
        when {{ above_tie }} > -{{ error }} then 1
        when {{ above_tie }} < -{{ error }} then 0
        else {{ whole }} - 2 * floor({{ whole }} / 2)
    end)
{%- endmacro %}

{#- The scale and the decimals of six significant digits for 1 <= x < 10^6. -#}
{% macro general_scale(expression) -%}
    (case
        {%- for digits in range(1, 6) %}
        when {{ expression }} < {{ 10 ** digits }} then {{ 10 ** (6 - digits) }}
        {%- endfor %}
        else 1
    end)
{%- endmacro %}

{% macro general_decimals(expression) -%}
    (case
        {%- for digits in range(1, 6) %}
        when {{ expression }} < {{ 10 ** digits }} then {{ 6 - digits }}
        {%- endfor %}
        else 0
    end)
{%- endmacro %}

{% macro format_units(units, scale, decimals, strip_zeros=false) -%}
    {{ return(adapter.dispatch('format_units', 'emergence')(units, scale, decimals, strip_zeros)) }}
{%- endmacro %}

{% macro default__format_units(units, scale, decimals, strip_zeros) -%}
    {%- set whole = 'floor(' ~ units ~ ' / ' ~ scale ~ ')' -%}
    {%- set text = dbt.concat([
        emergence.whole_number_text(whole),
        "'.'",
        'lpad(' ~ emergence.whole_number_text(units ~ ' - ' ~ scale ~ ' * ' ~ whole) ~ ', ' ~ decimals ~ ", '0')",
    ]) -%}
    (case
        when {{ scale }} = 1 then {{ emergence.whole_number_text(units) }}
        {%- if strip_zeros %}
        else {{ emergence.trim_trailing(emergence.trim_trailing(text, "'0'"), "'.'") }}
        {%- else %}
        else {{ text }}
        {%- endif %}
    end)
{%- endmacro %}

{#- A whole number held in a double, as text. -#}
{% macro whole_number_text(expression) -%}
    {{ dbt.cast(dbt.cast(expression, dbt.type_bigint()), dbt.type_string()) }}
{%- endmacro %}

{#- `expression` without the trailing characters of `characters` (a SQL string literal).
    Spark's two-argument rtrim takes the characters first, the other engines' second; the
    standard trim(trailing ... from ...) reads the same on Spark. -#}
{% macro trim_trailing(expression, characters) -%}
    {{ return(adapter.dispatch('trim_trailing', 'emergence')(expression, characters)) }}
{%- endmacro %}

{% macro default__trim_trailing(expression, characters) -%}
    rtrim({{ expression }}, {{ characters }})
{%- endmacro %}

{% macro spark__trim_trailing(expression, characters) -%}
    trim(trailing {{ characters }} from {{ expression }})
{%- endmacro %}
