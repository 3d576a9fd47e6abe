{#- Post-hook of the last weekly model: marks the pending inputs of int_engagement__changes
    consumed, so the next incremental run recomputes only what changed after this one. Where
    the changes are a table rebuilt on every run (macro incremental_materialization: Spark's
    Parquet tables, which cannot be updated either), nothing is kept from run to run and
    there is nothing to clear. -#}
{% macro clear_pending_changes(changes) -%}
    {%- if emergence.incremental_materialization() == 'incremental' -%}
        update {{ changes }} set is_pending = false where is_pending
    {%- endif -%}
{%- endmacro %}
