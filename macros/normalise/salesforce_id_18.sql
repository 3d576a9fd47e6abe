{#- A Salesforce id in its 18-character form. Salesforce ids have two spellings: 15
    characters, case-sensitive (what imports, reports and spreadsheets carry), and 18, the
    same id plus a 3-character case checksum (what the API and Fivetran write). A reference
    typed by a person may be the 15-character form of a key the loader wrote as 18, and
    would then join to nothing (docs/data_quality.md#fixed).
    The suffix, as Salesforce documents it: for each of the three 5-character chunks, a
    5-bit number whose bit i is set when the i-th character from the left is an uppercase
    letter A-Z, mapped onto ABCDEFGHIJKLMNOPQRSTUVWXYZ012345. Any other length passes as
    it is. "Uppercase letter" is written as upper(c) = c and lower(c) <> c, not as a range
    of characters, because a range compares by collation on some engines. -#}
{% macro salesforce_id_18(expression) -%}
    {{ return(adapter.dispatch('salesforce_id_18', 'emergence')(expression)) }}
{%- endmacro %}

{% macro default__salesforce_id_18(expression) -%}
    {%- set id = 'cast(' ~ expression ~ ' as ' ~ dbt.type_string() ~ ')' -%}
    {%- set suffix = [] -%}
    {%- for chunk in range(3) -%}
        {%- set bits = [] -%}
        {%- for position in range(5) -%}
            {%- set character = 'substring(' ~ id ~ ', ' ~ (chunk * 5 + position + 1) ~ ', 1)' -%}
            {%- do bits.append(
                'case when upper(' ~ character ~ ') = ' ~ character ~ ' and lower(' ~ character ~ ') <> '
                ~ character ~ ' then ' ~ (2 ** position) ~ ' else 0 end'
            ) -%}
        {%- endfor -%}
        {%- do suffix.append(
            "substring('ABCDEFGHIJKLMNOPQRSTUVWXYZ012345', 1 + " ~ bits | join(' + ') ~ ", 1)"
        ) -%}
    {%- endfor -%}
    case
        when {{ dbt.length(id) }} = 15 then {{ dbt.concat([id] + suffix) }}
        else {{ id }}
    end
{%- endmacro %}
