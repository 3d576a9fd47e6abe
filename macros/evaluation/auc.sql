{% macro auc_select(relation, group_column, score_column, label_column) -%}
    {#- A select of (group_value, positives, negatives, auc): the Mann-Whitney AUC of
        score_column for the boolean label_column within each group_column of relation,
        from average ranks (ties count half). The AUC is null without both classes.
        Portable: window functions and aggregates only. -#}
    select
        group_value,
        sum(case when is_positive then 1 else 0 end) as positives,
        sum(case when is_positive then 0 else 1 end) as negatives,
        case
            when sum(case when is_positive then 1 else 0 end) > 0
                and sum(case when is_positive then 0 else 1 end) > 0
                then (
                    sum(case when is_positive then average_rank else 0 end)
                    - {{ emergence.as_double('sum(case when is_positive then 1 else 0 end)') }}
                    * (sum(case when is_positive then 1 else 0 end) + 1) / 2
                ) / (
                    {{ emergence.as_double('sum(case when is_positive then 1 else 0 end)') }}
                    * sum(case when is_positive then 0 else 1 end)
                )
        end as auc
    from (
        select
            {{ group_column }} as group_value,
            {{ label_column }} as is_positive,
            rank() over (partition by {{ group_column }} order by {{ score_column }})
            + {{ emergence.as_double('count(*) over (partition by ' ~ group_column ~ ', ' ~ score_column ~ ') - 1') }}
            / 2 as average_rank
        from {{ relation }}
    ) as ranked
    group by group_value
{%- endmacro %}
