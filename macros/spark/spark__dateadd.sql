{#- dbt's dateadd on Spark. dbt-spark's goes through to_timestamp of a number of seconds,
    which gives null on Spark 4 (and a timestamp with local time zone): the account-week
    spine, the calendar and the future-timestamp check came out empty. timestampadd keeps
    a timestamp without a zone, the type `timestamp` names in this project's profile. -#}
{% macro spark__dateadd(datepart, interval, from_date_or_timestamp) -%}
    timestampadd({{ datepart }}, cast({{ interval }} as bigint), cast({{ from_date_or_timestamp }} as timestamp))
{%- endmacro %}
