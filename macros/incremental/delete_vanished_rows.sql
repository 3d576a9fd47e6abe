{#- A post-hook for incremental models built with changed_rows: removes stored rows whose
    key the model no longer produces (a source row deleted or quarantined since, an
    account-day whose touches moved to another account). -#}
{% macro delete_vanished_rows(unique_key, current_relation) -%}
    {%- if is_incremental() -%}
    delete from {{ this }}
    where {{ unique_key }} not in (select {{ unique_key }} from {{ current_relation }})
    {%- endif -%}
{%- endmacro %}
