{#- Numbers written into text exactly as Python's format() writes them, so that the SQL
    twin of a Python kernel words its explanation identically (docs/emergence_score.md).

    Python rounds the exact binary value of a double, ties to even. A plain round() in SQL
    rounds the product x * 10^d, which floating point has already rounded: 1.05 is stored
    as 1.0500000000000000444, so Python writes 1.1 while 1.05 * 10 gives exactly 10.5 and
    a tie. decimal_units therefore keeps the rounding error of the product too (Dekker's
    exact product, splitting x at 2^27 + 1; the scale is a power of ten below 2^26, so it
    needs no split) and decides above, below or at the tie on exact values. Arithmetic
    only, so every engine that computes in IEEE doubles gives the same digits.

    format_fixed(x, d): format(x, '.<d>f') for 0 <= x < 2^53 / 10^d.
    format_general(x): format(x, 'g') (six significant digits, trailing zeros dropped)
    for 1 <= x < 999999.5, the range of a team size; Python writes larger numbers with an
    exponent, which this does not. -#}

{#- The whole number nearest to x * scale, computed on the exact product, ties to even. -#}
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

{#- A whole number held in a double, as text. -#}
{% macro whole_number_text(expression) -%}
    {{ dbt.cast(dbt.cast(expression, dbt.type_bigint()), dbt.type_string()) }}
{%- endmacro %}

{#- units / scale as text with as many decimals as the scale has zeros (scale may be an
    expression: 1 writes no decimal point). -#}
{% macro units_text(units, scale, decimals) -%}
    {%- set whole = 'floor(' ~ units ~ ' / ' ~ scale ~ ')' -%}
    case
        when {{ scale }} = 1 then {{ emergence.whole_number_text(units) }}
        else {{ dbt.concat([
            emergence.whole_number_text(whole),
            "'.'",
            'lpad(' ~ emergence.whole_number_text(units ~ ' - ' ~ scale ~ ' * ' ~ whole) ~ ', ' ~ decimals ~ ", '0')",
        ]) }}
    end
{%- endmacro %}

{% macro format_fixed(expression, decimals) -%}
    {{ return(adapter.dispatch('format_fixed', 'emergence')(expression, decimals)) }}
{%- endmacro %}

{% macro default__format_fixed(expression, decimals) -%}
    {%- set scale = 10 ** decimals -%}
    ({{ emergence.units_text(emergence.decimal_units(expression, scale), scale, decimals) }})
{%- endmacro %}

{% macro format_general(expression) -%}
    {{ return(adapter.dispatch('format_general', 'emergence')(expression)) }}
{%- endmacro %}

{% macro default__format_general(expression) -%}
    {#- Six significant digits: as many decimals as the whole part leaves. -#}
    {%- set ns = namespace(scale='case', decimals='case') -%}
    {%- for digits in range(1, 6) -%}
        {%- set ns.scale = ns.scale ~ ' when ' ~ expression ~ ' < ' ~ 10 ** digits ~ ' then ' ~ 10 ** (6 - digits) -%}
        {%- set ns.decimals = ns.decimals ~ ' when ' ~ expression ~ ' < ' ~ 10 ** digits ~ ' then ' ~ (6 - digits) -%}
    {%- endfor -%}
    {%- set scale = '(' ~ ns.scale ~ ' else 1 end)' -%}
    {%- set decimals = '(' ~ ns.decimals ~ ' else 0 end)' -%}
    {%- set fixed = emergence.units_text(emergence.decimal_units(expression, scale), scale, decimals) -%}
    (case
        when {{ scale }} = 1 then {{ fixed }}
        else rtrim(rtrim({{ fixed }}, '0'), '.')
    end)
{%- endmacro %}
