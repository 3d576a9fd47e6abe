{#- The rows an incremental model writes: on a full build every row of `candidates` (a
    CTE name); on an incremental run the rows that are recent (`reprocess_condition`,
    late rows), new, or differ from the stored row (`hash_column`: identity changed
    upstream). With delete+insert on `unique_key`, and `delete_vanished_rows` as a
    post-hook, an incremental run equals a full refresh (docs/identity.md#incremental). -#}
{% macro changed_rows(candidates, unique_key, hash_column, reprocess_condition) -%}
    {%- if is_incremental() %}
    select {{ candidates }}.*
    from {{ candidates }}
    left join {{ this }} as stored_rows
        on {{ candidates }}.{{ unique_key }} = stored_rows.{{ unique_key }}
    where
        ({{ reprocess_condition }})
        or stored_rows.{{ unique_key }} is null
        or stored_rows.{{ hash_column }} != {{ candidates }}.{{ hash_column }}
    {%- else %}
    select * from {{ candidates }}
    {%- endif %}
{%- endmacro %}
