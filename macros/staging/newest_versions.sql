{#- Keeps the newest loaded version of each row, as Fivetran re-syncs write a row again
    with a newer loaded-at. Rows without a key cannot be deduplicated: each is kept so that
    the base model can quarantine it. Adds:
    - raw_loaded_at: when the loader wrote the kept version (the table's loaded-at column);
    - raw_versions: how many raw rows this row stands for (1 for a row without a key);
    - version_rank: 1 for a keyed row; for a row without a key, its ordinal among those
      rows in load order (ties broken by the row's content), so the number a quarantined
      row gets never changes as later rows arrive.

    Incremental (every base model; DECISIONLOG.md, "Build speed"): a run re-ranks only the
    keys that have a raw row loaded within staging_lookback_hours of the newest stored
    load, reading every raw version of those keys, so the count and the kept version are
    those of a full refresh; delete+insert on source_row_id replaces them. Rows without a
    key are appended when loaded after the newest stored load, numbered after the stored
    ones. Loaders stamp loaded-at when they write, so a later row has a later stamp; a
    row that broke that rule is picked up by the weekly full refresh. -#}
{% macro newest_versions(relation, key, loaded_at) -%}
    {#- A unit test has no stored table (`this` is none): it tests the full build. -#}
    {%- set incremental = this is not none and is_incremental() %}
    {%- if incremental %}
        {#- An empty stored table (a table switched on, or empty at the last run) reads all. -#}
        {%- set newest_stored = '(select coalesce(max(raw_loaded_at), '
            ~ dbt.cast("'1900-01-01'", dbt.type_timestamp()) ~ ') from ' ~ this ~ ')' %}
        {%- set null_key_offset = '(select count(*) from ' ~ this ~ ' where source_row_id is null)' %}
    {%- else %}
        {%- set null_key_offset = '0' %}
    {%- endif %}
    select *
    from (
        select
            *,
            cast({{ loaded_at }} as {{ dbt.type_timestamp() }}) as raw_loaded_at,
            case
                when {{ key }} is null then 1
                else count(*) over (partition by {{ key }})
            end as raw_versions,
            case
                when {{ key }} is null
                    then {{ null_key_offset }} + row_number() over (
                        partition by {{ key }}
                        order by {{ loaded_at }}, {{ emergence.row_fingerprint('raw_row') }}
                    )
                else row_number() over (
                    partition by {{ key }}
                    order by {{ loaded_at }} desc
                )
            end as version_rank
        from {{ relation }} as raw_row
        {%- if incremental %}
        where
            {{ key }} in (
                select {{ key }}
                from {{ relation }}
                where {{ loaded_at }} > {{ dbt.dateadd('hour', -1 * var('staging_lookback_hours'), newest_stored) }}
            )
            or ({{ key }} is null and {{ loaded_at }} > {{ newest_stored }})
        {%- endif %}
    ) as versioned
    where {{ key }} is null or version_rank = 1
{%- endmacro %}


{#- A value that tells apart two different rows of the relation aliased `alias`: the text
    of the whole row. Used to number rows without a key the same way on every run. -#}
{% macro row_fingerprint(alias) -%}
    {{ return(adapter.dispatch('row_fingerprint', 'emergence')(alias)) }}
{%- endmacro %}

{% macro default__row_fingerprint(alias) -%}
    {#- No portable way to name a whole row: rows without a key and with the same
        loaded-at are numbered in the engine's order. -#}
    cast(null as {{ dbt.type_string() }})
{%- endmacro %}

{% macro duckdb__row_fingerprint(alias) -%}
    cast({{ alias }} as {{ dbt.type_string() }})
{%- endmacro %}
