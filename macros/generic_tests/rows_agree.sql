{#- Fails on every row where the model and `compare_model` disagree: a key found in one
    and not the other, a floating-point column further apart than `tolerance` (relative to
    the compared value once it exceeds 1), or any other column not identical. Nulls agree
    only with nulls. Both must have the same columns; every one is compared, so a column
    added to one side and not the other fails too. Holds each SQL twin of a Python mart to
    it (DECISIONLOG.md, "Scoring in SQL"). -#}
{% test rows_agree(model, compare_model, key, tolerance) %}
{%- set columns = adapter.get_columns_in_relation(model) if execute else [] -%}
{%- set compared_columns = adapter.get_columns_in_relation(compare_model) if execute else [] -%}
{%- set names = columns | map(attribute='name') | map('lower') | list -%}
{%- set compared_names = compared_columns | map(attribute='name') | map('lower') | list -%}
{%- if execute and names | sort != compared_names | sort -%}
    {{ exceptions.raise_compiler_error(
        'rows_agree: ' ~ model ~ ' has columns ' ~ names | sort ~ ', ' ~ compare_model ~ ' has '
        ~ compared_names | sort
    ) }}
{%- endif -%}
with tested as (
    select * from {{ model }}
),

compared as (
    select * from {{ compare_model }}
),

paired as (
    select
        coalesce(tested.{{ key }}, compared.{{ key }}) as {{ key }},
        case
            when tested.{{ key }} is null then 'only in {{ compare_model.identifier }}'
            when compared.{{ key }} is null then 'only in {{ model.identifier }}'
        end as missing_from,
        {%- for column in columns if column.name | lower != key %}
        {%- set left = 'tested.' ~ column.name %}
        {%- set right = 'compared.' ~ column.name %}
        case
            when {{ left }} is null and {{ right }} is null then 0
            when {{ left }} is null or {{ right }} is null then 1
            {%- if column.is_float() or column.is_numeric() %}
            when abs({{ left }} - {{ right }}) > {{ tolerance }} * greatest(1, abs({{ right }})) then 1
            {%- else %}
            when {{ left }} <> {{ right }} then 1
            {%- endif %}
            else 0
        end as differs_{{ column.name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from tested
    full outer join compared
        on tested.{{ key }} = compared.{{ key }}
)

select *
from paired
where
    missing_from is not null
    {%- for column in columns if column.name | lower != key %}
    or differs_{{ column.name }} = 1
    {%- endfor %}
{% endtest %}
