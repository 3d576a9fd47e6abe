{#- A where clause for an incremental model's source: on an incremental run, the rows loaded
    within `lookback_var` hours of the newest `column` the model stores (all rows when it
    stores none); on a full build, nothing. The model keeps `column` as it reads it. -#}
{% macro loaded_since(column, lookback_var) -%}
    {%- if is_incremental() %}
    where {{ column }} >= (
        select {{ dbt.dateadd('hour', -1 * var(lookback_var),
            'coalesce(max(' ~ column ~ '), ' ~ dbt.cast("'1900-01-01'", dbt.type_timestamp()) ~ ')') }}
        from {{ this }}
    )
    {%- endif %}
{%- endmacro %}
