{#- A post-hook for incremental models built with changed_rows: removes stored rows whose
    key the model no longer produces (a source row deleted or quarantined since, an
    account-day whose touches moved to another account). `unique_key` is a column or a
    list of columns; `current_rows` is a relation or a parenthesised query giving the keys
    the model produces now. -#}
{% macro delete_vanished_rows(unique_key, current_rows) -%}
    {%- if is_incremental() -%}
    {%- set keys = [unique_key] if unique_key is string else unique_key -%}
    delete from {{ this }}
    where not exists (
        select 1
        from {{ current_rows }} as current_rows
        where
        {%- for key in keys %}
            {{ 'and ' if not loop.first }}current_rows.{{ key }} = {{ adapter.quote(this.identifier) }}.{{ key }}
        {%- endfor %}
    )
    {%- endif -%}
{%- endmacro %}
