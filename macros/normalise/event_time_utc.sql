{#- An event time as a UTC timestamp, or null when it does not convert. A loader that
    writes the time as text (a type change upstream, a CSV load) may keep the sender's
    offset, as ISO 8601 allows: '2026-02-10T10:00:00+02:00' is 08:00 UTC. A plain cast to
    a timestamp without time zone drops the offset on DuckDB and reads it as 10:00, two
    hours late, so text that ends in an offset (+hh:mm, +hhmm or Z) is read as an instant
    and turned to UTC. A time already typed as a timestamp is left as it is: loaders write
    UTC (docs/data_quality.md#fixed). -#}
{% macro event_time_utc(expression) -%}
    {%- set text = 'cast(' ~ expression ~ ' as ' ~ dbt.type_string() ~ ')' -%}
    case
        when {{ emergence.regex_matches(text, '([+-][0-9][0-9]:?[0-9][0-9]|Z)$') }}
            then {{ adapter.dispatch('instant_to_utc', 'emergence')(text) }}
        else {{ emergence.try_cast(expression, dbt.type_timestamp()) }}
    end
{%- endmacro %}

{% macro duckdb__instant_to_utc(text) -%}
    cast(timezone('UTC', try_cast({{ text }} as timestamptz)) as timestamp)
{%- endmacro %}

{% macro default__instant_to_utc(text) -%}
    cast(cast({{ text }} as timestamp with time zone) at time zone 'UTC' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{#- Spark reads the offset when it casts text to a timestamp with local time zone (an
    instant), and shows it in the session's time zone; to_utc_timestamp turns that into
    UTC, and the cast keeps that wall clock as a timestamp without a zone, the type of the
    other branch and of the contracts. -#}
{% macro spark__instant_to_utc(text) -%}
    cast(to_utc_timestamp(cast({{ text }} as timestamp_ltz), current_timezone()) as timestamp_ntz)
{%- endmacro %}

{% macro snowflake__instant_to_utc(text) -%}
    convert_timezone('UTC', try_to_timestamp_tz({{ text }}))::timestamp_ntz
{%- endmacro %}

{% macro bigquery__instant_to_utc(text) -%}
    datetime(safe_cast({{ text }} as timestamp))
{%- endmacro %}
