{#- Keeps the newest loaded version of each row, as Fivetran re-syncs write a row again
    with a newer loaded-at. Rows without a key cannot be deduplicated: each is kept so that
    the base model can quarantine it. Adds:
    - row_key: what names the row in the base model: the key as text, or for a row without
      one `keyless:`, a hash of the row's content and its ordinal among identical rows;
    - raw_loaded_at: when the loader wrote the kept version (the table's loaded-at column);
    - raw_versions: how many raw rows this row stands for (1 for a row without a key).

    `incremental` is the model's is_incremental(). A switched-off table's base model is
    always rebuilt (config full_refresh), so that it empties.

    Incremental (every base model; DECISIONLOG.md, "Build speed"): a run reads the raw rows
    loaded within staging_lookback_hours of the newest stored load. For each key among them
    it reads every raw version again, so the count and the kept version are those of a full
    refresh; rows without a key are read again as they are. delete+insert on row_key then
    replaces what was stored, and an incremental run equals a full refresh unless a loader
    wrote a row with a stamp older than the lookback; the weekly full refresh covers that. -#}
{% macro newest_versions(relation, key, loaded_at, incremental=false) -%}
    {#- `incremental`: the model's is_incremental(), passed in so that a unit test can
        override it (dbt overrides only the macros a model calls itself). -#}
    {%- if incremental %}
        {#- A base model stored before base models were incremental has no row_key: say so,
            rather than fail on a missing column. A unit test's `this` is a fixture. -#}
        {%- set stored = load_relation(this) if execute and this is not string else none %}
        {%- if stored is not none
            and 'row_key' not in adapter.get_columns_in_relation(stored) | map(attribute='name') | map('lower') %}
            {{ exceptions.raise_compiler_error(
                "emergence: " ~ this ~ " was built before base models became incremental (it has no "
                ~ "row_key). Rebuild it once: emergence build --full-refresh (or dbt build --full-refresh)."
            ) }}
        {%- endif %}
        {#- An empty stored table (a table switched on, or empty at the last run) reads all.
            A raw row without a loaded-at cannot be placed in time: the full refresh reads it
            (testing for it here made the scan of the large tables three times slower). -#}
        {%- set newest_stored = '(select coalesce(max(raw_loaded_at), '
            ~ dbt.cast("'1900-01-01'", dbt.type_timestamp()) ~ ') from ' ~ this ~ ')' %}
        {%- set recent = loaded_at ~ ' > '
            ~ dbt.dateadd('hour', -1 * var('staging_lookback_hours'), newest_stored) %}
    {%- endif %}
    {#- Keyed rows and rows without a key are handled apart: the content hash that names the
        second is costly, and they are few. -#}
    select *
    from (
        select
            *,
            cast(null as {{ dbt.type_string() }}) as fingerprint,
            {{ dbt.cast(key, dbt.type_string()) }} as row_key,
            cast({{ loaded_at }} as {{ dbt.type_timestamp() }}) as raw_loaded_at,
            count(*) over (partition by {{ key }}) as raw_versions,
            row_number() over (
                partition by {{ key }}
                order by {{ loaded_at }} desc
            ) as newest_first
        from {{ relation }}
        where
            {{ key }} is not null
            {%- if incremental %}
            and {{ key }} in (
                select {{ key }}
                from {{ relation }}
                where {{ recent }}
            )
            {%- endif %}
    ) as keyed
    where newest_first = 1
    union all
    select
        *,
        {{ dbt.concat([
            "'keyless:'", 'fingerprint', "':'",
            dbt.cast('row_number() over (partition by fingerprint order by ' ~ loaded_at ~ ')', dbt.type_string()),
        ]) }} as row_key,
        cast({{ loaded_at }} as {{ dbt.type_timestamp() }}) as raw_loaded_at,
        cast(1 as {{ dbt.type_bigint() }}) as raw_versions,
        cast(1 as {{ dbt.type_bigint() }}) as newest_first
    from (
        select
            *,
            {{ emergence.row_fingerprint('raw_row') }} as fingerprint
        from {{ relation }} as raw_row
        where
            {{ key }} is null
            {%- if incremental %}
            and {{ recent }}
            {%- endif %}
    ) as keyless
{%- endmacro %}


{#- A hash of the whole row of the relation aliased `alias`, as text: two raw rows without
    a key get the same value only when every column is the same. -#}
{% macro row_fingerprint(alias) -%}
    {{ return(adapter.dispatch('row_fingerprint', 'emergence')(alias)) }}
{%- endmacro %}

{% macro default__row_fingerprint(alias) -%}
    {{ exceptions.raise_compiler_error(
        "emergence: no row_fingerprint for adapter '" ~ adapter.type() ~ "'. Base models name a raw row "
        ~ "without a key by a hash of its content; add a macro " ~ adapter.type()
        ~ "__row_fingerprint(alias) to your project (see macros/staging/newest_versions.sql)."
    ) }}
{%- endmacro %}

{% macro duckdb__row_fingerprint(alias) -%}
    md5(cast({{ alias }} as {{ dbt.type_string() }}))
{%- endmacro %}

{% macro postgres__row_fingerprint(alias) -%}
    md5(cast({{ alias }} as text))
{%- endmacro %}

{% macro spark__row_fingerprint(alias) -%}
    md5(to_json(struct({{ alias }}.*)))
{%- endmacro %}

{% macro snowflake__row_fingerprint(alias) -%}
    cast(hash({{ alias }}.*) as varchar)
{%- endmacro %}

{% macro bigquery__row_fingerprint(alias) -%}
    to_hex(md5(to_json_string({{ alias }})))
{%- endmacro %}
