{#- The date the warehouse describes: the var as_of_date when set, otherwise the newest
    loaded date (int_as_of_dates__resolved). Never current_date: a rebuild of the same
    data gives the same result, and a past week can be replayed. -#}
{% macro as_of_date() -%}
    {%- if var('as_of_date', none) -%}
        cast('{{ var("as_of_date") }}' as date)
    {%- else -%}
        (select as_of_date from {{ ref('int_as_of_dates__resolved') }})
    {%- endif -%}
{%- endmacro %}
