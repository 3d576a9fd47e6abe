{#- For each row of `rows` (a CTE name) whose `ip_column` is set, the reverse-IP range of
    `ranges` (a CTE with range_id, start_ip_integer and end_ip_integer) that contains it: selects
    `key_columns` of the row and `range_columns` of the range, one row per located row.
    The ranges must not overlap: callers pass int_ip_ranges__segmented, the vendor's
    (possibly nested) ranges flattened into disjoint segments; only then is each address
    in one segment, found the same way on every engine (docs/identity.md#reverse-ip).

    The generic form is an interval join. On DuckDB an interval join of millions of rows
    against thousands of ranges can be planned as a piecewise merge join that compares each
    address with every range below it (int_touches__marketo took 23 s that way in the large
    world, 8 s with this macro); an ASOF join finds the one candidate range per address by
    its start instead (DECISIONLOG.md, "Build speed"). -#}
{% macro ip_range_lookup(rows, key_columns, ip_column, ranges, range_columns) -%}
    {{ return(adapter.dispatch('ip_range_lookup', 'emergence')(rows, key_columns, ip_column, ranges, range_columns)) }}
{%- endmacro %}

{% macro default__ip_range_lookup(rows, key_columns, ip_column, ranges, range_columns) -%}
    select
        {%- for column in key_columns %}
        {{ column }},
        {%- endfor %}
        {%- for column in range_columns %}
        {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from (
        select
            {%- for column in key_columns %}
            located_rows.{{ column }},
            {%- endfor %}
            {%- for column in range_columns %}
            containing_ranges.{{ column }},
            {%- endfor %}
            row_number() over (
                partition by {% for column in key_columns %}located_rows.{{ column }}{{ ', ' if not loop.last }}{% endfor %}
                order by containing_ranges.start_ip_integer desc, containing_ranges.range_id
            ) as range_rank
        from {{ rows }} as located_rows
        inner join {{ ranges }} as containing_ranges
            on located_rows.{{ ip_column }} between containing_ranges.start_ip_integer and containing_ranges.end_ip_integer
        where located_rows.{{ ip_column }} is not null
    ) as ranked
    where range_rank = 1
{%- endmacro %}

{% macro duckdb__ip_range_lookup(rows, key_columns, ip_column, ranges, range_columns) -%}
    select
        {%- for column in key_columns %}
        located_rows.{{ column }},
        {%- endfor %}
        {%- for column in range_columns %}
        containing_ranges.{{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from (select * from {{ rows }} where {{ ip_column }} is not null) as located_rows
    asof inner join {{ ranges }} as containing_ranges
        on located_rows.{{ ip_column }} >= containing_ranges.start_ip_integer
    where located_rows.{{ ip_column }} <= containing_ranges.end_ip_integer
{%- endmacro %}
