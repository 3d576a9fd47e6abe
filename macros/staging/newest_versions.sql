{#- Keeps the newest loaded version of each row, as Fivetran re-syncs write a row again
    with a newer loaded-at. Rows without a key cannot be deduplicated: each is kept so that
    the base model can quarantine it. Adds:
    - raw_versions: how many raw rows this row stands for (1 for a row without a key);
    - version_rank: 1 for a keyed row, an ordinal among the rows without a key. -#}
{% macro newest_versions(relation, key, loaded_at) -%}
    select *
    from (
        select
            *,
            case
                when {{ key }} is null then 1
                else count(*) over (partition by {{ key }})
            end as raw_versions,
            row_number() over (
                partition by {{ key }}
                order by {{ loaded_at }} desc
            ) as version_rank
        from {{ relation }}
    ) as versioned
    where {{ key }} is null or version_rank = 1
{%- endmacro %}
